// Small builders and lookups shared by the core's QoS / session / flow-control scenario tests (CoreHarness users).
import assert from "node:assert/strict";
import type { CoreHarness } from "./core-harness.js";
import type { ClientEvent, OperationValue } from "../../src/core/io.js";
import { MqttClientError } from "../../src/core/errors.js";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import type {
  ConnackPacket,
  DisconnectPacket,
  Packet,
  PubackPacket,
  PubcompPacket,
  PubrecPacket,
  PubrelPacket,
  PublishPacket,
} from "../../src/core/model/packet.js";

export type MessageReceived = Extract<ClientEvent, { kind: "messageReceived" }>;

/** A PUBLISH as the server would send it. */
export function serverPublish(topicName: string, qos: QoS, packetId?: number, extra: Partial<PublishPacket> = {}): PublishPacket {
  const packet: PublishPacket = {
    type: PacketType.Publish,
    topicName,
    payload: new TextEncoder().encode(`m-${topicName}-${packetId ?? 0}`),
    qos,
    retain: false,
    duplicate: false,
    ...extra,
  };
  if (qos !== QoS.AtMostOnce && packetId !== undefined) packet.packetId = packetId;
  return packet;
}

export function puback(packetId: number, reasonCode = 0): PubackPacket {
  return { type: PacketType.Puback, packetId, reasonCode };
}
export function pubrec(packetId: number, reasonCode = 0): PubrecPacket {
  return { type: PacketType.Pubrec, packetId, reasonCode };
}
export function pubrel(packetId: number, reasonCode = 0): PubrelPacket {
  return { type: PacketType.Pubrel, packetId, reasonCode };
}
export function pubcomp(packetId: number, reasonCode = 0): PubcompPacket {
  return { type: PacketType.Pubcomp, packetId, reasonCode };
}
export function suback(packetId: number, ...reasonCodes: number[]): Packet {
  return { type: PacketType.Suback, packetId, reasonCodes };
}
export function unsuback(packetId: number, ...reasonCodes: number[]): Packet {
  return { type: PacketType.Unsuback, packetId, reasonCodes };
}

/** PUBLISH packets written on the current transport. */
export function publishesOnTransport(h: CoreHarness): PublishPacket[] {
  return h.writtenOnTransport.filter((p): p is PublishPacket => p.type === PacketType.Publish);
}

/** Packets of one type written on the current transport. */
export function onTransportOfType<T extends Packet["type"]>(h: CoreHarness, type: T): Extract<Packet, { type: T }>[] {
  return h.writtenOnTransport.filter((p): p is Extract<Packet, { type: T }> => p.type === type);
}

/** Packet id of the last packet written, which must carry one. */
export function lastPacketId(h: CoreHarness): number {
  const packet = h.lastWritten();
  assert.ok(packet !== undefined && "packetId" in packet && packet.packetId !== undefined, "last packet has no packet id");
  return packet.packetId;
}

/** The DISCONNECT written on the current transport, if any. */
export function disconnectWritten(h: CoreHarness): DisconnectPacket | undefined {
  return onTransportOfType(h, PacketType.Disconnect)[0];
}

export function messages(h: CoreHarness): MessageReceived[] {
  return h.events.filter((e): e is MessageReceived => e.kind === "messageReceived");
}

/** Acknowledgement id of the n-th (0-based) messageReceived event. */
export function acknowledgementIdOf(h: CoreHarness, index: number): number {
  const id = messages(h)[index]?.acknowledgementId;
  assert.ok(id !== undefined, `message ${index} has no acknowledgement id`);
  return id;
}

export function acknowledge(h: CoreHarness, acknowledgementId: number): void {
  h.handle({ kind: "acknowledge", acknowledgementId });
}

/** The successful value an operation settled with (fails the test otherwise). */
export function settledValue(h: CoreHarness, opId: number): OperationValue {
  const result = h.result(opId);
  assert.ok(result !== undefined, `operation ${opId} has not settled`);
  assert.ok(result.ok, `operation ${opId} failed: ${result.ok ? "" : result.error.message}`);
  return result.value;
}

/** The error an operation settled with (fails the test otherwise). */
export function settledError(h: CoreHarness, opId: number): MqttClientError {
  const result = h.result(opId);
  assert.ok(result !== undefined, `operation ${opId} has not settled`);
  assert.ok(!result.ok, `operation ${opId} succeeded`);
  assert.ok(result.error instanceof MqttClientError);
  return result.error;
}

/** Drops the connection and reconnects after the backoff, answering with `sessionPresent`. */
export function reconnect(h: CoreHarness, sessionPresent: boolean, connack: Partial<ConnackPacket> = {}): void {
  if (h.transportOpen) h.transportCloses();
  h.advanceBy(200_000);
  h.openTransport();
  h.connack({ sessionPresent, ...connack });
}

/** The Clean Start flag of every CONNECT written so far. */
export function cleanStartFlags(h: CoreHarness): boolean[] {
  return h.writtenOfType(PacketType.Connect).map((c) => c.cleanStart);
}
