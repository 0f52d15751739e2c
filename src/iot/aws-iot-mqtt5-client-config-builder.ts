// `iot.AwsIotMqtt5ClientConfigBuilder`: aws-crt's builder of Mqtt5ClientConfig for AWS IoT Core (api-iot.md §1),
// Node variant. Factories pick the transport and authentication (port, TLS options, ALPN, custom auth, SigV4);
// `with…` methods write single config fields; `build()` finishes the TLS context and the CONNECT username.
//
// Where we deliberately differ from aws-crt (README "AWS IoT Core"): the SigV4 region is resolved when the
// factory runs (a ValidationError, not a later connection failure); the WebSocket custom-auth factory
// URI-encodes the token signature like the direct one; and bad input is a ValidationError naming the field.
import type { Mqtt5ClientConfig } from "../api/config.js";
import {
  ClientExtendedValidationAndFlowControl,
  type ClientOperationQueueBehavior,
  type ClientSessionBehavior,
  type RetryJitterType,
} from "../api/enums.js";
import type { ConnectPacket } from "../api/packets.js";
import type { TopicAliasingOptions } from "../api/config-base.js";
import { toCredentialsSource, type CredentialsProviderInput } from "../auth/credentials-source.js";
import { AwsCredentialsProvider } from "../auth/aws-credentials-provider.js";
import { ValidationError } from "../core/errors.js";
import type { HttpProxyOptionsLike } from "../http/proxy-options.js";
import { ClientTlsContext } from "../io/client-tls-context.js";
import type { TlsCipherPreference } from "../io/enums.js";
import { is_alpn_available } from "../io/index.js";
import type { SocketOptions } from "../io/socket-options.js";
import { TlsContextOptions, type Pkcs12Options } from "../io/tls-context-options.js";
import {
  buildMqtt5FinalUsername,
  canonicalizeCustomAuthConfig,
  validateCustomAuthConfig,
  type MqttConnectCustomAuthConfig,
} from "./custom-auth.js";
import { extractRegionFromEndpoint } from "./region.js";
import { defaultSdkMetrics } from "./sdk-metrics.js";
import { createPassThroughHandshakeTransform, createSigv4HandshakeTransform } from "./websocket-transforms.js";

/** SigV4 WebSocket options (aws-crt `iot.WebsocketSigv4Config`, Node: both optional). */
export interface WebsocketSigv4Config {
  /**
   * Where credentials come from; asked again on every connection attempt. Default:
   * `auth.AwsCredentialsProvider.newDefault()`. Also accepted: an AWS SDK v3 credential provider function, or an
   * object with `getCredentials()` (and optionally `refreshCredentials()`, awaited first) like aws-crt's browser
   * `auth.CredentialsProvider`.
   */
  credentialsProvider?: CredentialsProviderInput;
  /** Signing region. Default: parsed from the endpoint (`<prefix>.iot.<region>.amazonaws.com`). */
  region?: string;
}

/** ALPN that tells IoT Core "MQTT with a client certificate" on port 443 (harmless on 8883). */
const MTLS_ALPN = "x-amzn-mqtt-ca";
/** ALPN that tells IoT Core "MQTT with custom authentication" on port 443. */
const CUSTOM_AUTH_ALPN = "mqtt";
/** IoT Core's keep-alive default in the builder (seconds). */
const DEFAULT_KEEP_ALIVE_SECONDS = 1200;

function requireHostName(hostName: unknown): string {
  if (typeof hostName !== "string" || hostName.length === 0) throw new ValidationError("hostName", "must be a non-empty string");
  return hostName;
}

/** Builds Mqtt5ClientConfig objects for AWS IoT Core. Create one with a static factory. */
export class AwsIotMqtt5ClientConfigBuilder {
  private static readonly DEFAULT_DIRECT_MQTT_PORT = 8883;
  private static readonly DEFAULT_WEBSOCKET_MQTT_PORT = 443;

