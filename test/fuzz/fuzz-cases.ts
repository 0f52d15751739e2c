// Fuzz cases for the streaming decoder and the invariant every case must keep. Shared by the CI test
// (decoder-fuzz.test.ts) and the long-running script (run-fuzz.ts).
//
// A case is a byte stream (random bytes, or valid frames from the packet generators with 1–3 mutations: bit flips,
// byte overwrites, insertions, deletions, truncation, Remaining Length corruption, splicing two frames, copying a
// slice elsewhere), a chunking of it and an optional Maximum Packet Size. The invariant:
//  - every push returns packets or throws a ProtocolError (MalformedPacketError is one) whose reason code is one a
//    decoder can legitimately report — never any other exception type;
//  - the decoder never buffers more than the maximum packet size (or the 5 bytes a fixed header may need);
//  - it never returns more packets than 2-byte frames fit in the input (no runaway loop), and after an error
//    reset() makes it usable again;
//  - every packet it returns re-encodes and decodes to the same packet, and when the case is exactly one
//    well-framed frame, decodePacket agrees with the streaming decoder.
// Cases are generated from (seed, index) alone, so a failure replays without running the cases before it.
import { isDeepStrictEqual } from "node:util";
import { decodePacket, encodePacket, PacketDecoder } from "../../src/core/codec/index.js";
import { type DecodeOptions, PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES } from "../../src/core/codec/codec-context.js";
import { ProtocolError } from "../../src/core/errors.js";
import { PacketType } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import { ALL_PACKET_TYPES, randomPacket } from "../support/packet-generators.js";
import { hex, SeededRandom } from "../support/seeded-random.js";
import { chunkLengths, CHUNKING_STRATEGIES, concat, cut, encodeVbi, splitFrame, trySplitFrame } from "../property/frames.js";
import { describePacket, normalisePacket } from "../property/packet-normalise.js";

/**
 * Reasons a decoder can legitimately report (conformance digest §2–§5): 0x81 Malformed Packet, 0x82 Protocol
 * Error, 0x84 Unsupported Protocol Version (CONNECT with a version other than 5 [MQTT-3.1.2-2]), 0x94 Topic Alias
 * invalid, 0x95 Packet too large, 0x99 Payload format invalid (a receiver MAY check a PFI=1 payload).
 */
export const DECODER_REASON_CODES: ReadonlySet<number> = new Set([0x81, 0x82, 0x84, 0x94, 0x95, 0x99]);

/**
 * A ProtocolError whose message is a stringified JavaScript error ("TypeError: …") is an internal bug that the
 * decoder's defensive catch-all turned into 0x81; the fuzzer must still see it.
 */
const WRAPPED_INTERNAL_ERROR = /\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError)\b|^(undecodable packet: )?Error\b/;

export interface FuzzCase {
  seed: number;
  index: number;
  kind: string;
  bytes: Uint8Array;
  chunkLengths: number[];
  maximumPacketSizeBytes?: number;
}

export interface FuzzOutcome {
  packets: number;
  /** Reason code of the ProtocolError that ended the case, if any. */
  reasonCode?: number;
}

export class FuzzFailure extends Error {
  constructor(readonly fuzzCase: FuzzCase, problem: string) {
    super(`${problem}\n${reproducer(fuzzCase)}`);
  }
}

export function reproducer(c: FuzzCase): string {
  const max = c.maximumPacketSizeBytes === undefined ? "" : ` --max ${c.maximumPacketSizeBytes}`;
  return [
    `  case: seed ${c.seed} index ${c.index} (${c.kind}), replay: npm run fuzz -- --seed ${c.seed} --case ${c.index}`,
    `  bytes (${c.bytes.length}): ${hex(c.bytes, 2048)}`,
    `  chunks: ${c.chunkLengths.join(",")}${max}`,
    `  or: node .test-build/test/fuzz/run-fuzz.js --replay ${hex(c.bytes, Number.MAX_SAFE_INTEGER)} --chunks ${c.chunkLengths.join(",")}${max}`,
  ].join("\n");
}

