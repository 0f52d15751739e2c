// Reconnect backoff as the client lives it (behavior.md §2): the delay is measured between a connectionFailure or
// disconnection and the next attemptingConnect, with an injected random source. Jitter modes, the min/max clamp,
// the reset after minConnectedTimeToResetReconnectDelayMs of connection, and the reset on stop/start (§14.3 fix).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { assertLifecycleInvariants } from "../../support/lifecycle-invariants.js";
import { SeededRandom } from "../../support/seeded-random.js";
import { RetryJitterType } from "../../../src/core/model/enums.js";
import type { CoreConfig } from "../../../src/core/core-config.js";

/** A random source that replays `values` in order (then repeats the last one). */
function replay(values: readonly number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

/** Runs to the next attempt: advances exactly to the core's deadline, checking nothing happens before it. */
function waitForNextAttempt(h: CoreHarness): void {
  const deadline = h.core.nextDeadline();
  assert.ok(deadline !== undefined, "a reconnect must be scheduled");
  const attemptsBefore = h.eventKinds().filter((k) => k === "attemptingConnect").length;
  if (deadline > h.nowMs) {
    h.advanceBy(deadline - h.nowMs - 1);
    assert.equal(h.eventKinds().filter((k) => k === "attemptingConnect").length, attemptsBefore, "attempt before the backoff elapsed");
  }
  h.advanceBy(deadline - h.nowMs);
  assert.equal(h.eventKinds().filter((k) => k === "attemptingConnect").length, attemptsBefore + 1);
}

/** Delay between each connectionFailure/disconnection and the attemptingConnect that follows it (not across a stop). */
function measuredDelays(h: CoreHarness): number[] {
  const delays: number[] = [];
  let endedAt: number | undefined;
  for (const { atMs, event } of h.timedEvents()) {
    if (event.kind === "connectionFailure" || event.kind === "disconnection") endedAt = atMs;
    if (event.kind === "stopped") endedAt = undefined; // the next attempt comes from start(), not from the backoff
    if (event.kind === "attemptingConnect" && endedAt !== undefined) {
      delays.push(atMs - endedAt);
      endedAt = undefined;
    }
  }
  return delays;
}

function failingAttempts(config: Partial<CoreConfig>, random: () => number, count: number): number[] {
  const h = new CoreHarness(config, random);
  h.start();
  for (let i = 0; i < count; i++) {
    h.failTransport();
    waitForNextAttempt(h);
  }
  assertLifecycleInvariants(h.events);
  return measuredDelays(h);
}

test("jitter None: exact doubling from min, clamped at max (500, 1000, 2000, 4000, 5000, 5000)", () => {
  const delays = failingAttempts({ retryJitterMode: RetryJitterType.None, minReconnectDelayMs: 500, maxReconnectDelayMs: 5000 }, () => 0.5, 6);
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 5000, 5000]);
});

test("the first attempt after start() has no delay", () => {
  const h = new CoreHarness({ retryJitterMode: RetryJitterType.None });
  h.start();
  assert.deepEqual(h.eventKinds(), ["attemptingConnect"]);
  assert.ok(h.pendingOpenAttempt !== undefined);
});

for (const mode of [RetryJitterType.Full, RetryJitterType.Default]) {
  test(`jitter ${RetryJitterType[mode]}: every delay within [0, min(max, min × 2^n)], spread, extremes reachable`, () => {
    const config = { retryJitterMode: mode, minReconnectDelayMs: 1000, maxReconnectDelayMs: 20_000 };
    const random = new SeededRandom(42);
    const delays = failingAttempts(config, () => random.float(), 12);
    delays.forEach((delay, n) => {
      const base = Math.min(20_000, 1000 * 2 ** n);
      assert.ok(delay >= 0 && delay <= base, `delay ${n} = ${delay} outside [0, ${base}]`);
      assert.ok(Number.isInteger(delay));
    });
    assert.ok(new Set(delays).size > 6, "the delays are jittered");
    assert.deepEqual(failingAttempts(config, () => 0, 4), [0, 0, 0, 0]);
    assert.deepEqual(failingAttempts(config, () => 1 - Number.EPSILON, 6), [1000, 2000, 4000, 8000, 16_000, 20_000]);
  });
}

test("jitter Default behaves exactly like Full for the same random draws", () => {
  const config = (mode: RetryJitterType) => ({ retryJitterMode: mode, minReconnectDelayMs: 700, maxReconnectDelayMs: 60_000 });
  const a = new SeededRandom(7);
  const b = new SeededRandom(7);
  assert.deepEqual(failingAttempts(config(RetryJitterType.Default), () => a.float(), 10), failingAttempts(config(RetryJitterType.Full), () => b.float(), 10));
});

test("jitter Decorrelated: each delay is drawn in [min, min(max, 3 × previous delay)]", () => {
  const config = { retryJitterMode: RetryJitterType.Decorrelated, minReconnectDelayMs: 1000, maxReconnectDelayMs: 50_000 };
  const random = new SeededRandom(99);
  const draws: number[] = [];
  const delays = failingAttempts(config, () => {
    const value = random.float();
    draws.push(value);
    return value;
  }, 10);
  assert.equal(delays[0], 1000, "no previous delay: drawn in [min, min × 2^0] = [1000, 1000]");
  for (let n = 1; n < delays.length; n++) {
    const upper = Math.min(50_000, 3 * (delays[n - 1] as number));
    const expected = 1000 + Math.floor((draws[n] as number) * (upper - 1000 + 1));
    assert.equal(delays[n], Math.min(upper, expected), `delay ${n}`);
  }
});

