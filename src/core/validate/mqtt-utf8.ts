// MQTT UTF-8 rules checked on JS strings before they are encoded, and a well-formedness check for payload bytes.
// JS strings are UTF-16 and may hold lone surrogates, which TextEncoder would silently turn into U+FFFD; they must be
// refused instead [MQTT-1.5.4-1]. One pass over the char codes finds lone surrogates and U+0000 and measures the
// UTF-8 length at the same time, without allocating (String.prototype.isWellFormed is missing on Node 18 and would
// still need a second pass for the length).

import { ValidationRule } from "./rules.js";

/** Largest UTF-8 Encoded String / Binary Data: the length prefix is a Two Byte Integer. */
export const MAXIMUM_STRING_BYTES = 65_535;

/** scanMqttString result: the string holds a lone (unpaired) UTF-16 surrogate. */
export const SCAN_LONE_SURROGATE = -1;
/** scanMqttString result: the string holds U+0000. */
export const SCAN_NULL_CHARACTER = -2;

/**
 * Scans a string once: returns its UTF-8 byte length, or SCAN_LONE_SURROGATE / SCAN_NULL_CHARACTER.
 * Starts at `start` (a UTF-16 index) so callers can measure a suffix.
 */
export function scanMqttString(value: string, start = 0): number {
  let bytes = 0;
  const length = value.length;
  for (let i = start; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) {
      if (code === 0) return SCAN_NULL_CHARACTER; // [MQTT-1.5.4-2]
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code < 0xd800 || code > 0xdfff) {
      bytes += 3;
    } else {
      // A high surrogate must be followed by a low one; anything else is ill-formed [MQTT-1.5.4-1].
      if (code > 0xdbff) return SCAN_LONE_SURROGATE;
      const next = value.charCodeAt(i + 1); // NaN past the end, which fails the range test
      if (!(next >= 0xdc00 && next <= 0xdfff)) return SCAN_LONE_SURROGATE;
      i++;
      bytes += 4;
    }
  }
  return bytes;
}

/**
 * The rule a value breaks as an MQTT UTF-8 Encoded String, or undefined when it is acceptable.
 * Returns constants only, so the common (valid) path allocates nothing.
 */
export function mqttStringViolation(value: unknown): string | undefined {
  if (typeof value !== "string") return ValidationRule.notString;
  const bytes = scanMqttString(value);
  if (bytes === SCAN_LONE_SURROGATE) return ValidationRule.loneSurrogate;
  if (bytes === SCAN_NULL_CHARACTER) return ValidationRule.nullCharacter;
  if (bytes > MAXIMUM_STRING_BYTES) return ValidationRule.stringTooLong; // the length prefix cannot express it
  return undefined;
}

/** UTF-8 byte length of `value` from UTF-16 index `start`; a surrogate pair counts 4 (each half 2). */
export function utf8ByteLength(value: string, start = 0): number {
  let bytes = 0;
  const length = value.length;
  for (let i = start; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/**
 * True when `bytes` is well-formed UTF-8 per RFC 3629: no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF, no truncated sequence. Used for payloads flagged Payload Format Indicator 1; U+0000 is
 * allowed there (the payload is not an MQTT UTF-8 Encoded String).
 */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // Reading past the end yields 0, which is never a continuation byte, so truncation fails naturally.
    const second = bytes[i + 1] ?? 0;
    if (lead < 0xc2) return false; // stray continuation byte, or overlong 2-byte form (C0, C1)
    if (lead < 0xe0) {
      if ((second & 0xc0) !== 0x80) return false;
      i += 2;
      continue;
    }
    const third = bytes[i + 2] ?? 0;
    if (lead < 0xf0) {
      if ((second & 0xc0) !== 0x80 || (third & 0xc0) !== 0x80) return false;
      if (lead === 0xe0 && second < 0xa0) return false; // overlong 3-byte form
      if (lead === 0xed && second > 0x9f) return false; // encoded surrogate U+D800..U+DFFF
      i += 3;
      continue;
    }
    const fourth = bytes[i + 3] ?? 0;
    if (lead > 0xf4) return false; // would encode above U+10FFFF
    if ((second & 0xc0) !== 0x80 || (third & 0xc0) !== 0x80 || (fourth & 0xc0) !== 0x80) return false;
    if (lead === 0xf0 && second < 0x90) return false; // overlong 4-byte form
    if (lead === 0xf4 && second > 0x8f) return false; // above U+10FFFF
    i += 4;
  }
  return true;
}
