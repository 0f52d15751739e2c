// MQTT over plain TCP (node:net), plus the Node socket adapter and socket-error mapping that tls.ts reuses.
// TCP_NODELAY is on by default: MQTT packets are small and latency-bound, and Nagle's algorithm together with
// delayed ACKs costs ~40 ms per sequential QoS 1 round trip (DESIGN.md, product decisions).
import { connect as netConnect, type Socket } from "node:net";
import { ConnectionError } from "../core/errors.js";
import { WRITE_ACCEPTED, type Transport, type TransportFactory } from "./transport.js";

/** Default bound on opening the connection (DNS + TCP, and the TLS handshake for tls.ts), as aws-crt. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface TcpOptions {
  host: string;
  port: number;
  /** Bound on DNS + TCP connect (+ TLS handshake). Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** TCP_NODELAY. Default true (Nagle off). */
  noDelay?: boolean;
  /** TCP keep-alive probes. Default false. */
  keepAlive?: boolean;
  /** Idle time before the first keep-alive probe, in seconds (Node exposes no probe interval/count). */
  keepAliveIntervalSeconds?: number;
}

/** Factory for MQTT over TCP. */
export function createTcpTransportFactory(options: TcpOptions): TransportFactory {
  // Made once per factory, not per connection: the established connection keeps it.
  const mapError = (error: Error, phase: "connect" | "connected"): ConnectionError => socketConnectionError(error, phase, targetName(options));
  return (signal) => openSocket(() => netConnect({ host: options.host, port: options.port }), "connect", options, signal, mapError);
}

export function targetName(options: Pick<TcpOptions, "host" | "port">): string {
  return options.host.includes(":") ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
}

/**
 * Creates a socket, waits for `readyEvent`, applies socket options and wraps it. Rejects with `mapError(error)`
 * on failure, with a timeout error after `connectTimeoutMs`, or with an "aborted" error when `signal` aborts.
 * The transport keeps `mapError` for the established connection: pass one made once per factory, never a closure
 * made in here (it would keep this whole scope alive for the connection's lifetime: signal, timer, listeners).
 */
export function openSocket(
  create: () => Socket,
  /** "connect", "secureConnect", or a transport's own event meaning the socket is ready for MQTT bytes. */
  readyEvent: string,
  options: TcpOptions,
  signal: AbortSignal,
  mapError: (error: Error, phase: "connect" | "connected") => ConnectionError,
): Promise<Transport> {
  return new Promise<Transport>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortedError());
      return;
    }
    let socket: Socket;
    try {
      socket = create();
    } catch (error) {
      // e.g. an invalid TLS key or passphrase: node:tls throws while building the secure context.
      reject(mapError(error instanceof Error ? error : new Error(String(error)), "connect"));
      return;
    }
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.removeListener("error", onError);
      socket.removeListener(readyEvent, onReady);
      outcome();
    };
    const onError = (error: Error): void =>
      settle(() => {
        socket.destroy();
        reject(mapError(error, "connect"));
      });
    const onAbort = (): void =>
      settle(() => {
        socket.destroy();
        reject(abortedError());
      });
    const onReady = (): void =>
      settle(() => {
        socket.setNoDelay(options.noDelay ?? true);
        if (options.keepAlive === true) socket.setKeepAlive(true, (options.keepAliveIntervalSeconds ?? 0) * 1000);
        resolve(new SocketTransport(socket, mapError));
      });
    const timer = setTimeout(
      () =>
        settle(() => {
          socket.destroy();
          reject(
            new ConnectionError("timeout", `connecting to ${targetName(options)} timed out after ${timeoutMs} ms`, {
              crtName: "AWS_IO_SOCKET_TIMEOUT",
              crtCode: 1048,
            }),
          );
        }),
      timeoutMs,
    );
    socket.once("error", onError);
    socket.once(readyEvent, onReady);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function abortedError(): ConnectionError {
  return new ConnectionError("aborted", "opening the connection was cancelled", {
    crtName: "AWS_ERROR_IO_OPERATION_CANCELLED",
    crtCode: 1042,
  });
}

interface SocketErrorKind {
  readonly code: string;
  readonly what: string;
  readonly crt?: readonly [string, number];
}

