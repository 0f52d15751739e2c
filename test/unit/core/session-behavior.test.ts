// Sessions through the core: the Clean Start flag of every CONNECT per ClientSessionBehavior (behavior.md §5), what a
// rejoined session re-sends [MQTT-4.4.0-1, 3.3.1-1, 4.6.0-1, 4.3.3-6], inbound QoS 2 state across reconnects, and
// what a lost session discards [MQTT-3.2.2-5]. Every scenario ends with close() and the settle-once invariant.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { ClientSessionBehavior, PacketType, QoS } from "../../../src/core/model/enums.js";
import {
  acknowledge,
  acknowledgementIdOf,
  cleanStartFlags,
  messages,
  onTransportOfType,
  puback,
  pubcomp,
  pubrec,
  pubrel,
  publishesOnTransport,
  reconnect,
  serverPublish,
  settledError,
  settledValue,
} from "../../support/session-helpers.js";

function finish(h: CoreHarness): void {
  h.handle({ kind: "close" });
  h.assertAllSettled();
}

const FLAG_CASES: Array<[string, ClientSessionBehavior, boolean[]]> = [
  ["Default", ClientSessionBehavior.Default, [true, true, true, true, true]],
  ["Clean", ClientSessionBehavior.Clean, [true, true, true, true, true]],
  ["RejoinPostSuccess", ClientSessionBehavior.RejoinPostSuccess, [true, false, false, true, false]],
  ["RejoinAlways", ClientSessionBehavior.RejoinAlways, [false, false, false, false, false]],
];

for (const [name, sessionBehavior, expected] of FLAG_CASES) {
  test(`${name}: Clean Start of each CONNECT across two reconnects, stop()/start() and one more reconnect`, () => {
    const h = new CoreHarness({ sessionBehavior });
    // The server has a session whenever the client asks to resume one.
    const answer = (): void => {
      const connect = h.writtenOfType(PacketType.Connect).at(-1);
      h.connack({ sessionPresent: connect?.cleanStart === false });
    };
    h.start();
    h.openTransport();
    answer();
    for (let i = 0; i < 2; i++) {
      h.transportCloses();
      h.advanceBy(200_000);
      h.openTransport();
      answer();
    }
    h.handle({ kind: "stop" });
    h.start();
    h.openTransport();
    answer();
    h.transportCloses();
    h.advanceBy(200_000);
    h.openTransport();
    answer();
    assert.deepEqual(cleanStartFlags(h), expected);
    finish(h);
  });
}

test("RejoinPostSuccess: attempts that fail before a CONNACK success keep Clean Start 1", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinPostSuccess });
  h.start();
  h.openTransport();
  h.connack({ reasonCode: 0x88 }); // refused
  h.advanceBy(200_000);
  h.failTransport();
  h.advanceBy(200_000);
  h.openTransport();
  h.connack();
  h.transportCloses();
  h.advanceBy(200_000);
  h.openTransport();
  assert.deepEqual(cleanStartFlags(h), [true, true, false]);
  finish(h);
});