const SMALL_PACKETS = { hugeFieldProbability: 0, maxShortLength: 8, maxPayloadBytes: 48 } as const;
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x26, 0x0b, 0x1f, 0xc0, 0xe0] as const;
const HEADER_BYTES = [0x10, 0x20, 0x30, 0x32, 0x34, 0x3b, 0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xa2, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0];

/** Valid frames to mutate: a pool per run seed (generating a packet per case would dominate the run time). */
const FRAME_POOL_SIZE = 600;
const framePools = new Map<number, Uint8Array[]>();

function framePool(seed: number): Uint8Array[] {
  let pool = framePools.get(seed);
  if (pool === undefined) {
    const rng = new SeededRandom(seed ^ 0x5a5a_5a5a);
    pool = Array.from({ length: FRAME_POOL_SIZE }, (_, i) =>
      encodePacket(randomPacket(rng, ALL_PACKET_TYPES[i % ALL_PACKET_TYPES.length], SMALL_PACKETS)));
    framePools.clear(); // one run uses one seed; keep memory flat across many seeds
    framePools.set(seed, pool);
  }
  return pool;
}

function randomBytes(rng: SeededRandom): Uint8Array {
  const length = rng.bool(0.9) ? rng.int(0, 48) : rng.int(49, 600);
  const bytes = rng.bytes(length);
  if (length > 0 && rng.bool(0.6)) bytes[0] = rng.pick(HEADER_BYTES);
  if (length > 1 && rng.bool(0.6)) bytes[1] = rng.int(0, length); // a plausible Remaining Length
  return bytes;
}

/** Byte offsets of the Remaining Length field of a frame (1..4 bytes after the first byte). */
function remainingLengthEnd(frame: Uint8Array): number {
  let index = 1;
  while (index < frame.length && index < 5 && ((frame[index] as number) & 0x80) !== 0) index++;
  return Math.min(index + 1, frame.length);
}

function corruptRemainingLength(rng: SeededRandom, frame: Uint8Array): Uint8Array {
  const end = remainingLengthEnd(frame);
  const body = frame.subarray(end);
  const replacement = rng.pick<() => Uint8Array>([
    () => encodeVbi(Math.max(0, body.length + rng.int(-3, 3))),
    () => encodeVbi(rng.int(0, 268_435_455)),
    () => Uint8Array.from([0x80 | (body.length & 0x7f), body.length >> 7]), // non-minimal when length < 128
    () => Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x01]), // continuation bit on the 4th byte
    () => Uint8Array.from([0xff, 0xff, 0xff, 0x7f]), // the largest Remaining Length
    () => Uint8Array.from([0x80]), // cut inside the VBI
  ])();
  return concat([frame.subarray(0, 1), replacement, body]);
}

function mutate(rng: SeededRandom, frame: Uint8Array, pool: readonly Uint8Array[]): [Uint8Array, string] {
  const bytes = frame.slice();
  const position = (extra = 0): number => rng.int(0, Math.max(0, bytes.length - 1 + extra));
  const kind = rng.pick(["bit-flip", "byte-set", "insert", "delete", "truncate", "rl-corrupt", "splice", "copy-slice"]);
  switch (kind) {
    case "bit-flip": {
      if (bytes.length === 0) return [bytes, kind];
      const at = position();
      bytes[at] = (bytes[at] as number) ^ (1 << rng.int(0, 7));
      return [bytes, kind];
    }
    case "byte-set":
      if (bytes.length > 0) bytes[position()] = rng.bool() ? rng.pick(INTERESTING_BYTES) : rng.int(0, 255);
      return [bytes, kind];
    case "insert": {
      const at = position(1);
      return [concat([bytes.subarray(0, at), rng.bytes(rng.int(1, 4)), bytes.subarray(at)]), kind];
    }
    case "delete": {
      const at = position();
      return [concat([bytes.subarray(0, at), bytes.subarray(at + rng.int(1, 4))]), kind];
    }
    case "truncate":
      return [bytes.subarray(0, position()), kind];
    case "rl-corrupt":
      return [corruptRemainingLength(rng, bytes), kind];
    case "splice": {
      const other = rng.pick(pool);
      return [concat([bytes.subarray(0, position(1)), other.subarray(rng.int(0, other.length))]), kind];
    }
    default: {
      // Copy a slice to another place: repeats properties, strings and whole fields.
      const from = position();
      const slice = bytes.slice(from, from + rng.int(1, 12));
      const at = position(1);
      return [concat([bytes.subarray(0, at), slice, bytes.subarray(at)]), "copy-slice"];
    }
  }
}

