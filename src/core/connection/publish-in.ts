// Receiving PUBLISH and PUBREL: QoS 0/1/2 receiver flows (MQTT 5 §4.3), our Receive Maximum, manual acks.
//
// A QoS 1/2 message is delivered once and acknowledged when the user (or the facade, after the listeners) calls
// acknowledge(): PUBACK for QoS 1 [MQTT-4.3.2-4], PUBREC for QoS 2 [MQTT-4.3.3-8], in the arrival order of the
// PUBLISHes of that QoS whatever the order of the acknowledgements [MQTT-4.6.0-2/3]. Until the PUBREL arrives, a
// repeated QoS 2 PUBLISH with that id is answered again and not delivered again [MQTT-4.3.3-10]; PUBREL is
// answered with PUBCOMP [MQTT-4.3.3-11], also for an unknown id (reason 0x92).
import { PacketType, PubackReasonCode, PubcompReasonCode, PubrecReasonCode, QoS } from "../model/enums.js";
import type { PublishPacket, PubrelPacket } from "../model/packet.js";
import { ProtocolError } from "../errors.js";
import type { ClientState, ConnectionState, InboundQos2State, PendingAcknowledgement } from "../client-state.js";
import { failConnection } from "./teardown.js";
import { ownMap } from "../lazy-map.js";

const DEFAULT_RECEIVE_MAXIMUM = 65_535;

export function onPublish(state: ClientState, connection: ConnectionState, publish: PublishPacket): void {
  let topicName: string;
  try {
    topicName = state.inboundAliases.resolve(publish.topicName, publish.topicAlias);
  } catch (error) {
    failConnection(state, error as ProtocolError, (error as ProtocolError).reasonCode);
    return;
  }
  if (hasWildcard(topicName)) {
    failConnection(state, new ProtocolError(0x82, "PUBLISH topic name contains a wildcard"), 0x82); // [MQTT-3.3.2-2]
    return;
  }
  const message: PublishPacket = topicName === publish.topicName ? publish : { ...publish, topicName };
  if (publish.qos === QoS.AtMostOnce) {
    state.out.push({ kind: "emit", event: { kind: "messageReceived", message } });
    return;
  }
  const packetId = publish.packetId ?? 0;
  if (packetId === 0) {
    failConnection(state, new ProtocolError(0x82, "QoS > 0 PUBLISH without a packet identifier"), 0x82); // [MQTT-2.2.1-4]
    return;
  }
  if (publish.qos === QoS.ExactlyOnce) {
    const known = state.inboundQos2.get(packetId);
    if (known === "received") {
      connection.controlQueue.push({ type: PacketType.Pubrec, packetId, reasonCode: PubrecReasonCode.Success });
      return;
    }
    if (known === "pending") return; // delivered; its PUBREC follows the user's acknowledgement
  }
  const receiveMaximum = connection.connectPacket.receiveMaximum ?? DEFAULT_RECEIVE_MAXIMUM;
  if (connection.inboundUnacknowledged >= receiveMaximum) {
    failConnection(state, new ProtocolError(0x93, "server exceeded our Receive Maximum"), 0x93); // [MQTT-3.3.4-9]
    return;
  }
  connection.inboundUnacknowledged += 1;
  if (publish.qos === QoS.ExactlyOnce) inboundQos2ForWrite(state).set(packetId, "pending");
  const acknowledgementId = state.nextAcknowledgementId++;
  pendingAcknowledgementsForWrite(state).set(acknowledgementId, { packetId, qos: publish.qos, connectionId: connection.id });
  state.out.push({ kind: "emit", event: { kind: "messageReceived", message, acknowledgementId } });
}

/**
 * An acknowledgement the user has given but that waits for an earlier message's: PUBACKs leave in the arrival
 * order of the QoS 1 PUBLISHes and PUBRECs in that of the QoS 2 ones [MQTT-4.6.0-2, 4.6.0-3]. Only this module
 * creates the entries of `state.pendingAcknowledgements`, so the extra flag is always known here.
 */
interface HeldAcknowledgement extends PendingAcknowledgement {
  readonly acknowledged: boolean;
}

function isAcknowledged(pending: PendingAcknowledgement): boolean {
  return (pending as Partial<HeldAcknowledgement>).acknowledged === true;
}