test("rejoined session: unacked PUBLISHes are re-sent first, in order, DUP 1, same ids; PUBREL instead of a released PUBLISH", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinPostSuccess, ackTimeoutMs: 0 });
  h.connect();
  const a = h.publish("a", QoS.AtLeastOnce);
  const b = h.publish("b", QoS.ExactlyOnce);
  const c = h.publish("c", QoS.ExactlyOnce);
  const d = h.publish("d", QoS.AtLeastOnce);
  const first = publishesOnTransport(h);
  assert.deepEqual(first.map((p) => p.duplicate), [false, false, false, false], "first transmissions have DUP 0");
  const ids = first.map((p) => p.packetId as number);
  h.serverSends(pubrec(ids[1] as number)); // b is released: its PUBREL is out, the PUBLISH must never be sent again
  h.transportCloses();
  const queuedWhileOffline = h.publish("e", QoS.AtLeastOnce);
  reconnect(h, true);
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrel).map((p) => p.packetId), [ids[1]], "[MQTT-4.3.3-6]");
  assert.deepEqual(
    publishesOnTransport(h).map((p) => [p.topicName, p.duplicate, p.packetId]),
    [["a", true, ids[0]], ["c", true, ids[2]], ["d", true, ids[3]], ["e", false, publishesOnTransport(h)[3]?.packetId]],
  );
  assert.ok(!ids.includes(publishesOnTransport(h)[3]?.packetId as number), "the new message does not reuse an id in flight");
  h.serverSends(puback(ids[0] as number), pubcomp(ids[1] as number), pubrec(ids[2] as number), pubcomp(ids[2] as number), puback(ids[3] as number));
  for (const op of [a, b, c, d]) settledValue(h, op);
  const bValue = settledValue(h, b);
  assert.ok(bValue.kind === "publish" && bValue.qos === 2 && bValue.pubrec.packetId === ids[1], "the PUBREC of the first connection is kept");
  assert.equal(h.result(queuedWhileOffline), undefined);
  finish(h);
});

test("rejoined twice: a PUBLISH unacknowledged across two connections keeps its id and DUP 1", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinAlways, ackTimeoutMs: 0 });
  h.connect({ sessionPresent: true });
  const op = h.publish("a", QoS.AtLeastOnce);
  const id = publishesOnTransport(h)[0]?.packetId;
  reconnect(h, true);
  reconnect(h, true);
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.packetId, p.duplicate]), [[id, true]]);
  h.serverSends(puback(id as number));
  settledValue(h, op);
  finish(h);
});

test("rejoined session: inbound QoS 2 already PUBREC'd — the resent PUBLISH is answered with PUBREC, not delivered", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinAlways });
  h.connect();
  const publish = serverPublish("in", QoS.ExactlyOnce, 42);
  h.serverSends(publish);
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.equal(onTransportOfType(h, PacketType.Pubrec).length, 1);
  reconnect(h, true);
  h.serverSends({ ...publish, duplicate: true });
  assert.equal(messages(h).length, 1, "delivered twice");
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrec), [{ type: PacketType.Pubrec, packetId: 42, reasonCode: 0 }]);
  h.serverSends(pubrel(42));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubcomp), [{ type: PacketType.Pubcomp, packetId: 42, reasonCode: 0 }]);
  finish(h);
});

test("rejoined session: inbound QoS 2 delivered but not yet acknowledged — no second delivery; PUBREC once acknowledged", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinAlways, connect: { clientId: "c", keepAliveIntervalSeconds: 60, receiveMaximum: 1 } });
  h.connect();
  const publish = serverPublish("in", QoS.ExactlyOnce, 7);
  h.serverSends(publish);
  const ackId = acknowledgementIdOf(h, 0);
  reconnect(h, true);
  h.serverSends({ ...publish, duplicate: true });
  assert.equal(messages(h).length, 1);
  assert.equal(onTransportOfType(h, PacketType.Pubrec).length, 0, "PUBREC before the user acknowledged");
  acknowledge(h, ackId);
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrec).map((p) => p.packetId), [7]);
  h.serverSends(pubrel(7));
  h.serverSends(serverPublish("next", QoS.AtLeastOnce, 8));
  assert.equal(h.core.isConnected(), true, "the PUBCOMP freed the only Receive Maximum slot");
  finish(h);
});

