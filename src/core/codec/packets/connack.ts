// CONNACK (MQTT 5 §3.2): `20 RL | acknowledge flags | reason code | properties`; no payload. Only bit 0 of the
// acknowledge flags (Session Present) may be set [MQTT-3.2.2-1]; the Property Length is always present.
import { MalformedPacketError } from "../../errors.js";
import { PacketType } from "../../model/enums.js";
import type { ConnackPacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { checkReasonCode } from "../reason-codes.js";

export function measureConnack(packet: ConnackPacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, PacketType.Connack, layout.omit);
  layout.propertiesLength = properties;
  return 2 + propertyBlockSize(properties);
}

export function writeConnack(writer: ByteWriter, packet: ConnackPacket, layout: EncodeLayout): void {
  writer.bytes[writer.pos++] = 0x20;
  writer.vbi(layout.remainingLength);
  writer.bytes[writer.pos++] = packet.sessionPresent ? 0x01 : 0x00;
  writer.u8(packet.reasonCode, "reasonCode");
  writeProperties(writer, packet, PacketType.Connack, layout.omit, layout.propertiesLength);
}

export function decodeConnack(reader: ByteReader): ConnackPacket {
  const flags = reader.u8("acknowledgeFlags");
  // [MQTT-3.2.2-1] bits 7–1 are reserved and must be 0.
  if ((flags & 0xfe) !== 0) throw new MalformedPacketError("CONNACK: reserved acknowledge flag bits are set");
  const reasonCode = reader.u8("reasonCode");
  checkReasonCode(PacketType.Connack, reasonCode); // [MQTT-3.2.2-8]
  const packet: ConnackPacket = { type: PacketType.Connack, sessionPresent: flags === 1, reasonCode };
  decodeProperties(reader, PacketType.Connack, packet);
  reader.expectEnd("CONNACK");
  return packet;
}
