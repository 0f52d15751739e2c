// Validates the public client configuration synchronously (a ValidationError naming the field and the rule,
// never the value), applies the defaults and freezes the result into the CoreConfig the protocol core runs on,
// plus the transport settings the runtime needs. Pure: no Node imports. The browser calls
// resolveSharedClientConfig only, so its bundle leaves out the Node transport settings (socket, TLS, proxy).
import type { CoreConfig } from "../core/core-config.js";
import { ValidationError } from "../core/errors.js";
import {
  ClientExtendedValidationAndFlowControl,
  ClientOperationQueueBehavior,
  ClientSessionBehavior,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  PacketType,
  RetryJitterType,
} from "../core/model/enums.js";
import { validateAwsIotCoreLimits } from "../core/validate/aws-iot-limits.js";
import { validateConnectPacket } from "../core/validate/outbound.js";
import { defaultConsoleLogger, silentLogger, type Logger } from "../runtime/logger.js";
import { defaultLogLevel } from "../io/logging.js";
import type { HttpProxySettings } from "../transport/http-proxy.js";
import type { TlsOptions } from "../transport/tls.js";
import type { TransportFactory } from "../transport/transport.js";
import type { WebSocketSettings } from "../transport/websocket-handshake.js";
import type { Mqtt5ClientConfig, SocketOptionsLike } from "./config.js";
import * as Defaults from "./config-defaults.js";
import { connectToInternal, requireObject } from "./convert.js";
import { resolveEnhancedAuthentication, type ResolvedEnhancedAuthentication } from "./enhanced-authentication-config.js";
import { resolveHttpProxySettings, resolveWebsocketSettings } from "./transport-config-validation.js";
import { appendSdkMetrics } from "../iot/sdk-metrics.js";

/** Transport settings resolved from the configuration. */
export interface SocketSettings {
  readonly connectTimeoutMs: number;
  readonly noDelay: boolean;
  readonly keepAlive: boolean;
  readonly keepAliveIntervalSeconds?: number;
}

/** The validated, defaulted, frozen configuration both platforms share. */
export interface ResolvedSharedClientConfig {
  readonly core: CoreConfig;
  readonly hostName: string;
  readonly port: number;
  readonly transportFactory: TransportFactory | undefined;
  readonly logger: Logger;
  /** The callbacks of enhanced authentication (the method and static data are in `core.connect`). */
  readonly enhancedAuthentication: ResolvedEnhancedAuthentication | undefined;
}

/** The validated, defaulted, frozen configuration of the Node client: the shared part plus its transports. */
export interface ResolvedClientConfig extends ResolvedSharedClientConfig {
  readonly socket: SocketSettings;
  readonly tls: Readonly<TlsOptions> | undefined;
  /** MQTT over WebSocket when set (the handshake transform selects it). */
  readonly websocket: WebSocketSettings | undefined;
  /** Tunnel through this HTTP proxy when set. */
  readonly httpProxy: HttpProxySettings | undefined;
}

const MAXIMUM_U16 = 65_535;
/** setTimeout's largest delay; longer timeouts would fire at once. */
const MAXIMUM_TIMER_MS = 2_147_483_647;

function fail(field: string, rule: string): never {
  throw new ValidationError(field, rule);
}

function optionalInteger(value: unknown, minimum: number, maximum: number, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > maximum) {
    fail(field, `must be an integer in ${minimum.toLocaleString("en")}..${maximum.toLocaleString("en")}`);
  }
  return value;
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") fail(field, "must be a boolean");
  return value;
}

function optionalEnum<T extends number>(value: unknown, enumObject: Record<string, string | number>, field: string): T | undefined {
  if (value === undefined) return undefined;
  const members = Object.entries(enumObject).filter(([, member]) => typeof member === "number");
  if (!members.some(([, member]) => member === value)) {
    fail(field, `must be one of ${members.map(([name, member]) => `${member} (${name})`).join(", ")}`);
  }
  return value as T;
}

/** `undefined` and 0 select the default (aws-crt Node semantics). */
function delayOrDefault(value: unknown, defaultValue: number, maximum: number, field: string): number {
  const checked = optionalInteger(value, 0, maximum, field);
  return checked === undefined || checked === 0 ? defaultValue : checked;
}