  private readonly config: Mqtt5ClientConfig;
  private customAuthConfig?: MqttConnectCustomAuthConfig;

  private constructor(
    hostName: string,
    port: number,
    private readonly tlsContextOptions: TlsContextOptions,
  ) {
    this.config = {
      hostName: requireHostName(hostName),
      port,
      connectProperties: { keepAliveIntervalSeconds: DEFAULT_KEEP_ALIVE_SECONDS },
      extendedValidationAndFlowControlOptions: ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults,
    };
  }

  private static newMtlsBuilder(hostName: string, tlsContextOptions: TlsContextOptions): AwsIotMqtt5ClientConfigBuilder {
    // Put first at factory time whatever the port, as aws-crt does: `withPort(443)` then needs nothing extra.
    if (is_alpn_available()) tlsContextOptions.alpn_list.unshift(MTLS_ALPN);
    return new AwsIotMqtt5ClientConfigBuilder(hostName, AwsIotMqtt5ClientConfigBuilder.DEFAULT_DIRECT_MQTT_PORT, tlsContextOptions);
  }

  /** Direct MQTT (port 8883), mutual TLS with a certificate and private key read from PEM files. */
  static newDirectMqttBuilderWithMtlsFromPath(hostName: string, certPath: string, keyPath: string): AwsIotMqtt5ClientConfigBuilder {
    return AwsIotMqtt5ClientConfigBuilder.newMtlsBuilder(hostName, TlsContextOptions.create_client_with_mtls_from_path(certPath, keyPath));
  }

  /** Direct MQTT (port 8883), mutual TLS with a certificate and private key given as PEM text. */
  static newDirectMqttBuilderWithMtlsFromMemory(hostName: string, cert: string, privateKey: string): AwsIotMqtt5ClientConfigBuilder {
    return AwsIotMqtt5ClientConfigBuilder.newMtlsBuilder(hostName, TlsContextOptions.create_client_with_mtls(cert, privateKey));
  }

  /** Direct MQTT (port 8883), mutual TLS with the private key on a PKCS#11 token (see `io.Pkcs11Lib`). */
  static newDirectMqttBuilderWithMtlsFromPkcs11(hostName: string, pkcs11Options: TlsContextOptions.Pkcs11Options): AwsIotMqtt5ClientConfigBuilder {
    return AwsIotMqtt5ClientConfigBuilder.newMtlsBuilder(hostName, TlsContextOptions.create_client_with_mtls_pkcs11(pkcs11Options));
  }

  /** Direct MQTT (port 8883), mutual TLS from a PKCS#12 file (every OS here; aws-crt: macOS only). */
  static newDirectMqttBuilderWithMtlsFromPkcs12(hostName: string, pkcs12_options: Pkcs12Options): AwsIotMqtt5ClientConfigBuilder {
    if (typeof pkcs12_options !== "object" || pkcs12_options === null) throw new ValidationError("pkcs12_options", "must be an object");
    return AwsIotMqtt5ClientConfigBuilder.newMtlsBuilder(
      hostName,
      TlsContextOptions.create_client_with_mtls_pkcs12_from_path(pkcs12_options.pkcs12_file, pkcs12_options.pkcs12_password),
    );
  }

  /**
   * Not supported: always throws a ValidationError ("not supported on this platform"). Node's TLS cannot use keys
   * kept in the Windows certificate store; export the certificate and key to a PKCS#12 file and use
   * newDirectMqttBuilderWithMtlsFromPkcs12.
   */
  static newDirectMqttBuilderWithMtlsFromWindowsCertStorePath(hostName: string, certificatePath: string): AwsIotMqtt5ClientConfigBuilder {
    requireHostName(hostName);
    return AwsIotMqtt5ClientConfigBuilder.newMtlsBuilder(hostName, TlsContextOptions.create_client_with_mtls_windows_cert_store_path(certificatePath));
  }

