// Node transport selection: TLS when the configuration has TLS settings, plain TCP otherwise. A user-supplied
// `transportFactory` replaces both (decided by the caller). WebSocket and HTTP proxy transports come later.
import { createTcpTransportFactory, type TcpOptions } from "../transport/tcp.js";
import { createTlsTransportFactory } from "../transport/tls.js";
import type { TransportFactory } from "../transport/transport.js";
import type { ResolvedClientConfig } from "./config-validation.js";

export function createNodeTransportFactory(config: ResolvedClientConfig): TransportFactory {
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
