// The protocol core's configuration: the public Mqtt5ClientConfig after validation, defaults applied and
// frozen. Built by the API facade (src/api/config.ts); the core never sees aws-crt-shaped input.
import type {
  ClientOperationQueueBehavior,
  ClientSessionBehavior,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  RetryJitterType,
} from "./model/enums.js";
import type { ConnectPacket } from "./model/packet.js";

export interface CoreConfig {
  /** CONNECT template; `cleanStart` is recomputed per attempt from `sessionBehavior`. */
  readonly connect: Readonly<Omit<ConnectPacket, "type" | "cleanStart">>;
  readonly sessionBehavior: ClientSessionBehavior;
  readonly offlineQueueBehavior: ClientOperationQueueBehavior;
  readonly retryJitterMode: RetryJitterType;
  readonly minReconnectDelayMs: number;
  readonly maxReconnectDelayMs: number;
  readonly minConnectedTimeToResetReconnectDelayMs: number;
  /** From transport open to CONNACK. */
  readonly connackTimeoutMs: number;
  /** From PINGREQ written to PINGRESP; effective value is min(this, keep-alive / 2). */
  readonly pingTimeoutMs: number;
  /** Per-operation acknowledgement timeout; 0 disables it. */
  readonly ackTimeoutMs: number;
  readonly outboundTopicAliasBehavior: OutboundTopicAliasBehaviorType;
  readonly outboundTopicAliasCacheMaxSize: number;
  readonly inboundTopicAliasBehavior: InboundTopicAliasBehaviorType;
  readonly inboundTopicAliasCacheMaxSize: number;
  /** IoT Core validation and flow control (100 publishes/s, 512 KiB/s). */
  readonly awsIotCoreLimits: boolean;
  /** Largest single write the core hands the transport when batching packets. */
  readonly maximumWriteBytes: number;
  /**
   * Enhanced authentication with per-attempt initial data: with `connect.authenticationMethod` set, every attempt
   * asks the runtime for CONNECT's Authentication Data (an authChallenge event without challenge) before writing
   * CONNECT, so that e.g. a SCRAM nonce is fresh each time. Default false: `connect.authenticationData` is used.
   */
  readonly authenticationDataPerAttempt?: boolean;
}
