// One test per "session" row of reference/mqtt5-conformance.md §7 — packet ids, session state, Session Present,
// DUP, inbound dispatch and aliases, Receive Maximum — named "[ID] #row rule". The QoS-flow rows 167–191 are in
// session-qos.test.ts. Skipped: 195/199 (topic matcher, in outbound-validation.test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../support/core-harness.js";
import { ClientSessionBehavior, InboundTopicAliasBehaviorType, OutboundTopicAliasBehaviorType, PacketType, QoS } from "../../src/core/model/enums.js";
import { PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES } from "../../src/core/codec/codec-context.js";
import type { Packet, SubscribePacket } from "../../src/core/model/packet.js";
import {
  acknowledge,
  acknowledgementIdOf,
  cleanStartFlags,
  disconnectWritten,
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
  suback,
  unsuback,
} from "../support/session-helpers.js";

function connected(connack: Parameters<CoreHarness["connect"]>[0] = {}, config: ConstructorParameters<typeof CoreHarness>[0] = {}): CoreHarness {
  const h = new CoreHarness({ ackTimeoutMs: 0, ...config });
  h.connect(connack);
  return h;
}

function ids(packets: Packet[]): number[] {
  return packets.map((p) => (p as { packetId?: number }).packetId).filter((id): id is number => id !== undefined);
}

test("[2.2.1-3] #16 SUBSCRIBE, UNSUBSCRIBE and QoS > 0 PUBLISH draw non-zero ids from one pool, none in use twice", () => {
  const h = connected();
  h.publish("p", QoS.AtLeastOnce);
  h.subscribe("s");
  h.publish("p", QoS.ExactlyOnce);
  h.unsubscribe("u");
  h.serverSends(suback(2, 1)); // frees id 2 while the others stay in use
  h.subscribe("s2");
  h.publish("p", QoS.AtLeastOnce);
  const used = ids(h.writtenOnTransport.filter((p) => p.type !== PacketType.Connect));
  assert.equal(used.length, 6);
  assert.ok(used.every((id) => id >= 1 && id <= 65535));
  const inUseTogether = [used[0], used[2], used[3], used[4], used[5]];
  assert.equal(new Set(inUseTogether).size, 5);
});

test("[2.2.1-5] #18 PUBACK/PUBREC/PUBCOMP echo the received PUBLISH's id; PUBREL echoes our PUBLISH's id", () => {
  const h = connected();
  h.serverSends(serverPublish("a", QoS.AtLeastOnce, 65535), serverPublish("b", QoS.ExactlyOnce, 300));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  h.serverSends(pubrel(300));
  h.publish("mine", QoS.ExactlyOnce);
  const mine = publishesOnTransport(h)[0]?.packetId as number;
  h.serverSends(pubrec(mine));
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Puback)), [65535]);
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Pubrec)), [300]);
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Pubcomp)), [300]);
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Pubrel)), [mine]);
});

test("[X-7] #23 an id is freed only by PUBACK, PUBCOMP, PUBREC ≥ 0x80, SUBACK or UNSUBACK", () => {
  const h = connected();
  const q2ok = h.publish("q2-ok", QoS.ExactlyOnce); // id 1
  h.publish("q1", QoS.AtLeastOnce); // id 2
  h.publish("q2-refused", QoS.ExactlyOnce); // id 3
  h.subscribe("s"); // id 4
  h.unsubscribe("u"); // id 5
  for (let i = 6; i <= 65535; i++) h.subscribe("fill");
  const waiting = (): number => h.subscribe("waiting");
  const lastSubscribeId = (): number | undefined => onTransportOfType(h, PacketType.Subscribe).at(-1)?.packetId;
  const w1 = waiting();
  const countBefore = onTransportOfType(h, PacketType.Subscribe).length;
  h.serverSends(pubrec(1)); // success PUBREC: id 1 stays bound until the PUBCOMP
  assert.equal(onTransportOfType(h, PacketType.Subscribe).length, countBefore, "PUBREC 0x00 freed the id");
  h.serverSends(pubrec(3, 0x80));
  assert.equal(lastSubscribeId(), 3, "PUBREC ≥ 0x80 frees the id");
  waiting();
  h.serverSends(puback(2, 0x87));
  assert.equal(lastSubscribeId(), 2, "PUBACK (any code) frees the id");
  waiting();
  h.serverSends(pubcomp(1));
  assert.equal(lastSubscribeId(), 1, "PUBCOMP frees the id");
  settledValue(h, q2ok);
  waiting();
  h.serverSends(suback(4, 0));
  assert.equal(lastSubscribeId(), 4, "SUBACK frees the id");
  waiting();
  h.serverSends(unsuback(5, 0));
  assert.equal(lastSubscribeId(), 5, "UNSUBACK frees the id");
  assert.equal(h.result(w1), undefined);
});

