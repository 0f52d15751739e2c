// SUBACK (MQTT 5 §3.9) and UNSUBACK (§3.11) share one layout:
// `90|B0 RL | packet id | properties | reason code+` — one code per filter of the request, in order.
import type { SubackPacket, UnsubackPacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { checkReasonCode } from "../reason-codes.js";

export type SubscribeAckPacket = SubackPacket | UnsubackPacket;

export function measureSubscribeAck(packet: SubscribeAckPacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, packet.type, layout.omit);
  layout.propertiesLength = properties;
  return 2 + propertyBlockSize(properties) + packet.reasonCodes.length;
}

export function writeSubscribeAck(writer: ByteWriter, packet: SubscribeAckPacket, layout: EncodeLayout): void {
  writer.bytes[writer.pos++] = packet.type << 4;
  writer.vbi(layout.remainingLength);
  writer.u16(packet.packetId, "packetId");
  writeProperties(writer, packet, packet.type, layout.omit, layout.propertiesLength);
  for (const code of packet.reasonCodes) writer.u8(code, "reasonCodes");
}

export function decodeSubscribeAck(type: SubscribeAckPacket["type"], reader: ByteReader): SubscribeAckPacket {
  const packet = { type, packetId: reader.u16("packetId"), reasonCodes: [] as number[] } as SubscribeAckPacket;
  decodeProperties(reader, type, packet);
  const codes = packet.reasonCodes as number[];
  while (reader.hasMore()) {
    const code = reader.u8("reasonCode");
    checkReasonCode(type, code); // [MQTT-3.9.3-2] [MQTT-3.11.3-2]
    codes.push(code);
  }
  return packet;
}