// Node/libuv error codes → our stable code, a description, and the aws-c-io error that means the same.
const SOCKET_ERRORS: Readonly<Record<string, SocketErrorKind>> = {
  ECONNREFUSED: { code: "connectionRefused", what: "connection refused", crt: ["AWS_IO_SOCKET_CONNECTION_REFUSED", 1047] },
  ETIMEDOUT: { code: "timeout", what: "connection timed out", crt: ["AWS_IO_SOCKET_TIMEOUT", 1048] },
  EHOSTUNREACH: { code: "noRouteToHost", what: "no route to host", crt: ["AWS_IO_SOCKET_NO_ROUTE_TO_HOST", 1049] },
  ENETUNREACH: { code: "noRouteToHost", what: "network unreachable", crt: ["AWS_IO_SOCKET_NO_ROUTE_TO_HOST", 1049] },
  ENETDOWN: { code: "networkDown", what: "network is down", crt: ["AWS_IO_SOCKET_NETWORK_DOWN", 1050] },
  ECONNRESET: { code: "connectionReset", what: "connection reset by peer", crt: ["AWS_IO_SOCKET_CLOSED", 1051] },
  EPIPE: { code: "connectionReset", what: "broken pipe", crt: ["AWS_IO_BROKEN_PIPE", 1044] },
  ECONNABORTED: { code: "connectionAborted", what: "connection aborted", crt: ["AWS_IO_SOCKET_CONNECT_ABORTED", 1057] },
  ENOTFOUND: { code: "hostNotFound", what: "host name not found", crt: ["AWS_IO_DNS_INVALID_NAME", 1059] },
  EAI_AGAIN: { code: "dnsFailure", what: "temporary DNS failure", crt: ["AWS_IO_DNS_QUERY_FAILED", 1058] },
  EADDRNOTAVAIL: { code: "invalidAddress", what: "address not available", crt: ["AWS_IO_SOCKET_INVALID_ADDRESS", 1055] },
  ERR_STREAM_DESTROYED: { code: "connectionClosed", what: "connection closed", crt: ["AWS_IO_SOCKET_CLOSED", 1051] },
  ERR_SOCKET_CLOSED: { code: "connectionClosed", what: "connection closed", crt: ["AWS_IO_SOCKET_CLOSED", 1051] },
};

/** Turns a Node socket error into a ConnectionError naming the cause; `phase` tells when it happened. */
export function socketConnectionError(error: Error, phase: "connect" | "connected", target: string): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const nodeCode = (error as NodeJS.ErrnoException).code;
  const kind = nodeCode === undefined ? undefined : SOCKET_ERRORS[nodeCode];
  const where = phase === "connect" ? `connecting to ${target}` : `connection to ${target}`;
  if (kind === undefined) {
    return new ConnectionError("socketError", `${where} failed: ${error.message}`, {
      cause: error,
      crtName: "AWS_ERROR_MQTT_UNEXPECTED_HANGUP",
      crtCode: 5134,
    });
  }
  const options = kind.crt === undefined ? { cause: error } : { cause: error, crtName: kind.crt[0], crtCode: kind.crt[1] };
  return new ConnectionError(kind.code, `${where}: ${kind.what}`, options);
}

function closedError(): ConnectionError {
  return new ConnectionError("connectionClosed", "the connection is closed", { crtName: "AWS_IO_SOCKET_CLOSED", crtCode: 1051 });
}

/**
 * Writes are acknowledged at once while no more than this many bytes wait in the socket (corked or not yet taken
 * by the OS); beyond it a write resolves only when the OS took it, which is the back-pressure the core waits on.
 */
export const EAGER_WRITE_BYTES = 256 * 1024;

/**
 * A corked turn that collected this much is sent at once instead of at the turn's end: during a long synchronous
 * burst of publishes the turn ends only after the user's loop, and the broker would sit idle until then.
 */
export const CORKED_FLUSH_BYTES = 64 * 1024;

/** Errors of eagerly acknowledged writes surface through the socket's 'error' and 'close' events instead. */
function ignoreWriteResult(): void {}

/** setImmediate callback shared by all transports (no closure per connection). */
function uncorkAtTurnEnd(transport: SocketTransport): void {
  transport.uncorkNow();
}

/**
 * Adapts a connected node:net / node:tls socket to the Transport interface.
 *
 * Write coalescing: the core keeps one write outstanding, so a burst of publishes used to leave as one small
 * write (one syscall, one TCP segment) per event-loop turn or worse — about one message per syscall under load, on
 * both ends of the connection. Instead the socket is corked at the first write of a turn and uncorked by
 * setImmediate (after the turn's I/O callbacks), and writes are acknowledged at once while little is buffered, so
 * the core hands over its next batch right away: everything written in one turn leaves in one writev.
 */
