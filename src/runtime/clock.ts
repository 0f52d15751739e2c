// Time for the runtime layer: a monotonic `now()` and one-shot timers at absolute deadlines on the same clock.
// The protocol core never reads time itself; the driver passes `now()` into every step and arms a timer at the
// core's next deadline. Tests replace this with test/support/manual-clock.ts.

/** Opaque handle of an armed timer; only the clock that made it knows what is behind it. */
export type TimerHandle = object;

export interface Clock {
  /** Monotonic milliseconds (never goes backwards; unrelated to wall-clock time). */
  now(): number;
  /** Calls `fn` once, at or after `atMs` on this clock. */
  setTimer(atMs: number, fn: () => void): TimerHandle;
  /** Cancels a timer; a handle that already fired or was cleared is ignored. */
  clearTimer(handle: TimerHandle): void;
}

/** A timer of the system clock; it is its own handle. */
class SystemTimer {
  timeout: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    readonly atMs: number,
    readonly fn: () => void,
  ) {}
}

// One callback for every timer (the timer is setTimeout's argument): no closure and no id table per armed timer.
// Every connected client keeps a keep-alive timer armed, so this is part of an idle client's memory.
function fire(timer: SystemTimer): void {
  // setTimeout may fire a fraction of a millisecond before performance.now() reaches the deadline: re-arm instead
  // of calling early, so callers can rely on now() >= atMs.
  if (performance.now() < timer.atMs) {
    arm(timer);
    return;
  }
  timer.timeout = undefined;
  timer.fn();
}

function arm(timer: SystemTimer): void {
  timer.timeout = setTimeout(fire, Math.max(0, Math.ceil(timer.atMs - performance.now())), timer);
}

/**
 * The real clock: `performance.now()` and `setTimeout` (both exist in Node and browsers).
 *
 * Timers are deliberately NOT unref'd: while the client is started a pending keep-alive or reconnect timer keeps
 * the process alive, as a socket would. The driver clears its timer when the core has no deadline (stopped,
 * closed), so an idle client leaves nothing behind and the process can exit by itself.
 */
export function createSystemClock(): Clock {
  return {
    now: () => performance.now(),
    setTimer(atMs, fn) {
      const timer = new SystemTimer(atMs, fn);
      arm(timer);
      return timer;
    },
    clearTimer(handle) {
      if (!(handle instanceof SystemTimer) || handle.timeout === undefined) return;
      clearTimeout(handle.timeout);
      handle.timeout = undefined;
    },
  };
}

/** Process-wide system clock. */
export const systemClock: Clock = createSystemClock();