/** The case at `index` of the run seeded with `seed`. */
export function makeCase(seed: number, index: number): FuzzCase {
  const rng = new SeededRandom((Math.imul(seed, 0x9e3779b1) ^ index) >>> 0);
  const pool = framePool(seed);
  let bytes: Uint8Array;
  let kind: string;
  const roll = rng.int(0, 99);
  if (roll < 20) {
    bytes = randomBytes(rng);
    kind = "random-bytes";
  } else if (roll < 85) {
    let frame = rng.pick(pool);
    const kinds: string[] = [];
    const mutations = rng.weighted<number>([[6, 1], [3, 2], [1, 3]]);
    for (let i = 0; i < mutations; i++) {
      const [mutated, mutation] = mutate(rng, frame, pool);
      frame = mutated;
      kinds.push(mutation);
    }
    bytes = frame;
    kind = kinds.join("+");
  } else {
    // Several frames in one stream, one of them mutated: errors must not depend on frame position.
    const frames = Array.from({ length: rng.int(2, 4) }, () => rng.pick(pool));
    const victim = rng.int(0, frames.length - 1);
    const [mutated, mutation] = mutate(rng, frames[victim] as Uint8Array, pool);
    frames[victim] = mutated;
    bytes = concat(frames);
    kind = `stream(${frames.length})+${mutation}`;
  }
  const strategy = rng.pick(CHUNKING_STRATEGIES);
  const fuzzCase: FuzzCase = { seed, index, kind, bytes, chunkLengths: chunkLengths(rng, bytes.length, strategy) };
  // Mostly with a Maximum Packet Size (small ones make 0x95 common); sometimes with the protocol's own limit.
  if (rng.bool(0.9)) fuzzCase.maximumPacketSizeBytes = rng.bool(0.8) ? rng.int(2, 400) : rng.int(401, 1 << 20);
  return fuzzCase;
}

const PINGRESP = Uint8Array.from([0xd0, 0x00]);

/** The part of PacketDecoder the fuzzer drives (a seam so the harness itself can be tested with a broken one). */
export interface StreamDecoder {
  push(chunk: Uint8Array): Packet[];
  reset(): void;
  readonly bufferedBytes: number;
}

export type DecoderFactory = (options: DecodeOptions) => StreamDecoder;

const realDecoder: DecoderFactory = (options) => new PacketDecoder(options);

