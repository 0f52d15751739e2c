// IoT Core mode (config.awsIotCoreLimits) through the core: the behavior.md §7.8 validation, applied at submission
// so a violating operation settles at once, and the §8 flow control — ≤ 100 PUBLISH/s and ≤ 512 KiB/s measured on
// the bytes written — with control packets never held back. Time is the harness's manual clock only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { PacketType, QoS } from "../../../src/core/model/enums.js";
import { ValidationError } from "../../../src/core/errors.js";
import type { SubscribePacket } from "../../../src/core/model/packet.js";
import {
  acknowledge,
  acknowledgementIdOf,
  onTransportOfType,
  puback,
  publishesOnTransport,
  serverPublish,
  settledError,
  settledValue,
} from "../../support/session-helpers.js";

function iot(awsIotCoreLimits = true): CoreHarness {
  return new CoreHarness({ awsIotCoreLimits, ackTimeoutMs: 0 });
}

function subscribeMany(h: CoreHarness, filters: string[]): number {
  const packet: SubscribePacket = { type: PacketType.Subscribe, packetId: 0, subscriptions: filters.map((topicFilter) => ({ topicFilter, qos: 1 })) };
  return h.submit({ kind: "subscribe", packet });
}

const NINE_LEVELS = "1/2/3/4/5/6/7/8/9";
const EIGHT_LEVELS = "1/2/3/4/5/6/7/8";

const INVALID: Array<[string, (h: CoreHarness) => number, string]> = [
  ["9 subscriptions in one SUBSCRIBE", (h) => subscribeMany(h, Array.from({ length: 9 }, (_, i) => `f/${i}`)), "subscriptions"],
  ["a topic name of 9 levels", (h) => h.publish(NINE_LEVELS, QoS.AtLeastOnce), "topicName"],
  ["a topic name of 257 bytes", (h) => h.publish("x".repeat(257), QoS.AtMostOnce), "topicName"],
  ["a topic filter of 9 levels", (h) => subscribeMany(h, ["a", NINE_LEVELS]), "subscriptions[1].topicFilter"],
  ["an unsubscribe filter of 9 levels", (h) => h.unsubscribe("a", `${NINE_LEVELS}/#`), "topicFilters[1]"],
];

for (const [name, submit, field] of INVALID) {
  for (const connected of [true, false]) {
    test(`IoT Core: ${name} settles at once with a ValidationError (${connected ? "connected" : "offline"})`, () => {
      const h = iot();
      if (connected) h.connect();
      const written = h.written.length;
      const op = submit(h);
      const error = settledError(h, op);
      assert.ok(error instanceof ValidationError);
      assert.equal(error.field, field);
      assert.equal(h.written.length, written, "nothing written for a refused operation");
      assert.deepEqual(h.core.statistics().incompleteOperationCount, 0);
    });
  }
}

test("IoT Core: the limits themselves pass; the $aws/rules/<rule>/ and $share/<group>/ prefixes do not count", () => {
  const h = iot();
  h.connect();
  const ops = [
    subscribeMany(h, Array.from({ length: 8 }, (_, i) => `f/${i}`)),
    h.publish(EIGHT_LEVELS, QoS.AtMostOnce),
    h.publish("x".repeat(256), QoS.AtMostOnce),
    h.publish(`$aws/rules/myRule/${EIGHT_LEVELS}`, QoS.AtMostOnce),
    h.publish(`$AWS/Rules/r/${"y".repeat(256)}`, QoS.AtMostOnce),
    subscribeMany(h, [`$share/group/${EIGHT_LEVELS}`]),
  ];
  h.advanceBy(5_000);
  for (const op of ops) assert.equal(h.result(op)?.ok !== false, true, `operation ${op} was refused`);
});

test("without IoT Core mode the same operations are not refused", () => {
  const h = iot(false);
  h.connect();
  const ops = [subscribeMany(h, Array.from({ length: 9 }, (_, i) => `f/${i}`)), h.publish(NINE_LEVELS, QoS.AtMostOnce), h.publish("x".repeat(300), QoS.AtMostOnce)];
  for (const op of ops) assert.equal(h.result(op)?.ok !== false, true);
});

/** Advances the clock in small steps, acknowledging every QoS 1 PUBLISH as it appears; returns the write times. */
function drain(h: CoreHarness, count: number, stepMs: number, limitMs: number): number[] {
  const times: number[] = [];
  const start = h.nowMs;
  while (times.length < count && h.nowMs - start < limitMs) {
    const publishes = publishesOnTransport(h);
    for (let i = times.length; i < publishes.length; i++) {
      times.push(h.nowMs - start);
      const id = publishes[i]?.packetId;
      if (id !== undefined) h.serverSends(puback(id));
    }
    if (times.length < count) h.advanceBy(stepMs);
  }
  return times;
}

test("IoT Core: 650 tiny QoS 1 publishes take at least 6 s, never more than 100 in any second", () => {
  const h = iot();
  h.connect({ receiveMaximum: 65_535 });
  for (let i = 0; i < 650; i++) h.publish("t", QoS.AtLeastOnce, { payload: new Uint8Array(1) });
  const times = drain(h, 650, 5, 60_000);
  assert.equal(times.length, 650);
  const last = times.at(-1) as number;
  assert.ok(last >= 6_000, `all 650 written after ${last} ms`);
  assert.ok(last < 7_000, `throttled harder than 100/s: ${last} ms`);
  for (let i = 100; i < times.length; i++) {
    assert.ok((times[i] as number) - (times[i - 100] as number) >= 990, `101 publishes within one second, ending at #${i}`);
  }
});

