// Seeded property tests of the codec: for ≥ 20,000 random valid packets of all 15 types,
//   decode(encode(p)) == p            (directly, and through PacketDecoder under many chunkings),
//   packetSize(p) == encodePacket(p).length, and encodePacketInto writes the same bytes at any offset,
//   a PacketDecoder whose maximum equals the frame size accepts it, one byte less rejects it with 0x95,
//   encodePacket under a peer Maximum Packet Size drops Reason String, then User Properties, or throws.
// Reproduce a failure with CODEC_PROPERTY_SEED=<seed printed in the message>.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { decodePacket, encodePacket, encodePacketInto, PacketDecoder, packetSize } from "../../src/core/codec/index.js";
import { PacketTooLargeError, ProtocolError } from "../../src/core/errors.js";
import { PacketType } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import { ALL_PACKET_TYPES, randomPacket } from "../support/packet-generators.js";
import { hex, SeededRandom, seedsFromEnvironment } from "../support/seeded-random.js";
import { chunkLengths, type ChunkingStrategy, concat, cut, splitFrame } from "./frames.js";
import { describePacket, normalisePacket, undefinedKeys } from "./packet-normalise.js";

const DEFAULT_SEEDS = Array.from({ length: 20 }, (_, i) => 0x5eed_0000 + i);
const SEEDS = seedsFromEnvironment("CODEC_PROPERTY_SEED", DEFAULT_SEEDS);
const PACKETS_PER_SEED = 1_000;
/** The one-byte-at-a-time pass covers the stream up to this many bytes (keeps the file within ~10 s). */
const BYTEWISE_STREAM_LIMIT = 256 * 1024;

/** Packets whose Reason String and User Properties may be dropped to fit the peer's Maximum Packet Size. */
const SHRINKABLE = new Set<PacketType>([
  PacketType.Connack, PacketType.Puback, PacketType.Pubrec, PacketType.Pubrel, PacketType.Pubcomp,
  PacketType.Suback, PacketType.Unsuback, PacketType.Disconnect, PacketType.Auth,
]);

/** Runs `check`, prefixing any assertion message with where it happened and how to replay it. */
function inContext(context: () => string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof Error) error.message = `${context()}\n${error.message}`;
    throw error;
  }
}

/** Asserts that a decoded packet honours the representation contract, then compares it with the original. */
function assertDecodedEquals(decoded: Packet, original: Packet, what: string): void {
  assert.deepEqual(undefinedKeys(decoded), [], `${what}: absent fields must be absent, not undefined`);
  const lists = decoded as { userProperties?: unknown[]; subscriptionIdentifiers?: unknown[] };
  assert.notEqual(lists.userProperties?.length, 0, `${what}: userProperties must be absent when there are none`);
  assert.notEqual(lists.subscriptionIdentifiers?.length, 0, `${what}: empty subscriptionIdentifiers`);
  const actual = normalisePacket(decoded);
  const expected = normalisePacket(original);
  if (!isDeepStrictEqual(actual, expected)) assert.deepStrictEqual(actual, expected, `${what}: content differs`);
}

function pushAll(decoder: PacketDecoder, chunks: readonly Uint8Array[], bufferLimit: number): Packet[] {
  const out: Packet[] = [];
  for (const chunk of chunks) {
    for (const packet of decoder.push(chunk)) out.push(packet);
    assert.ok(decoder.bufferedBytes <= bufferLimit, `bufferedBytes ${decoder.bufferedBytes} > ${bufferLimit}`);
  }
  return out;
}

function checkEncodeSizes(rng: SeededRandom, packet: Packet, frame: Uint8Array): void {
  assert.equal(packetSize(packet), frame.length, "packetSize(p) must equal encodePacket(p).length");
  const offset = rng.int(0, 17);
  const padding = rng.int(0, 9);
  const target = new Uint8Array(offset + frame.length + padding).fill(0xa5);
  const end = encodePacketInto(packet, target, offset);
  assert.equal(end, offset + frame.length, "encodePacketInto must return the end offset");
  assert.ok(isDeepStrictEqual(target.subarray(offset, end), frame.subarray(0)), "encodePacketInto wrote other bytes");
  const untouched = [...target.subarray(0, offset), ...target.subarray(end)].every((b) => b === 0xa5);
  assert.ok(untouched, "encodePacketInto wrote outside [offset, end)");
}