export class SocketTransport implements Transport {
  private closed = false;
  private closing = false;
  private closeError: Error | undefined;
  private lastError: Error | undefined;
  /** The first close listener (the driver registers exactly one), then any others (an array only if needed). */
  private closeListener: ((error?: Error) => void) | undefined = undefined;
  private moreCloseListeners: ((error?: Error) => void)[] | undefined = undefined;
  /** The first data listener; the socket's 'data' handler, made in the constructor, hands chunks to it. */
  private dataListener: ((bytes: Uint8Array) => void) | undefined = undefined;
  private readonly onSocketData: (chunk: Buffer) => void;
  private corked = false;

  /** Corks the socket until the end of this event-loop turn (see the class comment). */
  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(uncorkAtTurnEnd, this);
  }

  /** Called by uncorkAtTurnEnd only. */
  uncorkNow(): void {
    this.corked = false;
    this.socket.uncork();
  }

  /** `mapError` names the cause of errors on the established connection (socket- or TLS-specific). */
  constructor(
    private readonly socket: Socket,
    private readonly mapError: (error: Error, phase: "connected") => ConnectionError,
  ) {
    // The handlers live as long as the connection; made together here, they share one closure context. 'close'
    // with on(), not once(): once() wraps the listener in two more objects, and finish() runs only once anyway.
    socket.on("error", (error: Error) => {
      this.lastError = error;
    });
    socket.on("close", () => this.finish());
    this.onSocketData = (chunk: Buffer) => (this.dataListener as (bytes: Uint8Array) => void)(toUint8Array(chunk));
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (this.closed || this.closing || socket.destroyed) return Promise.reject(closedError());
    this.cork();
    // A Buffer view over the same memory: no copy. The caller keeps `bytes` untouched until the promise settles,
    // and the codec never reuses output memory, so an eagerly acknowledged chunk stays intact until it is sent.
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (socket.writableLength + chunk.byteLength <= EAGER_WRITE_BYTES) {
      socket.write(chunk, ignoreWriteResult);
      // Sent now (the OS takes what it can); the next write of this turn corks again.
      if (socket.writableLength >= CORKED_FLUSH_BYTES) this.uncorkNow();
      return WRITE_ACCEPTED;
    }
    return new Promise<void>((resolve, reject) => {
      socket.write(chunk, (error?: Error | null) => {
        if (error) reject(this.mapError(error, "connected"));
        else resolve();
      });
    });
  }

  /** The parts back to back in the same corked turn: one writev, large payloads not copied. */
  writeParts(parts: readonly Uint8Array[]): Promise<void> {
    const last = parts.length - 1;
    if (last < 0) return WRITE_ACCEPTED;
    for (let index = 0; index < last; index++) {
      const part = parts[index] as Uint8Array;
      if (this.closed || this.closing || this.socket.destroyed) return Promise.reject(closedError());
      this.cork();
      // Earlier parts need no callback: the last one's completes after them (or fails with them).
      this.socket.write(Buffer.from(part.buffer, part.byteOffset, part.byteLength), ignoreWriteResult);
    }
    return this.write(parts[last] as Uint8Array);
  }

  close(): void {
    if (this.closing || this.socket.destroyed) return;
    this.closing = true;
    // end() flushes what was written (e.g. a DISCONNECT) and sends FIN; the unref'd timer destroys the socket
    // if the peer never closes its side, and unref() lets the process exit meanwhile.
    this.socket.end();
    this.socket.unref();
    const timer = setTimeout(() => this.socket.destroy(), 1_000);
    timer.unref();
    this.socket.once("close", () => clearTimeout(timer));
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    if (this.dataListener === undefined) {
      this.dataListener = listener;
      this.socket.on("data", this.onSocketData);
      return;
    }
    this.socket.on("data", (chunk: Buffer) => listener(toUint8Array(chunk)));
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.closed) {
      const error = this.closeError;
      queueMicrotask(() => listener(error));
      return;
    }
    if (this.closeListener === undefined) this.closeListener = listener;
    else (this.moreCloseListeners ??= []).push(listener);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    const error = this.lastError === undefined ? undefined : this.mapError(this.lastError, "connected");
    this.closeError = error;
    const first = this.closeListener;
    const more = this.moreCloseListeners;
    this.closeListener = undefined;
    this.moreCloseListeners = undefined;
    first?.(error);
    if (more !== undefined) for (const listener of more) listener(error);
  }
}

/**
 * A plain Uint8Array view of a received chunk: Buffer's slice() shares memory, which code written for Uint8Array
 * (where slice() copies) would not expect.
 */
function toUint8Array(chunk: Buffer): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