  /**
   * Direct MQTT over TLS on port 443 with ALPN `mqtt`, authenticated by an IoT Core custom authorizer. A signed
   * authorizer needs `tokenKeyName`, `tokenValue` and `tokenSignature` together (ValidationError otherwise).
   */
  static newDirectMqttBuilderWithCustomAuth(hostName: string, customAuthConfig: MqttConnectCustomAuthConfig): AwsIotMqtt5ClientConfigBuilder {
    validateCustomAuthConfig(customAuthConfig);
    const tlsContextOptions = new TlsContextOptions();
    tlsContextOptions.alpn_list = [CUSTOM_AUTH_ALPN];
    const builder = new AwsIotMqtt5ClientConfigBuilder(hostName, AwsIotMqtt5ClientConfigBuilder.DEFAULT_WEBSOCKET_MQTT_PORT, tlsContextOptions);
    builder.customAuthConfig = canonicalizeCustomAuthConfig(customAuthConfig);
    return builder;
  }

  /**
   * MQTT over WebSocket (wss, port 443, path /mqtt), the upgrade request SigV4-signed for service
   * `iotdevicegateway` on every connection attempt with freshly resolved credentials.
   */
  static newWebsocketMqttBuilderWithSigv4Auth(hostName: string, options?: WebsocketSigv4Config): AwsIotMqtt5ClientConfigBuilder {
    if (options !== undefined && (typeof options !== "object" || options === null)) throw new ValidationError("options", "must be an object");
    const host = requireHostName(hostName);
    if (options?.region !== undefined && (typeof options.region !== "string" || options.region.length === 0)) {
      throw new ValidationError("region", "must be a non-empty string");
    }
    const region = options?.region ?? extractRegionFromEndpoint(host);
    const credentials = toCredentialsSource(options?.credentialsProvider ?? AwsCredentialsProvider.newDefault(), "credentialsProvider");
    const builder = new AwsIotMqtt5ClientConfigBuilder(host, AwsIotMqtt5ClientConfigBuilder.DEFAULT_WEBSOCKET_MQTT_PORT, new TlsContextOptions());
    builder.config.websocketHandshakeTransform = createSigv4HandshakeTransform(host, region, credentials);
    return builder;
  }

  /** MQTT over WebSocket (wss, port 443, path /mqtt), authenticated by an IoT Core custom authorizer. */
  static newWebsocketMqttBuilderWithCustomAuth(hostName: string, customAuthConfig: MqttConnectCustomAuthConfig): AwsIotMqtt5ClientConfigBuilder {
    validateCustomAuthConfig(customAuthConfig);
    const builder = new AwsIotMqtt5ClientConfigBuilder(hostName, AwsIotMqtt5ClientConfigBuilder.DEFAULT_WEBSOCKET_MQTT_PORT, new TlsContextOptions());
    builder.config.websocketHandshakeTransform = createPassThroughHandshakeTransform();
    builder.customAuthConfig = canonicalizeCustomAuthConfig(customAuthConfig);
    return builder;
  }

  /** Trust only the CAs in a folder of PEM files and/or one PEM file (directory first, as in aws-crt). */
  withCertificateAuthorityFromPath(caDirpath?: string, caFilepath?: string): this {
    this.tlsContextOptions.override_default_trust_store_from_path(caDirpath, caFilepath);
    return this;
  }

  /** Trust only the CAs in `ca` (PEM text). */
  withCertificateAuthority(ca: string): this {
    this.tlsContextOptions.override_default_trust_store(ca);
    return this;
  }

  /** TLS cipher policy (see `io.tls_cipher_preference_is_supported`). */
  withTlsCipherPreference(tlsCipherPreference: TlsCipherPreference): this {
    this.tlsContextOptions.tls_cipher_preference = tlsCipherPreference;
    return this;
  }

  /** Port to connect to (default 8883 for direct mTLS, 443 otherwise). */
  withPort(port: number): this {
    this.config.port = port;
    return this;
  }

