// The server's Receive Maximum (send quota, MQTT 5 §4.9): never more than N unacknowledged QoS > 0 PUBLISHes
// [MQTT-3.3.4-7]; an exhausted quota holds back only PUBLISH [MQTT-3.3.4-8, 4.9.0-3]; units come back and
// the quota restarts on every connection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { ClientSessionBehavior, PacketType, QoS } from "../../../src/core/model/enums.js";
import type { PublishPacket } from "../../../src/core/model/packet.js";
import {
  acknowledge,
  acknowledgementIdOf,
  onTransportOfType,
  puback,
  pubcomp,
  pubrec,
  publishesOnTransport,
  reconnect,
  serverPublish,
  settledValue,
  suback,
} from "../../support/session-helpers.js";

function connected(receiveMaximum: number, extra: ConstructorParameters<typeof CoreHarness>[0] = {}): CoreHarness {
  const h = new CoreHarness(extra);
  h.connect({ receiveMaximum });
  return h;
}

/** Packet ids of QoS > 0 PUBLISHes written on this transport and not yet acknowledged by the given acks. */
function inFlight(h: CoreHarness, completed: Set<number>): number[] {
  return publishesOnTransport(h)
    .filter((p) => p.qos > 0 && !completed.has(p.packetId as number))
    .map((p) => p.packetId as number);
}

test("receive maximum 3, 30 publishes of QoS 1 and 2: never more than 3 unacknowledged on the wire [MQTT-3.3.4-7]", () => {
  const h = connected(3);
  const ops: number[] = [];
  for (let i = 0; i < 30; i++) ops.push(h.publish(`t/${i}`, i % 3 === 0 ? QoS.ExactlyOnce : QoS.AtLeastOnce));
  const completed = new Set<number>();
  let maxSeen = 0;
  for (let guard = 0; guard < 200 && completed.size < 30; guard++) {
    const open = inFlight(h, completed);
    maxSeen = Math.max(maxSeen, open.length);
    assert.ok(open.length <= 3, `${open.length} unacknowledged PUBLISHes in flight`);
    // Acknowledge the most recent one first, to show order does not matter to the quota.
    const id = open.at(-1) as number;
    const publish = publishesOnTransport(h).find((p) => p.packetId === id) as PublishPacket;
    completed.add(id);
    if (publish.qos === QoS.AtLeastOnce) h.serverSends(puback(id));
    else h.serverSends(pubrec(id), pubcomp(id));
  }
  assert.equal(maxSeen, 3);
  for (const op of ops) settledValue(h, op);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ops.map((_, i) => `t/${i}`), "PUBLISH order kept");
});

test("an exhausted quota holds QoS 0 PUBLISHes behind the waiting one (PUBLISH order is kept)", () => {
  const h = connected(1);
  h.publish("a", QoS.AtLeastOnce);
  h.publish("b", QoS.AtLeastOnce);
  const qos0 = h.publish("c", QoS.AtMostOnce);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a"]);
  assert.equal(h.result(qos0), undefined);
  h.serverSends(puback(1));
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a", "b", "c"]);
  settledValue(h, qos0);
});

test("an exhausted quota does not hold back SUBSCRIBE / UNSUBSCRIBE queued behind a waiting PUBLISH [MQTT-3.3.4-8]", () => {
  const h = connected(1);
  h.publish("a", QoS.AtLeastOnce);
  h.publish("b", QoS.AtLeastOnce);
  const sub = h.subscribe("s/#");
  h.publish("c", QoS.AtMostOnce);
  const unsub = h.unsubscribe("u");
  assert.deepEqual(onTransportOfType(h, PacketType.Subscribe).length, 1, "SUBSCRIBE delayed by the send quota");
  assert.deepEqual(onTransportOfType(h, PacketType.Unsubscribe).length, 1, "UNSUBSCRIBE delayed by the send quota");
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a"]);
  const subscribeId = onTransportOfType(h, PacketType.Subscribe)[0]?.packetId as number;
  h.serverSends(suback(subscribeId, 1));
  settledValue(h, sub);
  h.serverSends(puback(1));
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a", "b", "c"]);
  assert.equal(h.result(unsub), undefined);
});

test("a SUBSCRIBE submitted while the quota is exhausted goes out at once", () => {
  const h = connected(1);
  for (let i = 0; i < 50; i++) h.publish(`p/${i}`, QoS.AtLeastOnce);
  h.serverSends(puback(1)); // the backlog moves on by one
  h.subscribe("late");
  assert.equal(onTransportOfType(h, PacketType.Subscribe).length, 1);
  assert.equal(publishesOnTransport(h).length, 2);
});

test("an exhausted quota never holds back PUBACK, PUBREC, PUBREL, PUBCOMP, PINGREQ or DISCONNECT [MQTT-4.9.0-3]", () => {
  const h = connected(1, { ackTimeoutMs: 0 });
  h.publish("q2", QoS.ExactlyOnce);
  h.publish("waiting", QoS.AtLeastOnce);
  h.serverSends(pubrec(1)); // PUBREC success: the quota stays taken until the PUBCOMP
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 1);
  h.serverSends(serverPublish("in1", QoS.AtLeastOnce, 100), serverPublish("in2", QoS.ExactlyOnce, 101));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  assert.equal(onTransportOfType(h, PacketType.Puback).length, 1);
  assert.equal(onTransportOfType(h, PacketType.Pubrec).length, 1);
  h.serverSends({ type: PacketType.Pubrel, packetId: 101, reasonCode: 0 });
  assert.equal(onTransportOfType(h, PacketType.Pubcomp).length, 1);
  h.advanceBy(60_000); // keep-alive 60 s
  assert.equal(onTransportOfType(h, PacketType.Pingreq).length, 1);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["q2"], "the QoS 1 PUBLISH still waits");
  h.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: 0 } });
  assert.equal(onTransportOfType(h, PacketType.Disconnect).length, 1);
});

