// Defaults of the Node client configuration (api-surface.md §2, behavior.md §3). As in aws-crt's Node client,
// 0 also selects the default for the delay and timeout fields.
import {
  ClientOperationQueueBehavior,
  ClientSessionBehavior,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  RetryJitterType,
} from "./enums.js";

export const DEFAULT_MIN_RECONNECT_DELAY_MS = 1_000;
export const DEFAULT_MAX_RECONNECT_DELAY_MS = 120_000;
export const DEFAULT_MIN_CONNECTED_TIME_TO_RESET_RECONNECT_DELAY_MS = 30_000;
export const DEFAULT_CONNACK_TIMEOUT_MS = 20_000;
export const DEFAULT_PING_TIMEOUT_MS = 30_000;
export const DEFAULT_ACK_TIMEOUT_SECONDS = 60;
export const DEFAULT_TOPIC_ALIAS_CACHE_SIZE = 25;
export const DEFAULT_SOCKET_CONNECT_TIMEOUT_MS = 10_000;
/**
 * CONNECT Keep Alive when the config has no `connectProperties`: aws-crt's Node binding fills in 1200 s (its
 * browser client too); seen on the wire by test/differential. With `connectProperties` the user's value is used.
 */
export const DEFAULT_KEEP_ALIVE_INTERVAL_SECONDS = 1_200;
/**
 * Largest single transport write the core assembles from queued packets. aws-c-mqtt uses 4 KiB; bigger writes
 * cost nothing in Node and cut the number of write round trips for large payloads.
 */
export const DEFAULT_MAXIMUM_WRITE_BYTES = 64 * 1024;

/** What the `Default` member of each behaviour enum means. */
export const DEFAULT_SESSION_BEHAVIOR = ClientSessionBehavior.Clean;
export const DEFAULT_RETRY_JITTER_MODE = RetryJitterType.Full;
export const DEFAULT_OFFLINE_QUEUE_BEHAVIOR = ClientOperationQueueBehavior.FailQos0PublishOnDisconnect;
export const DEFAULT_OUTBOUND_TOPIC_ALIAS_BEHAVIOR = OutboundTopicAliasBehaviorType.Disabled;
export const DEFAULT_INBOUND_TOPIC_ALIAS_BEHAVIOR = InboundTopicAliasBehaviorType.Disabled;
