// UNSUBSCRIBE (MQTT 5 §3.10): `A2 RL | packet id | properties | topic filter+`.
import { ProtocolError } from "../../errors.js";
import { PacketType } from "../../model/enums.js";
import type { UnsubscribePacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import type { EncodeLayout } from "../encode-layout.js";
import { decodeProperties, propertiesLength, propertyBlockSize, writeProperties } from "../property-codec.js";
import { stringFieldLength } from "../utf8.js";

export function measureUnsubscribe(packet: UnsubscribePacket, layout: EncodeLayout): number {
  const properties = propertiesLength(packet, PacketType.Unsubscribe, 0);
  layout.propertiesLength = properties;
  let length = 2 + propertyBlockSize(properties);
  const filters = packet.topicFilters;
  for (let i = 0; i < filters.length; i++) length += 2 + stringFieldLength(filters[i]!, "topicFilters");
  return length;
}

export function writeUnsubscribe(writer: ByteWriter, packet: UnsubscribePacket, layout: EncodeLayout): void {
  writer.bytes[writer.pos++] = 0xa2; // [MQTT-3.10.1-1]
  writer.vbi(layout.remainingLength);
  writer.u16(packet.packetId, "packetId");
  writeProperties(writer, packet, PacketType.Unsubscribe, 0, layout.propertiesLength);
  for (const filter of packet.topicFilters) writer.utf8(filter);
}

export function decodeUnsubscribe(reader: ByteReader): UnsubscribePacket {
  const packet: UnsubscribePacket = { type: PacketType.Unsubscribe, packetId: reader.u16("packetId"), topicFilters: [] };
  decodeProperties(reader, PacketType.Unsubscribe, packet);
  while (reader.hasMore()) packet.topicFilters.push(reader.utf8("topicFilter"));
  // [MQTT-3.10.3-2] at least one filter; an empty payload is a Protocol Error.
  if (packet.topicFilters.length === 0) throw new ProtocolError(0x82, "UNSUBSCRIBE: no topic filter");
  return packet;
}