/** Validates `config` (Node client), applies defaults and returns the frozen result. Throws ValidationError. */
export function resolveClientConfig(config: Mqtt5ClientConfig): ResolvedClientConfig {
  const shared = resolveSharedFields(config);
  return deepFreeze({
    ...shared,
    socket: resolveSocketSettings(config.socketOptions),
    tls: resolveTlsOptions(config.tlsCtx),
    websocket: resolveWebsocketSettings(config.websocketHandshakeTransform),
    httpProxy: resolveHttpProxySettings(config.httpProxyOptions, resolveTlsOptions),
    logger: resolveLogger(config.logger),
  });
}

/**
 * The same rules and defaults without the Node transport settings (socketOptions, tlsCtx,
 * websocketHandshakeTransform, httpProxyOptions), which the caller has refused or has no use for. Throws
 * ValidationError.
 */
export function resolveSharedClientConfig(config: Mqtt5ClientConfig): ResolvedSharedClientConfig {
  return deepFreeze({ ...resolveSharedFields(config), logger: resolveLogger(config.logger) });
}

/** Everything but the transports and the logger, in the order the fields are checked. */
function resolveSharedFields(config: Mqtt5ClientConfig): Omit<ResolvedSharedClientConfig, "logger"> {
  requireObject(config, "config");
  if (typeof config.hostName !== "string" || config.hostName.length === 0) fail("hostName", "must be a non-empty string");
  const port = optionalInteger(config.port, 1, MAXIMUM_U16, "port");
  if (port === undefined) fail("port", "is required");
  if (config.transportFactory !== undefined && typeof config.transportFactory !== "function") {
    fail("transportFactory", "must be a function");
  }
  const enhancedAuthentication = resolveEnhancedAuthentication(config.enhancedAuthentication);
  const core = resolveCoreConfig(config, enhancedAuthentication);
  return { core, hostName: config.hostName, port, transportFactory: config.transportFactory, enhancedAuthentication };
}

