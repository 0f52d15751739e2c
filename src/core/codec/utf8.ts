// MQTT UTF-8 Encoded Strings (§1.5.4): well-formed UTF-8 (no surrogates, no overlongs, nothing above U+10FFFF),
// no U+0000, at most 65,535 bytes. Encoding walks the JS string by hand: short ASCII strings (the usual topic)
// are cheaper to copy in a loop than to hand to TextEncoder, and one walk also finds lone surrogates and U+0000.
import { MalformedPacketError, ValidationError } from "../errors.js";

/** Largest byte length of an MQTT string or Binary Data field (Two Byte Integer length prefix). */
export const MAXIMUM_STRING_BYTES = 65_535;

/** Up to this many bytes, an ASCII string is decoded by hand rather than by TextDecoder. */
const SHORT_STRING_BYTES = 12;

/** Above this many UTF-16 units, TextEncoder.encodeInto beats the hand-written loop. */
const ENCODE_INTO_THRESHOLD = 48;

const textEncoder = new TextEncoder();
// fatal: ill-formed input throws instead of becoming U+FFFD [MQTT-1.5.4-1];
// ignoreBOM: keep a leading U+FEFF instead of stripping it [MQTT-1.5.4-3].
const textDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * UTF-8 byte length of `value`, without allocating. Throws ValidationError naming `field` for U+0000
 * [MQTT-1.5.4-2] and lone surrogates [MQTT-1.5.4-1], which would otherwise become bytes the peer must reject
 * (or be silently replaced by U+FFFD). The 65,535-byte limit is checked by the caller (see stringFieldLength).
 */
export function utf8ByteLength(value: string, field: string): number {
  const length = value.length;
  let bytes = length;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) {
      if (code === 0) throw new ValidationError(field, "must not contain U+0000");
    } else if (code < 0x800) {
      bytes += 1;
    } else if (code < 0xd800 || code > 0xdfff) {
      bytes += 2;
    } else if (code <= 0xdbff && i + 1 < length && isLowSurrogate(value.charCodeAt(i + 1))) {
      bytes += 2; // the pair (2 UTF-16 units) becomes 4 bytes
      i++;
    } else {
      throw new ValidationError(field, "must not contain a lone surrogate (ill-formed UTF-16)");
    }
  }
  return bytes;
}

/** Byte length of `value` as an MQTT string field body; refuses more than 65,535 bytes. */
export function stringFieldLength(value: string, field: string): number {
  const bytes = utf8ByteLength(value, field);
  if (bytes > MAXIMUM_STRING_BYTES) throw new ValidationError(field, "must encode to at most 65,535 UTF-8 bytes");
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Writes `value` as UTF-8 at `offset` and returns the offset after it. The caller has sized the target with
 * utf8ByteLength (which also rejected lone surrogates), so there is room and the input is well-formed.
 */
export function writeUtf8(value: string, target: Uint8Array, offset: number): number {
  const length = value.length;
  if (length > ENCODE_INTO_THRESHOLD) {
    return offset + textEncoder.encodeInto(value, target.subarray(offset)).written;
  }
  let position = offset;
  for (let i = 0; i < length; i++) {
    let code = value.charCodeAt(i);
    if (code < 0x80) {
      target[position++] = code;
    } else if (code < 0x800) {
      target[position++] = 0xc0 | (code >> 6);
      target[position++] = 0x80 | (code & 0x3f);
    } else if (code < 0xd800 || code > 0xdfff) {
      target[position++] = 0xe0 | (code >> 12);
      target[position++] = 0x80 | ((code >> 6) & 0x3f);
      target[position++] = 0x80 | (code & 0x3f);
    } else {
      code = 0x10000 + ((code - 0xd800) << 10) + (value.charCodeAt(++i) - 0xdc00);
      target[position++] = 0xf0 | (code >> 18);
      target[position++] = 0x80 | ((code >> 12) & 0x3f);
      target[position++] = 0x80 | ((code >> 6) & 0x3f);
      target[position++] = 0x80 | (code & 0x3f);
    }
  }
  return position;
}

/**
 * Decodes bytes[start, end) as an MQTT string: well-formed UTF-8 [MQTT-1.5.4-1] without U+0000 [MQTT-1.5.4-2];
 * U+FEFF is kept wherever it appears [MQTT-1.5.4-3]. Throws MalformedPacketError naming `field` otherwise.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number, field: string): string {
  if (end - start <= SHORT_STRING_BYTES) {
    // Short ASCII strings (user property names, short topics): building the string by hand beats a call into
    // TextDecoder. ASCII is always well-formed; only U+0000 needs rejecting.
    let text = "";
    let i = start;
    for (; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80) break;
      if (byte === 0) throw new MalformedPacketError(`${field}: string contains U+0000`);
      text += String.fromCharCode(byte);
    }
    if (i === end) return text;
  }
  // U+0000 can only be the byte 0x00 in well-formed UTF-8 (the overlong C0 80 is rejected by the fatal decoder),
  // so one byte scan covers [MQTT-1.5.4-2].
  for (let i = start; i < end; i++) {
    if (bytes[i] === 0) throw new MalformedPacketError(`${field}: string contains U+0000`);
  }
  try {
    return textDecoder.decode(bytes.subarray(start, end));
  } catch {
    throw new MalformedPacketError(`${field}: string is not well-formed UTF-8`);
  }
}