/** Runs one case; throws FuzzFailure when an invariant breaks. */
export function runCase(c: FuzzCase, makeDecoder: DecoderFactory = realDecoder): FuzzOutcome {
  const options: DecodeOptions = c.maximumPacketSizeBytes === undefined ? {} : { maximumPacketSizeBytes: c.maximumPacketSizeBytes };
  const limit = c.maximumPacketSizeBytes ?? PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES;
  const decoder = makeDecoder(options);
  const packets: Packet[] = [];
  let pushed = 0;
  let failure: ProtocolError | undefined;
  for (const chunk of cut(c.bytes, c.chunkLengths)) {
    pushed += chunk.length;
    try {
      for (const packet of decoder.push(chunk)) packets.push(packet);
    } catch (error) {
      if (!(error instanceof ProtocolError)) {
        const name = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
        throw new FuzzFailure(c, `push threw a non-ProtocolError: ${name}`);
      }
      if (WRAPPED_INTERNAL_ERROR.test(error.message)) {
        throw new FuzzFailure(c, `internal error disguised as ProtocolError 0x${error.reasonCode.toString(16)}: ${error.message}`);
      }
      if (!DECODER_REASON_CODES.has(error.reasonCode)) {
        throw new FuzzFailure(c, `ProtocolError with unexpected reason code 0x${error.reasonCode.toString(16)}: ${error.message}`);
      }
      failure = error;
      break;
    }
    const buffered = decoder.bufferedBytes;
    if (buffered > Math.max(limit, 5) || buffered > pushed) {
      throw new FuzzFailure(c, `bufferedBytes ${buffered} exceeds max(limit ${limit}, 5) or the ${pushed} bytes pushed`);
    }
    if (packets.length > pushed / 2) throw new FuzzFailure(c, `${packets.length} packets from ${pushed} bytes`);
  }
  if (failure !== undefined) checkResetRecovers(c, decoder);
  for (const packet of packets) checkReencodes(c, packet);
  if (failure === undefined || failure.reasonCode !== 0x95) checkDirectDecodeAgrees(c, packets, failure);
  return failure === undefined ? { packets: packets.length } : { packets: packets.length, reasonCode: failure.reasonCode };
}

function checkResetRecovers(c: FuzzCase, decoder: StreamDecoder): void {
  decoder.reset();
  if (decoder.bufferedBytes !== 0) throw new FuzzFailure(c, "bufferedBytes must be 0 after reset()");
  const after = decoder.push(PINGRESP);
  if (after.length !== 1 || after[0]?.type !== PacketType.Pingresp) {
    throw new FuzzFailure(c, "after an error, reset() must make the decoder usable again (PINGRESP not decoded)");
  }
}

function checkReencodes(c: FuzzCase, packet: Packet): void {
  let again: Packet;
  try {
    const frame = encodePacket(packet);
    const { fixedHeaderByte, body } = splitFrame(frame);
    again = decodePacket(fixedHeaderByte, body);
  } catch (error) {
    throw new FuzzFailure(c, `a decoded packet does not survive encode→decode (${String(error)}): ${describePacket(packet)}`);
  }
  if (!isDeepStrictEqual(normalisePacket(again), normalisePacket(packet))) {
    throw new FuzzFailure(c, `decode(encode(decoded)) differs: ${describePacket(packet)} vs ${describePacket(again)}`);
  }
}

/** When the bytes are exactly one frame (by the Remaining Length), decodePacket must agree with the stream. */
function checkDirectDecodeAgrees(c: FuzzCase, packets: readonly Packet[], failure: ProtocolError | undefined): void {
  const frame = trySplitFrame(c.bytes);
  if (frame === undefined) return; // not exactly one well-framed frame
  if (frame.remainingLengthBytes > 1 && frame.body.length < 128 ** (frame.remainingLengthBytes - 1)) return; // non-minimal VBI
  let direct: Packet | undefined;
  const streamed = packets[0];
  let directError: unknown;
  try {
    direct = decodePacket(frame.fixedHeaderByte, frame.body);
  } catch (error) {
    directError = error;
  }
  if (directError !== undefined && (!(directError instanceof ProtocolError) || WRAPPED_INTERNAL_ERROR.test(directError.message))) {
    throw new FuzzFailure(c, `decodePacket threw a non-ProtocolError: ${String(directError)}`);
  }
  const streamCode = failure?.reasonCode;
  const directCode = directError instanceof ProtocolError ? directError.reasonCode : undefined;
  if (streamCode !== directCode) {
    throw new FuzzFailure(c, `stream decoder and decodePacket disagree: reason ${String(streamCode)} vs ${String(directCode)}`);
  }
  if (direct !== undefined && (streamed === undefined || !isDeepStrictEqual(normalisePacket(direct), normalisePacket(streamed)))) {
    throw new FuzzFailure(c, "stream decoder and decodePacket decoded different packets");
  }
}
