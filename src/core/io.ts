// The protocol core's inputs and outputs: data in, data out (DESIGN.md §8.2b). The runtime driver feeds Inputs
// with the current monotonic time and executes the returned Actions in order; it arms one timer at
// `nextDeadline()`. Completions are actions, never callbacks held inside the core.
import type { MqttClientError } from "./errors.js";
import type {
  AuthPacket,
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
  UserProperty,
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
  | { kind: "messageReceived"; message: PublishPacket; acknowledgementId?: number }
  // Enhanced authentication (connection/auth.ts). The runtime answers every authChallenge and authSuccess exactly
  // once with an authResponse input carrying the same `id`; answers to ids of an ended connection are ignored.
  /**
   * Authentication Data is needed. `challenge` is the server's AUTH 0x18 (before CONNACK, or during a
   * re-authentication); without it, the data for this attempt's CONNECT is asked for (CoreConfig
   * authenticationDataPerAttempt) and CONNECT waits for the answer. An answer with an `error` abandons the exchange.
   */
  | { kind: "authChallenge"; id: number; reauthentication: boolean; challenge?: AuthPacket }
  /**
   * The server accepted the authentication: `final` is the successful CONNACK (emitted just before
   * connectionSuccess) or the AUTH 0x00 that completes re-authentication `reauthenticationId`. An answer with an
   * `error` rejects the server's final data (e.g. a wrong SCRAM server signature): the connection is dropped.
   */
  | { kind: "authSuccess"; id: number; reauthentication: boolean; final: ConnackPacket | AuthPacket; reauthenticationId?: number }
  /** A reauthenticate input will not complete: refused at once, or its connection ended first. */
  | { kind: "reauthenticationFailed"; reauthenticationId: number; error: MqttClientError };

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
  /** The answer to an authChallenge / authSuccess event (see there): Authentication Data, or why there is none. */
  | { kind: "authResponse"; id: number; authenticationData?: Uint8Array; error?: MqttClientError }
  /**
   * Start a re-authentication (AUTH 0x19 with CONNECT's method) [MQTT-4.12.1-1]. `id` is the caller's; the outcome
   * is an authSuccess carrying it as reauthenticationId, or a reauthenticationFailed event.
   */
  | {
      kind: "reauthenticate";
      id: number;
      authenticationData?: Uint8Array;
      reasonString?: string;
      userProperties?: UserProperty[];
    }
  /** The deadline returned by nextDeadline() has passed. */
  | { kind: "timer" };

export type Action =
  /** Open a new transport; answer with transportOpened or transportFailed carrying the same attempt. */
  | { kind: "openTransport"; attempt: number }
  /**
   * Write bytes; the core issues no further write until writeCompleted (one write outstanding). `parts`, when
   * present, are the same bytes in pieces, large PUBLISH payloads among them as they are (not copied): a runtime
   * that can write several buffers in a row should send those, and `bytes` is then only assembled if read.
   */
  | { kind: "write"; bytes: Uint8Array; parts?: readonly Uint8Array[] }
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
