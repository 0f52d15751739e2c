// Inbound QoS flows through the core (MQTT 5 §4.3 receiver side): delivery, acknowledgement after `acknowledge`,
// ordering of PUBACK/PUBREC [MQTT-4.6.0-2/3], duplicate suppression for QoS 2, and our Receive Maximum [MQTT-3.3.4-9].
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { PacketType, QoS } from "../../../src/core/model/enums.js";
import {
  acknowledge,
  acknowledgementIdOf,
  disconnectWritten,
  messages,
  onTransportOfType,
  pubrel,
  serverPublish,
} from "../../support/session-helpers.js";

function connected(receiveMaximum?: number): CoreHarness {
  const connect = { clientId: "test-client", keepAliveIntervalSeconds: 60, ...(receiveMaximum === undefined ? {} : { receiveMaximum }) };
  const h = new CoreHarness({ connect });
  h.connect();
  return h;
}

function acksWritten(h: CoreHarness): string[] {
  return h.writtenOnTransport
    .filter((p) => p.type === PacketType.Puback || p.type === PacketType.Pubrec || p.type === PacketType.Pubcomp)
    .map((p) => `${PacketType[p.type]}:${(p as { packetId: number }).packetId}`);
}

test("QoS 0 message: delivered without an acknowledgement id, nothing is written", () => {
  const h = connected();
  const before = h.written.length;
  h.serverSends(serverPublish("t", QoS.AtMostOnce));
  assert.equal(messages(h).length, 1);
  assert.equal(messages(h)[0]?.acknowledgementId, undefined);
  assert.equal(h.written.length, before);
});

test("QoS 1 message: delivered first, PUBACK only after acknowledge, once", () => {
  const h = connected();
  h.serverSends(serverPublish("t", QoS.AtLeastOnce, 12));
  assert.equal(messages(h).length, 1);
  assert.equal(messages(h)[0]?.message.topicName, "t");
  assert.deepEqual(acksWritten(h), [], "PUBACK sent before the acknowledgement");
  const ackId = acknowledgementIdOf(h, 0);
  acknowledge(h, ackId);
  assert.deepEqual(onTransportOfType(h, PacketType.Puback), [{ type: PacketType.Puback, packetId: 12, reasonCode: 0 }]);
  acknowledge(h, ackId);
  acknowledge(h, 9999);
  assert.deepEqual(acksWritten(h), ["Puback:12"], "a repeated or unknown acknowledgement writes nothing");
});

test("manual acknowledgement can be held back and sent much later on the same connection", () => {
  const h = connected();
  h.serverSends(serverPublish("t", QoS.AtLeastOnce, 3));
  h.advanceBy(45_000);
  assert.deepEqual(acksWritten(h), []);
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(acksWritten(h), ["Puback:3"]);
});

test("QoS 2 message: PUBREC after acknowledge; PUBREL → PUBCOMP; the id then starts a new message", () => {
  const h = connected();
  h.serverSends(serverPublish("t", QoS.ExactlyOnce, 5));
  assert.equal(messages(h).length, 1);
  assert.deepEqual(acksWritten(h), []);
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrec), [{ type: PacketType.Pubrec, packetId: 5, reasonCode: 0 }]);
  h.serverSends(pubrel(5));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubcomp), [{ type: PacketType.Pubcomp, packetId: 5, reasonCode: 0 }]);
  h.serverSends(serverPublish("t2", QoS.ExactlyOnce, 5));
  assert.equal(messages(h).length, 2, "after PUBCOMP the same id is a new message [MQTT-4.3.3-12]");
});

test("a duplicate QoS 2 PUBLISH is not delivered twice, before or after our PUBREC [MQTT-4.3.3-10]", () => {
  const h = connected();
  const publish = serverPublish("t", QoS.ExactlyOnce, 8);
  h.serverSends(publish);
  h.serverSends({ ...publish, duplicate: true });
  assert.equal(messages(h).length, 1);
  assert.deepEqual(acksWritten(h), [], "no PUBREC before the message is acknowledged");
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.serverSends({ ...publish, duplicate: true });
  assert.equal(messages(h).length, 1);
  assert.deepEqual(acksWritten(h), ["Pubrec:8", "Pubrec:8"], "the repeat is answered with PUBREC again");
});

test("a QoS 1 PUBLISH with the id of an acknowledged one is a new message, even with DUP 1 [MQTT-4.3.2-5]", () => {
  const h = connected();
  h.serverSends(serverPublish("t", QoS.AtLeastOnce, 4));
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.serverSends(serverPublish("t", QoS.AtLeastOnce, 4, { duplicate: true }));
  assert.equal(messages(h).length, 2);
  acknowledge(h, acknowledgementIdOf(h, 1));
  assert.deepEqual(acksWritten(h), ["Puback:4", "Puback:4"]);
});