test("rejoined session: the unfinished inbound QoS 2 messages count toward our Receive Maximum [MQTT-3.3.4-9]", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinAlways, connect: { clientId: "c", keepAliveIntervalSeconds: 60, receiveMaximum: 2 } });
  h.connect();
  h.serverSends(serverPublish("x", QoS.ExactlyOnce, 1), serverPublish("y", QoS.ExactlyOnce, 2));
  acknowledge(h, acknowledgementIdOf(h, 0)); // x: PUBREC sent, awaiting PUBREL; y: delivered, not acknowledged
  reconnect(h, true);
  h.serverSends(serverPublish("z", QoS.AtLeastOnce, 3));
  assert.equal(onTransportOfType(h, PacketType.Disconnect)[0]?.reasonCode, 0x93, "a third message exceeds Receive Maximum 2");
  finish(h);
});

test("lost session [MQTT-3.2.2-5]: inbound QoS 2 state is discarded — same id is a new message, a stray PUBREL gets 0x92", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinAlways });
  h.connect();
  const publish = serverPublish("in", QoS.ExactlyOnce, 42);
  h.serverSends(publish, serverPublish("in2", QoS.ExactlyOnce, 43));
  acknowledge(h, acknowledgementIdOf(h, 0));
  const staleAck = acknowledgementIdOf(h, 1);
  reconnect(h, false);
  h.serverSends(pubrel(42));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubcomp), [{ type: PacketType.Pubcomp, packetId: 42, reasonCode: 0x92 }]);
  h.serverSends({ ...publish, duplicate: true }, serverPublish("in2", QoS.ExactlyOnce, 43));
  assert.equal(messages(h).length, 4, "both ids start new messages");
  acknowledge(h, staleAck);
  assert.equal(onTransportOfType(h, PacketType.Pubrec).length, 0, "an acknowledgement from the lost session sends nothing");
  finish(h);
});

test("lost session: outbound QoS 2 flows settle with sessionLost, QoS 1 goes again as a new message", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinPostSuccess, ackTimeoutMs: 0 });
  h.connect();
  const q1 = h.publish("q1", QoS.AtLeastOnce);
  const q2 = h.publish("q2", QoS.ExactlyOnce);
  const released = h.publish("q2r", QoS.ExactlyOnce);
  const oldIds = publishesOnTransport(h).map((p) => p.packetId);
  h.serverSends(pubrec(oldIds[2] as number));
  reconnect(h, false);
  assert.equal((settledError(h, q2) as { reason?: string }).reason, "sessionLost");
  assert.equal((settledError(h, released) as { reason?: string }).reason, "sessionLost");
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 0, "no PUBREL for a session the server forgot");
  const resent = publishesOnTransport(h);
  assert.deepEqual(resent.map((p) => [p.topicName, p.duplicate]), [["q1", false]]);
  h.serverSends(puback(resent[0]?.packetId as number));
  settledValue(h, q1);
  finish(h);
});

test("session state is not discarded while the connection stays open, however long [MQTT-4.1.0-1]", () => {
  const h = new CoreHarness({ ackTimeoutMs: 0, connect: { clientId: "c", keepAliveIntervalSeconds: 0 } });
  h.connect();
  const op = h.publish("a", QoS.ExactlyOnce);
  h.serverSends(pubrec(1));
  h.serverSends(serverPublish("in", QoS.ExactlyOnce, 9));
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.advanceBy(10 * 24 * 3600 * 1000);
  h.serverSends(pubcomp(1), pubrel(9));
  settledValue(h, op);
  assert.deepEqual(onTransportOfType(h, PacketType.Pubcomp), [{ type: PacketType.Pubcomp, packetId: 9, reasonCode: 0 }]);
  finish(h);
});

test("stop() then start() with RejoinPostSuccess: nothing from before the stop is re-sent", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinPostSuccess, ackTimeoutMs: 0 });
  h.connect();
  const op = h.publish("a", QoS.AtLeastOnce);
  h.handle({ kind: "stop" });
  assert.equal((settledError(h, op) as { reason?: string }).reason, "clientStopped");
  h.start();
  h.openTransport();
  h.connack();
  assert.equal(publishesOnTransport(h).length, 0);
  assert.equal(cleanStartFlags(h).at(-1), true);
  finish(h);
});