test("[3.1.2-4] #29 Clean Start 1: nothing of the previous session is resumed", () => {
  const h = connected({}, { sessionBehavior: ClientSessionBehavior.Clean });
  h.publish("out", QoS.AtLeastOnce);
  h.serverSends(serverPublish("in", QoS.ExactlyOnce, 9));
  acknowledge(h, acknowledgementIdOf(h, 0));
  reconnect(h, false);
  assert.deepEqual(cleanStartFlags(h), [true, true]);
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.topicName, p.duplicate]), [["out", false]], "sent as a new message");
  h.serverSends(serverPublish("in", QoS.ExactlyOnce, 9));
  assert.equal(messages(h).length, 2, "inbound QoS 2 id 9 was forgotten: a new message");
});

test("[3.1.2-23] #40 Session Expiry > 0: in-flight state survives the close of the connection (in memory)", () => {
  const h = new CoreHarness({
    ackTimeoutMs: 0,
    sessionBehavior: ClientSessionBehavior.RejoinPostSuccess,
    connect: { clientId: "c", keepAliveIntervalSeconds: 60, sessionExpiryIntervalSeconds: 3600 },
  });
  h.connect();
  const q1 = h.publish("q1", QoS.AtLeastOnce);
  const q2 = h.publish("q2", QoS.ExactlyOnce);
  h.serverSends(pubrec(2), serverPublish("in", QoS.ExactlyOnce, 5));
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.transportCloses();
  h.advanceBy(600_000);
  h.openTransport();
  h.connack({ sessionPresent: true });
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.topicName, p.packetId, p.duplicate]), [["q1", 1, true]]);
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Pubrel)), [2]);
  h.serverSends(serverPublish("in", QoS.ExactlyOnce, 5, { duplicate: true }));
  assert.equal(messages(h).length, 1);
  h.serverSends(puback(1), pubcomp(2));
  settledValue(h, q1);
  settledValue(h, q2);
});

test("[3.1.3-2] #48 the session is resumed under the same Client Identifier (the assigned one when assigned)", () => {
  const h = new CoreHarness({ ackTimeoutMs: 0, sessionBehavior: ClientSessionBehavior.RejoinPostSuccess, connect: { clientId: "", keepAliveIntervalSeconds: 60 } });
  h.connect({ assignedClientIdentifier: "server-made-7" });
  h.publish("q1", QoS.AtLeastOnce);
  reconnect(h, true);
  const connects = h.writtenOfType(PacketType.Connect);
  assert.deepEqual(connects.map((c) => [c.clientId, c.cleanStart]), [["", true], ["server-made-7", false]]);
  assert.equal(publishesOnTransport(h)[0]?.duplicate, true);
});

test("[3.1.3-7] #51 an Assigned Client Identifier is adopted for reconnects and after stop()/start()", () => {
  const h = new CoreHarness({ connect: { clientId: "", keepAliveIntervalSeconds: 60 } });
  h.connect({ assignedClientIdentifier: "assigned-1" });
  const success = h.events.find((e) => e.kind === "connectionSuccess");
  assert.ok(success?.kind === "connectionSuccess" && success.settings.clientId === "assigned-1");
  reconnect(h, false);
  h.handle({ kind: "stop" });
  h.start();
  h.openTransport();
  assert.deepEqual(h.writtenOfType(PacketType.Connect).map((c) => c.clientId), ["", "assigned-1", "assigned-1"]);
});

