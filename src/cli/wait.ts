// Bounded waiting for the CLI: every wait ends by itself (timeout) or on Ctrl-C (abort signal), and clears its
// timer and listeners when it ends, so a finished command leaves nothing behind that keeps Node running.
import { CommandFailure } from "./cli-errors.js";

/** Thrown by a wait that ended because the user interrupted the command. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

export interface WaitControls<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Runs `setup`, which arranges for `resolve`/`reject` to be called and returns its cleanup. Rejects with a
 * CommandFailure("`what` timed out …") after `timeoutMs` (undefined = never) and with Interrupted on `signal`.
 */
export function waitFor<T>(
  what: string,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
  setup: (controls: WaitControls<T>) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let cleanup: () => void = () => undefined;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      cleanup();
      action();
    };
    const onAbort = (): void => finish(() => reject(new Interrupted()));
    if (signal?.aborted === true) {
      reject(new Interrupted());
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => finish(() => reject(new CommandFailure(`${what} timed out after ${timeoutMs / 1000} s`))), timeoutMs);
    }
    const controls: WaitControls<T> = {
      resolve: (value) => finish(() => resolve(value)),
      reject: (error) => finish(() => reject(error)),
    };
    cleanup = setup(controls);
    // setup may have settled synchronously, before `cleanup` was assigned.
    if (settled) cleanup();
  });
}

/** `work`, or Interrupted as soon as `signal` aborts (the work itself goes on; the caller shuts the client down). */
export function unlessInterrupted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return waitFor<T>("operation", undefined, signal, ({ resolve, reject }) => {
    work.then(resolve, reject);
    return () => undefined;
  });
}
