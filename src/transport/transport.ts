// The seam between the protocol core and the network: transports move bytes and nothing else. Framing,
// keep-alive, flow control and the one-write-outstanding rule live in the core (DESIGN.md §8.2c). Composition
// (proxy → TLS → WebSocket) is done by factories wrapping factories. Browser-safe: no node: imports here.

/** An open, bidirectional byte stream to the server. */
export interface Transport {
  /**
   * Sends `bytes`. Resolves once the bytes were handed to the OS (socket write callback) or accepted into a
   * bounded send buffer (the WebSocket's, or a corked socket's: tcp.ts); rejects (with a ConnectionError when the
   * cause is known) if the transport failed or is closed. Buffered bytes are referenced, not copied: the caller
   * must not modify `bytes` once written (the core never does: its output memory is never reused).
   */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Optional: sends several buffers as one write, in order, without joining them first (large PUBLISH payloads
   * go out uncopied). Same contract as write(); when absent, the runtime joins the parts and calls write().
   */
  writeParts?(parts: readonly Uint8Array[]): Promise<void>;
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
 * What write() returns when the bytes were accepted at once into a bounded buffer (the same promise every time, so
 * the runtime can recognise it): such a write is complete as it returns. The driver uses that to keep a long
 * synchronous burst of publishes moving onto the wire while the user's loop still runs (runtime/driver.ts).
 */
export const WRITE_ACCEPTED: Promise<void> = Promise.resolve();

/**
 * Opens one transport. Rejects (preferably with a ConnectionError naming the cause: refused, timeout, DNS,
 * TLS, proxy …) if it cannot. When `signal` aborts before the promise settles, the factory should give up and
 * release what it opened; if it resolves anyway, the caller closes the transport it no longer wants.
 */
export type TransportFactory = (signal: AbortSignal) => Promise<Transport>;
