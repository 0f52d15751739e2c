// AUTH (MQTT 5 §3.15): `F0 RL | reason code | properties`. RL 0 means code 0x00 and no properties. Like
// DISCONNECT, a receiver also takes RL 1 as "code only" (the standard is silent; the layouts are the same).
import { PacketType } from "../../model/enums.js";
import type { AuthPacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { checkReasonCode } from "../reason-codes.js";

export function measureAuth(packet: AuthPacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, PacketType.Auth, layout.omit);
  layout.propertiesLength = properties;
  if (packet.reasonCode === 0 && properties === 0) return 0; // short form
  return 1 + propertyBlockSize(properties);
}

export function writeAuth(writer: ByteWriter, packet: AuthPacket, layout: EncodeLayout): void {
  writer.bytes[writer.pos++] = 0xf0; // [MQTT-3.15.1-1]
  writer.vbi(layout.remainingLength);
  if (layout.remainingLength === 0) return;
  writer.u8(packet.reasonCode, "reasonCode");
  writeProperties(writer, packet, PacketType.Auth, layout.omit, layout.propertiesLength);
}

export function decodeAuth(reader: ByteReader): AuthPacket {
  const packet: AuthPacket = { type: PacketType.Auth, reasonCode: 0 };
  if (reader.hasMore()) {
    const reasonCode = reader.u8("reasonCode");
    checkReasonCode(PacketType.Auth, reasonCode);
    packet.reasonCode = reasonCode;
    if (reader.hasMore()) decodeProperties(reader, PacketType.Auth, packet);
  }
  reader.expectEnd("AUTH");
  return packet;
}