/**
 * The user acknowledged a delivered message: its PUBACK/PUBREC goes out as soon as every earlier message of the
 * same QoS has been acknowledged too. Unknown, stale or repeated ids are ignored (idempotent).
 */
export function acknowledge(state: ClientState, acknowledgementId: number): void {
  const pending = state.pendingAcknowledgements.get(acknowledgementId);
  if (pending === undefined || isAcknowledged(pending)) return;
  // set() on an existing key keeps its place: the map's order stays the arrival order.
  const held: HeldAcknowledgement = { ...pending, acknowledged: true };
  pendingAcknowledgementsForWrite(state).set(acknowledgementId, held);
  releaseAcknowledgementsInOrder(state, pending.qos);
}

/**
 * Sends the acknowledged messages of QoS `qos` at the front of the arrival order (the map's insertion order), up
 * to the first one still waiting for the user. Only an acknowledgement of that QoS can unblock them, so the walk
 * stops there: acknowledging in arrival order never rescans the messages still pending behind.
 */
function releaseAcknowledgementsInOrder(state: ClientState, qos: 1 | 2): void {
  for (const [id, pending] of state.pendingAcknowledgements) {
    if (pending.qos !== qos) continue;
    if (!isAcknowledged(pending)) return;
    state.pendingAcknowledgements.delete(id); // deleting the visited entry is safe during Map iteration
    if (qos === 1) sendPuback(state, pending);
    else sendPubrec(state, pending);
  }
}

function sendPuback(state: ClientState, pending: PendingAcknowledgement): void {
  const connection = state.connection;
  if (connection === undefined || connection.id !== pending.connectionId) return; // the server will resend it
  connection.inboundUnacknowledged -= 1; // [MQTT-3.3.4-9] the slot is free once the PUBACK is sent
  connection.controlQueue.push({ type: PacketType.Puback, packetId: pending.packetId, reasonCode: PubackReasonCode.Success });
}

function sendPubrec(state: ClientState, pending: PendingAcknowledgement): void {
  // QoS 2: once marked received, a resent PUBLISH (after a reconnect) is answered with PUBREC, not delivered.
  if (state.inboundQos2.get(pending.packetId) !== "pending") return;
  inboundQos2ForWrite(state).set(pending.packetId, "received");
  const connection = state.connection;
  if (connection !== undefined && connection.settings !== undefined) {
    // [MQTT-4.3.3-8] PUBREC with the PUBLISH's id once we own the message.
    connection.controlQueue.push({ type: PacketType.Pubrec, packetId: pending.packetId, reasonCode: PubrecReasonCode.Success });
  }
}

export function onPubrel(state: ClientState, connection: ConnectionState, pubrel: PubrelPacket): void {
  const known = state.inboundQos2.get(pubrel.packetId);
  let reasonCode = PubcompReasonCode.Success;
  if (known === "received") {
    state.inboundQos2.delete(pubrel.packetId);
    if (connection.inboundUnacknowledged > 0) connection.inboundUnacknowledged -= 1;
  } else if (known === undefined) {
    reasonCode = PubcompReasonCode.PacketIdentifierNotFound;
  } else {
    return; // PUBREL before our PUBREC: the server broke the flow; wait for the user's acknowledgement
  }
  connection.controlQueue.push({ type: PacketType.Pubcomp, packetId: pubrel.packetId, reasonCode });
}

/** The client's own inbound QoS 2 table (created on the first QoS 2 PUBLISH received; see lazy-map.ts). */
function inboundQos2ForWrite(state: ClientState): Map<number, InboundQos2State> {
  return ownMap(state.inboundQos2) ?? (state.inboundQos2 = new Map<number, InboundQos2State>());
}

/** The client's own table of messages awaiting the user's acknowledgement (created on the first QoS 1/2 PUBLISH). */
function pendingAcknowledgementsForWrite(state: ClientState): Map<number, PendingAcknowledgement> {
  return ownMap(state.pendingAcknowledgements) ?? (state.pendingAcknowledgements = new Map<number, PendingAcknowledgement>());
}

function hasWildcard(topic: string): boolean {
  return topic.includes("+") || topic.includes("#");
}
