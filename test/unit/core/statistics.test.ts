// Operational statistics through the core (behavior.md §10): the exact (incompleteCount, incompleteSize,
// unackedCount, unackedSize) sequences, with S = the encoded size of the packet as written, packet id included
// (aws-c-mqtt counts QoS > 0 packets 2 bytes short: §14.14).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { ClientOperationQueueBehavior, ClientSessionBehavior, PacketType, QoS } from "../../../src/core/model/enums.js";
import type { ClientStatistics } from "../../../src/core/io.js";
import { puback, pubcomp, pubrec, suback, unsuback } from "../../support/session-helpers.js";

type Stats = [number, number, number, number];

function stats(h: CoreHarness): Stats {
  const s: ClientStatistics = h.core.statistics();
  return [s.incompleteOperationCount, s.incompleteOperationSize, s.unackedOperationCount, s.unackedOperationSize];
}

const ZERO: Stats = [0, 0, 0, 0];

/** Submits while stopped (so the operation is observably queued), then connects; returns S from the wire. */
function submitThenConnect(h: CoreHarness, submit: () => number): { op: number; size: number; before: Stats } {
  const op = submit();
  const before = stats(h);
  h.connect();
  const write = h.writes.at(-1);
  assert.ok(write !== undefined);
  return { op, size: write.length, before };
}

const ACKED_KINDS: Array<{ name: string; submit: (h: CoreHarness) => number; acks: (id: number) => Parameters<CoreHarness["serverSends"]> }> = [
  { name: "subscribe", submit: (h) => h.subscribe("a/b/#"), acks: (id) => [suback(id, 1)] },
  { name: "unsubscribe", submit: (h) => h.unsubscribe("a/b/#", "c"), acks: (id) => [unsuback(id, 0, 0)] },
  { name: "QoS 1 publish", submit: (h) => h.publish("a/b", QoS.AtLeastOnce, { userProperties: [{ name: "k", value: "v" }] }), acks: (id) => [puback(id)] },
];

for (const kind of ACKED_KINDS) {
  test(`${kind.name}: (1,S,0,0) → (1,S,1,S) → 0, S = bytes written incl. the packet id`, () => {
    const h = new CoreHarness();
    const { size, before } = submitThenConnect(h, () => kind.submit(h));
    assert.deepEqual(before, [1, size, 0, 0], "queued");
    assert.deepEqual(stats(h), [1, size, 1, size], "written, awaiting its ack");
    h.serverSends(...kind.acks(1));
    assert.deepEqual(stats(h), ZERO);
  });
}

test("QoS 2 publish: (1,S,0,0) → (1,S,1,S) → still (1,S,1,S) after PUBREC → 0 after PUBCOMP", () => {
  const h = new CoreHarness();
  const { size, before } = submitThenConnect(h, () => h.publish("a", QoS.ExactlyOnce));
  assert.deepEqual(before, [1, size, 0, 0]);
  assert.deepEqual(stats(h), [1, size, 1, size]);
  h.serverSends(pubrec(1));
  assert.deepEqual(stats(h), [1, size, 1, size]);
  h.serverSends(pubcomp(1));
  assert.deepEqual(stats(h), ZERO);
});

test("QoS 0 publish: (1,S,0,0) → (1,S,0,0) while its write is in flight → 0 when it completes", () => {
  const h = new CoreHarness();
  h.connect();
  h.autoCompleteWrites = false;
  h.publish("blocker", QoS.AtMostOnce);
  h.completeWrite();
  h.publish("first", QoS.AtMostOnce); // in flight
  h.publish("a/b", QoS.AtMostOnce, { payload: new Uint8Array(10) }); // queued behind it
  const queuedSize = 2 + 2 + 3 + 1 + 10; // header, topic length, "a/b", property length, payload
  const firstSize = h.writes.at(-1)?.length as number;
  assert.deepEqual(stats(h), [2, firstSize + queuedSize, 0, 0]);
  h.completeWrite();
  assert.equal(h.writes.at(-1)?.length, queuedSize, "S equals the bytes written");
  assert.deepEqual(stats(h), [1, queuedSize, 0, 0]);
  h.completeWrite();
  assert.deepEqual(stats(h), ZERO);
});

test("QoS 1 and QoS 0 versions of one publish differ by exactly the 2-byte packet id", () => {
  const h = new CoreHarness();
  h.connect();
  h.autoCompleteWrites = false;
  h.publish("blocker", QoS.AtMostOnce);
  const base = stats(h)[1];
  h.publish("same/topic", QoS.AtMostOnce);
  const qos0 = stats(h)[1] - base;
  h.publish("same/topic", QoS.AtLeastOnce);
  const qos1 = stats(h)[1] - base - qos0;
  assert.equal(qos1 - qos0, 2);
});

test("QoS 1 requeued across a rejoined session: (1,S,0,0) → (1,S,1,S) → (1,S,1,S) offline → (1,S,0,0) → (1,S,1,S) → 0", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinAlways, ackTimeoutMs: 0 });
  const { size, before } = submitThenConnect(h, () => h.publish("a/b", QoS.AtLeastOnce));
  assert.deepEqual(before, [1, size, 0, 0]);
  assert.deepEqual(stats(h), [1, size, 1, size]);
  h.transportCloses();
  assert.deepEqual(stats(h), [1, size, 1, size], "unacked operations stay unacked while offline");
  h.advanceBy(200_000);
  h.autoCompleteWrites = false;
  h.openTransport(); // CONNECT write in flight: the resend must wait for it
  h.connack({ sessionPresent: true });
  assert.deepEqual(stats(h), [1, size, 0, 0], "requeued at the CONNACK");
  h.completeWrite();
  assert.equal(h.writes.at(-1)?.length, size, "the DUP resend has the same size");
  assert.deepEqual(stats(h), [1, size, 1, size], "re-sent");
  h.completeWrite();
  h.serverSends(puback(1));
  assert.deepEqual(stats(h), ZERO);
});

test("operations refused at submission are never counted; failed ones stop counting", () => {
  const h = new CoreHarness({ offlineQueueBehavior: ClientOperationQueueBehavior.FailAllOnDisconnect });
  h.publish("a", QoS.AtLeastOnce);
  h.subscribe("s");
  assert.deepEqual(stats(h), ZERO, "refused by the offline policy");
  h.connect({ maximumPacketSize: 64 });
  h.autoCompleteWrites = false;
  h.publish("blocker", QoS.AtMostOnce);
  h.publish("too-big", QoS.AtLeastOnce, { payload: new Uint8Array(100) });
  assert.equal(stats(h)[0], 2);
  h.completeWrite(); // the big one fails validation when dequeued
  assert.deepEqual(stats(h), ZERO);
});

test("several operations add up; the unacked part follows each one", () => {
  const h = new CoreHarness();
  h.connect();
  h.publish("x", QoS.AtLeastOnce);
  const s1 = h.writes.at(-1)?.length as number;
  h.subscribe("y");
  const s2 = h.writes.at(-1)?.length as number;
  h.publish("zz", QoS.ExactlyOnce);
  const s3 = h.writes.at(-1)?.length as number;
  assert.deepEqual(stats(h), [3, s1 + s2 + s3, 3, s1 + s2 + s3]);
  h.serverSends(suback(2, 0));
  assert.deepEqual(stats(h), [2, s1 + s3, 2, s1 + s3]);
  h.serverSends(puback(1), pubrec(3), pubcomp(3));
  assert.deepEqual(stats(h), ZERO);
  assert.equal(h.writtenOfType(PacketType.Pubrel).length, 1);
});
