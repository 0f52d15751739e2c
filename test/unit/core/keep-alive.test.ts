// Keep-alive (MQTT 5 §3.1.2.10, behavior.md §3): PINGREQ after Keep Alive of client silence, cadence, traffic
// pushing it out, Server Keep Alive, keep-alive 0, the PINGRESP timeout (min(pingTimeoutMs, keepAlive / 2)) and
// half-open connections whose writes never complete.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { assertLifecycleInvariants, lifecycleKinds } from "../../support/lifecycle-invariants.js";
import { DisconnectReasonCode, PacketType, QoS, RetryJitterType } from "../../../src/core/model/enums.js";
import type { CoreConfig } from "../../../src/core/core-config.js";
import type { ClientEvent } from "../../../src/core/io.js";
import { PacketDecoder } from "../../../src/core/codec/index.js";

function harness(keepAliveSeconds: number, overrides: Partial<CoreConfig> = {}): CoreHarness {
  return new CoreHarness({
    connect: { clientId: "ka", keepAliveIntervalSeconds: keepAliveSeconds },
    retryJitterMode: RetryJitterType.None,
    ...overrides,
  });
}

/** Times (harness ms) at which a write containing a PINGREQ was issued. */
function pingTimes(h: CoreHarness): number[] {
  const times: number[] = [];
  for (const { atMs, action } of h.actionLog) {
    if (action.kind !== "write") continue;
    if (new PacketDecoder().push(action.bytes).some((p) => p.type === PacketType.Pingreq)) times.push(atMs);
  }
  return times;
}

const pingresp = { type: PacketType.Pingresp } as const;

function lastFinalEvent(h: CoreHarness): Extract<ClientEvent, { kind: "disconnection" | "connectionFailure" }> | undefined {
  for (let i = h.events.length - 1; i >= 0; i--) {
    const event = h.events[i];
    if (event?.kind === "disconnection" || event?.kind === "connectionFailure") return event;
  }
  return undefined;
}

test("[MQTT-3.1.2-20] PINGREQ exactly Keep Alive after the last packet written, not a millisecond earlier", () => {
  const h = harness(60);
  h.connect();
  const connectAt = h.nowMs;
  h.advanceBy(59_999);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
  h.advanceBy(1);
  assert.deepEqual(pingTimes(h), [connectAt + 60_000]);
  assert.deepEqual(h.written.at(-1), { type: PacketType.Pingreq });
});

test("cadence: one PINGREQ per Keep Alive while each is answered", () => {
  const h = harness(30);
  h.connect();
  const start = h.nowMs;
  for (let i = 1; i <= 5; i++) {
    h.advanceBy(30_000);
    h.serverSends(pingresp);
  }
  assert.deepEqual(pingTimes(h), [1, 2, 3, 4, 5].map((k) => start + k * 30_000));
  assert.equal(h.core.isConnected(), true);
  assertLifecycleInvariants(h.events);
});

test("outgoing traffic pushes the next PINGREQ out: it is sent only after Keep Alive of silence", () => {
  const h = harness(60);
  h.connect();
  const start = h.nowMs;
  h.advanceBy(30_000);
  h.publish("t", QoS.AtMostOnce);
  h.advanceBy(45_000);
  h.subscribe("s");
  h.serverSends({ type: PacketType.Suback, packetId: 1, reasonCodes: [1] });
  h.advanceBy(59_999);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
  h.advanceBy(1);
  assert.deepEqual(pingTimes(h), [start + 30_000 + 45_000 + 60_000]);
});

test("incoming traffic does not push the PINGREQ out (only client-sent packets count)", () => {
  const h = harness(60);
  h.connect();
  const start = h.nowMs;
  for (let t = 10_000; t <= 50_000; t += 10_000) {
    h.advanceBy(10_000);
    h.serverSends({ type: PacketType.Publish, topicName: "in", payload: new Uint8Array(1), qos: QoS.AtMostOnce, retain: false, duplicate: false });
  }
  h.advanceBy(10_000);
  assert.deepEqual(pingTimes(h), [start + 60_000]);
});

