// A Clock that only moves when the test says so. advanceTo()/advanceBy() fire every due timer in deadline order
// (ties in the order they were set), each with now() equal to its own deadline, including timers set by the
// callbacks themselves if they fall due before the target time.
import type { Clock, TimerHandle } from "../../src/runtime/clock.js";

interface PendingTimer {
  readonly id: number;
  readonly atMs: number;
  readonly fn: () => void;
}

export class ManualClock implements Clock {
  private nowMs: number;
  private nextId = 1;
  private readonly timers = new Map<number, PendingTimer>();

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimer(atMs: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { id: this.nextId++, atMs, fn };
    this.timers.set(timer.id, timer);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    const timer = handle as Partial<PendingTimer>;
    if (timer.id !== undefined && this.timers.get(timer.id) === handle) this.timers.delete(timer.id);
  }

  /** Number of armed timers. */
  get pendingTimerCount(): number {
    return this.timers.size;
  }

  /** Deadlines of the armed timers, earliest first. */
  pendingDeadlines(): number[] {
    return [...this.timers.values()].map((timer) => timer.atMs).sort((a, b) => a - b);
  }

  /** Moves time forward to `targetMs`, firing due timers in order. Going backwards is an error. */
  advanceTo(targetMs: number): void {
    if (targetMs < this.nowMs) throw new RangeError(`ManualClock cannot go back from ${this.nowMs} to ${targetMs}`);
    for (;;) {
      const due = this.earliestDue(targetMs);
      if (due === undefined) break;
      this.timers.delete(due.id);
      this.nowMs = Math.max(this.nowMs, due.atMs);
      due.fn();
    }
    this.nowMs = targetMs;
  }

  advanceBy(deltaMs: number): void {
    this.advanceTo(this.nowMs + deltaMs);
  }

  private earliestDue(targetMs: number): PendingTimer | undefined {
    let earliest: PendingTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.atMs > targetMs) continue;
      if (earliest === undefined || timer.atMs < earliest.atMs || (timer.atMs === earliest.atMs && timer.id < earliest.id)) {
        earliest = timer;
      }
    }
    return earliest;
  }
}
