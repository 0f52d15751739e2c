// Validates the browser client configuration and resolves it with the SAME rules and defaults as the Node client
// (config-validation.ts): the browser-only fields are checked here, everything else is handed to
// resolveSharedClientConfig (which leaves the Node transport settings out of the bundle), with the WebSocket
// transport as the transport factory.
import { ValidationError } from "../../core/errors.js";
import type { TransportFactory } from "../../transport/transport.js";
import { createBrowserWebSocketTransportFactory } from "../../transport/websocket-browser.js";
import type { Mqtt5ClientConfig as NodeClientConfig } from "../config.js";
import { resolveSharedClientConfig, type ResolvedSharedClientConfig } from "../config-validation.js";
import { requireObject } from "../convert.js";
import type { Mqtt5ClientConfig } from "./config.js";
import { resolveWebsocketOptions } from "./websocket-url.js";

/** Fields the browser client shares with the Node client (validated by resolveSharedClientConfig). */
const SHARED_FIELDS = [
  "hostName",
  "port",
  "sessionBehavior",
  "retryJitterMode",
  "minReconnectDelayMs",
  "maxReconnectDelayMs",
  "minConnectedTimeToResetReconnectDelayMs",
  "connectProperties",
  "topicAliasingOptions",
  "disableMetrics",
  "metrics",
  "connackTimeoutMs",
  "offlineQueueBehavior",
  "pingTimeoutMs",
  "ackTimeoutSeconds",
  "extendedValidationAndFlowControlOptions",
  "enhancedAuthentication",
  "logger",
  "transportFactory",
] as const;

/** Node transport settings a browser cannot honour: rejected rather than silently ignored. */
const NODE_ONLY_FIELDS = ["tlsCtx", "socketOptions", "httpProxyOptions", "websocketHandshakeTransform"] as const;

/** setTimeout's largest delay. */
const MAXIMUM_TIMER_MS = 2_147_483_647;

/** Validates `config` (ValidationError naming the field), applies the defaults and returns the frozen result. */
export function resolveBrowserClientConfig(config: Mqtt5ClientConfig): ResolvedSharedClientConfig {
  requireObject(config, "config");
  const record = config as unknown as Record<string, unknown>;
  for (const field of NODE_ONLY_FIELDS) {
    if (record[field] !== undefined) {
      throw new ValidationError(field, "is not available in the browser (the browser owns sockets and TLS; use websocketOptions)");
    }
  }
  const connectTimeoutMs = config.connectTimeoutMs;
  if (
    connectTimeoutMs !== undefined &&
    (typeof connectTimeoutMs !== "number" || !Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1 || connectTimeoutMs > MAXIMUM_TIMER_MS)
  ) {
    throw new ValidationError("connectTimeoutMs", `must be an integer in 1..${MAXIMUM_TIMER_MS.toLocaleString("en")}`);
  }
  const shared: Record<string, unknown> = {};
  for (const field of SHARED_FIELDS) {
    if (record[field] !== undefined) shared[field] = record[field];
  }
  // aws-crt's browser connectTimeoutMs bounds the whole handshake: it bounds the CONNACK wait too, unless the
  // Node-style connackTimeoutMs says otherwise.
  if (shared.connackTimeoutMs === undefined && connectTimeoutMs !== undefined) shared.connackTimeoutMs = connectTimeoutMs;
  if (shared.transportFactory !== undefined) return resolveSharedClientConfig(shared as unknown as NodeClientConfig);
  // The shared rules validate hostName and port first; the WebSocket URL is built from them afterwards.
  const websocketFactory: { current?: TransportFactory } = {};
  shared.transportFactory = (signal: AbortSignal) => (websocketFactory.current as TransportFactory)(signal);
  const resolved = resolveSharedClientConfig(shared as unknown as NodeClientConfig);
  const websocket = resolveWebsocketOptions(config);
  websocketFactory.current = createBrowserWebSocketTransportFactory({
    url: websocket.url,
    protocols: websocket.protocols,
    ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
  });
  return resolved;
}
