import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { TokenBucket } from "../../../../src/core/flow/token-bucket.js";
import { SeededRandom } from "../../../support/seeded-random.js";

const ORIGIN = 123_456.789; // a performance.now()-like fractional start time

describe("TokenBucket — regeneration", () => {
  it("a new bucket is full", () => {
    const bucket = new TokenBucket(100, 100);
    assert.equal(bucket.tokensAt(ORIGIN), 100);
    for (let i = 0; i < 100; i++) assert.equal(bucket.tryTake(1, ORIGIN), true);
    assert.equal(bucket.tryTake(1, ORIGIN), false);
  });

  it("reset empties the bucket by default and regenerates whole and fractional tokens", () => {
    const bucket = new TokenBucket(100, 100);
    bucket.reset(0);
    assert.equal(bucket.tokensAt(0), 0);
    assert.equal(bucket.tokensAt(5), 0.5);
    assert.equal(bucket.tryTake(1, 5), false);
    assert.equal(bucket.tryTake(1, 10), true);
    assert.equal(bucket.tokensAt(10), 0);
    assert.equal(bucket.tokensAt(25), 1.5);
    assert.equal(bucket.tryTake(1, 25), true);
    assert.equal(bucket.tokensAt(25), 0.5);
    assert.equal(bucket.tryTake(1, 29), false);
    assert.equal(bucket.tryTake(1, 30), true);
    assert.equal(bucket.tokensAt(1000), 97);
  });

  it("caps at capacity and does not bank time spent full", () => {
    const bucket = new TokenBucket(100, 50);
    bucket.reset(0);
    assert.equal(bucket.tokensAt(60_000), 50);
    assert.equal(bucket.tryTake(50, 60_000), true);
    assert.equal(bucket.tryTake(1, 60_000), false);
    assert.equal(bucket.tokensAt(60_100), 10);
  });

  it("reset with tokens starts there (at most capacity)", () => {
    const bucket = new TokenBucket(10, 10);
    bucket.reset(ORIGIN, 4);
    assert.equal(bucket.tokensAt(ORIGIN), 4);
    bucket.reset(ORIGIN, 99);
    assert.equal(bucket.tokensAt(ORIGIN), 10);
  });

  it("time going backwards counts as no time passing", () => {
    const bucket = new TokenBucket(100, 100);
    bucket.reset(1000, 3);
    assert.equal(bucket.tokensAt(500), 3);
    assert.equal(bucket.tryTake(3, 500), true);
    assert.equal(bucket.tryTake(1, 500), false);
  });

  it("a zero cost always succeeds; invalid costs and parameters are rejected", () => {
    const bucket = new TokenBucket(1, 1);
    bucket.reset(0);
    assert.equal(bucket.tryTake(0, 0), true);
    assert.equal(bucket.msUntilAvailable(0, 0), 0);
    for (const cost of [-1, NaN, Infinity]) assert.throws(() => bucket.tryTake(cost, 0), RangeError);
    for (const [rate, capacity] of [[0, 1], [1, 0], [-1, 1], [NaN, 1], [1, Infinity]] as const) {
      assert.throws(() => new TokenBucket(rate, capacity), RangeError);
    }
  });
});

describe("TokenBucket — long-run rate", () => {
  it("10 s at 100/s from empty allows 1000 ± 1 takes (fine polling)", () => {
    const bucket = new TokenBucket(100, 100);
    bucket.reset(ORIGIN);
    let taken = 0;
    for (let t = ORIGIN; t <= ORIGIN + 10_000; t += 0.37) while (bucket.tryTake(1, t)) taken++;
    assert.ok(Math.abs(taken - 1000) <= 1, `${taken} takes`);
  });

  it("10 s at 100/s from full allows 1000 ± 1 + capacity", () => {
    const bucket = new TokenBucket(100, 100);
    bucket.reset(ORIGIN, 100);
    let taken = 0;
    for (let t = ORIGIN; t <= ORIGIN + 10_000; t += 1.3) while (bucket.tryTake(1, t)) taken++;
    assert.ok(Math.abs(taken - 1100) <= 1, `${taken} takes`);
  });

  it("no cumulative drift over an hour at 3/s when waking exactly at msUntilAvailable", () => {
    const bucket = new TokenBucket(3, 3);
    bucket.reset(ORIGIN);
    let now = ORIGIN;
    let taken = 0;
    while (now < ORIGIN + 3_600_000) {
      const wait = bucket.msUntilAvailable(1, now);
      now += wait;
      if (now > ORIGIN + 3_600_000) break;
      assert.equal(bucket.tryTake(1, now), true, `take ${taken + 1} at +${now - ORIGIN} ms`);
      taken++;
    }
    assert.equal(taken, 3 * 3600);
    // the 10,800th token was available at exactly 3,600,000 ms, not a rounding error earlier or later
    assert.ok(Math.abs(now - ORIGIN - 3_600_000) < 1e-3, `last take at +${now - ORIGIN} ms`);
  });

  it("a seeded mix of write sizes at 512 KiB/s stays within rate × time + one write", () => {
    const rate = 524_288;
    const random = new SeededRandom(5);
    const bucket = new TokenBucket(rate, rate);
    bucket.reset(ORIGIN);
    let now = ORIGIN;
    let bytes = 0;
    let largest = 0;
    const end = ORIGIN + 20_000;
    for (;;) {
      const cost = random.bool(0.1) ? random.int(400_000, 2_000_000) : random.int(2, 20_000);
      now += bucket.msUntilAvailable(cost, now);
      if (now > end) break;
      assert.equal(bucket.tryTake(cost, now), true);
      bytes += cost;
      largest = Math.max(largest, cost);
    }
    const generated = rate * 20;
    assert.ok(bytes <= generated + largest, `${bytes} > ${generated} + ${largest}`);
    assert.ok(bytes >= generated - rate - largest, `${bytes} far below ${generated}`);
  });
});

