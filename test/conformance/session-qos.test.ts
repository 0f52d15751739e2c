// One test per QoS-flow row of reference/mqtt5-conformance.md §7 (rows 167–191, Where = session), named
// "[ID] #row rule". Driven through the protocol core with the manual clock (test/support/core-harness.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../support/core-harness.js";
import { ClientSessionBehavior, PacketType, QoS } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import {
  acknowledge,
  acknowledgementIdOf,
  messages,
  onTransportOfType,
  puback,
  pubcomp,
  pubrec,
  pubrel,
  publishesOnTransport,
  reconnect,
  serverPublish,
  settledValue,
} from "../support/session-helpers.js";

function connected(sessionBehavior = ClientSessionBehavior.RejoinAlways, receiveMaximum?: number): CoreHarness {
  const connect = { clientId: "c", keepAliveIntervalSeconds: 0, ...(receiveMaximum === undefined ? {} : { receiveMaximum }) };
  const h = new CoreHarness({ ackTimeoutMs: 0, sessionBehavior, connect });
  h.connect();
  return h;
}

function idsOf(packets: Packet[]): number[] {
  return packets.map((p) => (p as { packetId: number }).packetId);
}

function answers(h: CoreHarness): string[] {
  return h.writtenOnTransport
    .filter((p) => p.type === PacketType.Puback || p.type === PacketType.Pubrec || p.type === PacketType.Pubcomp || p.type === PacketType.Pubrel)
    .map((p) => `${PacketType[p.type]}:${(p as { packetId: number }).packetId}:${(p as { reasonCode: number }).reasonCode}`);
}

for (const [row, id, qos] of [[167, "4.3.2-1", QoS.AtLeastOnce], [172, "4.3.3-1", QoS.ExactlyOnce]] as const) {
  test(`[${id}] #${row} a new QoS ${qos} message gets a packet id not in use`, () => {
    const h = connected();
    for (let i = 0; i < 5; i++) h.publish(`t${i}`, qos);
    const first = idsOf(publishesOnTransport(h));
    assert.equal(new Set(first).size, 5);
    h.serverSends(...(qos === QoS.AtLeastOnce ? [puback(first[2] as number)] : [pubrec(first[2] as number, 0x80)]));
    h.publish("next", qos);
    const next = publishesOnTransport(h).at(-1)?.packetId as number;
    const stillInUse = first.filter((_, i) => i !== 2);
    assert.ok(!stillInUse.includes(next), `id ${next} is still in use`);
    assert.ok(next >= 1 && next <= 65535);
  });
}

for (const [row, id, qos] of [[168, "4.3.2-2", QoS.AtLeastOnce], [173, "4.3.3-2", QoS.ExactlyOnce]] as const) {
  test(`[${id}] #${row} the first transmission of a QoS ${qos} PUBLISH has DUP 0`, () => {
    const h = connected();
    h.publish("a", qos, { duplicate: true });
    h.publish("b", qos);
    assert.deepEqual(publishesOnTransport(h).map((p) => p.duplicate), [false, false]);
  });
}

test("[4.3.2-3] #169 a QoS 1 message stays unacknowledged (kept) until its PUBACK", () => {
  const h = connected();
  const op = h.publish("a", QoS.AtLeastOnce);
  h.advanceBy(3_600_000);
  reconnect(h, true);
  assert.equal(h.result(op), undefined);
  assert.equal(h.core.statistics().unackedOperationCount, 1);
  h.serverSends(puback(1));
  settledValue(h, op);
  assert.equal(h.core.statistics().incompleteOperationCount, 0);
});

test("[4.3.2-4] #170 a received QoS 1 PUBLISH is answered with a PUBACK with its id once the client owns it", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 333));
  assert.deepEqual(answers(h), [], "answered before the application took it");
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(answers(h), ["Puback:333:0"]);
});

test("[4.3.2-5] #171 after our PUBACK the same id starts a new message, even with DUP 1", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 5));
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 5, { duplicate: true }));
  assert.equal(messages(h).length, 2);
  acknowledge(h, acknowledgementIdOf(h, 1));
  assert.deepEqual(answers(h), ["Puback:5:0", "Puback:5:0"]);
});

test("[4.3.3-3] #174 a QoS 2 PUBLISH stays unacknowledged until its PUBREC", () => {
  const h = connected();
  const op = h.publish("a", QoS.ExactlyOnce);
  h.advanceBy(3_600_000);
  reconnect(h, true);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.duplicate), [true], "still unacknowledged: resent");
  h.serverSends(pubrec(1));
  assert.deepEqual(publishesOnTransport(h).length, 1);
  assert.equal(h.result(op), undefined);
});

test("[4.3.3-4] #175 PUBREC < 0x80 is answered with a PUBREL carrying the same id", () => {
  const h = connected();
  h.publish("a", QoS.ExactlyOnce);
  h.publish("b", QoS.ExactlyOnce);
  h.serverSends(pubrec(2, 0x10));
  assert.deepEqual(answers(h), ["Pubrel:2:0"]);
});