  /**
   * Replaces the CONNECT settings (keep `keepAliveIntervalSeconds`: it is required). As in aws-crt, the object is
   * kept by reference and `build()` writes the final `username` (and custom-auth `password`) into it.
   */
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

  withMinReconnectDelayMs(minReconnectDelayMs?: number): this {
    return this.setOptional("minReconnectDelayMs", minReconnectDelayMs);
  }

  withMaxReconnectDelayMs(maxReconnectDelayMs?: number): this {
    return this.setOptional("maxReconnectDelayMs", maxReconnectDelayMs);
  }

  withMinConnectedTimeToResetReconnectDelayMs(minConnectedTimeToResetReconnectDelayMs?: number): this {
    return this.setOptional("minConnectedTimeToResetReconnectDelayMs", minConnectedTimeToResetReconnectDelayMs);
  }

  withConnackTimeoutMs(connackTimeoutMs?: number): this {
    return this.setOptional("connackTimeoutMs", connackTimeoutMs);
  }

  withOfflineQueueBehavior(offlineQueueBehavior: ClientOperationQueueBehavior): this {
    this.config.offlineQueueBehavior = offlineQueueBehavior;
    return this;
  }

  withPingTimeoutMs(pingTimeoutMs?: number): this {
    return this.setOptional("pingTimeoutMs", pingTimeoutMs);
  }

  withAckTimeoutSeconds(ackTimeoutSeconds?: number): this {
    return this.setOptional("ackTimeoutSeconds", ackTimeoutSeconds);
  }

  withSocketOptions(socketOptions: SocketOptions): this {
    this.config.socketOptions = socketOptions;
    return this;
  }

  /** Connect through an HTTP proxy (CONNECT tunnel), for every path: direct MQTT and WebSocket. */
  withHttpProxyOptions(httpProxyOptions: HttpProxyOptionsLike): this {
    this.config.httpProxyOptions = httpProxyOptions;
    return this;
  }

  /** Default AwsIotCoreDefaults (IoT Core's limits and flow control); None turns them off. */
  withExtendedValidationAndFlowControlOptions(extendedValidationAndFlowControlOptions: ClientExtendedValidationAndFlowControl): this {
    this.config.extendedValidationAndFlowControlOptions = extendedValidationAndFlowControlOptions;
    return this;
  }

  withTopicAliasingOptions(topicAliasingOptions: TopicAliasingOptions): this {
    this.config.topicAliasingOptions = topicAliasingOptions;
    return this;
  }

  /**
   * Finishes the configuration and returns it — the same object on every call, as in aws-crt: the TLS context is
   * created on the first call (later TLS `with…` calls have no effect), and the CONNECT `username` is always
   * (re)written: the custom-auth username, or `"?"` without custom auth.
   */
  build(): Mqtt5ClientConfig {
    const config = this.config;
    config.tlsCtx ??= new ClientTlsContext(this.tlsContextOptions);
    config.connectProperties ??= { keepAliveIntervalSeconds: DEFAULT_KEEP_ALIVE_SECONDS };
    config.connectProperties.username = buildMqtt5FinalUsername(this.customAuthConfig);
    const password = this.customAuthConfig?.password;
    if (password !== undefined && !(typeof password === "string" && password.length === 0)) config.connectProperties.password = password;
    if (config.disableMetrics !== true && config.metrics === undefined) config.metrics = defaultSdkMetrics();
    return config;
  }

  private setOptional<K extends "minReconnectDelayMs" | "maxReconnectDelayMs" | "minConnectedTimeToResetReconnectDelayMs" | "connackTimeoutMs" | "pingTimeoutMs" | "ackTimeoutSeconds">(
    field: K,
    value: number | undefined,
  ): this {
    if (value === undefined) delete this.config[field];
    else this.config[field] = value;
    return this;
  }
}
