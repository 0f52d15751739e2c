// A token bucket for rate limits such as AWS IoT Core's 100 publishes/s and 512 KiB/s per connection (behavior.md §8).
// Tokens regenerate continuously at `ratePerSecond` up to `capacity`.
//
// Oversized costs: a take succeeds once the bucket holds min(cost, capacity) tokens and then subtracts the whole
// cost, possibly leaving the bucket in debt (negative). A 1 MiB write against a 512 KiB/s bucket therefore waits for
// a full bucket instead of forever, and the debt delays whatever follows, so the long-run rate still holds.
//
// No drift: instead of adding a rounded increment on every call, the level is computed from a fixed origin as
//   level(now) = min(capacity, originTokens + rate × (now − originMs) / 1000 − takenSinceOrigin)
// where takenSinceOrigin is an exact sum of the (integer) costs. The origin moves only when the bucket is full (the
// level is then exactly `capacity`, nothing is lost) and, to keep magnitudes small, at most once a minute of busy
// time (one rounding of ~1e-9 tokens). `nowMs` may be a fractional performance.now() value; time going backwards is
// treated as no time passing.

/** Above this much time since the origin, the next take moves the origin (bounds the magnitude of the sums). */
const REBASE_AFTER_MS = 60_000;

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly capacity: number;
  /** Tolerance for float rounding in level(): a wait of exactly msUntilAvailable() must be enough. */
  private readonly epsilon: number;
  private originMs = 0;
  private originTokens: number;
  private takenSinceOrigin = 0;

  /** A new bucket is full; call reset() when the limit starts to apply. */
  constructor(ratePerSecond: number, capacity: number) {
    if (!(Number.isFinite(ratePerSecond) && ratePerSecond > 0)) {
      throw new RangeError(`TokenBucket: rate must be a positive finite number, got ${ratePerSecond}`);
    }
    if (!(Number.isFinite(capacity) && capacity > 0)) {
      throw new RangeError(`TokenBucket: capacity must be a positive finite number, got ${capacity}`);
    }
    this.ratePerSecond = ratePerSecond;
    this.capacity = capacity;
    this.epsilon = 1e-9 * (capacity + ratePerSecond);
    this.originTokens = capacity;
  }

  /** Starts over at `nowMs` with `tokens` (default 0: empty; at most `capacity`; negative = debt). */
  reset(nowMs: number, tokens = 0): void {
    this.originMs = nowMs;
    this.originTokens = Math.min(tokens, this.capacity);
    this.takenSinceOrigin = 0;
  }

  /** Tokens available at `nowMs` (negative while in debt). Does not change the bucket. */
  tokensAt(nowMs: number): number {
    const elapsedMs = nowMs > this.originMs ? nowMs - this.originMs : 0;
    const level = this.originTokens + (this.ratePerSecond * elapsedMs) / 1000 - this.takenSinceOrigin;
    return level < this.capacity ? level : this.capacity;
  }

  /** Takes `cost` tokens if min(cost, capacity) are available at `nowMs`; false (and nothing taken) otherwise. */
  tryTake(cost: number, nowMs: number): boolean {
    checkCost(cost);
    if (!this.hasEnough(cost, nowMs)) return false;
    this.charge(cost, nowMs);
    return true;
  }

  /** Takes `cost` tokens unconditionally (traffic that may not be held back but must still count); may go into debt. */
  take(cost: number, nowMs: number): void {
    checkCost(cost);
    this.charge(cost, nowMs);
  }

  /** Milliseconds (fractional) from `nowMs` until tryTake(cost) would succeed; 0 when it would succeed now. */
  msUntilAvailable(cost: number, nowMs: number): number {
    checkCost(cost);
    const deficit = Math.min(cost, this.capacity) - this.tokensAt(nowMs);
    return deficit <= this.epsilon ? 0 : (deficit * 1000) / this.ratePerSecond;
  }

  private hasEnough(cost: number, nowMs: number): boolean {
    return this.tokensAt(nowMs) >= Math.min(cost, this.capacity) - this.epsilon;
  }

  private charge(cost: number, nowMs: number): void {
    const level = this.tokensAt(nowMs);
    if (level >= this.capacity || nowMs - this.originMs > REBASE_AFTER_MS) {
      // Full: regeneration beyond capacity is discarded, so restarting the origin here loses nothing.
      this.originMs = nowMs;
      this.originTokens = level;
      this.takenSinceOrigin = 0;
    }
    this.takenSinceOrigin += cost;
  }
}

function checkCost(cost: number): void {
  if (!(Number.isFinite(cost) && cost >= 0)) {
    throw new RangeError(`TokenBucket: cost must be a finite number ≥ 0, got ${cost}`);
  }
}