test("[4.3.3-5] #176 the PUBREL stays unacknowledged until its PUBCOMP", () => {
  const h = connected();
  const op = h.publish("a", QoS.ExactlyOnce);
  h.serverSends(pubrec(1));
  h.advanceBy(3_600_000);
  assert.equal(h.result(op), undefined);
  assert.equal(h.core.statistics().unackedOperationCount, 1);
  reconnect(h, true);
  assert.deepEqual(answers(h), ["Pubrel:1:0"], "resent: still unacknowledged");
  h.serverSends(pubcomp(1));
  settledValue(h, op);
});

test("[4.3.3-6] #177 once PUBREL is sent the PUBLISH is never sent again; a reconnect resends the PUBREL", () => {
  const h = connected();
  h.publish("a", QoS.ExactlyOnce);
  h.serverSends(pubrec(1));
  h.serverSends(pubrec(1)); // even a repeated PUBREC gets a PUBREL, never the PUBLISH
  reconnect(h, true);
  reconnect(h, true);
  assert.equal(h.writtenOfType(PacketType.Publish).length, 1);
  assert.deepEqual(idsOf(h.writtenOfType(PacketType.Pubrel)), [1, 1, 1, 1]);
  assert.equal(publishesOnTransport(h).length, 0);
});

test("[4.3.3-7] #178 message expiry never drops a QoS 2 message whose PUBLISH has been sent", () => {
  const h = connected();
  const unacked = h.publish("a", QoS.ExactlyOnce, { messageExpiryIntervalSeconds: 1 });
  const released = h.publish("b", QoS.ExactlyOnce, { messageExpiryIntervalSeconds: 1 });
  h.serverSends(pubrec(2));
  h.transportCloses();
  h.advanceBy(60_000);
  h.openTransport();
  h.connack({ sessionPresent: true });
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.topicName, p.duplicate]), [["a", true]]);
  assert.deepEqual(idsOf(onTransportOfType(h, PacketType.Pubrel)), [2]);
  h.serverSends(pubrec(1), pubcomp(1), pubcomp(2));
  settledValue(h, unacked);
  settledValue(h, released);
});

test("[4.3.3-8] #179 a received QoS 2 PUBLISH is answered with a PUBREC with its id once the client owns it", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.ExactlyOnce, 4321));
  assert.deepEqual(answers(h), []);
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(answers(h), ["Pubrec:4321:0"]);
});

test("[4.3.3-9] #180 the client never answers with PUBREC ≥ 0x80, so every PUBREC it sends keeps the id bound until PUBREL", () => {
  // The core has no way to refuse a message (acknowledge() always accepts), so the "PUBREC ≥ 0x80 frees the id" case
  // cannot arise; what can be checked is that every PUBREC is a success and that the id then stays in the flow.
  const h = connected();
  h.serverSends(serverPublish("a", QoS.ExactlyOnce, 9), serverPublish("b", QoS.ExactlyOnce, 10, { payloadFormat: 1, payload: new Uint8Array([0xff]) }));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  h.serverSends(serverPublish("a", QoS.ExactlyOnce, 9, { duplicate: true }));
  assert.deepEqual(answers(h), ["Pubrec:9:0", "Pubrec:10:0", "Pubrec:9:0"]);
  assert.equal(messages(h).length, 2);
});

test("[4.3.3-10] #181 until PUBREL arrives a repeated PUBLISH gets another PUBREC and is not delivered again", () => {
  const h = connected();
  const publish = serverPublish("a", QoS.ExactlyOnce, 6);
  h.serverSends(publish);
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.serverSends({ ...publish, duplicate: true }, { ...publish, duplicate: true });
  assert.equal(messages(h).length, 1);
  assert.deepEqual(answers(h), ["Pubrec:6:0", "Pubrec:6:0", "Pubrec:6:0"]);
});

test("[4.3.3-11] #182 PUBREL is answered with a PUBCOMP carrying the same id", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.ExactlyOnce, 12), serverPublish("b", QoS.ExactlyOnce, 13));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  h.serverSends(pubrel(13), pubrel(12));
  assert.deepEqual(answers(h).slice(2), ["Pubcomp:13:0", "Pubcomp:12:0"]);
});

test("[4.3.3-12] #183 after our PUBCOMP the same id starts a new message", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.ExactlyOnce, 12));
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.serverSends(pubrel(12), serverPublish("a2", QoS.ExactlyOnce, 12, { duplicate: true }));
  assert.deepEqual(messages(h).map((m) => m.message.topicName), ["a", "a2"]);
});

