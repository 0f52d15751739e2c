// Variable Byte Integer (MQTT 5 §1.5.5): 7 value bits per byte, least significant group first, bit 7 = "more
// bytes follow", at most 4 bytes. Used for Remaining Length, Property Length, Subscription Identifier.
import { MalformedPacketError, ValidationError } from "../errors.js";

/** Largest value a Variable Byte Integer can hold (4 bytes). */
export const VBI_MAXIMUM = 268_435_455;

/** Bytes needed to encode `value` with the fewest bytes [MQTT-1.5.5-1]; `value` must be in 0..VBI_MAXIMUM. */
export function vbiSize(value: number): number {
  if (value < 128) return 1;
  if (value < 16_384) return 2;
  if (value < 2_097_152) return 3;
  return 4;
}

/** Like vbiSize, but refuses values a VBI cannot carry instead of producing malformed bytes. */
export function checkedVbiSize(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > VBI_MAXIMUM) {
    throw new ValidationError(field, "must be an integer in 0..268,435,455 (Variable Byte Integer)");
  }
  return vbiSize(value);
}

/** Writes `value` at `offset` using the fewest bytes [MQTT-1.5.5-1]; returns the offset after it. */
export function writeVbi(target: Uint8Array, offset: number, value: number): number {
  let remaining = value;
  while (remaining >= 128) {
    target[offset++] = (remaining & 0x7f) | 0x80;
    remaining >>>= 7; // values stay below 2^28, so 32-bit shifts are exact
  }
  target[offset++] = remaining;
  return offset;
}

/**
 * Checks byte number `index` (0-based) of a VBI as a decoder meets it. A 4th byte with the continuation bit, or a
 * final 0x00 after the first byte (a value that fits in fewer bytes), breaks the fewest-bytes rule.
 */
export function checkVbiByte(byte: number, index: number, field: string): void {
  // [MQTT-1.5.5-1] a final byte of 0 after the first means the value fitted in fewer bytes.
  if (byte === 0 && index > 0) throw new MalformedPacketError(`${field}: Variable Byte Integer is not minimally encoded`);
  // [MQTT-1.5.5-1] at most 4 bytes: the 4th must not announce a 5th.
  if (index === 3 && byte >= 0x80) throw new MalformedPacketError(`${field}: Variable Byte Integer longer than 4 bytes`);
}