test("jitter Decorrelated depends on the previous delay, not on the failure count (unlike aws-c-mqtt, §14.1)", () => {
  const config = { retryJitterMode: RetryJitterType.Decorrelated, minReconnectDelayMs: 1000, maxReconnectDelayMs: 100_000 };
  // Same failure count and same third draw; only the second delay differs (min vs 3 × min).
  const afterShort = failingAttempts(config, replay([0.5, 0, 1 - Number.EPSILON]), 3);
  const afterLong = failingAttempts(config, replay([0.5, 1 - Number.EPSILON, 1 - Number.EPSILON]), 3);
  assert.deepEqual(afterShort, [1000, 1000, 3000]);
  assert.deepEqual(afterLong, [1000, 3000, 9000]);
  // Full jitter with the same draws is bounded by the failure count alone.
  const full = failingAttempts({ ...config, retryJitterMode: RetryJitterType.Full }, replay([0.5, 0, 1 - Number.EPSILON]), 3);
  assert.deepEqual(full, [500, 0, 4000]);
});

test("min/max clamp: never above max however many failures, never below min with None", () => {
  const delays = failingAttempts({ retryJitterMode: RetryJitterType.None, minReconnectDelayMs: 250, maxReconnectDelayMs: 3000 }, () => 0.5, 70);
  assert.ok(delays.every((d) => d >= 250 && d <= 3000));
  assert.equal(delays.at(-1), 3000);
  const decorrelated = failingAttempts({ retryJitterMode: RetryJitterType.Decorrelated, minReconnectDelayMs: 250, maxReconnectDelayMs: 3000 }, () => 1 - Number.EPSILON, 20);
  assert.ok(decorrelated.every((d) => d >= 250 && d <= 3000));
});

/** Fails `failures` attempts, connects, stays connected `connectedMs`, loses the transport; returns all delays. */
function delaysAroundConnection(failures: number, connectedMs: number, connackAfterMs = 0): number[] {
  const h = new CoreHarness({
    retryJitterMode: RetryJitterType.None,
    minReconnectDelayMs: 1000,
    maxReconnectDelayMs: 120_000,
    minConnectedTimeToResetReconnectDelayMs: 30_000,
    connackTimeoutMs: 60_000,
    connect: { clientId: "c", keepAliveIntervalSeconds: 0 },
  });
  h.start();
  for (let i = 0; i < failures; i++) {
    h.failTransport();
    waitForNextAttempt(h);
  }
  h.openTransport();
  h.advanceBy(connackAfterMs);
  h.connack();
  assert.equal(h.core.isConnected(), true);
  h.advanceBy(connectedMs);
  h.transportCloses();
  waitForNextAttempt(h);
  assertLifecycleInvariants(h.events);
  return measuredDelays(h);
}

test("backoff resets after minConnectedTimeToResetReconnectDelayMs of connection", () => {
  assert.deepEqual(delaysAroundConnection(3, 30_000), [1000, 2000, 4000, 1000]);
  assert.deepEqual(delaysAroundConnection(3, 300_000), [1000, 2000, 4000, 1000]);
});

test("a shorter connection does not reset the backoff", () => {
  assert.deepEqual(delaysAroundConnection(3, 29_999), [1000, 2000, 4000, 8000]);
  assert.deepEqual(delaysAroundConnection(3, 0), [1000, 2000, 4000, 8000]);
});

test("connected time counts from the CONNACK, not from the transport opening", () => {
  // 25 s connected after a 10 s CONNACK wait: 35 s since the transport opened, but not 30 s connected.
  assert.deepEqual(delaysAroundConnection(2, 25_000, 10_000), [1000, 2000, 4000]);
});

test("stop() then start() begins the backoff afresh (behavior.md §14.3 fixed)", () => {
  const h = new CoreHarness({ retryJitterMode: RetryJitterType.None, minReconnectDelayMs: 1000 });
  h.start();
  for (let i = 0; i < 4; i++) {
    h.failTransport();
    waitForNextAttempt(h);
  }
  h.handle({ kind: "stop" });
  h.start();
  h.failTransport();
  waitForNextAttempt(h);
  h.failTransport();
  waitForNextAttempt(h);
  assert.deepEqual(measuredDelays(h), [1000, 2000, 4000, 8000, 1000, 2000]);
  assertLifecycleInvariants(h.events);
});

test("stop() in pendingReconnect cancels the scheduled attempt", () => {
  const h = new CoreHarness({ retryJitterMode: RetryJitterType.None });
  h.start();
  h.failTransport();
  h.handle({ kind: "stop" });
  assert.equal(h.core.nextDeadline(), undefined);
  h.advanceBy(10 * 60_000);
  assert.deepEqual(h.eventKinds(), ["attemptingConnect", "connectionFailure", "stopped"]);
});

test("reconnect after a lost connection, a refused CONNACK and a CONNACK timeout all use the backoff", () => {
  const h = new CoreHarness({ retryJitterMode: RetryJitterType.None, minReconnectDelayMs: 1000, connackTimeoutMs: 5000 });
  h.connect();
  h.transportCloses(); // disconnection → 1000
  waitForNextAttempt(h);
  h.openTransport();
  h.connack({ reasonCode: 0x87 }); // refused → 2000
  waitForNextAttempt(h);
  h.openTransport();
  h.advanceBy(5000); // CONNACK timeout → 4000
  waitForNextAttempt(h);
  assert.deepEqual(measuredDelays(h), [1000, 2000, 4000]);
  assertLifecycleInvariants(h.events);
});
