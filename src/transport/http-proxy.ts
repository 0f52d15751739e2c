// A CONNECT tunnel through an HTTP proxy, as a socket layer (socket-layers.ts): TCP to the proxy, optionally TLS
// to the proxy, then `CONNECT host:port` (with basic auth when configured). On a 2xx answer the same socket is
// the tunnel, and the layers above (TLS to the broker, WebSocket, MQTT) run through it. Refusals and failures
// become ConnectionErrors naming the cause (http-connect.ts); none of them contains the password.
import type { Socket } from "node:net";
import { ConnectionError } from "../core/errors.js";
import {
  ConnectResponseReader,
  authority,
  buildConnectRequest,
  connectRefusal,
  type ConnectContext,
  type HostAndPort,
  type ProxyCredentials,
} from "./http-connect.js";
import { abortReason, connectTcp, startTls, type SocketFactory, type SocketTuning } from "./socket-layers.js";
import { socketConnectionError } from "./tcp.js";
import type { TlsOptions } from "./tls.js";

/** Where the proxy is and how to talk to it (resolved from `http.HttpProxyOptions`). */
export interface HttpProxySettings extends HostAndPort {
  /** Basic authentication; none when undefined. */
  readonly credentials?: ProxyCredentials | undefined;
  /** TLS to the proxy itself; plain text when undefined. */
  readonly tls?: TlsOptions | undefined;
}

/** "HTTP proxy host:port", as errors name it. */
export function describeProxy(proxy: HostAndPort): string {
  return `HTTP proxy ${authority(proxy)}`;
}

function withCode(code: string, message: string, cause: ConnectionError): ConnectionError {
  const options: { cause: unknown; crtName?: string; crtCode?: number } = { cause };
  if (cause.error_name !== undefined) options.crtName = cause.error_name;
  if (cause.error_code !== undefined) options.crtCode = cause.error_code;
  return new ConnectionError(code, message, options);
}

/** Opens a tunnel to `target` through `proxy`: a socket on which the target's bytes flow. */
export function connectThroughHttpProxy(proxy: HttpProxySettings, target: HostAndPort, tuning: SocketTuning = {}): SocketFactory {
  const proxyName = describeProxy(proxy);
  // The proxy being down is its own cause (proxyConnectionFailed), with the socket error (refused, DNS…) inside.
  let toProxy = connectTcp({ host: proxy.host, port: proxy.port, ...tuning }, (error) => {
    const cause = socketConnectionError(error, "connect", proxyName);
    return withCode("proxyConnectionFailed", cause.message, cause);
  });
  if (proxy.tls !== undefined) toProxy = startTls(toProxy, { host: proxy.host, port: proxy.port, tls: proxy.tls }, proxyName);
  const context: ConnectContext = { proxy: authority(proxy), target: authority(target), credentials: proxy.credentials };
  const request = buildConnectRequest(target, proxy.credentials);
  return async (signal) => openTunnel(await toProxy(signal), request, context, signal);
}

/** Sends CONNECT on `socket` and resolves with it once the proxy answered 2xx. */
function openTunnel(socket: Socket, request: string, context: ConnectContext, signal: AbortSignal): Promise<Socket> {
  const proxyName = `HTTP proxy ${context.proxy}`;
  return new Promise<Socket>((resolve, reject) => {
    const reader = new ConnectResponseReader(context.proxy);
    const cleanup = (): void => {
      socket.removeListener("readable", onReadable);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
      signal.removeEventListener("abort", onAbort);
    };
    const fail = (error: ConnectionError): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error): void => {
      const cause = socketConnectionError(error, "connected", proxyName);
      fail(withCode("proxyConnectFailed", `${proxyName} failed while opening the tunnel: ${cause.message}`, cause));
    };
    const onClose = (): void =>
      fail(new ConnectionError("proxyConnectFailed", `${proxyName} closed the connection without answering CONNECT`, {
        crtName: "AWS_ERROR_HTTP_PROXY_CONNECT_FAILED",
        crtCode: 2071,
      }));
    const onAbort = (): void => fail(abortReason(signal));
    // Paused-mode reads ('readable' + read()): only the response head is consumed, and once the listener is gone
    // the socket is neither flowing nor paused, so the next layer's 'data' listener gets every later byte.
    const onReadable = (): void => {
      for (let chunk: Buffer | null = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
        let response;
        try {
          response = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        } catch (error) {
          fail(error as ConnectionError);
          return;
        }
        if (response === undefined) continue;
        const refusal = connectRefusal(response, context);
        if (refusal !== undefined) {
          fail(refusal);
          return;
        }
        cleanup();
        // Bytes after the head already belong to the tunnel: give them back to the stream.
        if (response.leftover.length > 0) socket.unshift(Buffer.from(response.leftover));
        resolve(socket);
        return;
      }
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    socket.on("readable", onReadable);
    socket.once("error", onError);
    socket.once("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
    socket.write(request);
  });
}
