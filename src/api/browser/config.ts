// Mqtt5ClientConfig of the browser entry: aws-crt's browser configuration (api-surface.md §2.3: the shared base,
// `connectTimeoutMs`, `websocketOptions`) plus the Node client's behaviour settings, which aws-crt's browser client
// lacks but ours honours the same way in the browser (one protocol core): offline-queue policy, ping/CONNACK/ack
// timeouts, IoT Core flow control, a logger and a custom transport. Node-only transport settings (TLS context,
// socket options, HTTP proxy, handshake transform) do not exist here: the browser owns TLS and sockets.
import type { Mqtt5ClientConfigBase } from "../config-base.js";
import type { EnhancedAuthenticationConfig } from "../enhanced-authentication.js";
import type { ClientExtendedValidationAndFlowControl, ClientOperationQueueBehavior } from "../enums.js";
import type { Logger } from "../../runtime/logger.js";
import type { TransportFactory } from "../../transport/transport.js";
import type { Mqtt5WebsocketConfig } from "./websocket-options.js";

/** Browser variant of the client configuration. */
export interface Mqtt5ClientConfig extends Mqtt5ClientConfigBase {
  /**
   * Bound on opening the WebSocket, ms (the URL factory's time excluded). It also bounds the wait for CONNACK
   * unless `connackTimeoutMs` is set. Default 10,000.
   */
  connectTimeoutMs?: number;
  /** Which URL each attempt opens. Default `{ urlFactoryOptions: { urlFactory: Ws } }` → ws://hostName:port/mqtt. */
  websocketOptions?: Mqtt5WebsocketConfig;
  /** Addition to aws-crt's browser client: wait for CONNACK, ms. Default: `connectTimeoutMs` when set, else 20,000. */
  connackTimeoutMs?: number;
  /** Addition: fate of queued and in-flight operations on disconnect and while offline. Default FailQos0PublishOnDisconnect. */
  offlineQueueBehavior?: ClientOperationQueueBehavior;
  /** Addition: wait for PINGRESP, ms; effective value min(this, keep-alive / 2). Default 30,000. */
  pingTimeoutMs?: number;
  /** Addition: wait for PUBACK/PUBREC/PUBCOMP/SUBACK/UNSUBACK before failing the operation, s. Default 60. */
  ackTimeoutSeconds?: number;
  /** Addition: AwsIotCoreDefaults adds AWS IoT Core's limits and flow control. Default None. */
  extendedValidationAndFlowControlOptions?: ClientExtendedValidationAndFlowControl;
  /** Addition: MQTT 5 enhanced authentication (AUTH exchanges, re-authentication), as on Node. Default: none. */
  enhancedAuthentication?: EnhancedAuthenticationConfig;
  /** Addition: opens the byte stream to the broker instead of the built-in WebSocket transport (tests, tunnels). */
  transportFactory?: TransportFactory;
  /** Addition: where the client logs. Default: `consoleLogger("warn")`. */
  logger?: Logger;
}
