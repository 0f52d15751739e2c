// A tiny deterministic PRNG for property tests, fuzzing and benchmarks: the same seed always yields the same
// sequence on every platform, so any failure can be replayed from the seed printed in its message.
// Generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" 128-bit state), seeded through splitmix32 so that
// nearby seeds (1, 2, 3, …) still give unrelated streams. Written here to avoid a test dependency.

/** Scramble a 32-bit seed into a well-mixed 32-bit word (splitmix32 step). */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** Code points a valid MQTT string may contain but that are easy to get wrong (see conformance digest §1). */
const TRICKY_CODE_POINTS: readonly number[] = [
  0xfeff, // zero-width no-break space: must never be stripped as a "BOM" [MQTT-1.5.4-3]
  0x0001, // control characters: "should not" be sent, but a receiver is recommended to accept them
  0x001f,
  0x007f,
  0x0080,
  0x009f,
  0x00e9, // 2-byte UTF-8
  0x07ff, // largest 2-byte
  0x0800, // smallest 3-byte
  0xd7ff, // just below the surrogate range
  0xe000, // just above the surrogate range
  0xfffd,
  0xffff, // non-character, still well-formed UTF-8
  0x10000, // smallest astral (surrogate pair in JS)
  0x1f600,
  0x10ffff, // largest code point
];

export class SeededRandom {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    let state = this.seed;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, output] = splitmix32(state);
      state = next;
      words.push(output);
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    // Discard the first outputs: sfc32 mixes its state during its first dozen steps.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1) with 53 bits of randomness. */
  float(): number {
    const high = this.nextU32() >>> 5; // 27 bits
    const low = this.nextU32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [lo, hi], both inclusive; exact for ranges up to 2^53. */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`SeededRandom.int: bad range [${lo}, ${hi}]`);
    }
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** true with probability `pTrue`. */
  bool(pTrue = 0.5): boolean {
    return this.float() < pTrue;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("SeededRandom.pick: empty list");
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Pick with probability proportional to weight. */
  weighted<T>(choices: ReadonlyArray<readonly [weight: number, value: T]>): T {
    let total = 0;
    for (const [weight] of choices) total += weight;
    let roll = this.float() * total;
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new RangeError("SeededRandom.weighted: empty list");
    return last[1];
  }

  /** `count` random bytes. */
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let i = 0;
    for (; i + 4 <= count; i += 4) {
      const word = this.nextU32();
      out[i] = word >>> 24;
      out[i + 1] = (word >>> 16) & 0xff;
      out[i + 2] = (word >>> 8) & 0xff;
      out[i + 3] = word & 0xff;
    }
    for (; i < count; i++) out[i] = this.nextU32() & 0xff;
    return out;
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** An independent generator derived from this one (for sub-tasks whose draw count may vary). */
  fork(): SeededRandom {
    return new SeededRandom(this.nextU32());
  }

  /** Printable ASCII (U+0020..U+007E) of exactly `length` characters. */
  asciiString(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += String.fromCharCode(this.int(0x20, 0x7e));
    return out;
  }

  /** Characters from `alphabet`, exactly `length` of them. */
  stringFrom(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  /**
   * One Unicode scalar value that is legal in an MQTT string: never U+0000 [MQTT-1.5.4-2] and never a surrogate
   * [MQTT-1.5.4-1]. Mixes ASCII, tricky points (U+FEFF, controls, non-characters), BMP and astral planes.
   */
  codePoint(): number {
    const roll = this.int(0, 99);
    if (roll < 50) return this.int(0x20, 0x7e);
    if (roll < 60) return this.pick(TRICKY_CODE_POINTS);
    if (roll < 64) return this.int(0x01, 0x1f);
    if (roll < 76) return this.int(0x80, 0x7ff);
    if (roll < 88) return this.bool() ? this.int(0x800, 0xd7ff) : this.int(0xe000, 0xffff);
    return this.int(0x10000, 0x10ffff);
  }

  /** Full-Unicode string of `codePoints` scalar values (UTF-8 length 1–4 bytes each). */
  unicodeString(codePoints: number): string {
    let out = "";
    for (let i = 0; i < codePoints; i++) out += String.fromCodePoint(this.codePoint());
    return out;
  }

  /**
   * A legal MQTT string whose UTF-8 encoding is exactly `byteLength` bytes: random code points while there is
   * room, padded with ASCII at the end. Used for boundary sizes such as 65,535 bytes.
   */
  stringOfUtf8Length(byteLength: number): string {
    const parts: string[] = [];
    let remaining = byteLength;
    while (remaining >= 4) {
      const cp = this.codePoint();
      parts.push(String.fromCodePoint(cp));
      remaining -= utf8LengthOfCodePoint(cp);
    }
    parts.push(this.asciiString(remaining));
    return parts.join("");
  }
}

/** Number of UTF-8 bytes a scalar value encodes to. */
export function utf8LengthOfCodePoint(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Reads the seed list from the environment variable `name` (one seed) or falls back to `defaults`. */
export function seedsFromEnvironment(name: string, defaults: readonly number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return defaults.slice();
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`${name} must be an integer in [0, 2^32): got ${JSON.stringify(raw)}`);
  }
  return [seed];
}

/** Hex dump (lowercase, no separators) of at most `limit` bytes, with an ellipsis marker when cut. */
export function hex(bytes: Uint8Array, limit = 4096): string {
  let out = "";
  const end = Math.min(bytes.length, limit);
  for (let i = 0; i < end; i++) out += (bytes[i] as number).toString(16).padStart(2, "0");
  return end < bytes.length ? `${out}…(+${bytes.length - end} bytes)` : out;
}

/** Inverse of `hex` (for reproducers pasted back into run-fuzz). */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[^0-9a-fA-F]/g, "");
  if (clean.length % 2 !== 0) throw new RangeError("fromHex: odd number of hex digits");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
