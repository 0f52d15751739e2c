// Mqtt5ClientConfig: the aws-crt `mqtt5` client configuration, Node variant (api-surface.md §2), with every field's
// unit and default, plus our additions (`transportFactory`, `logger`). Types only; the rules live in
// config-validation.ts and the defaults in config-defaults.ts.
import type {
  ClientExtendedValidationAndFlowControl,
  ClientOperationQueueBehavior,
  ClientSessionBehavior,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  RetryJitterType,
} from "./enums.js";
import type { ConnectPacket } from "./packets.js";
import type { Logger } from "../runtime/logger.js";
import type { TlsOptions } from "../transport/tls.js";
import type { TransportFactory } from "../transport/transport.js";

/** Topic alias policies (MQTT 5 §3.3.2.3.4). Both directions are disabled unless set. */
export interface TopicAliasingOptions {
  /** Outbound policy. Default (undefined/Default) = Disabled. */
  outboundBehavior?: OutboundTopicAliasBehaviorType;
  /** LRU cache size; 0/undefined → 25. Effective size = min(this, CONNACK Topic Alias Maximum). */
  outboundCacheMaxSize?: number;
  /** Inbound policy. Default (undefined/Default) = Disabled. */
  inboundBehavior?: InboundTopicAliasBehaviorType;
  /** 0/undefined → 25; sent as the CONNECT Topic Alias Maximum when inbound aliasing is Enabled. */
  inboundCacheMaxSize?: number;
}

/** aws-crt's SDK metrics descriptor (accepted for compatibility; see `disableMetrics`). */
export interface AWSIoTMetrics {
  libraryName?: string;
  metadata?: [string, string][];
}

/** Settings shared by aws-crt's Node and browser clients. */
export interface Mqtt5ClientConfigBase {
  /** Host name or IP address of the broker. Required, non-empty. */
  hostName: string;
  /** TCP port, 1..65,535. Required. */
  port: number;
  /** Session resumption policy. Default: Default (= Clean: every connection starts a clean session). */
  sessionBehavior?: ClientSessionBehavior;
  /** Jitter applied to the reconnect backoff. Default: Default (= Full). */
  retryJitterMode?: RetryJitterType;
  /** Smallest reconnect delay, ms. Default 1,000 (0 also means the default). */
  minReconnectDelayMs?: number;
  /** Largest reconnect delay, ms. Default 120,000 (0 also means the default). */
  maxReconnectDelayMs?: number;
  /** Time a connection must stay up before the backoff resets to the minimum, ms. Default 30,000. */
  minConnectedTimeToResetReconnectDelayMs?: number;
  /**
   * CONNECT settings for every attempt. `keepAliveIntervalSeconds` is required when given. Default: none —
   * keep-alive 0 (no PINGREQ) and an empty client id (the server assigns one, reused on reconnect).
   */
  connectProperties?: ConnectPacket;
  /** Topic alias policies. Default: aliasing disabled in both directions. */
  topicAliasingOptions?: TopicAliasingOptions;
  /** aws-crt appends SDK metrics to the CONNECT username unless this is true. Accepted; metrics are not sent yet. */
  disableMetrics?: boolean;
  /** aws-crt SDK metrics. Accepted; not sent yet. */
  metrics?: AWSIoTMetrics;
}

/**
 * Socket settings. A plain object for now; the `io.SocketOptions` class arrives with the transport work. aws-crt's
 * snake_case names (`connect_timeout_ms`, `keepalive`, `keep_alive_interval_sec`) are read as well.
 */
export interface SocketOptionsLike {
  /** Bound on DNS + TCP connect (+ TLS handshake), ms, ≥ 1. Default 10,000. */
  connectTimeoutMs?: number;
  /** TCP keep-alive probes. Default false. */
  keepAlive?: boolean;
  /** Idle time before the first TCP keep-alive probe, seconds (0..65,535). Default: the OS default. */
  keepAliveIntervalSeconds?: number;
  /** TCP_NODELAY (Nagle off). Default true. Addition to aws-crt. */
  noDelay?: boolean;
  connect_timeout_ms?: number;
  keepalive?: boolean;
  keep_alive_interval_sec?: number;
}

/**
 * TLS settings: an object with TlsOptions fields, or any object with a `toTlsOptions()` method (what the later
 * `io.ClientTlsContext` class provides).
 */
export type TlsContextLike = TlsOptions | { toTlsOptions(): TlsOptions };

/** Minimal view of aws-crt's http.HttpRequest, as a websocket handshake transform sees it. */
export interface WebsocketHandshakeRequest {
  method: string;
  path: string;
  headers: {
    add(name: string, value: string): void;
    set(name: string, value: string): void;
    get(name: string, defaultValue?: string): string;
    remove(name: string): void;
  };
}

/** Signs or otherwise mutates the websocket upgrade request, then calls `done()` (or `done(errorCode)`). */
export type WebsocketHandshakeTransform = (request: WebsocketHandshakeRequest, done: (error_code?: number) => void) => void;

/** Minimal view of aws-crt's http.HttpProxyOptions. */
export interface HttpProxyOptionsLike {
  host_name: string;
  port: number;
}

/** Node variant of the client configuration. */
export interface Mqtt5ClientConfig extends Mqtt5ClientConfigBase {
  /** Wait for CONNACK after the transport opened, ms. Default 20,000 (0 also means the default). */
  connackTimeoutMs?: number;
  /** Fate of queued and in-flight operations on disconnect and while offline. Default: FailQos0PublishOnDisconnect. */
  offlineQueueBehavior?: ClientOperationQueueBehavior;
  /** Wait for PINGRESP, ms; effective value min(this, keep-alive / 2). Default 30,000 (0 also means the default). */
  pingTimeoutMs?: number;
  /** Wait for PUBACK/PUBREC/PUBCOMP/SUBACK/UNSUBACK before failing the operation, s. Default 60 (0 also means the default). */
  ackTimeoutSeconds?: number;
  /** aws-crt event-loop bootstrap. Accepted and ignored (Node's event loop is used). */
  clientBootstrap?: object;
  /** Socket settings. Default: 10 s connect timeout, no TCP keep-alive, TCP_NODELAY on. */
  socketOptions?: SocketOptionsLike;
  /** TLS settings. Default: plain TCP. */
  tlsCtx?: TlsContextLike;
  /** MQTT over WebSocket. Not supported yet: the constructor rejects it with a ValidationError. */
  websocketHandshakeTransform?: WebsocketHandshakeTransform;
  /** Tunnelling HTTP proxy. Not supported yet: the constructor rejects it with a ValidationError. */
  httpProxyOptions?: HttpProxyOptionsLike;
  /** AwsIotCoreDefaults adds AWS IoT Core's limits and flow control. Default None. */
  extendedValidationAndFlowControlOptions?: ClientExtendedValidationAndFlowControl;
  /**
   * Addition to aws-crt: opens the byte stream to the broker, replacing the built-in TCP/TLS selection (tests, custom
   * transports, tunnels). `hostName`/`port` are still validated but not used by the client itself.
   */
  transportFactory?: TransportFactory;
  /** Addition to aws-crt: where the client logs. Default: `consoleLogger("warn")` (errors and warnings only). */
  logger?: Logger;
}
