// PUBLISH (MQTT 5 §3.3): `3x RL | topic name | packet id (QoS > 0 only) | properties | payload`.
// Fixed-header flags: DUP (bit 3), QoS (bits 2–1), RETAIN (bit 0). The payload is the rest of the packet.
import { ValidationError } from "../../errors.js";
import { PacketType } from "../../model/enums.js";
import type { PublishPacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { stringFieldLength } from "../utf8.js";

const EMPTY = new Uint8Array(0);

export function measurePublish(packet: PublishPacket, layout: EncodeLayout): number {
  const qos = packet.qos;
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new ValidationError("qos", "must be 0, 1 or 2"); // [MQTT-3.3.1-4]
  if (qos !== 0 && packet.packetId === undefined) {
    throw new ValidationError("packetId", "is required when QoS > 0"); // [MQTT-2.2.1-3]
  }
  const properties = hasNoPublishProperties(packet) ? 0 : propertiesLength(packet, PacketType.Publish, 0);
  layout.propertiesLength = properties;
  return (
    2 + stringFieldLength(packet.topicName, "topicName") + (qos === 0 ? 0 : 2) + propertyBlockSize(properties) +
    packet.payload.length
  );
}

/**
 * Fast path for the common PUBLISH without properties: eight plain field reads instead of the table-driven walk.
 * Must name every PUBLISH property of the table (a unit test checks that against properties.ts).
 */
export function hasNoPublishProperties(packet: PublishPacket): boolean {
  return (
    packet.payloadFormat === undefined && packet.messageExpiryIntervalSeconds === undefined &&
    packet.contentType === undefined && packet.responseTopic === undefined && packet.correlationData === undefined &&
    packet.subscriptionIdentifiers === undefined && packet.topicAlias === undefined &&
    packet.userProperties === undefined
  );
}

export function writePublish(writer: ByteWriter, packet: PublishPacket, layout: EncodeLayout): void {
  writePublishHeader(writer, packet, layout);
  writer.raw(packet.payload);
}

/** Everything before the payload: fixed header, variable header, properties. */
export function writePublishHeader(writer: ByteWriter, packet: PublishPacket, layout: EncodeLayout): void {
  const qos = packet.qos;
  // [MQTT-3.3.1-2] [MQTT-4.3.1-1] DUP is always 0 for QoS 0, whatever the packet says.
  const duplicate = qos !== 0 && packet.duplicate ? 0x08 : 0;
  writer.bytes[writer.pos++] = 0x30 | duplicate | (qos << 1) | (packet.retain ? 1 : 0);
  writer.vbi(layout.remainingLength);
  writer.utf8(packet.topicName); // [MQTT-3.3.2-1] the Topic Name comes first
  // [MQTT-2.2.1-2] a QoS 0 PUBLISH carries no Packet Identifier.
  if (qos !== 0) writer.u16(packet.packetId!, "packetId");
  writeProperties(writer, packet, PacketType.Publish, 0, layout.propertiesLength);
}

/** `firstByte` has passed checkFirstByte (QoS ≠ 3, no DUP on QoS 0). */
export function decodePublish(firstByte: number, reader: ByteReader): PublishPacket {
  const qos = (firstByte >> 1) & 0x03;
  const packet: PublishPacket = {
    type: PacketType.Publish,
    topicName: reader.utf8("topicName"),
    payload: EMPTY,
    qos,
    retain: (firstByte & 0x01) !== 0,
    duplicate: (firstByte & 0x08) !== 0,
  };
  // [MQTT-2.2.1-2] only QoS 1 and 2 carry a Packet Identifier.
  if (qos !== 0) packet.packetId = reader.u16("packetId");
  decodeProperties(reader, PacketType.Publish, packet);
  packet.payload = reader.rest();
  return packet;
}
