// The lifecycle event contract (behavior.md §1.3), checked over a client's event stream:
//   - every attemptingConnect is followed by exactly one connectionSuccess or connectionFailure;
//   - every connectionSuccess is followed by exactly one disconnection;
//   - `stopped` only comes between attempts, never twice in a row;
//   - messageReceived only while connected (between connectionSuccess and its disconnection).
// Usable on a finished list (assertLifecycleInvariants) or fed event by event (LifecycleChecker) by fuzzers.
import assert from "node:assert/strict";
import type { ClientEvent } from "../../src/core/io.js";

type Phase = "idle" | "attempting" | "connected";

export interface LifecycleSummary {
  attempts: number;
  successes: number;
  failures: number;
  disconnections: number;
  stops: number;
  messages: number;
  /** Where the stream ended: "idle" means no attempt or connection is open. */
  phase: Phase;
}

export class LifecycleChecker {
  private phase: Phase = "idle";
  private lastLifecycleEvent: ClientEvent["kind"] | undefined;
  private index = 0;
  readonly summary: LifecycleSummary = { attempts: 0, successes: 0, failures: 0, disconnections: 0, stops: 0, messages: 0, phase: "idle" };

  feed(event: ClientEvent): void {
    const at = `event #${this.index} (${event.kind}) in phase ${this.phase}`;
    this.index += 1;
    switch (event.kind) {
      case "attemptingConnect":
        assert.equal(this.phase, "idle", `${at}: a new attempt began before the previous one ended`);
        this.phase = "attempting";
        this.summary.attempts += 1;
        break;
      case "connectionSuccess":
        assert.equal(this.phase, "attempting", `${at}: connectionSuccess without an open attempt`);
        this.phase = "connected";
        this.summary.successes += 1;
        break;
      case "connectionFailure":
        assert.equal(this.phase, "attempting", `${at}: connectionFailure without an open attempt`);
        assert.ok(event.error instanceof Error, `${at}: connectionFailure without an error`);
        this.phase = "idle";
        this.summary.failures += 1;
        break;
      case "disconnection":
        assert.equal(this.phase, "connected", `${at}: disconnection without a connectionSuccess`);
        assert.ok(event.error instanceof Error, `${at}: disconnection without an error`);
        this.phase = "idle";
        this.summary.disconnections += 1;
        break;
      case "stopped":
        assert.equal(this.phase, "idle", `${at}: stopped while an attempt or connection was still open`);
        assert.notEqual(this.lastLifecycleEvent, "stopped", `${at}: stopped twice in a row`);
        this.summary.stops += 1;
        break;
      case "messageReceived":
        assert.equal(this.phase, "connected", `${at}: message delivered outside a connection`);
        this.summary.messages += 1;
        return;
      case "authChallenge":
      case "authSuccess":
        // Enhanced authentication steps belong to an attempt or a connection; they are not lifecycle events.
        assert.notEqual(this.phase, "idle", `${at}: authentication step outside an attempt or connection`);
        return;
      case "reauthenticationFailed":
        return; // may follow the disconnection's cause or refuse a call made while idle
    }
    this.lastLifecycleEvent = event.kind;
    this.summary.phase = this.phase;
  }

  /** The stream has ended: no attempt or connection may be left open. */
  assertComplete(): void {
    assert.equal(this.phase, "idle", `the event stream ended in phase ${this.phase}`);
  }
}

/**
 * Asserts the pairing contract over `events`. With `complete: true` the stream must also be closed: every
 * attempt resolved and every connection ended (use after stop() or close()).
 */
export function assertLifecycleInvariants(events: readonly ClientEvent[], options: { complete?: boolean } = {}): LifecycleSummary {
  const checker = new LifecycleChecker();
  for (const event of events) checker.feed(event);
  if (options.complete === true) checker.assertComplete();
  return checker.summary;
}

/** Event kinds without messageReceived: the lifecycle sequence only. */
export function lifecycleKinds(events: readonly ClientEvent[]): string[] {
  return events.filter((event) => event.kind !== "messageReceived").map((event) => event.kind);
}