function resolveCoreConfig(config: Mqtt5ClientConfig, auth: ResolvedEnhancedAuthentication | undefined): CoreConfig {
  const minReconnectDelayMs = delayOrDefault(config.minReconnectDelayMs, Defaults.DEFAULT_MIN_RECONNECT_DELAY_MS, MAXIMUM_TIMER_MS, "minReconnectDelayMs");
  const maxReconnectDelayMs = delayOrDefault(config.maxReconnectDelayMs, Defaults.DEFAULT_MAX_RECONNECT_DELAY_MS, MAXIMUM_TIMER_MS, "maxReconnectDelayMs");
  if (minReconnectDelayMs > maxReconnectDelayMs) fail("minReconnectDelayMs", "must not exceed maxReconnectDelayMs");
  const aliasing: unknown = config.topicAliasingOptions;
  if (aliasing !== undefined) requireObject(aliasing, "topicAliasingOptions");
  const options = config.topicAliasingOptions ?? {};
  const outboundBehavior = optionalEnum<OutboundTopicAliasBehaviorType>(options.outboundBehavior, OutboundTopicAliasBehaviorType, "topicAliasingOptions.outboundBehavior");
  const inboundBehavior = optionalEnum<InboundTopicAliasBehaviorType>(options.inboundBehavior, InboundTopicAliasBehaviorType, "topicAliasingOptions.inboundBehavior");
  const outboundCacheMaxSize = delayOrDefault(options.outboundCacheMaxSize, Defaults.DEFAULT_TOPIC_ALIAS_CACHE_SIZE, MAXIMUM_U16, "topicAliasingOptions.outboundCacheMaxSize");
  const inboundCacheMaxSize = delayOrDefault(options.inboundCacheMaxSize, Defaults.DEFAULT_TOPIC_ALIAS_CACHE_SIZE, MAXIMUM_U16, "topicAliasingOptions.inboundCacheMaxSize");
  const inbound = orDefault(inboundBehavior, InboundTopicAliasBehaviorType.Default, Defaults.DEFAULT_INBOUND_TOPIC_ALIAS_BEHAVIOR);

  const connectProperties: unknown = config.connectProperties;
  if (connectProperties !== undefined) {
    requireObject(connectProperties, "connectProperties");
    if (connectProperties.keepAliveIntervalSeconds === undefined) fail("connectProperties.keepAliveIntervalSeconds", "is required when connectProperties is given");
  }
  const connect = connectToInternal(config.connectProperties);
  // [iot, issue 7 — flagged addition by the IoT engineer] SDK metrics (set by the IoT builder, or by the user) go
  // into the CONNECT username unless disableMetrics, read here so that setting it after build() counts (api-iot.md §2.4).
  if (config.metrics !== undefined && config.disableMetrics !== true) connect.username = appendSdkMetrics(connect.username, config);
  if (auth !== undefined) {
    connect.authenticationMethod = auth.authenticationMethod; // enhanced authentication [MQTT-3.1.2-30, 4.12.0-7]
    if (auth.authenticationData !== undefined) connect.authenticationData = auth.authenticationData;
  }
  // The inbound alias cache size is what we announce as Topic Alias Maximum [MQTT-3.1.2-26]; absent = 0 = none.
  if (inbound === InboundTopicAliasBehaviorType.Enabled) connect.topicAliasMaximum = inboundCacheMaxSize;
  const connectPacket = { ...connect, type: PacketType.Connect, cleanStart: true } as const;
  validateConnectPacket(connectPacket, "connectProperties.");

  const extended = optionalEnum<ClientExtendedValidationAndFlowControl>(
    config.extendedValidationAndFlowControlOptions,
    ClientExtendedValidationAndFlowControl,
    "extendedValidationAndFlowControlOptions",
  );
  const awsIotCoreLimits = extended === ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults;
  if (awsIotCoreLimits) validateAwsIotCoreLimits(connectPacket, "connectProperties.");
  return {
    connect,
    sessionBehavior: orDefault(
      optionalEnum<ClientSessionBehavior>(config.sessionBehavior, ClientSessionBehavior, "sessionBehavior"),
      ClientSessionBehavior.Default,
      Defaults.DEFAULT_SESSION_BEHAVIOR,
    ),
    offlineQueueBehavior: orDefault(
      optionalEnum<ClientOperationQueueBehavior>(config.offlineQueueBehavior, ClientOperationQueueBehavior, "offlineQueueBehavior"),
      ClientOperationQueueBehavior.Default,
      Defaults.DEFAULT_OFFLINE_QUEUE_BEHAVIOR,
    ),
    retryJitterMode: orDefault(
      optionalEnum<RetryJitterType>(config.retryJitterMode, RetryJitterType, "retryJitterMode"),
      RetryJitterType.Default,
      Defaults.DEFAULT_RETRY_JITTER_MODE,
    ),
    minReconnectDelayMs,
    maxReconnectDelayMs,
    minConnectedTimeToResetReconnectDelayMs: delayOrDefault(
      config.minConnectedTimeToResetReconnectDelayMs,
      Defaults.DEFAULT_MIN_CONNECTED_TIME_TO_RESET_RECONNECT_DELAY_MS,
      MAXIMUM_TIMER_MS,
      "minConnectedTimeToResetReconnectDelayMs",
    ),
    connackTimeoutMs: delayOrDefault(config.connackTimeoutMs, Defaults.DEFAULT_CONNACK_TIMEOUT_MS, MAXIMUM_TIMER_MS, "connackTimeoutMs"),
    pingTimeoutMs: delayOrDefault(config.pingTimeoutMs, Defaults.DEFAULT_PING_TIMEOUT_MS, MAXIMUM_TIMER_MS, "pingTimeoutMs"),
    ackTimeoutMs:
      delayOrDefault(config.ackTimeoutSeconds, Defaults.DEFAULT_ACK_TIMEOUT_SECONDS, Math.floor(MAXIMUM_TIMER_MS / 1000), "ackTimeoutSeconds") * 1000,
    outboundTopicAliasBehavior: orDefault(outboundBehavior, OutboundTopicAliasBehaviorType.Default, Defaults.DEFAULT_OUTBOUND_TOPIC_ALIAS_BEHAVIOR),
    outboundTopicAliasCacheMaxSize: outboundCacheMaxSize,
    inboundTopicAliasBehavior: inbound,
    inboundTopicAliasCacheMaxSize: inboundCacheMaxSize,
    awsIotCoreLimits,
    maximumWriteBytes: Defaults.DEFAULT_MAXIMUM_WRITE_BYTES,
    ...(auth?.dataProvider === undefined ? {} : { authenticationDataPerAttempt: true }),
  };
}

function orDefault<T>(value: T | undefined, defaultMember: T, meaning: T): T {
  return value === undefined || value === defaultMember ? meaning : value;
}

