// Node transport selection: TLS when the configuration has TLS settings, plain TCP otherwise; with WebSocket or an
// HTTP proxy, the layered chain of compose.ts (proxy → TLS → WebSocket → MQTT bytes). A user-supplied
// `transportFactory` replaces all of them (decided by the caller).
import { composeTransportFactory } from "../transport/compose.js";
import type { SocketTuning } from "../transport/socket-layers.js";
import { createTcpTransportFactory, type TcpOptions } from "../transport/tcp.js";
import { createTlsTransportFactory } from "../transport/tls.js";
import type { TransportFactory } from "../transport/transport.js";
import type { ResolvedClientConfig } from "./config-validation.js";

export function createNodeTransportFactory(config: ResolvedClientConfig): TransportFactory {
  if (config.websocket !== undefined || config.httpProxy !== undefined) return createLayeredTransportFactory(config);
  const tcp: TcpOptions = {
    host: config.hostName,
    port: config.port,
    connectTimeoutMs: config.socket.connectTimeoutMs,
    noDelay: config.socket.noDelay,
    keepAlive: config.socket.keepAlive,
  };
  if (config.socket.keepAliveIntervalSeconds !== undefined) tcp.keepAliveIntervalSeconds = config.socket.keepAliveIntervalSeconds;
  return config.tls === undefined ? createTcpTransportFactory(tcp) : createTlsTransportFactory({ ...tcp, tls: config.tls });
}

/** WebSocket (ws/wss) and/or an HTTP proxy tunnel: layers wrapping layers; the core never knows which. */
function createLayeredTransportFactory(config: ResolvedClientConfig): TransportFactory {
  const tuning: { -readonly [K in keyof SocketTuning]: SocketTuning[K] } = { noDelay: config.socket.noDelay, keepAlive: config.socket.keepAlive };
  if (config.socket.keepAliveIntervalSeconds !== undefined) tuning.keepAliveIntervalSeconds = config.socket.keepAliveIntervalSeconds;
  return composeTransportFactory({
    host: config.hostName,
    port: config.port,
    connectTimeoutMs: config.socket.connectTimeoutMs,
    tuning,
    httpProxy: config.httpProxy,
    tls: config.tls,
    websocket: config.websocket,
  });
}