function assertClosedForSessionPresent(h: CoreHarness): void {
  assert.equal(disconnectWritten(h)?.reasonCode, 0x82);
  assert.equal(h.core.isConnected(), false);
  assert.ok(!h.events.slice(-2).some((e) => e.kind === "connectionSuccess"));
  assert.equal(h.events.filter((e) => e.kind === "connectionFailure").length >= 1, true);
}

test("[3.2.2-2] #60 Clean Start 1 answered with Session Present 1 → the connection is closed (as 3.2.2-4)", () => {
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.Clean });
  h.start();
  h.openTransport();
  h.connack({ sessionPresent: true });
  assertClosedForSessionPresent(h);
});

test("[3.2.2-4] #61 a client that holds no session state (discarded by stop()) and gets Session Present 1 closes", () => {
  // RejoinAlways deliberately accepts Session Present 1 on its very first connection (the session of an earlier
  // process; aws-crt does the same): its empty in-memory state is the state it chose to resume.
  const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinPostSuccess });
  h.connect();
  h.handle({ kind: "stop" });
  h.start();
  h.openTransport();
  h.connack({ sessionPresent: true });
  assert.deepEqual(cleanStartFlags(h), [true, true]);
  assertClosedForSessionPresent(h);
});

test("[3.2.2-5] #62 Session Present 0 while holding state: in-flight state and inbound QoS 2 ids are discarded", () => {
  const h = connected({}, { sessionBehavior: ClientSessionBehavior.RejoinPostSuccess });
  const q1 = h.publish("q1", QoS.AtLeastOnce);
  const q2 = h.publish("q2", QoS.ExactlyOnce);
  const q2released = h.publish("q2r", QoS.ExactlyOnce);
  h.serverSends(pubrec(3), serverPublish("in", QoS.ExactlyOnce, 8));
  acknowledge(h, acknowledgementIdOf(h, 0));
  reconnect(h, false);
  assert.equal((settledError(h, q2) as { reason?: string }).reason, "sessionLost");
  assert.equal((settledError(h, q2released) as { reason?: string }).reason, "sessionLost");
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 0);
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.topicName, p.duplicate]), [["q1", false]]);
  h.serverSends(pubrel(8));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubcomp).map((p) => p.reasonCode), [0x92]);
  assert.equal(h.result(q1), undefined);
});

test("[X-11] #77 absent CONNACK properties take their defaults", () => {
  const h = connected();
  const success = h.events.find((e) => e.kind === "connectionSuccess");
  assert.ok(success?.kind === "connectionSuccess");
  const s = success.settings;
  assert.equal(s.receiveMaximumFromServer, 65535);
  assert.equal(s.maximumQos, QoS.ExactlyOnce);
  assert.equal(s.retainAvailable, true);
  assert.equal(s.topicAliasMaximumToServer, 0);
  assert.equal(s.maximumPacketSizeToServer, PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES);
  assert.deepEqual([s.wildcardSubscriptionsAvailable, s.subscriptionIdentifiersAvailable, s.sharedSubscriptionsAvailable], [true, true, true]);
  const ops = [
    h.publish("r", QoS.ExactlyOnce, { retain: true, payload: new Uint8Array(200_000) }),
    h.submit({ kind: "subscribe", packet: { type: PacketType.Subscribe, packetId: 0, subscriptionIdentifier: 5, subscriptions: [{ topicFilter: "$share/g/a/+/#", qos: 2 }] } as SubscribePacket }),
  ];
  for (const op of ops) assert.equal(h.result(op)?.ok, undefined, "refused although the defaults allow it");
  assert.equal(publishesOnTransport(h).length, 1);
});

test("[X-13] #79 the CONNACK's Session Expiry Interval replaces ours; absent, ours stands", () => {
  for (const [connack, expected] of [[{ sessionExpiryInterval: 60 }, 60], [{}, 3600]] as const) {
    const h = new CoreHarness({ connect: { clientId: "c", keepAliveIntervalSeconds: 60, sessionExpiryIntervalSeconds: 3600 } });
    h.connect(connack);
    const success = h.events.find((e) => e.kind === "connectionSuccess");
    assert.ok(success?.kind === "connectionSuccess");
    assert.equal(success.settings.sessionExpiryInterval, expected);
  }
});

