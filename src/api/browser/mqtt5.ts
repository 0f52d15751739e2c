// The `mqtt5` namespace of the browser entry: the Node namespace's content (api/mqtt5.ts) with the browser client
// and its configuration (websocketOptions, connectTimeoutMs, the URL-factory enum of aws-crt's browser client)
// instead of the Node client and its TLS/socket/proxy settings.
export { Mqtt5Client, type BrowserMqtt5ClientEventMap } from "./mqtt5-client.js";
export type { PublishCompletionResult } from "./mqtt5-client.js";
export type { Mqtt5ClientConfig } from "./config.js";
export type * from "../enhanced-authentication.js";
export {
  Mqtt5WebsocketUrlFactoryType,
  type Mqtt5WebsocketConfig,
  type Mqtt5WebsocketUrlFactory,
  type Mqtt5WebsocketUrlFactoryCustomOptions,
  type Mqtt5WebsocketUrlFactoryOptions,
  type Mqtt5WebsocketUrlFactorySigv4Options,
  type Mqtt5WebsocketUrlFactoryWsOptions,
  type Mqtt5WebsocketUrlFactoryWssOptions,
} from "./websocket-options.js";
export type { AWSIoTMetrics, Mqtt5ClientConfigBase, TopicAliasingOptions } from "../config-base.js";
export * from "../enums.js";
export * from "../reason-code-helpers.js";
export type * from "../packets.js";
export type * from "../events.js";
export type { ClientStatistics } from "../../core/io.js";
export {
  PublishAcknowledgementHandle,
  PublishAcknowledgementHandleWrapper,
  type PublishAcknowledgementFunctor,
} from "../publish-acknowledgement.js";
export * from "../errors.js";
export { consoleLogger, silentLogger, type Logger, type LogLevel } from "../../runtime/logger.js";
export type { Transport, TransportFactory } from "../../transport/transport.js";
export {
  createBrowserWebSocketTransportFactory,
  type BrowserWebSocketOptions,
  type NetworkStatusSource,
  type WebSocketConstructorLike,
  type WebSocketLike,
} from "../../transport/websocket-browser.js";
