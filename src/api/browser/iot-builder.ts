// `iot.AwsIotMqtt5ClientConfigBuilder` of the browser entry (api-iot.md §1.5): the two WebSocket factories of
// aws-crt's browser builder — SigV4 and custom authorizer — with its `with…` methods, plus the Node builder's
// behaviour settings the browser client honours too (offline queue, timeouts, topic aliasing, IoT Core flow
// control). `build()` writes the CONNECT username and password and the SDK metrics, as the Node builder does.
//
// Deliberate differences from aws-crt's browser builder (README "Browser"): keep-alive defaults to 1,200 s for real
// (aws-crt's static is undefined at run time), IoT Core flow control is on by default (as in the Node builder),
// SigV4 keeps `withPort` (the port is signed), and bad input is a ValidationError naming the field.
import { ValidationError } from "../../core/errors.js";
import { ClientExtendedValidationAndFlowControl } from "../../core/model/enums.js";
import type { CredentialsFunction, CredentialsProviderLike } from "../../auth/credentials.js";
import { buildMqtt5FinalUsername, canonicalizeCustomAuthConfig, validateCustomAuthConfig, type MqttConnectCustomAuthConfig } from "../../iot/custom-auth.js";
import { extractRegionFromEndpoint } from "../../iot/region.js";
import { defaultSdkMetrics } from "../../iot/sdk-metrics.js";
import type { TopicAliasingOptions } from "../config-base.js";
import type { ClientOperationQueueBehavior, ClientSessionBehavior, RetryJitterType } from "../enums.js";
import type { ConnectPacket } from "../packets.js";
import type { Mqtt5ClientConfig } from "./config.js";
import { toBrowserCredentialsSource } from "./credentials-source.js";
import { Mqtt5WebsocketUrlFactoryType } from "./websocket-options.js";

/** SigV4 settings of the browser builder. */
export interface WebsocketSigv4Config {
  /** Required: asked again before every connection attempt (see Mqtt5WebsocketUrlFactorySigv4Options). */
  credentialsProvider: CredentialsProviderLike | CredentialsFunction;
  /** Signing region. Default: parsed from the endpoint (`<prefix>-ats.iot.<region>.amazonaws.com`). */
  region?: string;
}

const DEFAULT_WEBSOCKET_PORT = 443;
const DEFAULT_KEEP_ALIVE_SECONDS = 1_200;

export class AwsIotMqtt5ClientConfigBuilder {
  private readonly config: Mqtt5ClientConfig;
  private customAuthConfig?: MqttConnectCustomAuthConfig;

  private constructor(hostName: string) {
    if (typeof hostName !== "string" || hostName.length === 0) throw new ValidationError("hostName", "must be a non-empty string");
    this.config = {
      hostName,
      port: DEFAULT_WEBSOCKET_PORT,
      connectProperties: { keepAliveIntervalSeconds: DEFAULT_KEEP_ALIVE_SECONDS },
      extendedValidationAndFlowControlOptions: ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults,
    };
  }

  /**
   * MQTT over WebSocket (wss, port 443, path /mqtt) with a SigV4-presigned URL, for IAM / Cognito credentials. The
   * region is resolved now: a host without one (e.g. `localhost`) needs `sigv4Config.region`.
   */
  static newWebsocketMqttBuilderWithSigv4Auth(hostName: string, sigv4Config: WebsocketSigv4Config): AwsIotMqtt5ClientConfigBuilder {
    if (typeof sigv4Config !== "object" || sigv4Config === null) {
      throw new ValidationError("sigv4Config", "is required in the browser (a credentialsProvider, optionally a region)");
    }
    toBrowserCredentialsSource(sigv4Config.credentialsProvider, "sigv4Config.credentialsProvider"); // validates now
    if (sigv4Config.region !== undefined && (typeof sigv4Config.region !== "string" || sigv4Config.region.length === 0)) {
      throw new ValidationError("sigv4Config.region", "must be a non-empty string");
    }
    const builder = new AwsIotMqtt5ClientConfigBuilder(hostName);
    builder.config.websocketOptions = {
      urlFactoryOptions: {
        urlFactory: Mqtt5WebsocketUrlFactoryType.Sigv4,
        region: sigv4Config.region ?? extractRegionFromEndpoint(hostName),
        credentialsProvider: sigv4Config.credentialsProvider,
      },
    };
    return builder;
  }

