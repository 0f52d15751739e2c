// Which reason codes each packet may carry (MQTT 5 §2.4 and the per-packet tables). A decoded code outside its
// packet's list is a Protocol Error (0x82): the standard binds only the sender, so this is the receiver's
// reading (conformance digest rows 65, 123, 138, 146, verify). DISCONNECT accepts 0x8C, which the general table
// lists for it although the DISCONNECT table does not.
import { ProtocolError } from "../errors.js";
import { PacketType } from "../model/enums.js";

const PUBLISH_ACK_CODES = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];
const PUBLISH_RELEASE_CODES = [0x00, 0x92];

const CODES_BY_PACKET: ReadonlyMap<PacketType, readonly number[]> = new Map<PacketType, readonly number[]>([
  [
    PacketType.Connack,
    [
      0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97, 0x99, 0x9a,
      0x9b, 0x9c, 0x9d, 0x9f,
    ],
  ],
  [PacketType.Puback, PUBLISH_ACK_CODES],
  [PacketType.Pubrec, PUBLISH_ACK_CODES],
  [PacketType.Pubrel, PUBLISH_RELEASE_CODES],
  [PacketType.Pubcomp, PUBLISH_RELEASE_CODES],
  [PacketType.Suback, [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2]],
  [PacketType.Unsuback, [0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91]],
  [
    PacketType.Disconnect,
    [
      0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96,
      0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
    ],
  ],
  [PacketType.Auth, [0x00, 0x18, 0x19]],
]);

/** allowedPackets[code] has bit (1 << packetType) set when that packet may carry the code. */
const allowedPackets = new Uint32Array(256);
for (const [type, codes] of CODES_BY_PACKET) {
  for (const code of codes) allowedPackets[code]! |= 1 << type;
}

/** The reason codes `type` may carry, ascending; empty for packets without reason codes. */
export function reasonCodesFor(type: PacketType): readonly number[] {
  return CODES_BY_PACKET.get(type) ?? [];
}

export function isReasonCodeAllowed(type: PacketType, code: number): boolean {
  return code >= 0 && code <= 0xff && (allowedPackets[code]! & (1 << type)) !== 0;
}

/** Codes 0x80 and above report failure (§2.4). */
export function isFailureReasonCode(code: number): boolean {
  return code >= 0x80;
}

/** Decoder check: throws ProtocolError 0x82 for a code outside the packet's list. */
export function checkReasonCode(type: PacketType, code: number): void {
  if ((allowedPackets[code]! & (1 << type)) === 0) {
    throw new ProtocolError(
      0x82,
      `${PacketType[type].toUpperCase()}: reason code 0x${code.toString(16).padStart(2, "0")} is not allowed`,
    );
  }
}
