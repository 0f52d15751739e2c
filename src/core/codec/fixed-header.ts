// Fixed header byte 1: packet type (bits 7–4) and flags (bits 3–0). Reserved flags must be exactly 0010 for
// PUBREL, SUBSCRIBE and UNSUBSCRIBE and 0000 for the other non-PUBLISH types [MQTT-2.1.3-1]; PUBLISH flags are
// DUP, QoS (2 bits) and RETAIN, where QoS 3 [MQTT-3.3.1-4] and DUP with QoS 0 [MQTT-3.3.1-2] are malformed.
import { MalformedPacketError } from "../errors.js";
import { PacketType } from "../model/enums.js";

/** The fixed-header byte of every non-PUBLISH packet type. */
export function firstByteOf(type: PacketType): number {
  const reservedFlags = type === PacketType.Pubrel || type === PacketType.Subscribe || type === PacketType.Unsubscribe;
  return (type << 4) | (reservedFlags ? 0x02 : 0x00);
}

/** Why `firstByte` cannot start a packet, or undefined if it can. */
function firstByteProblem(firstByte: number): string | undefined {
  const type = firstByte >> 4;
  const flags = firstByte & 0x0f;
  if (type === 0) return "packet type 0 is reserved";
  if (type === PacketType.Publish) {
    const qos = (flags >> 1) & 0x03;
    if (qos === 3) return "PUBLISH with QoS 3"; // [MQTT-3.3.1-4]
    if (qos === 0 && (flags & 0x08) !== 0) return "PUBLISH with QoS 0 and DUP 1"; // [MQTT-3.3.1-2]
    return undefined;
  }
  if (firstByte !== firstByteOf(type)) {
    // [MQTT-2.1.3-1] reserved flag bits must carry exactly the listed values.
    return `${PacketType[type]!.toUpperCase()} with reserved flags 0x${flags.toString(16)}`;
  }
  return undefined;
}

/** validFirstByte[b] is 1 when b can start a packet; built once so the hot path is one lookup. */
const validFirstByte = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) validFirstByte[byte] = firstByteProblem(byte) === undefined ? 1 : 0;

/** Throws MalformedPacketError unless `firstByte` is a valid fixed-header byte 1. */
export function checkFirstByte(firstByte: number): void {
  if (validFirstByte[firstByte] !== 1) {
    throw new MalformedPacketError(`fixed header: ${firstByteProblem(firstByte) ?? "invalid first byte"}`);
  }
}

/** "PUBLISH", "CONNACK", … for messages. */
export function packetName(type: PacketType): string {
  return PacketType[type].toUpperCase();
}