test("[4.3.3-13] #184 the QoS 2 handshake is completed even if the message expired meanwhile", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.ExactlyOnce, 77, { messageExpiryIntervalSeconds: 1 }));
  h.advanceBy(10_000);
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.advanceBy(10_000);
  h.serverSends(pubrel(77));
  assert.deepEqual(answers(h), ["Pubrec:77:0", "Pubcomp:77:0"]);
});

test("[4.4.0-1] #185 PUBLISH (DUP 1, same id) and PUBREL are resent only after a reconnect with Session Present 1", () => {
  const h = connected();
  h.publish("q1", QoS.AtLeastOnce);
  h.publish("q2", QoS.ExactlyOnce);
  h.publish("q2r", QoS.ExactlyOnce);
  h.serverSends(pubrec(3));
  h.advanceBy(3_600_000);
  assert.equal(h.writtenOfType(PacketType.Publish).length, 3, "no timer-driven retransmission on a live connection");
  assert.equal(h.writtenOfType(PacketType.Pubrel).length, 1);
  reconnect(h, true);
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.packetId, p.duplicate]), [[1, true], [2, true]]);
  assert.deepEqual(idsOf(onTransportOfType(h, PacketType.Pubrel)), [3]);
  reconnect(h, false);
  assert.ok(publishesOnTransport(h).every((p) => !p.duplicate), "DUP resend after Session Present 0");
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 0, "PUBREL resent after Session Present 0");
});

test("[4.4.0-2] #186 a PUBACK/PUBREC ≥ 0x80 ends the operation (the ack is its result) and it is never retransmitted", () => {
  const h = connected();
  const q1 = h.publish("q1", QoS.AtLeastOnce);
  const q2 = h.publish("q2", QoS.ExactlyOnce);
  h.serverSends(puback(1, 0x97), pubrec(2, 0x80));
  const v1 = settledValue(h, q1);
  const v2 = settledValue(h, q2);
  assert.ok(v1.kind === "publish" && v1.qos === 1 && v1.puback.reasonCode === 0x97);
  assert.ok(v2.kind === "publish" && v2.qos === 2 && v2.pubrec.reasonCode === 0x80 && v2.pubcomp === undefined);
  reconnect(h, true);
  assert.equal(publishesOnTransport(h).length, 0);
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 0);
  assert.equal(h.writtenOfType(PacketType.Pubrel).length, 0);
});

test("[4.5.0-2] #187 every received PUBLISH is acknowledged per its QoS even when the application discards it", () => {
  const h = connected();
  h.serverSends(serverPublish("x", QoS.AtMostOnce), serverPublish("y", QoS.AtLeastOnce, 1), serverPublish("z", QoS.ExactlyOnce, 2));
  for (const message of messages(h)) if (message.acknowledgementId !== undefined) acknowledge(h, message.acknowledgementId);
  assert.deepEqual(answers(h), ["Puback:1:0", "Pubrec:2:0"]);
});

test("[4.6.0-1] #188 resent PUBLISHes keep their original order", () => {
  const h = connected(ClientSessionBehavior.RejoinAlways);
  const topics = ["a", "b", "c", "d", "e"];
  topics.forEach((t, i) => h.publish(t, i % 2 === 0 ? QoS.AtLeastOnce : QoS.ExactlyOnce));
  h.serverSends(puback(3)); // "c" done
  reconnect(h, true, { receiveMaximum: 2 }); // resent over several writes because of the quota
  h.serverSends(puback(1), pubrec(2), pubcomp(2));
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a", "b", "d", "e"]);
});

test("[4.6.0-2] #189 PUBACKs go out in the arrival order of the QoS 1 PUBLISHes", () => {
  const h = connected();
  h.serverSends(...[7, 3, 9].map((id) => serverPublish(`t${id}`, QoS.AtLeastOnce, id)));
  acknowledge(h, acknowledgementIdOf(h, 2));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  assert.deepEqual(answers(h), ["Puback:7:0", "Puback:3:0", "Puback:9:0"]);
});

test("[4.6.0-3] #190 PUBRECs go out in the arrival order of the QoS 2 PUBLISHes", () => {
  const h = connected();
  h.serverSends(...[20, 10, 30].map((id) => serverPublish(`t${id}`, QoS.ExactlyOnce, id)));
  acknowledge(h, acknowledgementIdOf(h, 1));
  acknowledge(h, acknowledgementIdOf(h, 2));
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(answers(h), ["Pubrec:20:0", "Pubrec:10:0", "Pubrec:30:0"]);
});

test("[4.6.0-4] #191 PUBRELs go out in the arrival order of the PUBRECs", () => {
  const h = connected();
  for (let i = 0; i < 4; i++) h.publish(`t${i}`, QoS.ExactlyOnce);
  h.serverSends(pubrec(3), pubrec(1));
  h.serverSends(pubrec(4), pubrec(2));
  assert.deepEqual(idsOf(onTransportOfType(h, PacketType.Pubrel)), [3, 1, 4, 2]);
});
