// Lifecycle (behavior.md §1): stop(), stop(DISCONNECT) and close() in every state, start() repeated, start after
// stop, and the state after close(). Expected action sequences are listed per state and command.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { assertLifecycleInvariants, lifecycleKinds } from "../../support/lifecycle-invariants.js";
import { LIFECYCLE_STATES, NORMAL_DISCONNECT, driveTo, submitMixedOperations, type DrivenState } from "../../support/core-states.js";
import { ClientSessionBehavior, DisconnectReasonCode, PacketType, QoS, RetryJitterType } from "../../../src/core/model/enums.js";
import type { DisconnectPacket } from "../../../src/core/model/packet.js";
import type { ClientEvent } from "../../../src/core/io.js";
import { MqttClientError } from "../../../src/core/errors.js";

type Command = "stop" | "stopWithDisconnect" | "close";

const FAIL_STOP = ["closeTransport", "emit:connectionFailure", "emit:stopped"];
const LOST_STOP = ["closeTransport", "emit:disconnection", "emit:stopped"];

/** Actions from the command until the core settles (writes are auto-completed except in cleanDisconnect). */
const EXPECTED: Record<DrivenState, Record<Command, string[]>> = {
  stopped: { stop: [], stopWithDisconnect: [], close: [] },
  connecting: { stop: FAIL_STOP, stopWithDisconnect: FAIL_STOP, close: FAIL_STOP },
  mqttConnect: { stop: FAIL_STOP, stopWithDisconnect: ["write:Disconnect", ...FAIL_STOP], close: FAIL_STOP },
  connected: { stop: LOST_STOP, stopWithDisconnect: ["write:Disconnect", ...LOST_STOP], close: LOST_STOP },
  // The DISCONNECT of the first stop is still being written: a second stop changes nothing.
  cleanDisconnect: { stop: [], stopWithDisconnect: [], close: LOST_STOP },
  pendingReconnect: { stop: ["emit:stopped"], stopWithDisconnect: ["emit:stopped"], close: ["emit:stopped"] },
};

function runCommand(h: CoreHarness, command: Command): void {
  if (command === "close") h.handle({ kind: "close" });
  else if (command === "stop") h.handle({ kind: "stop" });
  else h.handle({ kind: "stop", disconnect: NORMAL_DISCONNECT });
}

function finalEventError(events: readonly ClientEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.kind === "connectionFailure" || event?.kind === "disconnection") return event.error.code;
  }
  return undefined;
}

for (const state of LIFECYCLE_STATES) {
  for (const command of ["stop", "stopWithDisconnect", "close"] as const) {
    test(`${command} in ${state}: ${EXPECTED[state][command].join(", ") || "no action"}`, () => {
      const h = new CoreHarness();
      driveTo(h, state);
      const ops = submitMixedOperations(h);
      const eventsBefore = h.events.length;
      const mark = h.actionLog.length;
      runCommand(h, command);
      const actions = h.actionKindsSince(mark).filter((kind) => kind !== "settle");
      assert.deepEqual(actions, EXPECTED[state][command]);
      if (actions.includes("emit:connectionFailure") || actions.includes("emit:disconnection")) {
        assert.equal(finalEventError(h.events.slice(eventsBefore)), command === "close" ? "clientClosed" : "userRequestedStop");
      }
      if (state === "cleanDisconnect" && command !== "close") {
        // Only one DISCONNECT is written; when it completes the client stops as asked first.
        assert.equal(h.writtenOfType(PacketType.Disconnect).length, 1);
        h.completeWrite();
        assert.deepEqual(lifecycleKinds(h.events).slice(-2), ["disconnection", "stopped"]);
      }
      assertLifecycleInvariants(h.events, { complete: true });
      assert.equal(h.core.nextDeadline(), undefined, "nothing may be scheduled after stop/close");
      assert.equal(h.core.isConnected(), false);
      if (command === "close") {
        h.assertAllSettled();
      } else if (state !== "stopped") {
        // Entering stopped fails whatever is left: a later start() is a new session.
        h.assertAllSettled();
      } else {
        // Already stopped: queued operations wait for the next connection (QoS 0 was refused at submission).
        assert.equal(h.result(ops[1] as number), undefined);
      }
    });
  }
}

test("stop() in stopped emits nothing and start() afterwards connects at once", () => {
  const h = new CoreHarness();
  h.handle({ kind: "stop" });
  assert.deepEqual(h.events, []);
  h.start();
  assert.deepEqual(h.eventKinds(), ["attemptingConnect"]);
  assert.ok(h.pendingOpenAttempt !== undefined);
});

for (const state of LIFECYCLE_STATES.filter((s) => s !== "stopped" && s !== "cleanDisconnect")) {
  test(`start() again in ${state} is harmless: no action, no new attempt`, () => {
    const h = new CoreHarness();
    driveTo(h, state);
    const deadline = h.core.nextDeadline();
    const actions = h.handle({ kind: "start" });
    assert.deepEqual(actions, []);
    assert.equal(h.core.nextDeadline(), deadline);
    assertLifecycleInvariants(h.events);
  });
}

