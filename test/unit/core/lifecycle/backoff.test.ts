import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  INITIAL_BACKOFF_STATE,
  nextReconnectDelay,
  normalizeBackoffConfig,
  type BackoffConfig,
  type BackoffState,
} from "../../../../src/core/lifecycle/backoff.js";
import { RetryJitterType } from "../../../../src/core/model/enums.js";
import { SeededRandom } from "../../../support/seeded-random.js";

/** Runs `count` consecutive failures and returns the delays. */
function delays(config: BackoffConfig, count: number, random: () => number, start: BackoffState = INITIAL_BACKOFF_STATE) {
  const out: number[] = [];
  let state = start;
  for (let i = 0; i < count; i++) {
    const next = nextReconnectDelay(state, config, random);
    out.push(next.delayMs);
    state = next.state;
  }
  return { delays: out, state };
}

const constant = (value: number) => () => value;

describe("nextReconnectDelay — None", () => {
  it("doubles from min and saturates at max (min 500, max 5000)", () => {
    const config = { jitterMode: RetryJitterType.None, minDelayMs: 500, maxDelayMs: 5000 };
    assert.deepEqual(delays(config, 7, constant(0.5)).delays, [500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it("ignores the random source", () => {
    const config = { jitterMode: RetryJitterType.None, minDelayMs: 100, maxDelayMs: 100_000 };
    assert.deepEqual(delays(config, 5, constant(0)).delays, delays(config, 5, constant(0.999999)).delays);
  });

  it("counts failures and remembers the delay", () => {
    const config = { jitterMode: RetryJitterType.None, minDelayMs: 500, maxDelayMs: 5000 };
    const { state } = delays(config, 3, constant(0.5));
    assert.deepEqual(state, { failures: 3, previousDelayMs: 2000 });
  });

  it("survives huge failure counts without Infinity or NaN", () => {
    const config = { jitterMode: RetryJitterType.None, minDelayMs: 1000, maxDelayMs: 120_000 };
    for (const failures of [52, 53, 63, 64, 1024, 1e9, Number.MAX_SAFE_INTEGER, Infinity]) {
      const next = nextReconnectDelay({ failures, previousDelayMs: 0 }, config, constant(0.5));
      assert.equal(next.delayMs, 120_000, `failures ${failures}`);
      assert.ok(Number.isFinite(next.state.failures));
    }
  });

  it("a max as large as possible still gives finite delays", () => {
    const config = { jitterMode: RetryJitterType.None, minDelayMs: 1000, maxDelayMs: Number.MAX_SAFE_INTEGER };
    const next = nextReconnectDelay({ failures: 1e6, previousDelayMs: 0 }, config, constant(0.5));
    assert.equal(next.delayMs, Number.MAX_SAFE_INTEGER);
  });
});

describe("nextReconnectDelay — Full and Default", () => {
  for (const jitterMode of [RetryJitterType.Full, RetryJitterType.Default]) {
    it(`${RetryJitterType[jitterMode]}: integers within [0, min(max, min·2^n)] over many draws`, () => {
      const random = new SeededRandom(42);
      const config = { jitterMode, minDelayMs: 500, maxDelayMs: 5000 };
      let state: BackoffState = INITIAL_BACKOFF_STATE;
      let sawBelowMin = false;
      let sawAboveHalfMax = false;
      for (let i = 0; i < 2000; i++) {
        const bound = Math.min(5000, 500 * 2 ** Math.min(state.failures, 52));
        const next = nextReconnectDelay(state, config, () => random.float());
        assert.ok(Number.isInteger(next.delayMs));
        assert.ok(next.delayMs >= 0 && next.delayMs <= bound, `${next.delayMs} outside [0, ${bound}]`);
        if (next.delayMs < 500) sawBelowMin = true;
        if (next.delayMs > 2500) sawAboveHalfMax = true;
        state = i % 10 === 9 ? INITIAL_BACKOFF_STATE : next.state;
      }
      assert.ok(sawBelowMin && sawAboveHalfMax, "the draws should spread over the whole range");
    });
  }

  it("edge draws hit both ends of [0, base]", () => {
    const config = { jitterMode: RetryJitterType.Full, minDelayMs: 500, maxDelayMs: 5000 };
    const state = { failures: 2, previousDelayMs: 0 };
    assert.equal(nextReconnectDelay(state, config, constant(0)).delayMs, 0);
    assert.equal(nextReconnectDelay(state, config, constant(0.999999)).delayMs, 2000);
  });

  it("draws inside the clamp: long outages stay spread out instead of collapsing onto max (§14.2)", () => {
    const random = new SeededRandom(7);
    const config = { jitterMode: RetryJitterType.Full, minDelayMs: 1000, maxDelayMs: 120_000 };
    let atMax = 0;
    for (let i = 0; i < 1000; i++) {
      const { delayMs } = nextReconnectDelay({ failures: 40, previousDelayMs: 0 }, config, () => random.float());
      assert.ok(delayMs >= 0 && delayMs <= 120_000);
      if (delayMs === 120_000) atMax++;
    }
    assert.ok(atMax < 5, `${atMax} of 1000 draws were exactly max`);
  });

  it("a random source returning 1 or garbage still stays in range", () => {
    const config = { jitterMode: RetryJitterType.Full, minDelayMs: 500, maxDelayMs: 5000 };
    for (const value of [1, 1.5, -0.5, NaN]) {
      const { delayMs } = nextReconnectDelay({ failures: 3, previousDelayMs: 0 }, config, constant(value));
      assert.ok(delayMs >= 0 && delayMs <= 4000, `random ${value} gave ${delayMs}`);
    }
  });
});

describe("nextReconnectDelay — Decorrelated", () => {
  const config = { jitterMode: RetryJitterType.Decorrelated, minDelayMs: 500, maxDelayMs: 60_000 };

  it("first delay without a previous one lies in [min, base]", () => {
    assert.equal(nextReconnectDelay(INITIAL_BACKOFF_STATE, config, constant(0.999999)).delayMs, 500);
    const state = { failures: 3, previousDelayMs: 0 };
    assert.equal(nextReconnectDelay(state, config, constant(0)).delayMs, 500);
    assert.equal(nextReconnectDelay(state, config, constant(0.999999)).delayMs, 4000);
  });

  it("depends on the previous delay: uniform in [min, 3 × previous] (§14.1)", () => {
    const failures = 5; // irrelevant once a previous delay exists
    for (const previousDelayMs of [500, 1000, 7000]) {
      const state = { failures, previousDelayMs };
      assert.equal(nextReconnectDelay(state, config, constant(0)).delayMs, 500);
      assert.equal(nextReconnectDelay(state, config, constant(0.999999)).delayMs, 3 * previousDelayMs);
    }
    const low = nextReconnectDelay({ failures, previousDelayMs: 600 }, config, constant(0.5)).delayMs;
    const high = nextReconnectDelay({ failures, previousDelayMs: 6000 }, config, constant(0.5)).delayMs;
    assert.notEqual(low, high);
  });

  it("never exceeds max, and draws inside the clamp once 3 × previous > max", () => {
    const state = { failures: 9, previousDelayMs: 50_000 };
    assert.equal(nextReconnectDelay(state, config, constant(0.999999)).delayMs, 60_000);
    assert.equal(nextReconnectDelay(state, config, constant(0.5)).delayMs, 500 + Math.floor(0.5 * (60_000 - 500 + 1)));
  });

  it("stays within [min, max] and within [min, 3 × previous] over a long seeded run", () => {
    const random = new SeededRandom(2024);
    let state: BackoffState = INITIAL_BACKOFF_STATE;
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const next = nextReconnectDelay(state, config, () => random.float());
      const upper = state.previousDelayMs > 0 ? Math.min(60_000, 3 * state.previousDelayMs) : 500;
      assert.ok(next.delayMs >= 500 && next.delayMs <= upper, `${next.delayMs} outside [500, ${upper}]`);
      assert.equal(next.state.previousDelayMs, next.delayMs);
      seen.add(next.delayMs);
      state = next.state;
    }
    assert.ok(seen.size > 1000, "decorrelated delays should vary");
  });

  it("a previous delay below min (config changed) still never goes below min", () => {
    const { delayMs } = nextReconnectDelay({ failures: 1, previousDelayMs: 10 }, config, constant(0.999999));
    assert.equal(delayMs, 500);
  });
});

describe("normalizeBackoffConfig", () => {
  it("keeps a sane config unchanged", () => {
    const config = { jitterMode: RetryJitterType.Full, minDelayMs: 1000, maxDelayMs: 120_000 };
    assert.deepEqual(normalizeBackoffConfig(config), config);
  });

  it("swaps min and max when they are reversed", () => {
    const result = normalizeBackoffConfig({ jitterMode: RetryJitterType.None, minDelayMs: 9000, maxDelayMs: 300 });
    assert.equal(result.minDelayMs, 300);
    assert.equal(result.maxDelayMs, 9000);
    const config = { jitterMode: RetryJitterType.None, minDelayMs: 9000, maxDelayMs: 300 };
    assert.deepEqual(delays(config, 6, constant(0.5)).delays, [300, 600, 1200, 2400, 4800, 9000]);
  });

  it("forces whole milliseconds with min ≥ 1 and a finite max", () => {
    const result = normalizeBackoffConfig({ jitterMode: RetryJitterType.None, minDelayMs: 0, maxDelayMs: Infinity });
    assert.equal(result.minDelayMs, 1);
    assert.equal(result.maxDelayMs, Number.MAX_SAFE_INTEGER);
    const fractional = normalizeBackoffConfig({ jitterMode: RetryJitterType.None, minDelayMs: 2.7, maxDelayMs: NaN });
    assert.equal(fractional.minDelayMs, 2);
    assert.equal(fractional.maxDelayMs, Number.MAX_SAFE_INTEGER);
  });

  it("a zero min still grows (no tight retry loop)", () => {
    const config = { jitterMode: RetryJitterType.None, minDelayMs: 0, maxDelayMs: 100 };
    assert.deepEqual(delays(config, 9, constant(0.5)).delays, [1, 2, 4, 8, 16, 32, 64, 100, 100]);
  });
});
