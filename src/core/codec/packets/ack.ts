// PUBACK, PUBREC, PUBREL, PUBCOMP (MQTT 5 §3.4–3.7) share one layout:
// `40|50|62|70 RL | packet id | reason code | properties`. With code 0x00 and no properties the tail is omitted
// (RL 2); a receiver also accepts RL 3 (code, Property Length taken as 0).
import type { PubackPacket, PubcompPacket, PubrecPacket, PubrelPacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { firstByteOf, packetName } from "../fixed-header.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { checkReasonCode } from "../reason-codes.js";

export type PublishAckPacket = PubackPacket | PubrecPacket | PubrelPacket | PubcompPacket;
export type PublishAckType = PublishAckPacket["type"];

export function measureAck(packet: PublishAckPacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, packet.type, layout.omit);
  layout.propertiesLength = properties;
  if (packet.reasonCode === 0 && properties === 0) return 2; // short form
  return 3 + propertyBlockSize(properties);
}

export function writeAck(writer: ByteWriter, packet: PublishAckPacket, layout: EncodeLayout): void {
  // [MQTT-3.6.1-1] PUBREL is 0x62; the others have flags 0000 [MQTT-2.1.3-1].
  writer.bytes[writer.pos++] = firstByteOf(packet.type);
  writer.vbi(layout.remainingLength);
  writer.u16(packet.packetId, "packetId");
  if (layout.remainingLength === 2) return;
  writer.u8(packet.reasonCode, "reasonCode");
  writeProperties(writer, packet, packet.type, layout.omit, layout.propertiesLength);
}

export function decodeAck(type: PublishAckType, reader: ByteReader): PublishAckPacket {
  const packet = { type, packetId: reader.u16("packetId"), reasonCode: 0 } as PublishAckPacket;
  if (reader.hasMore()) {
    const reasonCode = reader.u8("reasonCode");
    checkReasonCode(type, reasonCode);
    packet.reasonCode = reasonCode;
    // RL 3: no Property Length, 0 is used.
    if (reader.hasMore()) decodeProperties(reader, type, packet);
  }
  reader.expectEnd(packetName(type));
  return packet;
}