function checkSingleFrameDecoding(rng: SeededRandom, packet: Packet, frame: Uint8Array): void {
  const { fixedHeaderByte, body, remainingLengthBytes } = splitFrame(frame);
  assertDecodedEquals(decodePacket(fixedHeaderByte, body), packet, "decodePacket");

  const whole = new PacketDecoder();
  const all = whole.push(frame);
  assert.equal(all.length, 1, "one push of one frame must yield exactly one packet");
  assertDecodedEquals(all[0] as Packet, packet, "PacketDecoder, whole frame");
  assert.equal(whole.bufferedBytes, 0, "nothing may stay buffered after a complete frame");

  const strategy = rng.pick<ChunkingStrategy>(["random-cuts", "tiny", "small", "mixed"]);
  const chunks = cut(frame, chunkLengths(rng, frame.length, strategy));
  const chunked = new PacketDecoder();
  chunks.forEach((chunk, index) => {
    const emitted = chunked.push(chunk);
    const last = index === chunks.length - 1;
    assert.equal(emitted.length, last ? 1 : 0, `chunking ${strategy}: packet must appear exactly at the last chunk`);
    if (last) assertDecodedEquals(emitted[0] as Packet, packet, `PacketDecoder, ${strategy} chunks`);
  });
  assert.equal(chunked.bufferedBytes, 0);

  // The Maximum Packet Size counts the whole packet, fixed header included.
  const exact = new PacketDecoder({ maximumPacketSizeBytes: frame.length });
  assert.equal(exact.push(frame).length, 1, "a frame exactly at the maximum packet size must be accepted");
  const tooSmall = new PacketDecoder({ maximumPacketSizeBytes: frame.length - 1 });
  const header = frame.subarray(0, 1 + remainingLengthBytes);
  assert.throws(
    () => tooSmall.push(header),
    (error: unknown) => error instanceof ProtocolError && error.reasonCode === 0x95,
    `maximum ${frame.length - 1}: the header alone must raise ProtocolError 0x95 (before buffering the body)`,
  );
}

function withoutFields(packet: Packet, fields: readonly ("reasonString" | "userProperties")[]): Packet {
  const copy: Record<string, unknown> = { ...packet };
  for (const field of fields) delete copy[field];
  return copy as unknown as Packet;
}

/** encodePacket(p, { maximumPacketSizeBytes }) shrinks only what the standard allows, in its order. */
function checkMaximumPacketSize(rng: SeededRandom, packet: Packet, frame: Uint8Array): void {
  const candidates = SHRINKABLE.has(packet.type)
    ? [packet, withoutFields(packet, ["reasonString"]), withoutFields(packet, ["reasonString", "userProperties"])]
    : [packet];
  const smallest = packetSize(candidates[candidates.length - 1] as Packet);
  const limit = rng.int(Math.max(1, smallest - 3), frame.length + 3);
  const expected = candidates.find((candidate) => packetSize(candidate) <= limit);
  if (expected === undefined) {
    assert.throws(
      () => encodePacket(packet, { maximumPacketSizeBytes: limit }),
      (error: unknown) => error instanceof PacketTooLargeError && error.maximumPacketSizeBytes === limit,
      `limit ${limit} < smallest legal form ${smallest}: PacketTooLargeError expected`,
    );
    return;
  }
  const limited = encodePacket(packet, { maximumPacketSizeBytes: limit });
  assert.ok(limited.length <= limit, `encoded ${limited.length} bytes under a limit of ${limit}`);
  const { fixedHeaderByte, body } = splitFrame(limited);
  assertDecodedEquals(decodePacket(fixedHeaderByte, body), expected, `encodePacket under limit ${limit}`);
}

