// Reconnect backoff: a pure function from (failures so far, previous delay, config, random draw) to the next delay.
// The lifecycle machine owns the BackoffState, replaces it with the returned one on each entry to pending-reconnect
// and puts INITIAL_BACKOFF_STATE back when a connection has lasted long enough (behavior.md §2).
//
// Differences from aws-c-mqtt, on purpose (behavior.md §14):
// - §14.1: Decorrelated jitter really remembers the previous delay (the C client never stores it, so its
//   "decorrelated" mode is Full jitter).
// - §14.2: Full jitter draws inside [0, min(max, base)] instead of drawing in [0, base] and clamping afterwards, which
//   made long outages collapse onto exactly `max` and lose all spreading.
// - The exponent is capped at 52 (as in the aws-crt browser client), so 2^n stays an exact double and the product is
//   never Infinity or NaN however many failures pile up.
import { RetryJitterType } from "../model/enums.js";

export interface BackoffConfig {
  jitterMode: RetryJitterType;
  minDelayMs: number;
  maxDelayMs: number;
}

export interface BackoffState {
  /** Failed connection attempts since the last reset. */
  readonly failures: number;
  /** The delay returned last time; 0 when there is none (used by Decorrelated jitter). */
  readonly previousDelayMs: number;
}

export const INITIAL_BACKOFF_STATE: BackoffState = Object.freeze({ failures: 0, previousDelayMs: 0 });

/** 2^52: above this the doubling no longer matters (any sane max is far smaller) and 2^n stays exact. */
const MAX_EXPONENT = 52;

/**
 * Makes any config usable, so that the backoff can never produce a negative, fractional, NaN or infinite delay:
 * - delays are rounded down to whole milliseconds;
 * - `minDelayMs` is at least 1 ms, so the exponential growth has something to double (0 would mean "retry in a
 *   tight loop forever"); NaN or negative values become 1 ms;
 * - `maxDelayMs` that is NaN, infinite or beyond Number.MAX_SAFE_INTEGER becomes Number.MAX_SAFE_INTEGER;
 * - when min > max the two are swapped: the user evidently meant a range, and both bounds stay honoured.
 * Replacing 0 ("not set") by the aws-crt defaults (1000 / 120000 ms) is the config layer's job, not this one.
 */
export function normalizeBackoffConfig(config: BackoffConfig): BackoffConfig {
  const min = wholeMs(config.minDelayMs, 1);
  const max = wholeMs(config.maxDelayMs, Number.MAX_SAFE_INTEGER);
  return {
    jitterMode: config.jitterMode,
    minDelayMs: Math.min(min, max),
    maxDelayMs: Math.max(min, max),
  };
}

function wholeMs(value: number, fallback: number): number {
  if (Number.isNaN(value)) return fallback;
  if (value > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.floor(value));
}

/**
 * The delay before the next reconnect attempt and the state to keep for the one after.
 * `random` returns a uniform float in [0, 1) (the runtime passes Math.random; tests pass a seeded generator).
 *
 * base = min(max, min × 2^min(failures, 52))
 * - None: base.
 * - Full / Default: uniform integer in [0, base].
 * - Decorrelated: uniform integer in [min, base] while there is no previous delay, then uniform integer in
 *   [min, min(max, 3 × previous delay)]. Like Full jitter, the draw happens inside the clamp rather than as
 *   min(max, uniform in [min, 3 × previous]): once 3 × previous exceeds max, clamping after the draw would pile most
 *   delays onto exactly max and reconnecting clients would synchronise again.
 */
export function nextReconnectDelay(
  state: BackoffState,
  config: BackoffConfig,
  random: () => number,
): { delayMs: number; state: BackoffState } {
  const { minDelayMs, maxDelayMs, jitterMode } = normalizeBackoffConfig(config);
  // NaN or negative counts (impossible from our own state, but cheap to survive) count as no failure.
  const exponent = state.failures > MAX_EXPONENT ? MAX_EXPONENT : state.failures >= 0 ? Math.floor(state.failures) : 0;
  const base = Math.min(maxDelayMs, minDelayMs * 2 ** exponent);

  let delayMs: number;
  switch (jitterMode) {
    case RetryJitterType.None:
      delayMs = base;
      break;
    case RetryJitterType.Decorrelated:
      if (state.previousDelayMs > 0) {
        // Never below min, even if the previous delay came from a different config with a smaller min.
        const upper = Math.max(minDelayMs, Math.min(maxDelayMs, 3 * state.previousDelayMs));
        delayMs = uniformInteger(minDelayMs, upper, random);
      } else {
        delayMs = uniformInteger(minDelayMs, base, random);
      }
      break;
    case RetryJitterType.Full:
    case RetryJitterType.Default:
    default:
      delayMs = uniformInteger(0, base, random);
      break;
  }
  return { delayMs, state: { failures: saturatingIncrement(state.failures), previousDelayMs: delayMs } };
}

/** Uniform integer in [low, high], both inclusive; robust to a `random` that returns exactly 1 or garbage. */
function uniformInteger(low: number, high: number, random: () => number): number {
  const draw = random();
  const fraction = draw >= 0 && draw < 1 ? draw : draw >= 1 ? 1 - Number.EPSILON : 0;
  return Math.min(high, low + Math.floor(fraction * (high - low + 1)));
}

function saturatingIncrement(failures: number): number {
  if (!(failures >= 0)) return 1;
  return failures >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : Math.floor(failures) + 1;
}
