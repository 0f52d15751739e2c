// Byte-stream helpers for codec property and fuzz tests: cutting a stream into random chunks (the decoder must not
// care where TCP splits the bytes) and splitting one frame into its fixed-header byte and body by reading the
// Remaining Length independently of the codec under test.
import type { SeededRandom } from "../support/seeded-random.js";

export type ChunkingStrategy = "whole" | "bytewise" | "tiny" | "small" | "random-cuts" | "mixed";

export const CHUNKING_STRATEGIES: readonly ChunkingStrategy[] = ["whole", "bytewise", "tiny", "small", "random-cuts", "mixed"];

/** Lengths of consecutive chunks covering `total` bytes (every length ≥ 1; empty input gives []). */
export function chunkLengths(rng: SeededRandom, total: number, strategy: ChunkingStrategy): number[] {
  const lengths: number[] = [];
  const take = (size: number): void => {
    lengths.push(size);
  };
  let left = total;
  switch (strategy) {
    case "whole":
      if (total > 0) take(total);
      return lengths;
    case "bytewise":
      for (let i = 0; i < total; i++) take(1);
      return lengths;
    case "random-cuts": {
      // A few cut points anywhere, so chunk boundaries fall inside headers, VBIs, strings and payloads.
      const cuts = new Set<number>();
      const count = rng.int(0, Math.min(8, Math.max(0, total - 1)));
      for (let i = 0; i < count; i++) cuts.add(rng.int(1, total - 1));
      let previous = 0;
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        take(cut - previous);
        previous = cut;
      }
      if (total > previous) take(total - previous);
      return lengths;
    }
    case "tiny":
    case "small":
    case "mixed":
      while (left > 0) {
        const max = strategy === "tiny" ? 4 : strategy === "small" ? 64 : rng.pick([1, 2, 7, 64, 1500, 65_536]);
        const size = Math.min(left, rng.int(1, max));
        take(size);
        left -= size;
      }
      return lengths;
  }
}

/** `bytes` cut into consecutive views according to `lengths`. */
export function cut(bytes: Uint8Array, lengths: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const length of lengths) {
    chunks.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return chunks;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export interface SplitFrame {
  fixedHeaderByte: number;
  /** Bytes after the Remaining Length. */
  body: Uint8Array;
  /** Number of bytes the Remaining Length field occupied (1–4). */
  remainingLengthBytes: number;
}

/** Splits one complete frame; undefined if the bytes are not exactly one frame by their Remaining Length. */
export function trySplitFrame(frame: Uint8Array): SplitFrame | undefined {
  let value = 0;
  let multiplier = 1;
  let index = 1;
  for (;;) {
    const byte = frame[index];
    if (byte === undefined || index > 4) return undefined; // truncated or overlong Remaining Length
    value += (byte & 0x7f) * multiplier;
    multiplier *= 128;
    index++;
    if ((byte & 0x80) === 0) break;
  }
  if (frame.length !== index + value) return undefined;
  return { fixedHeaderByte: frame[0] as number, body: frame.subarray(index), remainingLengthBytes: index - 1 };
}

/** Splits one complete, well-formed frame; throws (a plain Error: test-side bug) if it is not exactly one frame. */
export function splitFrame(frame: Uint8Array): SplitFrame {
  const split = trySplitFrame(frame);
  if (split === undefined) throw new Error(`splitFrame: ${frame.length} bytes are not exactly one frame`);
  return split;
}

/** Minimal VBI encoding of `value` (used to build or corrupt Remaining Length fields). */
export function encodeVbi(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    let digit = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) digit |= 0x80;
    out.push(digit);
  } while (rest > 0);
  return Uint8Array.from(out);
}
