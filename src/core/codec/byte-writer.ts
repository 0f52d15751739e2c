// Sequential writes into a preallocated buffer that the measuring pass sized exactly. Integer writes refuse values
// their field cannot carry (ValidationError naming the field) rather than truncating them into wrong bytes.
import { ValidationError } from "../errors.js";
import { writeUtf8 } from "./utf8.js";
import { writeVbi } from "./vbi.js";

export class ByteWriter {
  bytes: Uint8Array;
  /** Next byte to write. */
  pos: number;

  constructor(bytes: Uint8Array, pos: number) {
    this.bytes = bytes;
    this.pos = pos;
  }

  /** Points the writer at another buffer, so one writer can serve every encode call (no allocation per packet). */
  reset(bytes: Uint8Array, pos: number): this {
    this.bytes = bytes;
    this.pos = pos;
    return this;
  }

  u8(value: number, field: string): void {
    if ((value & 0xff) !== value) throw outOfRange(field, "0..255");
    this.bytes[this.pos++] = value;
  }

  u16(value: number, field: string): void {
    if ((value & 0xffff) !== value) throw outOfRange(field, "0..65,535");
    const bytes = this.bytes;
    const pos = this.pos;
    bytes[pos] = value >>> 8;
    bytes[pos + 1] = value & 0xff;
    this.pos = pos + 2;
  }

  u32(value: number, field: string): void {
    if (value >>> 0 !== value) throw outOfRange(field, "0..4,294,967,295");
    const bytes = this.bytes;
    const pos = this.pos;
    bytes[pos] = value >>> 24;
    bytes[pos + 1] = (value >>> 16) & 0xff;
    bytes[pos + 2] = (value >>> 8) & 0xff;
    bytes[pos + 3] = value & 0xff;
    this.pos = pos + 4;
  }

  /** Variable Byte Integer; the measuring pass has already checked the range (checkedVbiSize). */
  vbi(value: number): void {
    this.pos = writeVbi(this.bytes, this.pos, value);
  }

  /**
   * UTF-8 Encoded String. The measuring pass checked the string (length ≤ 65,535, no U+0000, no lone
   * surrogate) but kept no per-string state, so the length prefix is filled in after the bytes are written:
   * one walk over the string here instead of a second length computation.
   */
  utf8(value: string): void {
    const start = this.pos;
    const end = writeUtf8(value, this.bytes, start + 2);
    const length = end - start - 2;
    this.bytes[start] = length >>> 8;
    this.bytes[start + 1] = length & 0xff;
    this.pos = end;
  }

  /** Binary Data: Two Byte Integer length, then the bytes (length checked by the measuring pass). */
  binary(value: Uint8Array): void {
    const length = value.length;
    const bytes = this.bytes;
    const pos = this.pos;
    bytes[pos] = length >>> 8;
    bytes[pos + 1] = length & 0xff;
    this.pos = pos + 2;
    this.raw(value);
  }

  /** Raw bytes (PUBLISH payload). Tiny copies are cheaper in a loop than through TypedArray.set. */
  raw(value: Uint8Array): void {
    const length = value.length;
    const bytes = this.bytes;
    let pos = this.pos;
    if (length <= 8) {
      for (let i = 0; i < length; i++) bytes[pos++] = value[i]!;
    } else {
      bytes.set(value, pos);
      pos += length;
    }
    this.pos = pos;
  }
}

function outOfRange(field: string, range: string): ValidationError {
  return new ValidationError(field, `must be an integer in ${range}`);
}
