// The protocol core's inputs and outputs: data in, data out (DESIGN.md §8.2b). The runtime driver feeds Inputs
// with the current monotonic time and executes the returned Actions in order; it arms one timer at
// `nextDeadline()`. Completions are actions, never callbacks held inside the core.
import type { MqttClientError } from "./errors.js";
import type {
  ConnackPacket,
  DisconnectPacket,
  PubackPacket,
  PubcompPacket,
  PubrecPacket,
  PublishPacket,
  SubackPacket,
  SubscribePacket,
  UnsubackPacket,
  UnsubscribePacket,
} from "./model/packet.js";
import type { NegotiatedSettings } from "./negotiated-settings.js";

/** Identifies one user operation from submit to settle; assigned by the caller, increasing. */
export type OperationId = number;

/** A user operation. Packets come without packet ids: the core binds them. */
export type Operation =
  | { kind: "publish"; packet: PublishPacket }
  | { kind: "subscribe"; packet: SubscribePacket }
  | { kind: "unsubscribe"; packet: UnsubscribePacket };

/** What a settled operation yields: the full ACK (QoS 2: the PUBCOMP, with the PUBREC kept alongside). */
export type OperationValue =
  | { kind: "publish"; qos: 0 }
  | { kind: "publish"; qos: 1; puback: PubackPacket }
  | { kind: "publish"; qos: 2; pubrec: PubrecPacket; pubcomp?: PubcompPacket }
  | { kind: "subscribe"; suback: SubackPacket }
  | { kind: "unsubscribe"; unsuback: UnsubackPacket };

export type OperationResult = { ok: true; value: OperationValue } | { ok: false; error: MqttClientError };

/** Events for the user, delivered by the runtime after the step that produced them. */
export type ClientEvent =
  | { kind: "attemptingConnect" }
  | { kind: "connectionSuccess"; connack: ConnackPacket; settings: NegotiatedSettings }
  | { kind: "connectionFailure"; error: MqttClientError; connack?: ConnackPacket }
  | { kind: "disconnection"; error: MqttClientError; disconnect?: DisconnectPacket }
  | { kind: "stopped" }
  /** `acknowledgementId` is set for QoS 1/2 messages: pass it to `acknowledge` to send a delayed PUBACK/PUBREC. */
  | { kind: "messageReceived"; message: PublishPacket; acknowledgementId?: number };

export type Input =
  | { kind: "start" }
  /** `disconnect` (validated by the facade) is written before the transport closes, when connected. */
  | { kind: "stop"; disconnect?: DisconnectPacket }
  /** Release everything: pending operations settle with clientClosed; nothing is scheduled afterwards. */
  | { kind: "close" }
  | { kind: "transportOpened"; attempt: number }
  /** The transport could not be opened (DNS, TCP, TLS, proxy, WebSocket handshake). */
  | { kind: "transportFailed"; attempt: number; error: MqttClientError }
  | { kind: "bytesReceived"; bytes: Uint8Array }
  | { kind: "writeCompleted" }
  /** The open transport closed (or failed); `error` says why when known. */
  | { kind: "transportClosed"; error?: MqttClientError }
  | { kind: "submit"; opId: OperationId; op: Operation }
  /** Manual acknowledgement of a received QoS 1/2 message (see ClientEvent.messageReceived). */
  | { kind: "acknowledge"; acknowledgementId: number }
  /** The deadline returned by nextDeadline() has passed. */
  | { kind: "timer" };

export type Action =
  /** Open a new transport; answer with transportOpened or transportFailed carrying the same attempt. */
  | { kind: "openTransport"; attempt: number }
  /** Write bytes; the core issues no further write until writeCompleted (one write outstanding). */
  | { kind: "write"; bytes: Uint8Array }
  /** Close the current transport (if any); no transportClosed input is expected after this. */
  | { kind: "closeTransport" }
  | { kind: "settle"; opId: OperationId; result: OperationResult }
  | { kind: "emit"; event: ClientEvent };

/** ClientStatistics as aws-crt defines them (sizes in encoded bytes, packet id included). */
export interface ClientStatistics {
  incompleteOperationCount: number;
  incompleteOperationSize: number;
  unackedOperationCount: number;
  unackedOperationSize: number;
}
