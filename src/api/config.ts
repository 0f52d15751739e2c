// Mqtt5ClientConfig: the aws-crt `mqtt5` client configuration, Node variant (api-surface.md §2), with every field's
// unit and default, plus our additions (`transportFactory`, `logger`). Types only; the rules live in
// config-validation.ts and the defaults in config-defaults.ts.
import type { Mqtt5ClientConfigBase } from "./config-base.js";
import type { ClientExtendedValidationAndFlowControl, ClientOperationQueueBehavior } from "./enums.js";
import type { Logger } from "../runtime/logger.js";
import type { TlsOptions } from "../transport/tls.js";
import type { TransportFactory } from "../transport/transport.js";
import type { WebsocketHandshakeTransform } from "../transport/websocket-handshake.js";
import type { HttpProxyOptionsLike } from "../http/proxy-options.js";

// The settings shared with the browser client live in a Node-free file (the browser entry's types must not reach
// node: typings); re-exported here so existing imports keep working.
export type { AWSIoTMetrics, Mqtt5ClientConfigBase, TopicAliasingOptions } from "./config-base.js";

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

// The transform (aws-crt's callback, or our promise-returning variant) and the proxy options live with the
// transports and the `http` namespace; re-exported here as part of the configuration's vocabulary.
export type { WebsocketHandshakeTransform, HttpProxyOptionsLike };

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
  /**
   * MQTT over WebSocket (ws://, or wss:// with `tlsCtx`), path /mqtt, subprotocol "mqtt". Runs before every
   * connection attempt with the upgrade request (an `http.HttpRequest`): edit `path` / `headers`, then call
   * `done()` (or `done(errorCode)` to fail the attempt); or declare only `request` and return a promise.
   * Setting it is what selects WebSocket, as in aws-crt: `(request, done) => done()` for a plain connection.
   */
  websocketHandshakeTransform?: WebsocketHandshakeTransform;
  /**
   * Connect through an HTTP proxy (CONNECT tunnel; basic auth; `tls_opts` = TLS to the proxy). Works for direct
   * MQTT, TLS and WebSocket. Unlike aws-crt, plain MQTT through a proxy is allowed too.
   */
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