test("[3.3.1-1] #80 a PUBLISH resent after reconnect has DUP 1", () => {
  const h = connected({}, { sessionBehavior: ClientSessionBehavior.RejoinAlways });
  h.publish("a", QoS.AtLeastOnce);
  h.publish("b", QoS.ExactlyOnce);
  reconnect(h, true);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.duplicate), [true, true]);
});

test("[3.3.1-3] #83 DUP only marks our retransmissions: never copied from the user's or a received packet", () => {
  const h = connected();
  h.serverSends(serverPublish("in", QoS.AtLeastOnce, 4, { duplicate: true }));
  const received = messages(h)[0]?.message;
  assert.equal(received?.duplicate, true);
  h.publish("echo", QoS.AtLeastOnce, { ...received, topicName: "echo", packetId: 999 });
  h.publish("user-set", QoS.ExactlyOnce, { duplicate: true });
  h.publish("qos0", QoS.AtMostOnce, { duplicate: true });
  assert.deepEqual(publishesOnTransport(h).map((p) => p.duplicate), [false, false, false]);
  assert.notEqual(publishesOnTransport(h)[0]?.packetId, 999, "the packet id is ours, not the user's");
});

test("[3.3.2-3] #89 a message matching no subscription is still surfaced and acknowledged", () => {
  const h = connected();
  h.serverSends(serverPublish("nobody/asked", QoS.AtLeastOnce, 11));
  assert.equal(messages(h)[0]?.message.topicName, "nobody/asked");
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Puback)), [11]);
});

