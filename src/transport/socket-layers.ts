// Building blocks for composed transports (compose.ts): a SocketFactory opens a connected byte stream, and
// layers wrap one another — TCP, a CONNECT tunnel through an HTTP proxy (http-proxy.ts), TLS on whatever is
// below — until the top layer turns the stream into a Transport (socketTransport here, or WebSocket in
// websocket-node.ts). One deadline (withOpenTimeout) bounds the whole chain; every layer gives up on abort.
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { ConnectionError } from "../core/errors.js";
import { SocketTransport, socketConnectionError, targetName } from "./tcp.js";
import { buildConnectionOptions, tlsConnectionError, type TlsOptions } from "./tls.js";
import type { Transport, TransportFactory } from "./transport.js";

/** Opens a connected stream socket (net.Socket or tls.TLSSocket). Rejects with a ConnectionError. */
export type SocketFactory = (signal: AbortSignal) => Promise<Socket>;

/** TCP settings applied to every socket a layer opens. */
export interface SocketTuning {
  /** TCP_NODELAY. Default true. */
  readonly noDelay?: boolean;
  readonly keepAlive?: boolean;
  readonly keepAliveIntervalSeconds?: number;
}

export function abortedError(): ConnectionError {
  return new ConnectionError("aborted", "opening the connection was cancelled", {
    crtName: "AWS_ERROR_IO_OPERATION_CANCELLED",
    crtCode: 1042,
  });
}

/** Why `signal` aborted: the deadline's timeout error, or "aborted" (the client stopped meanwhile). */
export function abortReason(signal: AbortSignal): ConnectionError {
  const reason: unknown = signal.reason;
  return reason instanceof ConnectionError ? reason : abortedError();
}

/**
 * Resolves with `socket` once it emits `readyEvent`; on an error, an early close or an abort it destroys the socket
 * (and calls `onFailure`, e.g. to destroy the socket below) and rejects with a ConnectionError.
 */
export function whenReady(
  socket: Socket,
  readyEvent: "connect" | "secureConnect",
  signal: AbortSignal,
  mapError: (error: Error) => ConnectionError,
  target: string,
  onFailure: () => void = () => undefined,
): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const cleanup = (): void => {
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
      socket.removeListener(readyEvent, onReady);
      signal.removeEventListener("abort", onAbort);
    };
    const fail = (error: ConnectionError): void => {
      cleanup();
      socket.destroy();
      onFailure();
      reject(error);
    };
    const onError = (error: Error): void => fail(mapError(error));
    const onClose = (): void =>
      fail(new ConnectionError("connectionClosed", `connecting to ${target}: the connection closed before it was established`, {
        crtName: "AWS_IO_SOCKET_CLOSED",
        crtCode: 1051,
      }));
    const onAbort = (): void => fail(abortReason(signal));
    const onReady = (): void => {
      cleanup();
      resolve(socket);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    socket.once("error", onError);
    socket.once("close", onClose);
    socket.once(readyEvent, onReady);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** TCP to `host:port`. `mapError` names connect failures (default: the socket error for this target). */
export function connectTcp(
  options: { readonly host: string; readonly port: number } & SocketTuning,
  mapError?: (error: Error) => ConnectionError,
): SocketFactory {
  const target = targetName(options);
  const map = mapError ?? ((error: Error) => socketConnectionError(error, "connect", target));
  return async (signal) => {
    if (signal.aborted) throw abortReason(signal);
    const socket = netConnect({ host: options.host, port: options.port });
    await whenReady(socket, "connect", signal, map, target);
    // Nagle off by default: MQTT packets are small and latency-bound (DESIGN.md, product decisions).
    socket.setNoDelay(options.noDelay ?? true);
    if (options.keepAlive === true) socket.setKeepAlive(true, (options.keepAliveIntervalSeconds ?? 0) * 1000);
    return socket;
  };
}

/** TLS over the socket `inner` opens, verifying `host` (SNI unless it is an IP). `target` names it in errors. */
export function startTls(
  inner: SocketFactory,
  options: { readonly host: string; readonly port: number; readonly tls: TlsOptions },
  target: string = targetName(options),
): SocketFactory {
  return async (signal) => {
    const raw = await inner(signal);
    let secure: Socket;
    try {
      secure = tlsConnect({ ...buildConnectionOptions(options), socket: raw });
    } catch (error) {
      // e.g. an invalid key or passphrase: node:tls throws while building the secure context.
      raw.destroy();
      throw tlsConnectionError(error instanceof Error ? error : new Error(String(error)), target, "connect", options.tls);
    }
    // Errors of the socket below (reset, tunnel closed) end the TLS connection with that cause; without a
    // listener they would be thrown as uncaught exceptions.
    raw.on("error", (error: Error) => secure.destroy(error));
    // One lifetime: when the TLS connection ends, so does the socket below (a tunnel, or TLS to a proxy).
    secure.once("close", () => raw.destroy());
    const mapError = (error: Error): ConnectionError => tlsConnectionError(error, target, "connect", options.tls);
    return whenReady(secure, "secureConnect", signal, mapError, target, () => raw.destroy());
  };
}

/** The top layer for MQTT directly on the stream: wraps the socket as a Transport. */
export function socketTransport(inner: SocketFactory, mapError: (error: Error) => ConnectionError): TransportFactory {
  return async (signal) => new SocketTransport(await inner(signal), mapError);
}

/**
 * Bounds the whole opening chain (DNS, TCP, proxy CONNECT, TLS, WebSocket upgrade and handshake transform) by
 * `timeoutMs`: the layers see an abort whose reason is the timeout error. Aborting `signal` aborts them too.
 */
export function withOpenTimeout(factory: TransportFactory, timeoutMs: number, describe: string): TransportFactory {
  return async (signal) => {
    if (signal.aborted) throw abortedError();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(abortedError());
    signal.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(
      () =>
        controller.abort(
          new ConnectionError("timeout", `opening the connection to ${describe} timed out after ${timeoutMs} ms`, {
            crtName: "AWS_IO_SOCKET_TIMEOUT",
            crtCode: 1048,
          }),
        ),
      timeoutMs,
    );
    try {
      const transport: Transport = await factory(controller.signal);
      if (controller.signal.aborted) {
        // A layer finished despite the abort: nobody wants this connection any more.
        transport.close();
        throw abortReason(controller.signal);
      }
      return transport;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    }
  };
}