function resolveSocketSettings(value: SocketOptionsLike | undefined): SocketSettings {
  if (value === undefined) return { connectTimeoutMs: Defaults.DEFAULT_SOCKET_CONNECT_TIMEOUT_MS, noDelay: true, keepAlive: false };
  requireObject(value, "socketOptions");
  // camelCase first; aws-crt's io.SocketOptions snake_case names as a fallback.
  const timeoutField = value.connectTimeoutMs !== undefined ? "socketOptions.connectTimeoutMs" : "socketOptions.connect_timeout_ms";
  const connectTimeoutMs = optionalInteger(value.connectTimeoutMs ?? value.connect_timeout_ms, 1, MAXIMUM_TIMER_MS, timeoutField);
  const keepAlive = optionalBoolean(value.keepAlive ?? value.keepalive, "socketOptions.keepAlive");
  const interval = optionalInteger(value.keepAliveIntervalSeconds ?? value.keep_alive_interval_sec, 0, MAXIMUM_U16, "socketOptions.keepAliveIntervalSeconds");
  const noDelay = optionalBoolean(value.noDelay, "socketOptions.noDelay");
  const settings: { -readonly [K in keyof SocketSettings]: SocketSettings[K] } = {
    connectTimeoutMs: connectTimeoutMs ?? Defaults.DEFAULT_SOCKET_CONNECT_TIMEOUT_MS,
    noDelay: noDelay ?? true,
    keepAlive: keepAlive ?? false,
  };
  if (interval !== undefined && interval > 0) settings.keepAliveIntervalSeconds = interval;
  return settings;
}

function isTlsMaterial(value: unknown): boolean {
  return typeof value === "string" || value instanceof Uint8Array;
}

function checkMaterial(value: unknown, field: string, allowList: boolean): void {
  if (value === undefined || isTlsMaterial(value)) return;
  if (allowList && Array.isArray(value) && value.every(isTlsMaterial)) return;
  fail(field, allowList ? "must be PEM text, bytes, or a list of them" : "must be PEM text or bytes");
}

function resolveTlsOptions(value: unknown): TlsOptions | undefined {
  if (value === undefined) return undefined;
  requireObject(value, "tlsCtx");
  const options: unknown = typeof value.toTlsOptions === "function" ? (value.toTlsOptions as () => unknown).call(value) : value;
  requireObject(options, "tlsCtx");
  checkMaterial(options.ca, "tlsCtx.ca", true);
  checkMaterial(options.cert, "tlsCtx.cert", true);
  checkMaterial(options.key, "tlsCtx.key", true);
  checkMaterial(options.pfx, "tlsCtx.pfx", false);
  for (const field of ["passphrase", "servername", "ciphers", "minVersion", "maxVersion"] as const) {
    if (options[field] !== undefined && typeof options[field] !== "string") fail(`tlsCtx.${field}`, "must be a string");
  }
  optionalBoolean(options.rejectUnauthorized, "tlsCtx.rejectUnauthorized");
  const alpn = options.alpnProtocols;
  if (alpn !== undefined && !(Array.isArray(alpn) && alpn.every((protocol) => typeof protocol === "string" && protocol.length > 0))) {
    fail("tlsCtx.alpnProtocols", "must be a list of non-empty strings");
  }
  const copy = { ...(options as TlsOptions) };
  if (copy.alpnProtocols !== undefined) copy.alpnProtocols = [...copy.alpnProtocols];
  return copy;
}

function resolveLogger(value: unknown): Logger {
  if (value === undefined) {
    // io.setLogLevel / io.enable_logging choose the default logger, as aws-crt's global log level does.
    const level = defaultLogLevel();
    return level === "none" ? silentLogger : defaultConsoleLogger(level ?? "warn");
  }
  requireObject(value, "logger");
  if (typeof value.log !== "function") fail("logger.log", "must be a function");
  if (!["none", "error", "warn", "info", "debug", "trace"].includes(value.level as string)) {
    fail("logger.level", 'must be one of "none", "error", "warn", "info", "debug", "trace"');
  }
  return value as unknown as Logger;
}

/** Freezes plain objects and arrays recursively; typed arrays cannot be frozen and are left as they are. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  if (typeof (value as { log?: unknown }).log === "function") return value; // the user's logger stays theirs
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