  /** MQTT over WebSocket (wss, port 443, path /mqtt), authenticated by an IoT Core custom authorizer. */
  static newWebsocketMqttBuilderWithCustomAuth(hostName: string, customAuthConfig: MqttConnectCustomAuthConfig): AwsIotMqtt5ClientConfigBuilder {
    validateCustomAuthConfig(customAuthConfig);
    const builder = new AwsIotMqtt5ClientConfigBuilder(hostName);
    builder.config.websocketOptions = { urlFactoryOptions: { urlFactory: Mqtt5WebsocketUrlFactoryType.Wss } };
    builder.customAuthConfig = canonicalizeCustomAuthConfig(customAuthConfig);
    return builder;
  }

  /** Port to connect to (default 443). */
  withPort(port: number): this {
    this.config.port = port;
    return this;
  }

  /** Replaces the CONNECT settings; kept by reference, and `build()` writes the final username/password into it. */
  withConnectProperties(connectPacket: ConnectPacket): this {
    this.config.connectProperties = connectPacket;
    return this;
  }

  withSessionBehavior(sessionBehavior: ClientSessionBehavior): this {
    this.config.sessionBehavior = sessionBehavior;
    return this;
  }

  withRetryJitterMode(retryJitterMode: RetryJitterType): this {
    this.config.retryJitterMode = retryJitterMode;
    return this;
  }

  withMinReconnectDelayMs(minReconnectDelayMs: number): this {
    this.config.minReconnectDelayMs = minReconnectDelayMs;
    return this;
  }

  withMaxReconnectDelayMs(maxReconnectDelayMs: number): this {
    this.config.maxReconnectDelayMs = maxReconnectDelayMs;
    return this;
  }

  withMinConnectedTimeToResetReconnectDelayMs(minConnectedTimeToResetReconnectDelayMs: number): this {
    this.config.minConnectedTimeToResetReconnectDelayMs = minConnectedTimeToResetReconnectDelayMs;
    return this;
  }

  /** Bound on opening the WebSocket (and the CONNACK wait unless withConnackTimeoutMs), ms. */
  withConnectTimeoutMs(connectTimeoutMs: number): this {
    this.config.connectTimeoutMs = connectTimeoutMs;
    return this;
  }

  /** aws-crt: options for its WebSocket library → `websocketOptions.wsOptions` (only `protocols` is used here). */
  withWebsocketTransportOptions(options: unknown): this {
    const websocket = this.config.websocketOptions;
    if (websocket !== undefined) websocket.wsOptions = options;
    return this;
  }

  /** Addition (Node builder method): wait for CONNACK, ms. */
  withConnackTimeoutMs(connackTimeoutMs: number): this {
    this.config.connackTimeoutMs = connackTimeoutMs;
    return this;
  }

  /** Addition (Node builder method). */
  withOfflineQueueBehavior(offlineQueueBehavior: ClientOperationQueueBehavior): this {
    this.config.offlineQueueBehavior = offlineQueueBehavior;
    return this;
  }

  /** Addition (Node builder method). */
  withPingTimeoutMs(pingTimeoutMs: number): this {
    this.config.pingTimeoutMs = pingTimeoutMs;
    return this;
  }

  /** Addition (Node builder method). */
  withAckTimeoutSeconds(ackTimeoutSeconds: number): this {
    this.config.ackTimeoutSeconds = ackTimeoutSeconds;
    return this;
  }

  /** Addition (Node builder method). Default AwsIotCoreDefaults; None turns IoT Core's limits off. */
  withExtendedValidationAndFlowControlOptions(extendedValidationAndFlowControlOptions: ClientExtendedValidationAndFlowControl): this {
    this.config.extendedValidationAndFlowControlOptions = extendedValidationAndFlowControlOptions;
    return this;
  }

  /** Addition (Node builder method): topic aliasing works in this browser client. */
  withTopicAliasingOptions(topicAliasingOptions: TopicAliasingOptions): this {
    this.config.topicAliasingOptions = topicAliasingOptions;
    return this;
  }

  /**
   * Finishes the configuration and returns it (the same object on every call, as in aws-crt): the CONNECT
   * `username` is always (re)written — the custom-auth username, or `"?"` — and the SDK metrics are added.
   */
  build(): Mqtt5ClientConfig {
    const config = this.config;
    config.connectProperties ??= { keepAliveIntervalSeconds: DEFAULT_KEEP_ALIVE_SECONDS };
    config.connectProperties.username = buildMqtt5FinalUsername(this.customAuthConfig);
    const password = this.customAuthConfig?.password;
    if (password !== undefined && !(typeof password === "string" && password.length === 0)) config.connectProperties.password = password;
    if (config.disableMetrics !== true && config.metrics === undefined) config.metrics = defaultSdkMetrics();
    return config;
  }
}
