// PINGREQ and PINGRESP (MQTT 5 §3.12, §3.13): exactly `C0 00` and `D0 00`.
import { PacketType } from "../../model/enums.js";
import type { PingreqPacket, PingrespPacket } from "../../model/packet.js";
import type { ByteReader } from "../byte-reader.js";
import type { ByteWriter } from "../byte-writer.js";
import { packetName } from "../fixed-header.js";

export type PingPacket = PingreqPacket | PingrespPacket;

export function writePing(writer: ByteWriter, packet: PingPacket): void {
  writer.bytes[writer.pos++] = packet.type << 4;
  writer.bytes[writer.pos++] = 0;
}

export function decodePing(type: PingPacket["type"], reader: ByteReader): PingPacket {
  reader.expectEnd(packetName(type)); // any Remaining Length other than 0 is malformed
  return type === PacketType.Pingreq ? { type: PacketType.Pingreq } : { type: PacketType.Pingresp };
}
