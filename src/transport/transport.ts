// The seam between the protocol core and the network: transports move bytes and nothing else. Framing,
// keep-alive, flow control and the one-write-outstanding rule live in the core (DESIGN.md §8.2c). Composition
// (proxy → TLS → WebSocket) is done by factories wrapping factories. Browser-safe: no node: imports here.

/** An open, bidirectional byte stream to the server. */
export interface Transport {
  /**
   * Sends `bytes`. Resolves once the bytes were handed to the OS (socket write callback) or the WebSocket
   * buffer; rejects (with a ConnectionError when the cause is known) if the transport failed or is closed.
   * The caller must not modify `bytes` until the promise settles.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the connection (idempotent). Pending writes may reject; `onClose` listeners may or may not run. */
  close(): void;
  /** Registers a listener for received bytes, in order. The chunk may be reused by nobody: keep it if needed. */
  onData(listener: (bytes: Uint8Array) => void): void;
  /**
   * Registers a listener called once when the connection ends for any reason; `error` says why when it was not
   * an orderly close by the peer. Registering after the transport already closed still calls the listener.
   */
  onClose(listener: (error?: Error) => void): void;
}

/**
 * Opens one transport. Rejects (preferably with a ConnectionError naming the cause: refused, timeout, DNS,
 * TLS, proxy …) if it cannot. When `signal` aborts before the promise settles, the factory should give up and
 * release what it opened; if it resolves anyway, the caller closes the transport it no longer wants.
 */
export type TransportFactory = (signal: AbortSignal) => Promise<Transport>;
