// The `mqtt5` namespace: everything aws-crt makes reachable as `mqtt5.X` (api-surface.md §4), plus our additions
// (QoS 2 and AUTH packets, acknowledgement handles, error classes, transport and logger hooks).
export { Mqtt5Client } from "./mqtt5-client.js";
export type { PublishCompletionResult } from "./mqtt5-client.js";
export * from "./enums.js";
export * from "./reason-code-helpers.js";
export type * from "./packets.js";
export type * from "./events.js";
export type * from "./enhanced-authentication.js";
export type {
  AWSIoTMetrics,
  HttpProxyOptionsLike,
  Mqtt5ClientConfig,
  Mqtt5ClientConfigBase,
  SocketOptionsLike,
  TlsContextLike,
  TopicAliasingOptions,
  WebsocketHandshakeRequest,
  WebsocketHandshakeTransform,
} from "./config.js";
export type { ClientStatistics } from "../core/io.js";
export {
  PublishAcknowledgementHandle,
  PublishAcknowledgementHandleWrapper,
  type PublishAcknowledgementFunctor,
} from "./publish-acknowledgement.js";
export * from "./errors.js";
export { consoleLogger, silentLogger, type Logger, type LogLevel } from "../runtime/logger.js";
export type { Transport, TransportFactory } from "../transport/transport.js";
export type { TlsOptions } from "../transport/tls.js";