describe("TokenBucket — costs larger than the capacity (debt)", () => {
  it("a 1 MiB write against a 512 KiB/s bucket waits for a full bucket, then leaves debt", () => {
    const bucket = new TokenBucket(524_288, 524_288);
    bucket.reset(0);
    assert.equal(bucket.tryTake(1_048_576, 999), false);
    assert.equal(bucket.msUntilAvailable(1_048_576, 0), 1000);
    assert.equal(bucket.tryTake(1_048_576, 1000), true);
    assert.equal(bucket.tokensAt(1000), -524_288);
    // the debt delays the next small write by one more second
    assert.equal(bucket.tryTake(1, 1999), false);
    assert.ok(Math.abs(bucket.msUntilAvailable(1, 1000) - (1000 + 1000 / 524_288)) < 1e-9);
    assert.equal(bucket.tryTake(1, 2000 + 1000 / 524_288), true);
  });

  it("a failed tryTake takes nothing", () => {
    const bucket = new TokenBucket(10, 10);
    bucket.reset(0, 5);
    assert.equal(bucket.tryTake(6, 0), false);
    assert.equal(bucket.tokensAt(0), 5);
  });

  it("take charges unconditionally, even into debt", () => {
    const bucket = new TokenBucket(10, 10);
    bucket.reset(0, 2);
    bucket.take(5, 0);
    assert.equal(bucket.tokensAt(0), -3);
    assert.equal(bucket.msUntilAvailable(1, 0), 400);
  });
});

describe("TokenBucket — msUntilAvailable", () => {
  it("is 0 when enough tokens are there, else the exact fractional wait", () => {
    const bucket = new TokenBucket(100, 100);
    bucket.reset(ORIGIN);
    assert.ok(Math.abs(bucket.msUntilAvailable(1, ORIGIN) - 10) < 1e-9);
    assert.ok(Math.abs(bucket.msUntilAvailable(1, ORIGIN + 2.5) - 7.5) < 1e-9);
    assert.ok(Math.abs(bucket.msUntilAvailable(37, ORIGIN) - 370) < 1e-9);
    assert.equal(bucket.msUntilAvailable(1, ORIGIN + 10), 0);
    // costs above capacity need only a full bucket
    assert.ok(Math.abs(bucket.msUntilAvailable(5000, ORIGIN) - 1000) < 1e-9);
  });

  it("waking exactly after the returned wait always succeeds (seeded random times and costs)", () => {
    const random = new SeededRandom(11);
    for (const [rate, capacity] of [[100, 100], [524_288, 524_288], [7, 3], [0.5, 2]] as const) {
      const bucket = new TokenBucket(rate, capacity);
      bucket.reset(ORIGIN + random.float() * 1000);
      let now = ORIGIN + 1000;
      for (let i = 0; i < 500; i++) {
        now += random.float() * 50;
        const cost = random.int(0, Math.ceil(capacity * 1.5));
        const wait = bucket.msUntilAvailable(cost, now);
        assert.ok(wait >= 0);
        if (wait > 0) assert.equal(bucket.tryTake(cost, now), false, "should not succeed before the wait");
        now += wait;
        assert.equal(bucket.tryTake(cost, now), true, `rate ${rate}, cost ${cost}, waited ${wait}`);
      }
    }
  });

  it("does not change the bucket", () => {
    const bucket = new TokenBucket(100, 100);
    bucket.reset(0, 50);
    bucket.msUntilAvailable(80, 100);
    bucket.tokensAt(100_000);
    assert.equal(bucket.tokensAt(0), 50);
  });
});
