// Seeded fuzzing of PacketDecoder: 200,000 cases per run (random bytes and mutated valid frames, in random
// chunkings, with and without a Maximum Packet Size). See fuzz-cases.ts for the invariant. A failure message
// carries the seed, the case index and the bytes in hex; replay one seed with CODEC_FUZZ_SEED=<seed>, or run
// `npm run fuzz -- --seed S --count N` for millions of cases.
import assert from "node:assert/strict";
import { test } from "node:test";
import { seedsFromEnvironment } from "../support/seeded-random.js";
import { PacketDecoder } from "../../src/core/codec/index.js";
import { ProtocolError } from "../../src/core/errors.js";
import type { Packet } from "../../src/core/model/packet.js";
import { FuzzFailure, makeCase, runCase } from "./fuzz-cases.js";

const DEFAULT_SEEDS = Array.from({ length: 8 }, (_, i) => 0xf022_0000 + i);
const SEEDS = seedsFromEnvironment("CODEC_FUZZ_SEED", DEFAULT_SEEDS);
const CASES_PER_SEED = 25_000;

interface Tally {
  cases: number;
  withPackets: number;
  byReason: Map<number, number>;
  clean: number;
}

function fuzzSeed(seed: number): Tally {
  const tally: Tally = { cases: 0, withPackets: 0, byReason: new Map(), clean: 0 };
  // Most cases end in a ProtocolError; capturing its stack trace would be a good part of the run time, and the
  // FuzzFailure message carries the reproducer instead.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let index = 0; index < CASES_PER_SEED; index++) {
      // runCase throws a FuzzFailure (with a reproducer) when an invariant breaks.
      const outcome = runCase(makeCase(seed, index));
      tally.cases++;
      if (outcome.packets > 0) tally.withPackets++;
      if (outcome.reasonCode === undefined) tally.clean++;
      else tally.byReason.set(outcome.reasonCode, (tally.byReason.get(outcome.reasonCode) ?? 0) + 1);
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return tally;
}

for (const seed of SEEDS) {
  test(`decoder fuzz, seed ${seed} (CODEC_FUZZ_SEED=${seed}), ${CASES_PER_SEED} cases`, (t) => {
    const tally = fuzzSeed(seed);
    const reasons = [...tally.byReason].map(([code, n]) => `0x${code.toString(16)}×${n}`).join(" ");
    t.diagnostic(`packets in ${tally.withPackets}, clean ${tally.clean}, errors ${reasons}`);
    // The cases must reach every outcome; a generator that only ever produced garbage would test little.
    assert.ok(tally.withPackets > tally.cases * 0.05, "too few cases decoded any packet");
    assert.ok((tally.byReason.get(0x81) ?? 0) > tally.cases * 0.1, "too few Malformed Packet outcomes");
    assert.ok((tally.byReason.get(0x95) ?? 0) > 0, "no Packet too large outcome");
    assert.ok(tally.clean > tally.cases * 0.1, "too few cases ended without error");
  });
}

test("the harness catches a decoder that breaks the invariant", () => {
  const nonEmpty = { ...makeCase(1, 2), bytes: Uint8Array.of(0xc0, 0x00), chunkLengths: [2] };
  const throwsTypeError = () => ({
    push: (): Packet[] => {
      throw new TypeError("boom");
    },
    reset: () => {},
    bufferedBytes: 0,
  });
  assert.throws(() => runCase(nonEmpty, throwsTypeError), (e: unknown) => e instanceof FuzzFailure && /non-ProtocolError/.test(e.message));
  const hoarder = () => ({ push: (): Packet[] => [], reset: () => {}, bufferedBytes: Number.MAX_SAFE_INTEGER });
  assert.throws(() => runCase(nonEmpty, hoarder), (e: unknown) => e instanceof FuzzFailure && /bufferedBytes/.test(e.message));
  const wrongCode = () => ({
    push: (): Packet[] => {
      throw new ProtocolError(0x87, "not a decoder reason");
    },
    reset: () => {},
    bufferedBytes: 0,
  });
  assert.throws(() => runCase(nonEmpty, wrongCode), (e: unknown) => e instanceof FuzzFailure && /seed 1 index 2/.test(e.message));
});

test("memory follows the bytes received, not the Remaining Length a header announces", () => {
  // 7 bytes announcing a 256 MiB PUBLISH, with the default (protocol) Maximum Packet Size. A decoder that
  // allocates the announced body up front lets any peer make the client reserve 256 MiB per connection attempt
  // with a handful of bytes; growing the buffer as data arrives bounds memory by what was actually received.
  const decoder = new PacketDecoder();
  const before = process.memoryUsage().arrayBuffers;
  decoder.push(Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x01));
  const grownBy = process.memoryUsage().arrayBuffers - before;
  assert.equal(decoder.bufferedBytes, 7);
  assert.ok(grownBy < 16 * 1024 * 1024, `pushing 7 bytes made the decoder hold ${grownBy} bytes of ArrayBuffers`);
});
