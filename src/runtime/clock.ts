// Time for the runtime layer: a monotonic `now()` and one-shot timers at absolute deadlines on the same clock.
// The protocol core never reads time itself; the driver passes `now()` into every step and arms a timer at the
// core's next deadline. Tests replace this with test/support/manual-clock.ts.

/** Opaque handle of an armed timer. */
export interface TimerHandle {
  readonly timerId: number;
}

export interface Clock {
  /** Monotonic milliseconds (never goes backwards; unrelated to wall-clock time). */
  now(): number;
  /** Calls `fn` once, at or after `atMs` on this clock. */
  setTimer(atMs: number, fn: () => void): TimerHandle;
  /** Cancels a timer; a handle that already fired or was cleared is ignored. */
  clearTimer(handle: TimerHandle): void;
}

/**
 * The real clock: `performance.now()` and `setTimeout` (both exist in Node and browsers).
 *
 * Timers are deliberately NOT unref'd: while the client is started a pending keep-alive or reconnect timer keeps
 * the process alive, as a socket would. The driver clears its timer when the core has no deadline (stopped,
 * closed), so an idle client leaves nothing behind and the process can exit by itself.
 */
export function createSystemClock(): Clock {
  let nextId = 1;
  const timeouts = new Map<number, ReturnType<typeof setTimeout>>();

  const arm = (id: number, atMs: number, fn: () => void): void => {
    const delayMs = Math.max(0, Math.ceil(atMs - performance.now()));
    timeouts.set(
      id,
      setTimeout(() => {
        // setTimeout may fire a fraction of a millisecond before performance.now() reaches the deadline:
        // re-arm instead of calling early, so callers can rely on now() >= atMs.
        if (performance.now() < atMs) {
          arm(id, atMs, fn);
          return;
        }
        timeouts.delete(id);
        fn();
      }, delayMs),
    );
  };

  return {
    now: () => performance.now(),
    setTimer(atMs, fn) {
      const id = nextId++;
      arm(id, atMs, fn);
      return { timerId: id };
    },
    clearTimer(handle) {
      const timeout = timeouts.get(handle.timerId);
      if (timeout === undefined) return;
      clearTimeout(timeout);
      timeouts.delete(handle.timerId);
    },
  };
}

/** Process-wide system clock. */
export const systemClock: Clock = createSystemClock();
