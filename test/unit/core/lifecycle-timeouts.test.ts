// Connection-level deadlines other than keep-alive: the CONNACK timeout (from transport open, no DISCONNECT) and
// the bound on a clean disconnect whose DISCONNECT cannot be written (behavior.md §14.7: aws-c-mqtt has none).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { assertLifecycleInvariants, lifecycleKinds } from "../../support/lifecycle-invariants.js";
import { NORMAL_DISCONNECT } from "../../support/core-states.js";
import { PacketType, QoS, RetryJitterType } from "../../../src/core/model/enums.js";

test("CONNACK timeout counts from the transport opening: connectionFailure(connackTimeout), no DISCONNECT, reconnect", () => {
  const h = new CoreHarness({ connackTimeoutMs: 20_000, retryJitterMode: RetryJitterType.None, minReconnectDelayMs: 1000 });
  h.start();
  h.advanceBy(5_000); // the transport takes 5 s to open: not counted
  h.openTransport();
  h.advanceBy(19_999);
  assert.deepEqual(lifecycleKinds(h.events), ["attemptingConnect"]);
  const mark = h.actionLog.length;
  h.advanceBy(1);
  assert.deepEqual(h.actionKindsSince(mark), ["closeTransport", "emit:connectionFailure"]);
  const failure = h.events.at(-1);
  assert.ok(failure?.kind === "connectionFailure");
  assert.equal(failure.error.code, "connackTimeout");
  assert.equal(failure.connack, undefined);
  assert.deepEqual(h.written.map((p) => p.type), [PacketType.Connect], "no DISCONNECT before a CONNACK timeout");
  h.advanceBy(1000);
  assert.deepEqual(lifecycleKinds(h.events).at(-1), "attemptingConnect");
  assertLifecycleInvariants(h.events);
});

test("CONNACK timeout also when the CONNECT write itself never completes", () => {
  const h = new CoreHarness({ connackTimeoutMs: 7_000 });
  h.autoCompleteWrites = false;
  h.start();
  h.openTransport();
  h.advanceBy(7_000);
  const failure = h.events.at(-1);
  assert.ok(failure?.kind === "connectionFailure" && failure.error.code === "connackTimeout");
  assert.equal(h.transportOpen, false);
});

test("a CONNACK just before the timeout connects, and the CONNACK deadline is gone", () => {
  const h = new CoreHarness({ connackTimeoutMs: 10_000, connect: { clientId: "c", keepAliveIntervalSeconds: 0 }, minConnectedTimeToResetReconnectDelayMs: 1 });
  h.start();
  h.openTransport();
  h.advanceBy(9_999);
  h.connack();
  h.advanceBy(60_000);
  assert.equal(h.core.isConnected(), true);
  assert.equal(h.core.nextDeadline(), undefined);
});

test("stop(DISCONNECT) behind a write that never completes: closed after pingTimeoutMs without the DISCONNECT", () => {
  const h = new CoreHarness({ pingTimeoutMs: 8_000 });
  h.connect();
  h.autoCompleteWrites = false;
  h.publish("stuck", QoS.AtMostOnce);
  h.handle({ kind: "stop", disconnect: NORMAL_DISCONNECT });
  h.advanceBy(7_999);
  assert.equal(h.transportOpen, true);
  const mark = h.actionLog.length;
  h.advanceBy(1);
  assert.deepEqual(h.actionKindsSince(mark).filter((k) => k !== "settle"), ["closeTransport", "emit:disconnection", "emit:stopped"]);
  assert.equal(h.writtenOfType(PacketType.Disconnect).length, 0);
  const disconnection = h.events.find((e) => e.kind === "disconnection");
  assert.equal(disconnection?.kind === "disconnection" ? disconnection.error.code : undefined, "userRequestedStop");
  h.assertAllSettled();
  assertLifecycleInvariants(h.events, { complete: true });
  assert.equal(h.core.nextDeadline(), undefined);
});

test("stop(DISCONNECT) whose own write never completes: closed after pingTimeoutMs", () => {
  const h = new CoreHarness({ pingTimeoutMs: 8_000 });
  h.connect();
  h.autoCompleteWrites = false;
  h.handle({ kind: "stop", disconnect: NORMAL_DISCONNECT });
  assert.equal(h.lastWritten()?.type, PacketType.Disconnect);
  h.advanceBy(8_000);
  assert.equal(h.transportOpen, false);
  assert.deepEqual(lifecycleKinds(h.events).slice(-2), ["disconnection", "stopped"]);
});

test("stop(DISCONNECT) during mqttConnect with the CONNECT write stuck: ends within the bounds, never hangs", () => {
  const h = new CoreHarness({ pingTimeoutMs: 8_000, connackTimeoutMs: 20_000 });
  h.autoCompleteWrites = false;
  h.start();
  h.openTransport();
  h.handle({ kind: "stop", disconnect: NORMAL_DISCONNECT });
  h.advanceBy(8_000);
  assert.equal(h.transportOpen, false);
  assert.deepEqual(lifecycleKinds(h.events), ["attemptingConnect", "connectionFailure", "stopped"]);
  assert.equal(h.core.nextDeadline(), undefined);
});
