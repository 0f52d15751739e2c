// Bounds-checked reads over bytes[pos, end) of one packet. Every overrun is a MalformedPacketError naming the
// field, so packet decoders never index past their Remaining Length.
import { MalformedPacketError } from "../errors.js";
import type { UserProperty } from "../model/packet.js";
import { decodeUtf8 } from "./utf8.js";
import { checkVbiByte } from "./vbi.js";

export class ByteReader {
  readonly bytes: Uint8Array;
  /** Next byte to read. */
  pos: number;
  /** One past the last readable byte; narrowed temporarily while a property block is read. */
  end: number;

  constructor(bytes: Uint8Array, pos: number, end: number) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  hasMore(): boolean {
    return this.pos < this.end;
  }

  u8(field: string): number {
    if (this.pos >= this.end) throw truncated(field);
    return this.bytes[this.pos++]!;
  }

  u16(field: string): number {
    const pos = this.pos;
    if (pos + 2 > this.end) throw truncated(field);
    const bytes = this.bytes;
    this.pos = pos + 2;
    return (bytes[pos]! << 8) | bytes[pos + 1]!;
  }

  u32(field: string): number {
    const pos = this.pos;
    if (pos + 4 > this.end) throw truncated(field);
    const bytes = this.bytes;
    this.pos = pos + 4;
    return bytes[pos]! * 0x1000000 + ((bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!);
  }

  /** Variable Byte Integer; non-minimal or over-long encodings are malformed [MQTT-1.5.5-1]. */
  vbi(field: string): number {
    let value = 0;
    let multiplier = 1;
    for (let index = 0; ; index++) {
      if (this.pos >= this.end) throw truncated(field);
      const byte = this.bytes[this.pos++]!;
      checkVbiByte(byte, index, field);
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return value;
      multiplier *= 128;
    }
  }

  /** UTF-8 Encoded String: Two Byte Integer length, then well-formed UTF-8 without U+0000. */
  utf8(field: string): string {
    const length = this.u16(field);
    const start = this.pos;
    const end = start + length;
    if (end > this.end) throw truncated(field);
    this.pos = end;
    return decodeUtf8(this.bytes, start, end, field);
  }

  /** Binary Data: Two Byte Integer length, then the bytes (a view into the input, not a copy). */
  binary(field: string): Uint8Array {
    const length = this.u16(field);
    return this.view(length, field);
  }

  /** UTF-8 String Pair; both halves follow the string rules [MQTT-1.5.7-1]. */
  utf8Pair(field: string): UserProperty {
    const name = this.utf8(field);
    const value = this.utf8(field);
    return { name, value };
  }

  /** The next `length` bytes as a view (no copy). */
  view(length: number, field: string): Uint8Array {
    const start = this.pos;
    const end = start + length;
    if (end > this.end) throw truncated(field);
    this.pos = end;
    return this.bytes.subarray(start, end);
  }

  /** Everything up to `end` as a view (PUBLISH payload). */
  rest(): Uint8Array {
    const start = this.pos;
    this.pos = this.end;
    return this.bytes.subarray(start, this.end);
  }

  /** A packet whose layout has ended must have consumed its whole Remaining Length. */
  expectEnd(packetName: string): void {
    if (this.pos !== this.end) {
      throw new MalformedPacketError(`${packetName}: ${this.end - this.pos} unexpected byte(s) after the last field`);
    }
  }
}

function truncated(field: string): MalformedPacketError {
  return new MalformedPacketError(`${field}: field runs past the end of the packet`);
}
