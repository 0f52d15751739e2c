// Composition of the Node transports: proxy → TLS → WebSocket → MQTT bytes, each a factory wrapping the one
// below (socket-layers.ts). The protocol core sees only the resulting Transport and never knows the chain:
//
//   stream   TCP to the broker, or TCP (+ TLS) to an HTTP proxy and a CONNECT tunnel to the broker
//   TLS      end to end with the broker, on top of the stream (so a proxy only ever sees ciphertext)
//   top      WebSocket frames (ws/wss) carrying MQTT, or MQTT directly on the stream
import { ConnectionError } from "../core/errors.js";
import { connectThroughHttpProxy, describeProxy, type HttpProxySettings } from "./http-proxy.js";
import { connectTcp, socketTransport, startTls, withOpenTimeout, type SocketFactory, type SocketTuning } from "./socket-layers.js";
import { socketConnectionError, targetName } from "./tcp.js";
import { tlsConnectionError, type TlsOptions } from "./tls.js";
import type { TransportFactory } from "./transport.js";
import type { WebSocketSettings } from "./websocket-handshake.js";
import { websocketTransport } from "./websocket-node.js";

export interface ComposedTransportOptions {
  /** The broker. */
  readonly host: string;
  readonly port: number;
  /** Bound on opening the whole chain, ms. */
  readonly connectTimeoutMs: number;
  /** TCP settings for the first hop (to the broker or to the proxy). */
  readonly tuning: SocketTuning;
  /** Tunnel through this HTTP proxy. */
  readonly httpProxy?: HttpProxySettings | undefined;
  /** TLS with the broker (wss when combined with WebSocket). */
  readonly tls?: TlsOptions | undefined;
  /** MQTT over WebSocket. */
  readonly websocket?: WebSocketSettings | undefined;
}

/** A TransportFactory for the chain `options` describes. */
export function composeTransportFactory(options: ComposedTransportOptions): TransportFactory {
  const target = { host: options.host, port: options.port };
  const broker = targetName(target);
  const tls = options.tls;

  let stream: SocketFactory =
    options.httpProxy === undefined
      ? connectTcp({ ...target, ...options.tuning })
      : connectThroughHttpProxy(options.httpProxy, target, options.tuning);
  if (tls !== undefined) stream = startTls(stream, { ...target, tls });

  const mapStreamError = (error: Error, phase: "connect" | "connected"): ConnectionError =>
    tls !== undefined ? tlsConnectionError(error, broker, phase, tls) : socketConnectionError(error, phase, broker);
  const top: TransportFactory =
    options.websocket === undefined
      ? socketTransport(stream, (error) => mapStreamError(error, "connected"))
      : websocketTransport(stream, { ...target, secure: tls !== undefined, settings: options.websocket, mapSocketError: mapStreamError });

  const via = options.httpProxy === undefined ? "" : ` via ${describeProxy(options.httpProxy)}`;
  return withOpenTimeout(top, options.connectTimeoutMs, `${broker}${via}`);
}