/** All frames of one seed concatenated: whole, byte by byte (bounded prefix) and randomly chunked. */
function checkStream(rng: SeededRandom, packets: readonly Packet[], frames: readonly Uint8Array[], seed: number): void {
  let prefixFrames = 0;
  let prefixBytes = 0;
  while (prefixFrames < frames.length && prefixBytes + (frames[prefixFrames] as Uint8Array).length <= BYTEWISE_STREAM_LIMIT) {
    prefixBytes += (frames[prefixFrames] as Uint8Array).length;
    prefixFrames++;
  }
  const runs: [ChunkingStrategy, number][] = [
    ["whole", frames.length],
    ["bytewise", prefixFrames],
    [rng.pick<ChunkingStrategy>(["random-cuts", "mixed"]), frames.length],
    ["small", frames.length],
  ];
  for (const [strategy, count] of runs) {
    const stream = concat(frames.slice(0, count));
    const decoder = new PacketDecoder();
    const decoded = pushAll(decoder, cut(stream, chunkLengths(rng, stream.length, strategy)), stream.length);
    inContext(() => `seed ${seed} (CODEC_PROPERTY_SEED=${seed}), stream of ${count} frames, ${strategy} chunks`, () => {
      assert.equal(decoded.length, count, "number of packets decoded from the stream");
      decoded.forEach((packet, i) => assertDecodedEquals(packet, packets[i] as Packet, `stream packet #${i}`));
      assert.equal(decoder.bufferedBytes, 0);
    });
  }
}

function runSeed(seed: number): void {
  const rng = new SeededRandom(seed);
  const packets: Packet[] = [];
  const frames: Uint8Array[] = [];
  let order: PacketType[] = [];
  for (let i = 0; i < PACKETS_PER_SEED; i++) {
    // Every block of 15 holds each type once, in random order, so every seed covers every type evenly.
    if (i % ALL_PACKET_TYPES.length === 0) order = rng.shuffled(ALL_PACKET_TYPES);
    const packet = randomPacket(rng, order[i % ALL_PACKET_TYPES.length]);
    const checkRng = rng.fork();
    let frame: Uint8Array = new Uint8Array(0);
    inContext(
      () => `seed ${seed} (CODEC_PROPERTY_SEED=${seed}) packet #${i}: ${describePacket(packet)}\nframe: ${hex(frame, 512)}`,
      () => {
        frame = encodePacket(packet);
        checkEncodeSizes(checkRng, packet, frame);
        checkSingleFrameDecoding(checkRng, packet, frame);
        checkMaximumPacketSize(checkRng, packet, frame);
      },
    );
    packets.push(packet);
    frames.push(frame);
  }
  checkStream(rng, packets, frames, seed);
}

for (const seed of SEEDS) {
  test(`codec round-trip, seed ${seed} (${PACKETS_PER_SEED} packets)`, () => runSeed(seed));
}

test("Remaining Length at every VBI size boundary round-trips (1- to 4-byte lengths)", () => {
  const rng = new SeededRandom(0x7e1);
  // PUBLISH QoS 1, topic "t": 3 (topic) + 2 (packet id) + 1 (empty property block) bytes before the payload.
  const overhead = 6;
  for (const remainingLength of [6, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152]) {
    const packet: Packet = {
      type: PacketType.Publish, topicName: "t", payload: rng.bytes(remainingLength - overhead), qos: 1,
      retain: false, duplicate: false, packetId: 1,
    };
    const frame = encodePacket(packet);
    const { remainingLengthBytes, body } = splitFrame(frame);
    assert.equal(body.length, remainingLength);
    assert.equal(remainingLengthBytes, remainingLength < 128 ? 1 : remainingLength < 16_384 ? 2 : remainingLength < 2_097_152 ? 3 : 4);
    assert.equal(packetSize(packet), frame.length);
    for (const strategy of ["whole", "random-cuts", "mixed"] as const) {
      const decoded = pushAll(new PacketDecoder(), cut(frame, chunkLengths(rng, frame.length, strategy)), frame.length);
      assert.equal(decoded.length, 1, `RL ${remainingLength}, ${strategy}`);
      assertDecodedEquals(decoded[0] as Packet, packet, `RL ${remainingLength}, ${strategy}`);
    }
  }
});

test("the generator covers all 15 packet types and the seed list reaches 20,000 packets", () => {
  const seen = new Set<PacketType>();
  const rng = new SeededRandom(1);
  for (let i = 0; i < 300; i++) seen.add(randomPacket(rng).type);
  assert.equal(seen.size, 15);
  if (SEEDS.length > 1) assert.ok(SEEDS.length * PACKETS_PER_SEED >= 20_000);
});
