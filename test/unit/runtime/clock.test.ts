// The system clock (monotonic time, timers at absolute deadlines, never early) and the test ManualClock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSystemClock } from "../../../src/runtime/clock.js";
import { ManualClock } from "../../support/manual-clock.js";

test("system clock: a timer fires once, not before its deadline", async () => {
  const clock = createSystemClock();
  const atMs = clock.now() + 20;
  const firedAt = await new Promise<number>((resolve) => clock.setTimer(atMs, () => resolve(clock.now())));
  assert.ok(firedAt >= atMs, `fired at ${firedAt}, deadline ${atMs}`);
});

test("system clock: a cleared timer never fires; a deadline in the past fires soon", async () => {
  const clock = createSystemClock();
  let fired = false;
  const handle = clock.setTimer(clock.now() + 5, () => (fired = true));
  clock.clearTimer(handle);
  clock.clearTimer(handle); // idempotent
  await new Promise<void>((resolve) => clock.setTimer(clock.now() - 100, resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(fired, false);
});

test("system clock: now() is monotonic", () => {
  const clock = createSystemClock();
  let previous = clock.now();
  for (let i = 0; i < 1000; i++) {
    const now = clock.now();
    assert.ok(now >= previous);
    previous = now;
  }
});

test("ManualClock fires due timers in deadline order with now() at each deadline", () => {
  const clock = new ManualClock(100);
  const seen: string[] = [];
  clock.setTimer(300, () => seen.push(`b@${clock.now()}`));
  clock.setTimer(200, () => {
    seen.push(`a@${clock.now()}`);
    clock.setTimer(250, () => seen.push(`c@${clock.now()}`)); // set while firing, due before the target
  });
  const late = clock.setTimer(500, () => seen.push("never"));
  clock.clearTimer(late);
  clock.advanceTo(400);
  assert.deepEqual(seen, ["a@200", "c@250", "b@300"]);
  assert.equal(clock.now(), 400);
  assert.equal(clock.pendingTimerCount, 0);
  clock.advanceBy(10);
  assert.equal(clock.now(), 410);
  assert.throws(() => clock.advanceTo(0), RangeError);
});
