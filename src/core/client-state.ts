// The one mutable record the protocol core's modules operate on. Modules are plain functions over this record
// (DESIGN.md §8.3: split by concern, thin dispatcher); nothing outside src/core sees it.
//
// Three lifetimes live here:
//   - client:     config, backoff, operations and the session (what survives reconnects);
//   - connection: decoder, write gate, keep-alive, negotiated settings (reset per transport);
//   - step:       the actions produced by the current handle() call (`out`).
import type { CoreConfig } from "./core-config.js";
import type { Action, OperationId } from "./io.js";
import type {
  ConnectPacket,
  Packet,
  PubrecPacket,
  PublishPacket,
  SubscribePacket,
  UnsubscribePacket,
} from "./model/packet.js";
import type { NegotiatedSettings } from "./negotiated-settings.js";
import type { PacketDecoder } from "./codec/index.js";
import type { BackoffState } from "./lifecycle/backoff.js";
import type { PacketIdAllocator } from "./session/packet-id-allocator.js";
import type { SendQuota } from "./session/send-quota.js";
import type { OutboundTopicAliasResolver } from "./session/topic-alias-send.js";
import type { InboundTopicAliasResolver } from "./session/topic-alias-receive.js";
import type { AwsIotCoreFlowControl } from "./flow/aws-iot-core-flow.js";
import type { IdTable } from "./operations/id-table.js";
import type { PacketIdMap } from "./session/packet-id-map.js";
import type { LazyMap } from "./lazy-map.js";

/**
 * Lifecycle states (behavior.md §1, simplified: the transport-close wait of aws-c-mqtt is not needed because the
 * driver closes synchronously).
 *
 *   stopped ──start──▶ connecting ──opened──▶ mqttConnect ──CONNACK ok──▶ connected
 *      ▲                  │ failed               │ refused/timeout/error      │ lost/error/server DISCONNECT
 *      │                  ▼                      ▼                            ▼
 *      └──(stop)── pendingReconnect ◀────────────┴────────────────────────────┘
 *   connected/mqttConnect ──stop(packet)──▶ cleanDisconnect ──DISCONNECT written──▶ stopped
 *   any ──close──▶ closed (terminal)
 */
export type LifecycleState =
  | "stopped"
  | "connecting"
  | "mqttConnect"
  | "connected"
  | "cleanDisconnect"
  | "pendingReconnect"
  | "closed";

export type OperationKind = "publish" | "subscribe" | "unsubscribe";

/** Where an operation is in its life. */
export type OperationPhase =
  /** Waiting in the queue to be written. */
  | "queued"
  /** QoS 0 publish written, waiting for the write to complete. */
  | "writing"
  /** QoS 1/2 publish, SUBSCRIBE or UNSUBSCRIBE written; waiting for PUBACK/PUBREC/SUBACK/UNSUBACK. */
  | "unacked"
  /** QoS 2 publish whose PUBREC arrived; PUBREL queued or written, waiting for PUBCOMP. */
  | "released";

export interface OperationRecord {
  readonly opId: OperationId;
  readonly kind: OperationKind;
  readonly packet: PublishPacket | SubscribePacket | UnsubscribePacket;
  readonly qos: number;
  phase: OperationPhase;
  packetId: number;
  /** Set once the PUBLISH has been written on a connection; resends carry DUP=1 [MQTT-3.3.1-1]. */
  sentOnce: boolean;
  /** Statistics size in encoded bytes, packet id included (behavior.md §10 without the 2-byte undercount). */
  readonly sizeBytes: number;
  ackDeadlineMs: number | undefined;
  /** QoS 2: the PUBREC that moved the publish to "released". */
  pubrec?: PubrecPacket;
}

/** Received QoS 2 packet ids: "pending" = delivered, PUBREC not yet sent; "received" = PUBREC sent, awaiting PUBREL. */
export type InboundQos2State = "pending" | "received";

export interface PendingAcknowledgement {
  readonly packetId: number;
  readonly qos: 1 | 2;
  /** The connection the PUBLISH arrived on; a QoS 1 PUBACK is never sent on a later connection. */
  readonly connectionId: number;
}

/**
 * Enhanced authentication on one connection whose CONNECT carries an Authentication Method (connection/auth.ts).
 * Before CONNACK the exchange is the CONNECT handshake's; afterwards a re-authentication runs while
 * `reauthenticationId` is set.
 */