test("[3.3.2-10] #94 incoming aliases 1..max: bind on name + alias, resolve an empty name, rebind on a new name", () => {
  const h = connected({}, { inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Enabled, inboundTopicAliasCacheMaxSize: 2 });
  h.serverSends(serverPublish("one", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  h.serverSends(serverPublish("two", QoS.AtMostOnce, undefined, { topicAlias: 2 }));
  h.serverSends(serverPublish("", QoS.AtMostOnce, undefined, { topicAlias: 2 }));
  h.serverSends(serverPublish("uno", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  h.serverSends(serverPublish("", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  assert.deepEqual(messages(h).map((m) => m.message.topicName), ["one", "two", "two", "uno", "uno"]);
  assert.equal(h.core.isConnected(), true);
});

test("[3.3.2-7] #90 both topic-alias maps are emptied at every new connection", () => {
  const h = connected({ topicAliasMaximum: 5 }, {
    inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Enabled,
    inboundTopicAliasCacheMaxSize: 5,
    outboundTopicAliasBehavior: OutboundTopicAliasBehaviorType.LRU,
  });
  h.serverSends(serverPublish("in/a", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  h.publish("out/a", QoS.AtMostOnce);
  h.publish("out/a", QoS.AtMostOnce);
  const before = publishesOnTransport(h);
  assert.deepEqual(before.map((p) => [p.topicName, p.topicAlias]), [["out/a", 1], ["", 1]]);
  reconnect(h, false, { topicAliasMaximum: 5 });
  // Outbound: the first use on the new connection carries the full topic again.
  h.publish("out/a", QoS.AtMostOnce);
  assert.deepEqual(publishesOnTransport(h).map((p) => [p.topicName, p.topicAlias]), [["out/a", 1]]);
  // Inbound: the old binding is gone, so an alias-only PUBLISH is a protocol error.
  h.serverSends(serverPublish("", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  assert.equal(h.core.isConnected(), false);
  assert.equal(messages(h).length, 1);
});

test("[3.3.4-1] #99 incoming QoS 0/1/2 PUBLISH is answered with nothing / PUBACK / PUBREC", () => {
  const h = connected();
  h.serverSends(serverPublish("q0", QoS.AtMostOnce), serverPublish("q1", QoS.AtLeastOnce, 1), serverPublish("q2", QoS.ExactlyOnce, 2));
  assert.equal(messages(h)[0]?.acknowledgementId, undefined);
  acknowledge(h, acknowledgementIdOf(h, 1));
  acknowledge(h, acknowledgementIdOf(h, 2));
  const answers = h.writtenOnTransport.filter((p) => p.type !== PacketType.Connect).map((p) => `${PacketType[p.type]}:${(p as { packetId?: number }).packetId}`);
  assert.deepEqual(answers, ["Puback:1", "Pubrec:2"]);
});

test("[3.3.4-7] #101 at most Receive Maximum QoS > 0 PUBLISHes are unacknowledged at once", () => {
  const h = connected({ receiveMaximum: 2 });
  for (let i = 0; i < 6; i++) h.publish(`t${i}`, i % 2 === 0 ? QoS.AtLeastOnce : QoS.ExactlyOnce);
  assert.equal(publishesOnTransport(h).length, 2);
  h.serverSends(puback(1));
  assert.equal(publishesOnTransport(h).length, 3);
  h.serverSends(pubrec(2));
  assert.equal(publishesOnTransport(h).length, 3, "PUBREC 0x00 does not end the QoS 2 PUBLISH's count");
  h.serverSends(pubcomp(2));
  assert.equal(publishesOnTransport(h).length, 4);
});

test("[3.3.4-8] #102 an exhausted quota holds back only QoS > 0 PUBLISH, never PUBREL, acks, SUBSCRIBE, PINGREQ, DISCONNECT", () => {
  const h = connected({ receiveMaximum: 1 });
  h.publish("q2", QoS.ExactlyOnce);
  h.publish("held", QoS.AtLeastOnce);
  h.subscribe("s");
  h.unsubscribe("u");
  h.serverSends(pubrec(1), serverPublish("in", QoS.AtLeastOnce, 50));
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.advanceBy(60_000);
  h.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: 0 } });
  const kinds = h.writtenOnTransport.map((p) => PacketType[p.type]);
  for (const kind of ["Subscribe", "Unsubscribe", "Pubrel", "Puback", "Pingreq", "Disconnect"]) assert.ok(kinds.includes(kind), `${kind} was held back`);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["q2"]);
});

test("[X-21] #124 PUBREC unknown → PUBREL 0x92; PUBREL unknown → PUBCOMP 0x92; PUBACK/PUBCOMP unknown → ignored", () => {
  const h = connected();
  h.serverSends(pubrec(10), pubrel(11), puback(12), pubcomp(13));
  const answers = h.writtenOnTransport.filter((p) => p.type !== PacketType.Connect).map((p) => [PacketType[p.type], (p as { packetId: number }).packetId, (p as { reasonCode: number }).reasonCode]);
  assert.deepEqual(answers, [["Pubrel", 10, 0x92], ["Pubcomp", 11, 0x92]]);
  assert.equal(h.core.isConnected(), true);
});

test("[3.9.3-1] #137 SUBACK reason codes map to the requested filters by position", () => {
  const h = connected();
  const op = h.submit({
    kind: "subscribe",
    packet: { type: PacketType.Subscribe, packetId: 0, subscriptions: ["x", "y", "z"].map((topicFilter) => ({ topicFilter, qos: 2 })) },
  });
  h.serverSends(suback(1, 0x02, 0x8f, 0x00));
  const value = settledValue(h, op);
  assert.ok(value.kind === "subscribe");
  assert.deepEqual(value.suback.reasonCodes, [0x02, 0x8f, 0x00]);
});

test("[4.1.0-1] #164 session state is never discarded while the connection is open", () => {
  const h = new CoreHarness({ ackTimeoutMs: 0, connect: { clientId: "c", keepAliveIntervalSeconds: 0 } });
  h.connect();
  const op = h.publish("a", QoS.ExactlyOnce);
  h.serverSends(pubrec(1), serverPublish("in", QoS.ExactlyOnce, 3));
  acknowledge(h, acknowledgementIdOf(h, 0));
  h.advanceBy(30 * 24 * 3600 * 1000);
  h.serverSends(serverPublish("in", QoS.ExactlyOnce, 3, { duplicate: true }));
  assert.equal(messages(h).length, 1, "inbound QoS 2 state forgotten");
  h.serverSends(pubcomp(1));
  settledValue(h, op);
});

test("[4.8.2-6] #202 a message from a shared subscription is acknowledged with success; nothing waits for a redelivery", () => {
  const h = connected();
  h.subscribe("$share/group/jobs/#");
  h.serverSends(suback(1, 1), serverPublish("jobs/1", QoS.AtLeastOnce, 40), serverPublish("jobs/2", QoS.ExactlyOnce, 41));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  h.serverSends(pubrel(41));
  const acks = h.writtenOnTransport.filter((p) => p.type === PacketType.Puback || p.type === PacketType.Pubrec || p.type === PacketType.Pubcomp);
  assert.deepEqual(acks.map((p) => (p as { reasonCode: number }).reasonCode), [0, 0, 0], "a negative ack would make the server drop it");
  h.serverSends(serverPublish("jobs/3", QoS.AtLeastOnce, 40));
  assert.equal(messages(h).length, 3, "the id is free for a new message: no state kept for a redelivery");
});

test("[4.9.0-1] #203 the initial send quota is the server's Receive Maximum: non-zero and not above it", () => {
  for (const receiveMaximum of [1, 5]) {
    const h = connected({ receiveMaximum });
    for (let i = 0; i < 10; i++) h.publish("t", QoS.AtLeastOnce);
    assert.equal(publishesOnTransport(h).length, receiveMaximum);
  }
});

test("[4.9.0-2] #204 each QoS > 0 PUBLISH takes one unit; QoS 0 takes none; at 0 no QoS > 0 PUBLISH is sent", () => {
  const h = connected({ receiveMaximum: 2 });
  h.publish("a", QoS.AtLeastOnce);
  h.publish("z", QoS.AtMostOnce);
  h.publish("b", QoS.ExactlyOnce);
  h.publish("c", QoS.AtLeastOnce);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["a", "z", "b"]);
});

test("[4.9.0-3] #205 at zero quota the client still processes and answers every other packet", () => {
  const h = connected({ receiveMaximum: 1 });
  h.publish("held-1", QoS.AtLeastOnce);
  const sub = h.subscribe("s");
  h.publish("held-2", QoS.AtLeastOnce);
  h.serverSends(
    suback(2, 1),
    serverPublish("in1", QoS.ExactlyOnce, 70),
    pubrel(71),
    { type: PacketType.Pingresp },
    serverPublish("in0", QoS.AtMostOnce),
  );
  settledValue(h, sub);
  assert.equal(messages(h).length, 2);
  acknowledge(h, acknowledgementIdOf(h, 0));
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Pubrec)), [70]);
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Pubcomp)), [71]);
  assert.equal(h.core.isConnected(), true);
});

