// The client settings shared by the Node and browser variants (api-surface.md §2.1, §2.5). Kept apart from
// config.ts (the Node variant, whose TLS types come from node:tls) so that the browser entry's declarations
// compile for users without @types/node.
import type {
  ClientSessionBehavior,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  RetryJitterType,
} from "./enums.js";
import type { ConnectPacket } from "./packets.js";
import type { EnhancedAuthenticationConfig } from "./enhanced-authentication.js";

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
   * keep-alive 1,200 s (as aws-crt) and an empty client id (the server assigns one, reused on reconnect).
   */
  connectProperties?: ConnectPacket;
  /** Topic alias policies. Default: aliasing disabled in both directions. */
  topicAliasingOptions?: TopicAliasingOptions;
  /** aws-crt appends SDK metrics to the CONNECT username unless this is true. Accepted; metrics are not sent yet. */
  disableMetrics?: boolean;
  /** aws-crt SDK metrics. Accepted; not sent yet. */
  metrics?: AWSIoTMetrics;
  /**
   * Addition to aws-crt: MQTT 5 enhanced authentication (SCRAM, Kerberos, OAuth challenge/response …). Sends the
   * Authentication Method and Data in CONNECT, answers the server's AUTH challenges through `onChallenge`, and
   * enables `Mqtt5Client.reauthenticate()`. Default: none (username/password only).
   */
  enhancedAuthentication?: EnhancedAuthenticationConfig;
}