test("start() during cleanDisconnect: the stop completes first (stopped), then a new session starts at once", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinPostSuccess, retryJitterMode: RetryJitterType.None });
  h.connect();
  h.transportCloses(); // grow the backoff and make RejoinPostSuccess want to resume
  h.advanceBy(h.core.nextDeadline()! - h.nowMs);
  h.openTransport();
  assert.equal(h.writtenOnTransport[0]?.type === PacketType.Connect && h.writtenOnTransport[0].cleanStart, false);
  h.connack({ sessionPresent: true });
  h.autoCompleteWrites = false;
  const pending = h.publish("carried", QoS.AtLeastOnce); // behind nothing: written, awaiting PUBACK
  h.completeWrite();
  h.handle({ kind: "stop", disconnect: NORMAL_DISCONNECT });
  assert.deepEqual(h.handle({ kind: "start" }), []);
  h.autoCompleteWrites = true;
  const mark = h.actionLog.length;
  h.completeWrite();
  assert.deepEqual(h.actionKindsSince(mark).filter((k) => k !== "settle"), ["closeTransport", "emit:disconnection", "emit:stopped", "emit:attemptingConnect", "openTransport"]);
  const result = h.result(pending);
  assert.ok(result !== undefined && !result.ok && result.error.code === "clientStopped", "the stop fails what was in flight");
  h.openTransport();
  const connect = h.writtenOnTransport[0];
  assert.ok(connect?.type === PacketType.Connect && connect.cleanStart, "a new session after stop/start");
  h.connack();
  assert.equal(h.core.isConnected(), true);
  assertLifecycleInvariants(h.events);
});

for (const state of LIFECYCLE_STATES) {
  test(`start after stop from ${state}: a new attempt at once, Clean Start, fresh events`, () => {
    const h = new CoreHarness();
    driveTo(h, state);
    h.handle({ kind: "stop" });
    if (state === "cleanDisconnect") h.completeWrite();
    h.autoCompleteWrites = true;
    const mark = h.actionLog.length;
    h.start();
    assert.deepEqual(h.actionKindsSince(mark), ["emit:attemptingConnect", "openTransport"]);
    h.openTransport();
    const connect = h.writtenOnTransport[0];
    assert.ok(connect?.type === PacketType.Connect && connect.cleanStart);
    h.connack();
    assert.equal(h.core.isConnected(), true);
    assertLifecycleInvariants(h.events);
  });
}

test("stop(DISCONNECT) writes exactly the given packet first: DisconnectWithWillMessage with a session expiry", () => {
  const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 60, sessionExpiryIntervalSeconds: 3600 } });
  h.connect();
  const disconnect: DisconnectPacket = {
    type: PacketType.Disconnect,
    reasonCode: DisconnectReasonCode.DisconnectWithWillMessage,
    sessionExpiryIntervalSeconds: 120,
    reasonString: "bye",
  };
  const mark = h.actionLog.length;
  h.handle({ kind: "stop", disconnect });
  assert.deepEqual(h.actionKindsSince(mark), ["write:Disconnect", "closeTransport", "emit:disconnection", "emit:stopped"]);
  assert.deepEqual(h.lastWritten(), disconnect);
  assert.equal(h.writtenOnTransport.filter((p) => p.type === PacketType.Disconnect).length, 1);
});

test("stop(DISCONNECT) while a write is in flight: the DISCONNECT follows it, then the transport closes", () => {
  const h = new CoreHarness();
  h.connect();
  h.autoCompleteWrites = false;
  const op = h.publish("a", QoS.AtMostOnce);
  assert.equal(h.writeInFlight, true);
  const mark = h.actionLog.length;
  h.handle({ kind: "stop", disconnect: NORMAL_DISCONNECT });
  assert.deepEqual(h.actionKindsSince(mark), [], "nothing is written while the publish is in flight");
  h.completeWrite();
  assert.deepEqual(h.actionKindsSince(mark), ["settle", "write:Disconnect"]);
  assert.ok(h.result(op)?.ok, "the QoS 0 publish whose write completed succeeds");
  h.completeWrite();
  assert.deepEqual(h.actionKindsSince(mark).slice(2), ["closeTransport", "emit:disconnection", "emit:stopped"]);
  assertLifecycleInvariants(h.events, { complete: true });
});

test("transport closing during cleanDisconnect ends as a user stop", () => {
  const h = new CoreHarness();
  driveTo(h, "cleanDisconnect");
  h.transportCloses();
  assert.deepEqual(lifecycleKinds(h.events).slice(-2), ["disconnection", "stopped"]);
  const last = h.events.find((e) => e.kind === "disconnection");
  assert.equal(last?.kind === "disconnection" ? last.error.code : undefined, "userRequestedStop");
  assertLifecycleInvariants(h.events, { complete: true });
});

