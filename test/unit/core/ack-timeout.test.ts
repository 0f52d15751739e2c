// Per-operation acknowledgement timeout (config.ackTimeoutMs): counted from the operation's write, disabled with 0,
// late acks ignored, the send quota of a timed-out PUBLISH returned, and no timeout while offline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { ClientSessionBehavior, PacketType, QoS } from "../../../src/core/model/enums.js";
import { OperationError } from "../../../src/core/errors.js";
import {
  onTransportOfType,
  puback,
  pubcomp,
  pubrec,
  publishesOnTransport,
  reconnect,
  settledError,
  settledValue,
  suback,
} from "../../support/session-helpers.js";

const TIMEOUT = 10_000;

function harness(ackTimeoutMs = TIMEOUT, sessionBehavior = ClientSessionBehavior.Clean): CoreHarness {
  // Keep-alive off so long waits do not end the connection by ping timeout.
  return new CoreHarness({ ackTimeoutMs, sessionBehavior, connect: { clientId: "c", keepAliveIntervalSeconds: 0 } });
}

function assertTimedOut(h: CoreHarness, op: number): void {
  const error = settledError(h, op);
  assert.ok(error instanceof OperationError);
  assert.equal(error.reason, "timeout");
}

const KINDS: Array<[string, (h: CoreHarness) => number]> = [
  ["QoS 1 publish", (h) => h.publish("a", QoS.AtLeastOnce)],
  ["QoS 2 publish", (h) => h.publish("a", QoS.ExactlyOnce)],
  ["subscribe", (h) => h.subscribe("a")],
  ["unsubscribe", (h) => h.unsubscribe("a")],
];

for (const [name, submit] of KINDS) {
  test(`${name}: times out ${TIMEOUT} ms after its write, not after its submission`, () => {
    const h = harness();
    const op = submit(h); // submitted while stopped
    h.advanceBy(TIMEOUT * 3);
    h.connect();
    const writtenAt = h.nowMs;
    h.advanceBy(TIMEOUT - 1);
    assert.equal(h.result(op), undefined, "timed out early");
    h.advanceBy(1);
    assertTimedOut(h, op);
    assert.equal(h.nowMs - writtenAt, TIMEOUT);
    assert.equal(h.core.isConnected(), true, "a timeout fails the operation, not the connection");
  });
}

test("QoS 2: the timeout covers the whole flow (PUBREC does not restart it)", () => {
  const h = harness();
  h.connect();
  const op = h.publish("a", QoS.ExactlyOnce);
  h.advanceBy(TIMEOUT / 2);
  h.serverSends(pubrec(1));
  h.advanceBy(TIMEOUT / 2);
  assertTimedOut(h, op);
  h.serverSends(pubcomp(1)); // late: for an unknown id now, ignored
  assert.equal(h.core.isConnected(), true);
});

test("ackTimeoutMs 0 disables the timeout", () => {
  const h = harness(0);
  h.connect();
  const ops = KINDS.map(([, submit]) => submit(h));
  h.advanceBy(24 * 3600 * 1000);
  for (const op of ops) assert.equal(h.result(op), undefined);
  assert.equal(h.core.nextDeadline(), undefined, "no timer armed for acks");
});

test("a late acknowledgement after the timeout is ignored (no second settlement, no protocol error)", () => {
  const h = harness();
  h.connect();
  const q1 = h.publish("a", QoS.AtLeastOnce);
  const q2 = h.publish("b", QoS.ExactlyOnce);
  const sub = h.subscribe("c");
  h.advanceBy(TIMEOUT);
  for (const op of [q1, q2, sub]) assertTimedOut(h, op);
  const before = h.written.length;
  h.serverSends(puback(1), suback(3, 1));
  assert.equal(h.written.length, before);
  h.serverSends(pubrec(2));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrel).at(-1), { type: PacketType.Pubrel, packetId: 2, reasonCode: 0x92 }, "X-21 for the unknown id");
  assert.equal(h.core.isConnected(), true);
});

test("a timed-out PUBLISH returns its unit of send quota", () => {
  const h = harness();
  h.connect({ receiveMaximum: 1 });
  const first = h.publish("first", QoS.AtLeastOnce);
  const second = h.publish("second", QoS.AtLeastOnce);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["first"]);
  h.advanceBy(TIMEOUT);
  assertTimedOut(h, first);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["first", "second"]);
  h.serverSends(puback(publishesOnTransport(h)[1]?.packetId as number));
  settledValue(h, second);
});

test("each operation has its own deadline", () => {
  const h = harness();
  h.connect();
  const a = h.publish("a", QoS.AtLeastOnce);
  h.advanceBy(3_000);
  const b = h.subscribe("b");
  h.advanceBy(TIMEOUT - 3_000);
  assertTimedOut(h, a);
  assert.equal(h.result(b), undefined);
  h.advanceBy(3_000);
  assertTimedOut(h, b);
});

test("QoS 0 publishes never time out", () => {
  const h = harness();
  h.connect();
  h.autoCompleteWrites = false;
  const op = h.publish("a", QoS.AtMostOnce);
  h.advanceBy(TIMEOUT * 5);
  assert.equal(h.result(op), undefined);
  h.completeWrite();
  settledValue(h, op);
});

test("no timeout while offline; after a rejoin the resend starts a new timeout", () => {
  const h = harness(TIMEOUT, ClientSessionBehavior.RejoinAlways);
  h.connect();
  const op = h.publish("a", QoS.AtLeastOnce);
  h.advanceBy(TIMEOUT / 2);
  h.transportCloses();
  h.advanceBy(TIMEOUT * 10); // offline far longer than the timeout (the reconnect attempt stays unanswered)
  assert.equal(h.result(op), undefined);
  h.openTransport();
  h.connack({ sessionPresent: true });
  assert.equal(publishesOnTransport(h)[0]?.duplicate, true);
  h.advanceBy(TIMEOUT - 1);
  assert.equal(h.result(op), undefined);
  h.advanceBy(1);
  assertTimedOut(h, op);
});

test("a released QoS 2 flow resumed after a rejoin times out if its PUBCOMP never comes", () => {
  const h = harness(TIMEOUT, ClientSessionBehavior.RejoinAlways);
  h.connect();
  const op = h.publish("a", QoS.ExactlyOnce);
  h.serverSends(pubrec(1));
  reconnect(h, true);
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 1);
  h.advanceBy(TIMEOUT);
  assertTimedOut(h, op);
});