for (const [clientSeconds, serverSeconds, expectedFirstPingS] of [
  [60, 10, 10],
  [5, 120, 120],
  [0, 20, 20],
] as const) {
  test(`[MQTT-3.1.2-21] Server Keep Alive ${serverSeconds} s replaces the client's ${clientSeconds} s`, () => {
    const h = harness(clientSeconds);
    h.connect({ serverKeepAlive: serverSeconds });
    const start = h.nowMs;
    h.advanceBy(expectedFirstPingS * 1000 - 1);
    assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
    h.advanceBy(1);
    h.serverSends(pingresp);
    h.advanceBy(expectedFirstPingS * 1000);
    assert.deepEqual(pingTimes(h), [start + expectedFirstPingS * 1000, start + 2 * expectedFirstPingS * 1000]);
  });
}

for (const [name, clientSeconds, serverSeconds] of [
  ["client Keep Alive 0, no Server Keep Alive", 0, undefined],
  ["Server Keep Alive 0 overrides the client's 30 s", 30, 0],
] as const) {
  test(`keep-alive off (${name}): never a PINGREQ, nothing left to schedule`, () => {
    const h = harness(clientSeconds, { minConnectedTimeToResetReconnectDelayMs: 1000 });
    h.connect(serverSeconds === undefined ? {} : { serverKeepAlive: serverSeconds });
    h.advanceBy(6 * 3600_000);
    assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
    assert.equal(h.core.isConnected(), true);
    assert.equal(h.core.nextDeadline(), undefined, "no ping, no timeout: no timer at all");
  });
}

for (const [keepAliveS, pingTimeoutMs, effectiveMs] of [
  [60, 30_000, 30_000],
  [10, 20_000, 5_000],
  [10, 5_000, 5_000],
  [10, 3_000, 3_000],
  [3, 30_000, 1_500],
] as const) {
  test(`ping timeout: keep-alive ${keepAliveS} s, pingTimeoutMs ${pingTimeoutMs} → DISCONNECT 0x8D ${effectiveMs} ms after the PINGREQ`, () => {
    const h = harness(keepAliveS, { pingTimeoutMs, minReconnectDelayMs: 1000 });
    h.connect();
    const pingAt = h.nowMs + keepAliveS * 1000;
    h.advanceBy(keepAliveS * 1000 + effectiveMs - 1);
    assert.deepEqual(pingTimes(h), [pingAt]);
    assert.equal(h.core.isConnected(), true, "still connected 1 ms before the timeout");
    const mark = h.actionLog.length;
    h.advanceBy(1);
    assert.deepEqual(h.actionKindsSince(mark), ["write:Disconnect", "closeTransport", "emit:disconnection"]);
    const disconnect = h.lastWritten();
    assert.ok(disconnect?.type === PacketType.Disconnect);
    assert.equal(disconnect.reasonCode, DisconnectReasonCode.KeepAliveTimeout);
    const event = lastFinalEvent(h);
    assert.equal(event?.kind, "disconnection");
    assert.equal(event?.error.code, "pingTimeout");
    // …and the client reconnects after the backoff.
    h.advanceBy(1000);
    assert.deepEqual(lifecycleKinds(h.events).slice(-2), ["disconnection", "attemptingConnect"]);
    assertLifecycleInvariants(h.events);
  });
}

test("a PINGRESP 1 ms before the timeout keeps the connection; the next PINGREQ follows Keep Alive after the last", () => {
  const h = harness(10, { pingTimeoutMs: 4000 });
  h.connect();
  const start = h.nowMs;
  h.advanceBy(10_000 + 3_999);
  h.serverSends(pingresp);
  h.advanceBy(1);
  assert.equal(h.core.isConnected(), true);
  h.advanceBy(20_000 - 4_000);
  assert.deepEqual(pingTimes(h), [start + 10_000, start + 20_000]);
});