for (const state of LIFECYCLE_STATES) {
  test(`after close() from ${state}: nothing pending, no deadline, every later input inert`, () => {
    const h = new CoreHarness();
    driveTo(h, state);
    const ops = submitMixedOperations(h);
    h.handle({ kind: "close" });
    assert.equal(h.core.nextDeadline(), undefined);
    for (const op of ops) assert.ok(h.result(op) !== undefined, `operation ${op} settled by close()`);
    const stats = h.core.statistics();
    assert.deepEqual(stats, { incompleteOperationCount: 0, incompleteOperationSize: 0, unackedOperationCount: 0, unackedOperationSize: 0 });
    const eventsAfterClose = h.events.length;
    for (const input of [{ kind: "start" }, { kind: "stop" }, { kind: "close" }, { kind: "timer" }] as const) {
      assert.deepEqual(h.handle(input), [], `${input.kind} after close`);
    }
    h.nowMs += 10 * 60_000;
    assert.deepEqual(h.handle({ kind: "timer" }), []);
    const late = h.publish("late", QoS.AtLeastOnce);
    const result = h.result(late);
    assert.ok(result !== undefined && !result.ok && result.error.code === "clientClosed");
    assert.equal(h.events.length, eventsAfterClose);
    assert.equal(h.core.nextDeadline(), undefined);
    assertLifecycleInvariants(h.events, { complete: true });
  });
}

test("operations pending at stop() are failed with clientStopped (queued QoS 0 by the offline policy)", () => {
  const h = new CoreHarness();
  h.connect();
  h.autoCompleteWrites = false;
  const [qos0, qos1, sub] = submitMixedOperations(h) as [number, number, number];
  h.handle({ kind: "stop" });
  const codes = [qos0, qos1, sub].map((op) => {
    const result = h.result(op);
    return result !== undefined && !result.ok ? result.error.code : "ok";
  });
  // The QoS 0 publish was being written when the connection ended: the queue policy fails it first.
  assert.deepEqual(codes, ["offlineQueuePolicy", "clientStopped", "clientStopped"]);
});

test("every success is followed by exactly one disconnection across reconnect cycles", () => {
  const h = new CoreHarness();
  h.connect();
  for (let cycle = 0; cycle < 3; cycle++) {
    h.transportCloses();
    h.advanceBy(h.core.nextDeadline()! - h.nowMs);
    h.openTransport();
    h.connack();
  }
  h.handle({ kind: "stop" });
  const summary = assertLifecycleInvariants(h.events, { complete: true });
  assert.deepEqual([summary.attempts, summary.successes, summary.disconnections, summary.failures, summary.stops], [4, 4, 4, 0, 1]);
  assert.equal(lifecycleKinds(h.events).at(-1), "stopped");
});

test("the lifecycle checker rejects broken pairings", () => {
  const error = new MqttClientError("test", "test");
  const attempt: ClientEvent = { kind: "attemptingConnect" };
  const failure: ClientEvent = { kind: "connectionFailure", error };
  const lost: ClientEvent = { kind: "disconnection", error };
  assert.throws(() => assertLifecycleInvariants([attempt, attempt]));
  assert.throws(() => assertLifecycleInvariants([attempt, failure, failure]));
  assert.throws(() => assertLifecycleInvariants([attempt, lost]));
  assert.throws(() => assertLifecycleInvariants([attempt, { kind: "stopped" }]));
  assert.throws(() => assertLifecycleInvariants([{ kind: "stopped" }, { kind: "stopped" }]));
  assert.throws(() => assertLifecycleInvariants([attempt], { complete: true }));
  assert.doesNotThrow(() => assertLifecycleInvariants([attempt, failure, { kind: "stopped" }], { complete: true }));
});

test("a transportOpened/transportFailed for an older attempt is ignored: it must not close the current attempt", () => {
  const h = new CoreHarness();
  h.start(); // attempt 1
  h.handle({ kind: "stop" });
  h.start(); // attempt 2
  const current = h.pendingOpenAttempt;
  assert.equal(current, 2);
  // closeTransport means "close the current transport": answering a stale attempt with it would abort attempt 2.
  assert.deepEqual(h.core.handle({ kind: "transportOpened", attempt: 1 }, h.nowMs), []);
  assert.deepEqual(h.core.handle({ kind: "transportFailed", attempt: 1, error: new MqttClientError("x", "x") }, h.nowMs), []);
  h.openTransport();
  assert.equal(h.writtenOnTransport[0]?.type, PacketType.Connect);
  h.connack();
  assert.equal(h.core.isConnected(), true);
  assertLifecycleInvariants(h.events);
});

test("the current attempt's transport opening after stop() is closed at once", () => {
  const h = new CoreHarness();
  h.start();
  h.handle({ kind: "stop" });
  assert.deepEqual(h.core.handle({ kind: "transportOpened", attempt: 1 }, h.nowMs).map((a) => a.kind), ["closeTransport"]);
});