const ackOrders: Array<{ qos: QoS; name: string; order: number[] }> = [
  { qos: QoS.AtLeastOnce, name: "PUBACK", order: [3, 1, 2, 5, 4] },
  { qos: QoS.AtLeastOnce, name: "PUBACK", order: [5, 4, 3, 2, 1] },
  { qos: QoS.ExactlyOnce, name: "PUBREC", order: [2, 4, 1, 5, 3] },
];

for (const { qos, name, order } of ackOrders) {
  test(`${name}s leave in the arrival order of the PUBLISHes whatever the acknowledgement order (${order.join(",")}) [MQTT-4.6.0-${qos === 1 ? 2 : 3}]`, () => {
    const h = connected();
    h.serverSends(...[1, 2, 3, 4, 5].map((id) => serverPublish(`t/${id}`, qos, id)));
    assert.equal(messages(h).length, 5);
    const ackIds = [0, 1, 2, 3, 4].map((i) => acknowledgementIdOf(h, i));
    for (const packetId of order) acknowledge(h, ackIds[packetId - 1] as number);
    assert.deepEqual(acksWritten(h), [1, 2, 3, 4, 5].map((id) => `${name === "PUBACK" ? "Puback" : "Pubrec"}:${id}`));
  });
}

test("an acknowledgement waiting for an earlier one is sent as soon as the earlier one is acknowledged", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 1), serverPublish("b", QoS.AtLeastOnce, 2));
  acknowledge(h, acknowledgementIdOf(h, 1));
  assert.deepEqual(acksWritten(h), [], "PUBACK 2 may not overtake PUBACK 1");
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(acksWritten(h), ["Puback:1", "Puback:2"]);
});

test("a held QoS 1 message does not hold back the PUBREC of a later QoS 2 message (orders are per QoS)", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 1), serverPublish("b", QoS.ExactlyOnce, 2));
  acknowledge(h, acknowledgementIdOf(h, 1));
  assert.deepEqual(acksWritten(h), ["Pubrec:2"]);
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(acksWritten(h), ["Pubrec:2", "Puback:1"]);
});

test("our Receive Maximum: the server may have that many QoS > 0 messages unacknowledged, one more → DISCONNECT 0x93", () => {
  const h = connected(2);
  assert.equal(h.writtenOfType(PacketType.Connect)[0]?.receiveMaximum, 2);
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 1), serverPublish("b", QoS.ExactlyOnce, 2), serverPublish("z", QoS.AtMostOnce));
  assert.equal(h.core.isConnected(), true, "QoS 0 does not count");
  h.serverSends(serverPublish("c", QoS.AtLeastOnce, 3));
  assert.equal(disconnectWritten(h)?.reasonCode, 0x93);
  assert.equal(h.core.isConnected(), false);
  assert.equal(messages(h).length, 3, "the excess message is not delivered");
});

test("our Receive Maximum: slots come back with PUBACK (QoS 1) and PUBCOMP (QoS 2), not with PUBREC", () => {
  const h = connected(2);
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 1), serverPublish("b", QoS.ExactlyOnce, 2));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  h.serverSends(serverPublish("c", QoS.AtLeastOnce, 3));
  assert.equal(h.core.isConnected(), true, "the PUBACK freed a slot");
  h.serverSends(serverPublish("d", QoS.AtLeastOnce, 4));
  assert.equal(disconnectWritten(h)?.reasonCode, 0x93, "QoS 2 id 2 still counts until its PUBREL/PUBCOMP");
});

test("our Receive Maximum: a repeated QoS 2 PUBLISH does not take a second slot", () => {
  const h = connected(1);
  const publish = serverPublish("a", QoS.ExactlyOnce, 1);
  h.serverSends(publish, { ...publish, duplicate: true });
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.serverSends({ ...publish, duplicate: true });
  assert.equal(h.core.isConnected(), true);
  h.serverSends(pubrel(1));
  h.serverSends(serverPublish("b", QoS.ExactlyOnce, 2));
  assert.equal(h.core.isConnected(), true, "PUBCOMP freed the slot");
  assert.equal(messages(h).length, 2);
});

test("a QoS 1 acknowledgement from a connection that ended is dropped (the server resends the message)", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 1));
  const ackId = acknowledgementIdOf(h, 0);
  h.transportCloses();
  h.advanceBy(5_000);
  h.openTransport();
  h.connack();
  acknowledge(h, ackId);
  assert.deepEqual(acksWritten(h), [], "a PUBACK is never sent on a later connection");
});

test("a PUBLISH that matches no subscription is still delivered and acknowledged [MQTT-4.5.0-2]", () => {
  const h = connected();
  h.serverSends(serverPublish("nobody/subscribed", QoS.AtLeastOnce, 21));
  assert.equal(messages(h).length, 1);
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(acksWritten(h), ["Puback:21"]);
});