interface ReturnCase {
  name: string;
  qos: QoS;
  answer: (id: number) => Parameters<CoreHarness["serverSends"]>;
  returns: boolean;
}

const returnCases: ReturnCase[] = [
  { name: "PUBACK success", qos: QoS.AtLeastOnce, answer: (id) => [puback(id)], returns: true },
  { name: "PUBACK 0x80", qos: QoS.AtLeastOnce, answer: (id) => [puback(id, 0x80)], returns: true },
  { name: "PUBREC success", qos: QoS.ExactlyOnce, answer: (id) => [pubrec(id)], returns: false },
  { name: "PUBREC 0x87", qos: QoS.ExactlyOnce, answer: (id) => [pubrec(id, 0x87)], returns: true },
  { name: "PUBREC + PUBCOMP success", qos: QoS.ExactlyOnce, answer: (id) => [pubrec(id), pubcomp(id)], returns: true },
  { name: "PUBREC + PUBCOMP 0x92", qos: QoS.ExactlyOnce, answer: (id) => [pubrec(id), pubcomp(id, 0x92)], returns: true },
  { name: "PUBACK for an unknown id", qos: QoS.AtLeastOnce, answer: () => [puback(999)], returns: false },
];

for (const c of returnCases) {
  test(`X-28: ${c.name} ${c.returns ? "returns" : "does not return"} a unit of send quota`, () => {
    const h = connected(1);
    h.publish("first", c.qos);
    h.publish("second", QoS.AtLeastOnce);
    h.serverSends(...c.answer(1));
    const topics = publishesOnTransport(h).map((p) => p.topicName);
    assert.deepEqual(topics, c.returns ? ["first", "second"] : ["first"]);
  });
}

test("X-28: the quota never rises above the Receive Maximum (PUBCOMP for a PUBREL resent after a rejoin)", () => {
  const h = connected(2, { sessionBehavior: ClientSessionBehavior.RejoinAlways });
  h.publish("q2", QoS.ExactlyOnce);
  h.serverSends(pubrec(1));
  reconnect(h, true, { receiveMaximum: 2 });
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrel).map((p) => p.packetId), [1], "PUBREL resent [MQTT-4.3.3-6]");
  h.serverSends(pubcomp(1));
  for (let i = 0; i < 3; i++) h.publish(`n/${i}`, QoS.AtLeastOnce);
  assert.equal(publishesOnTransport(h).length, 2, "a 3rd unacknowledged PUBLISH would exceed Receive Maximum 2");
});

test("the quota restarts at the new connection's Receive Maximum; resent PUBLISHes count against it", () => {
  const h = connected(3, { sessionBehavior: ClientSessionBehavior.RejoinAlways });
  for (let i = 0; i < 5; i++) h.publish(`t/${i}`, QoS.AtLeastOnce);
  assert.equal(publishesOnTransport(h).length, 3);
  reconnect(h, true, { receiveMaximum: 2 });
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.topicName, p.duplicate]), [["t/0", true], ["t/1", true]]);
  h.serverSends(puback(1), puback(2));
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["t/0", "t/1", "t/2", "t/3"]);
  reconnect(h, false); // no Receive Maximum in CONNACK: 65,535
  assert.equal(publishesOnTransport(h).length, 3, "t/2, t/3 resent as new messages and t/4, all at once");
});

test("a SUBSCRIBE re-queued by a reconnect behind resent PUBLISHes that exceed the new quota goes out at once", () => {
  const h = connected(2, { sessionBehavior: ClientSessionBehavior.RejoinAlways });
  h.publish("a1", QoS.AtLeastOnce);
  h.publish("a2", QoS.AtLeastOnce);
  h.publish("b", QoS.AtLeastOnce);
  h.subscribe("s");
  assert.equal(onTransportOfType(h, PacketType.Subscribe).length, 1);
  reconnect(h, true, { receiveMaximum: 1 });
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a1"]);
  assert.equal(onTransportOfType(h, PacketType.Subscribe).length, 1, "the re-queued SUBSCRIBE waits behind a2");
});

test("a publish refused by the negotiated limits takes no quota; the next QoS 1 PUBLISH still respects it (cf. §14.6)", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.Clean });
  h.start();
  h.openTransport();
  h.connack({ receiveMaximum: 1, maximumPacketSize: 100, retainAvailable: false });
  h.publish("a", QoS.AtLeastOnce);
  const refused = h.publish("r", QoS.AtLeastOnce, { retain: true });
  const big = h.publish("b", QoS.AtLeastOnce, { payload: new Uint8Array(500) });
  h.publish("c", QoS.AtLeastOnce);
  h.publish("d", QoS.AtLeastOnce);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a"]);
  h.serverSends(puback(1));
  assert.ok(h.result(refused)?.ok === false);
  assert.ok(h.result(big)?.ok === false);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a", "c"], "only one unacknowledged at a time");
});