export interface AuthExchange {
  /** The authChallenge whose answer is awaited (the exchange, or the CONNECT itself, waits for it). */
  awaitingAnswerId: number | undefined;
  /** The reauthenticate input being served. */
  reauthenticationId: number | undefined;
  /** The re-authentication must make progress by then (ack timeout), or the connection ends. */
  deadlineMs: number | undefined;
  /** authSuccess events not yet answered: an error answer rejects the server's final data. */
  readonly verificationIds: Set<number>;
}

export interface ConnectionState {
  readonly id: number;
  readonly decoder: PacketDecoder;
  connectSent: boolean;
  connectPacket: ConnectPacket;
  connackReceived: boolean;
  connackDeadlineMs: number | undefined;
  writeInFlight: boolean;
  /** QoS 0 publishes in the write in flight: settled when it completes. */
  writingOps: OperationId[];
  /** Set when a DISCONNECT has been written: nothing more is written on this connection [MQTT-3.14.4-1]. */
  disconnectSent: boolean;
  /** Close the transport as soon as the write in flight completes (after a DISCONNECT). */
  closeAfterWrite: boolean;
  /** DISCONNECT to write once the write in flight completes (stop(packet) or a protocol error). */
  pendingDisconnect: Packet | undefined;
  settings: NegotiatedSettings | undefined;
  keepAliveMs: number;
  lastWriteMs: number;
  pingDeadlineMs: number | undefined;
  pingQueued: boolean;
  /** Control packets (acks, PINGREQ) that jump ahead of user operations, in order. */
  controlQueue: Packet[];
  /** Inbound QoS 1/2 publishes not yet fully acknowledged: our Receive Maximum [MQTT-3.3.4-9]. */
  inboundUnacknowledged: number;
  backoffResetDeadlineMs: number | undefined;
  cleanDisconnectDeadlineMs: number | undefined;
  /** Present iff CONNECT carries an Authentication Method (enhanced authentication) [MQTT-4.12.0-7]. */
  auth: AuthExchange | undefined;
}

export interface ClientState {
  readonly config: CoreConfig;
  readonly random: () => number;
  nowMs: number;
  out: Action[];
  lifecycle: LifecycleState;
  /** start() was called and no stop() since: the client keeps a connection up. */
  wantConnected: boolean;
  attempt: number;
  backoff: BackoffState;
  reconnectAtMs: number | undefined;
  /** A CONNACK succeeded since the last start(): RejoinPostSuccess resumes from then on. */
  hasConnectedSinceStart: boolean;
  /** Lifecycle event pairing: which final event the current attempt owes (behavior.md §1.3). */
  owedFinalEvent: "none" | "connectionFailure" | "disconnection";
  /** Client id to use: the configured one, replaced by an Assigned Client Identifier [MQTT-3.1.3-7]. */
  clientId: string;
  connection: ConnectionState | undefined;
  nextConnectionId: number;
  /** Every operation not yet settled, in submission order. */
  operations: IdTable<OperationRecord>;
  /** Operations waiting to be written, in order (re-sends first after a rejoined session). */
  queue: OperationId[];
  /** A SUBSCRIBE/UNSUBSCRIBE may wait behind quota-held PUBLISHes (see operations.ts markNonPublishQueued). */
  nonPublishMayWaitBehindPublishes: boolean;
  /** Packet id → operation waiting for its acknowledgement. */
  unacked: PacketIdMap;
  /** Ack-timeout queue in write order (deadlines are monotonic since they share one timeout). */
  ackTimeouts: OperationId[];
  packetIds: PacketIdAllocator;
  sendQuota: SendQuota;
  outboundAliases: OutboundTopicAliasResolver;
  inboundAliases: InboundTopicAliasResolver;
  /** Written through inboundQos2ForWrite() (publish-in.ts). */
  inboundQos2: LazyMap<number, InboundQos2State>;
  /** Written through pendingAcknowledgementsForWrite() (publish-in.ts). */
  pendingAcknowledgements: LazyMap<number, PendingAcknowledgement>;
  nextAcknowledgementId: number;
  /** Ids of authChallenge/authSuccess events; unique across connections so stale answers never match. */
  nextAuthEventId: number;
  iotFlow: AwsIotCoreFlowControl | undefined;
}
