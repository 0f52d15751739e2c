// Acknowledgements of our publishes and subscriptions: QoS 1/2 sender flows (MQTT 5 §4.3) and SUBACK/UNSUBACK.
// Acks are matched by packet id AND expected type (aws-c-mqtt matches by id only, behavior.md §14.10).
import { PacketType, PubrelReasonCode } from "../model/enums.js";
import type { PubackPacket, PubcompPacket, PubrecPacket, SubackPacket, UnsubackPacket } from "../model/packet.js";
import { ProtocolError } from "../errors.js";
import type { ClientState, ConnectionState, OperationRecord } from "../client-state.js";
import { completeOperation, expectedAckType, failOperation } from "../operations/operations.js";
import { failConnection } from "./teardown.js";

type Ack = PubackPacket | PubrecPacket | PubcompPacket | SubackPacket | UnsubackPacket;

/** The operation this ack belongs to, undefined when unknown; a type mismatch fails the connection. */
function findOperation(state: ClientState, ack: Ack): OperationRecord | undefined | "violation" {
  const opId = state.unacked.get(ack.packetId);
  const record = opId === undefined ? undefined : state.operations.get(opId);
  if (record === undefined) return undefined;
  if (expectedAckType(record) !== ack.type) {
    failConnection(state, new ProtocolError(0x82, `${PacketType[ack.type]} for packet id ${ack.packetId} which awaits ${PacketType[expectedAckType(record)]}`), 0x82);
    return "violation";
  }
  return record;
}

export function onPuback(state: ClientState, puback: PubackPacket): void {
  const record = findOperation(state, puback);
  if (record === undefined || record === "violation") return; // unknown id: ignored
  state.sendQuota.release();
  completeOperation(state, record, { kind: "publish", qos: 1, puback });
}

export function onPubrec(state: ClientState, connection: ConnectionState, pubrec: PubrecPacket): void {
  const opId = state.unacked.get(pubrec.packetId);
  const existing = opId === undefined ? undefined : state.operations.get(opId);
  if (existing?.phase === "released") {
    // A repeated PUBREC: answer again, the PUBREL may have been lost with a connection.
    connection.controlQueue.push({ type: PacketType.Pubrel, packetId: pubrec.packetId, reasonCode: PubrelReasonCode.Success });
    return;
  }
  const record = findOperation(state, pubrec);
  if (record === "violation") return;
  if (record === undefined) {
    // PUBREC for an unknown id → PUBREL 0x92.
    connection.controlQueue.push({ type: PacketType.Pubrel, packetId: pubrec.packetId, reasonCode: PubrelReasonCode.PacketIdentifierNotFound });
    return;
  }
  if (pubrec.reasonCode >= 0x80) {
    // [MQTT-4.4.0-2] a failed PUBREC ends the flow; the quota comes back.
    state.sendQuota.release();
    completeOperation(state, record, { kind: "publish", qos: 2, pubrec });
    return;
  }
  record.phase = "released";
  record.pubrec = pubrec;
  // [MQTT-4.3.3-4] PUBREL with the same id; PUBRELs leave in the order the PUBRECs arrived [MQTT-4.6.0-4].
  connection.controlQueue.push({ type: PacketType.Pubrel, packetId: pubrec.packetId, reasonCode: PubrelReasonCode.Success });
}

export function onPubcomp(state: ClientState, pubcomp: PubcompPacket): void {
  const record = findOperation(state, pubcomp);
  if (record === undefined || record === "violation") return;
  state.sendQuota.release(); // any PUBCOMP returns the quota
  const pubrec = record.pubrec as PubrecPacket;
  completeOperation(state, record, { kind: "publish", qos: 2, pubrec, pubcomp });
}

export function onSuback(state: ClientState, suback: SubackPacket): void {
  const record = findOperation(state, suback);
  if (record === undefined || record === "violation") return; // [MQTT-2.2.1-6] unknown id: ignored
  const requested = record.kind === "subscribe" && "subscriptions" in record.packet ? record.packet.subscriptions.length : -1;
  if (suback.reasonCodes.length !== requested) {
    const error = new ProtocolError(0x82, `SUBACK carries ${suback.reasonCodes.length} reason codes for ${requested} subscriptions`);
    failOperation(state, record, error); // [MQTT-3.8.4-6] settled here so it is not re-queued forever
    failConnection(state, error, 0x82);
    return;
  }
  completeOperation(state, record, { kind: "subscribe", suback });
}

export function onUnsuback(state: ClientState, unsuback: UnsubackPacket): void {
  const record = findOperation(state, unsuback);
  if (record === undefined || record === "violation") return;
  const requested = record.kind === "unsubscribe" && "topicFilters" in record.packet ? record.packet.topicFilters.length : -1;
  if (unsuback.reasonCodes.length !== requested) {
    const error = new ProtocolError(0x82, `UNSUBACK carries ${unsuback.reasonCodes.length} reason codes for ${requested} topic filters`);
    failOperation(state, record, error); // [MQTT-3.11.3-1]
    failConnection(state, error, 0x82);
    return;
  }
  completeOperation(state, record, { kind: "unsubscribe", unsuback });
}