test("ping timeout while a write is stuck: no DISCONNECT can be written, the transport is closed", () => {
  const h = harness(10, { pingTimeoutMs: 4000 });
  h.connect();
  h.autoCompleteWrites = false;
  h.advanceBy(10_000); // PINGREQ written, its write never completes
  assert.equal(h.writeInFlight, true);
  const mark = h.actionLog.length;
  h.advanceBy(4_000);
  assert.deepEqual(h.actionKindsSince(mark), ["closeTransport", "emit:disconnection"]);
  assert.equal(lastFinalEvent(h)?.error.code, "pingTimeout");
  assert.equal(h.writtenOfType(PacketType.Disconnect).length, 0);
});

test("half-open: the CONNECT write never completes and the server is silent → detected within Keep Alive + ping timeout", () => {
  const h = harness(20, { pingTimeoutMs: 5000 });
  h.autoCompleteWrites = false;
  h.start();
  h.openTransport();
  h.connack(); // the CONNACK arrived, but nothing we write ever gets through
  assert.equal(h.core.isConnected(), true);
  const connectedAt = h.nowMs;
  h.advanceBy(20_000 + 5_000 - 1);
  assert.equal(h.core.isConnected(), true);
  h.advanceBy(1);
  assert.equal(h.core.isConnected(), false, "the dead connection is detected");
  const event = lastFinalEvent(h);
  assert.equal(event?.kind, "disconnection");
  assert.equal(event?.error.code, "pingTimeout");
  assert.equal(h.timedEvents().find((e) => e.event.kind === "disconnection")?.atMs, connectedAt + 25_000);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0, "the PINGREQ never got out");
  assertLifecycleInvariants(h.events);
});

test("half-open: a publish write stuck later in the connection is detected the same way", () => {
  const h = harness(30, { pingTimeoutMs: 10_000 });
  h.connect();
  h.advanceBy(12_000);
  h.autoCompleteWrites = false;
  h.publish("big", QoS.AtMostOnce);
  const stuckAt = h.nowMs;
  h.advanceBy(30_000 + 10_000 - 1);
  assert.equal(h.core.isConnected(), true);
  h.advanceBy(1);
  assert.equal(h.core.isConnected(), false);
  assert.equal(h.timedEvents().find((e) => e.event.kind === "disconnection")?.atMs, stuckAt + 40_000);
});

test("a slow write that completes in time is not a timeout: the queued PINGREQ follows it and gets its own timeout", () => {
  const h = harness(30, { pingTimeoutMs: 10_000 });
  h.connect();
  h.autoCompleteWrites = false;
  h.publish("slow", QoS.AtMostOnce);
  const writeAt = h.nowMs;
  h.advanceBy(35_000); // the ping fell due at +30 s while the write was still going
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
  h.autoCompleteWrites = true;
  h.completeWrite(); // at +35 s: the PINGREQ goes out now
  assert.deepEqual(pingTimes(h), [writeAt + 35_000]);
  h.advanceBy(9_999); // +44.999 s: past the first due + timeout, but the PINGREQ was written at +35 s
  assert.equal(h.core.isConnected(), true);
  h.serverSends(pingresp);
  h.advanceBy(30_000 - 9_999); // the next PINGREQ is due Keep Alive after the last one was written
  assert.deepEqual(pingTimes(h), [writeAt + 35_000, writeAt + 65_000]);
  assert.equal(h.core.isConnected(), true);
});

test("no PINGREQ is written during cleanDisconnect", () => {
  const h = harness(10);
  h.connect();
  h.autoCompleteWrites = false;
  h.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: 0 } });
  h.advanceBy(25_000); // Keep Alive passes; the clean-disconnect bound (pingTimeoutMs, 30 s) does not
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
  assert.equal(h.written.at(-1)?.type, PacketType.Disconnect);
});
