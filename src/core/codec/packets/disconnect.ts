// DISCONNECT (MQTT 5 §3.14): `E0 RL | reason code | properties`. RL 0 means code 0x00 and no properties; RL 1
// carries the code only (Property Length taken as 0).
import { PacketType } from "../../model/enums.js";
import type { DisconnectPacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { checkReasonCode } from "../reason-codes.js";

export function measureDisconnect(packet: DisconnectPacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, PacketType.Disconnect, layout.omit);
  layout.propertiesLength = properties;
  if (packet.reasonCode === 0 && properties === 0) return 0; // short form
  return 1 + propertyBlockSize(properties);
}

export function writeDisconnect(writer: ByteWriter, packet: DisconnectPacket, layout: EncodeLayout): void {
  writer.bytes[writer.pos++] = 0xe0; // [MQTT-3.14.1-1]
  writer.vbi(layout.remainingLength);
  if (layout.remainingLength === 0) return;
  writer.u8(packet.reasonCode, "reasonCode");
  writeProperties(writer, packet, PacketType.Disconnect, layout.omit, layout.propertiesLength);
}

export function decodeDisconnect(reader: ByteReader): DisconnectPacket {
  const packet: DisconnectPacket = { type: PacketType.Disconnect, reasonCode: 0 };
  if (reader.hasMore()) {
    const reasonCode = reader.u8("reasonCode");
    checkReasonCode(PacketType.Disconnect, reasonCode);
    packet.reasonCode = reasonCode;
    if (reader.hasMore()) decodeProperties(reader, PacketType.Disconnect, packet);
  }
  reader.expectEnd("DISCONNECT");
  return packet;
}