test("[X-28] #206 quota +1 on PUBACK, on PUBCOMP (any code), on PUBREC ≥ 0x80; never above the start; reset per connection", () => {
  const h = connected({ receiveMaximum: 1 }, { sessionBehavior: ClientSessionBehavior.RejoinAlways });
  const sent = (): number => publishesOnTransport(h).length;
  h.publish("1", QoS.AtLeastOnce);
  h.publish("2", QoS.ExactlyOnce);
  h.publish("3", QoS.ExactlyOnce);
  h.publish("4", QoS.ExactlyOnce);
  assert.equal(sent(), 1);
  h.serverSends(puback(1, 0x80));
  assert.equal(sent(), 2, "PUBACK returns a unit");
  h.serverSends(pubrec(2));
  assert.equal(sent(), 2, "PUBREC 0x00 does not");
  h.serverSends(pubcomp(2, 0x92));
  assert.equal(sent(), 3, "PUBCOMP (any code) does");
  h.serverSends(pubrec(3, 0x97));
  assert.equal(sent(), 4, "PUBREC ≥ 0x80 does");
  h.serverSends(pubrec(4));
  reconnect(h, true, { receiveMaximum: 1 }); // PUBREL 4 resent; "4" still counts for the server
  assert.deepEqual(ids(onTransportOfType(h, PacketType.Pubrel)), [4]);
  h.publish("5", QoS.AtLeastOnce);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["5"], "the quota restarts at Receive Maximum");
  h.serverSends(puback(publishesOnTransport(h)[0]?.packetId as number)); // back at 1 = Receive Maximum
  h.serverSends(pubcomp(4)); // must not raise the quota to 2
  h.publish("6", QoS.AtLeastOnce);
  h.publish("7", QoS.AtLeastOnce);
  assert.deepEqual(publishesOnTransport(h).map((p) => p.topicName), ["5", "6"], "the quota rose above Receive Maximum");
});