test("the same 650 publishes without IoT Core mode go out without any wait", () => {
  const h = iot(false);
  h.connect();
  for (let i = 0; i < 650; i++) h.publish("t", QoS.AtLeastOnce, { payload: new Uint8Array(1) });
  const times = drain(h, 650, 5, 60_000);
  assert.equal(times.at(-1), 0);
});

test("IoT Core: 21 publishes of 127 KiB take at least 5 s (512 KiB/s on the bytes written)", () => {
  const h = iot();
  h.connect();
  for (let i = 0; i < 21; i++) h.publish("big", QoS.AtLeastOnce, { payload: new Uint8Array(127 * 1024) });
  const times = drain(h, 21, 10, 60_000);
  assert.equal(times.length, 21);
  const last = times.at(-1) as number;
  assert.ok(last >= 5_000, `21 × 127 KiB written after ${last} ms`);
  assert.ok(last < 6_000, `throttled harder than 512 KiB/s: ${last} ms`);
});

test("IoT Core: acknowledgements and PINGREQ are not held back while publishes are throttled", () => {
  const h = iot();
  h.connect();
  for (let i = 0; i < 5; i++) h.publish("big", QoS.AtMostOnce, { payload: new Uint8Array(400 * 1024) });
  h.advanceBy(1_000); // the first big write put the byte budget in debt
  const before = publishesOnTransport(h).length;
  h.serverSends(serverPublish("in", QoS.AtLeastOnce, 3));
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.equal(onTransportOfType(h, PacketType.Puback).length, 1, "PUBACK held back by the throughput budget");
  assert.equal(publishesOnTransport(h).length, before);
  h.advanceBy(60_000);
  assert.ok(onTransportOfType(h, PacketType.Pingreq).length <= 1);
  assert.equal(publishesOnTransport(h).length, 5);
});

test("IoT Core: the budgets start empty on every connection (no burst right after CONNACK)", () => {
  const h = iot();
  h.connect();
  h.publish("a", QoS.AtMostOnce);
  assert.equal(publishesOnTransport(h).length, 0, "the first publish waits for the first token");
  h.advanceBy(10);
  assert.equal(publishesOnTransport(h).length, 1);
  h.advanceBy(5_000); // buckets full again
  h.transportCloses();
  h.advanceBy(200_000);
  h.openTransport();
  h.connack();
  h.publish("b", QoS.AtMostOnce);
  assert.equal(publishesOnTransport(h).length, 0);
  h.advanceBy(10);
  assert.equal(publishesOnTransport(h).length, 1);
});

test("IoT Core: a SUBSCRIBE is not held behind publishes waiting for the publish rate", () => {
  const h = iot();
  h.connect();
  for (let i = 0; i < 300; i++) h.publish("t", QoS.AtMostOnce);
  const sub = h.subscribe("s");
  h.advanceBy(20); // the core's next wake-up is the head PUBLISH's token (10 ms); the SUBSCRIBE needs only bytes
  assert.equal(onTransportOfType(h, PacketType.Subscribe).length, 1, "SUBSCRIBE waits for 300 publishes (3 s)");
  assert.ok(publishesOnTransport(h).length <= 2);
  h.serverSends({ type: PacketType.Suback, packetId: 1, reasonCodes: [1] });
  settledValue(h, sub);
});

test("IoT Core + Receive Maximum: a PUBLISH held by the send quota does not make the core ask for a timer at 'now'", () => {
  const h = iot();
  h.connect({ receiveMaximum: 1 });
  h.publish("a", QoS.AtLeastOnce);
  h.publish("b", QoS.AtLeastOnce);
  h.advanceBy(2_000); // both budgets refill; "b" still waits for the PUBACK of "a"
  assert.equal(publishesOnTransport(h).length, 1);
  const deadline = h.core.nextDeadline();
  assert.ok(deadline === undefined || deadline > h.nowMs, `nextDeadline ${deadline} is not in the future (now ${h.nowMs})`);
  h.serverSends(puback(1));
  assert.equal(publishesOnTransport(h).length, 2);
});

test(
  "IoT Core: a SUBSCRIBE behind a quota-held PUBLISH, waiting only for the byte budget, gets a timer of its own",

  () => {
    const h = iot();
    h.connect({ receiveMaximum: 1 });
    h.publish("big", QoS.AtLeastOnce, { payload: new Uint8Array(400 * 1024) });
    // Stop the clock exactly when the big PUBLISH is written: the byte budget is then empty.
    while (publishesOnTransport(h).length === 0) h.advanceBy((h.core.nextDeadline() as number) - h.nowMs);
    h.publish("held", QoS.AtLeastOnce); // no quota left
    h.subscribe("s"); // needs only a few bytes of budget
    h.advanceBy(100);
    assert.equal(onTransportOfType(h, PacketType.Subscribe).length, 1, "the SUBSCRIBE waits for an unrelated input");
  },
);
