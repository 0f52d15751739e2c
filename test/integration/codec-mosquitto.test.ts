// Our codec against a real Mosquitto 2 (issue 3): raw sockets carry packets encoded by encodePacket, and the
// broker's bytes are decoded by PacketDecoder, over TCP, TLS, mutual TLS, WebSocket and WebSocket over TLS. The
// broker is the judge of our encoding (it disconnects on anything malformed) and its packets test our decoding:
// exact CONNACK properties, SUBACK, PUBLISH round trips at QoS 0/1/2 with properties, UNSUBACK, PINGRESP, wills,
// session resumption, refusals and server DISCONNECTs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  ConnectReasonCode,
  DisconnectReasonCode,
  PacketType,
  PayloadFormatIndicator,
  QoS,
  SubackReasonCode,
  UnsubackReasonCode,
} from "../../src/core/model/enums.js";
import type { ConnectPacket, Packet, PublishPacket, UserProperty } from "../../src/core/model/packet.js";
import { TEST_CLIENT_ID } from "../support/certificates.js";
import { dumpLogOnFailure, startMosquitto, type ListenerName, type MosquittoBroker } from "../support/mosquitto.js";
import { openRawToBroker } from "../support/raw-connections.js";
import { CodecPeer, text, utf8, type PacketOf } from "./codec-peer.js";

let broker: MosquittoBroker;
before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  await broker.stop();
});

let counter = 0;
const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

async function openPeer(listener: ListenerName): Promise<CodecPeer> {
  return new CodecPeer(await openRawToBroker(broker, listener));
}

function connectPacket(clientId: string, extra: Partial<ConnectPacket> = {}): ConnectPacket {
  return { type: PacketType.Connect, clientId, cleanStart: true, keepAliveIntervalSeconds: 60, ...extra };
}

/** CONNECT, and the CONNACK that must be a success. */
async function connectPeer(listener: ListenerName, clientId: string, extra: Partial<ConnectPacket> = {}): Promise<CodecPeer> {
  const peer = await openPeer(listener);
  peer.send(connectPacket(clientId, extra));
  const connack = await peer.expect(PacketType.Connack);
  assert.equal(connack.reasonCode, ConnectReasonCode.Success, JSON.stringify(connack));
  return peer;
}

const MESSAGE_USER_PROPERTIES: UserProperty[] = [
  { name: "repeated", value: "first" },
  { name: "repeated", value: "second" },
  { name: "unicode ✓", value: "ünïcödé 🚀" },
  { name: "empty", value: "" },
];

/** A PUBLISH with every property a client may send (no Topic Alias, no Subscription Identifier). */
function richPublish(topicName: string, qos: QoS, packetId: number | undefined, payloadText: string): PublishPacket {
  return {
    type: PacketType.Publish,
    topicName,
    qos,
    retain: false,
    duplicate: false,
    ...(packetId === undefined ? {} : { packetId }),
    payload: utf8(payloadText),
    payloadFormat: PayloadFormatIndicator.Utf8,
    messageExpiryIntervalSeconds: 3600,
    contentType: "text/plain; charset=utf-8",
    responseTopic: `${topicName}/reply`,
    correlationData: Uint8Array.of(0x00, 0xff, 0x10, 0x80),
    userProperties: MESSAGE_USER_PROPERTIES,
  };
}

/** The forwarded copy carries every property unchanged, plus the Subscription Identifier; expiry counts down. */
function assertForwardedCopy(received: PublishPacket, sent: PublishPacket, subscriptionIdentifier: number): void {
  assert.equal(received.topicName, sent.topicName);
  assert.equal(text(received.payload), text(sent.payload));
  assert.equal(received.retain, false);
  assert.equal(received.duplicate, false);
  assert.equal(received.payloadFormat, PayloadFormatIndicator.Utf8);
  assert.equal(received.contentType, sent.contentType);
  assert.equal(received.responseTopic, sent.responseTopic);
  assert.deepEqual([...(received.correlationData ?? [])], [...(sent.correlationData ?? [])]);
  assert.deepEqual(received.userProperties, MESSAGE_USER_PROPERTIES, "user properties keep their order and duplicates");
  assert.deepEqual(received.subscriptionIdentifiers, [subscriptionIdentifier]);
  const expiry = received.messageExpiryIntervalSeconds ?? -1;
  assert.ok(expiry > 3590 && expiry <= 3600, `remaining message expiry ${expiry}`);
  assert.equal(received.topicAlias, undefined, "Mosquitto never sends topic aliases to clients");
  assert.equal(received.packetId === undefined, received.qos === QoS.AtMostOnce);
}

/** The whole conversation on one connection: CONNECT … DISCONNECT, checking every packet the broker sends. */
async function fullSession(listener: ListenerName): Promise<void> {
  const clientId = listener === "mtls" ? TEST_CLIENT_ID : uniqueId(`codec-${listener}`);
  const peer = await openPeer(listener);
  try {
    peer.send(
      connectPacket(clientId, {
        sessionExpiryIntervalSeconds: 0,
        receiveMaximum: 50,
        maximumPacketSizeBytes: 1_000_000,
        topicAliasMaximum: 0,
        requestProblemInformation: true,
        userProperties: [{ name: "client", value: "mqtt5-client codec test" }],
      }),
    );
    // Exactly what Mosquitto 2.0 announces with this configuration (peers.md): nothing more, nothing less.
    assert.deepEqual(await peer.next(), {
      type: PacketType.Connack,
      sessionPresent: false,
      reasonCode: ConnectReasonCode.Success,
      topicAliasMaximum: 10,
      receiveMaximum: 20,
    });

    const base = `codec/${clientId}`;
    peer.send({
      type: PacketType.Subscribe,
      packetId: 1,
      subscriptionIdentifier: 7,
      subscriptions: [{ topicFilter: `${base}/#`, qos: QoS.ExactlyOnce, noLocal: false, retainAsPublished: true }],
      userProperties: [{ name: "op", value: "subscribe" }],
    });
    assert.deepEqual(await peer.next(), { type: PacketType.Suback, packetId: 1, reasonCodes: [SubackReasonCode.GrantedQoS2] });

    // QoS 0: only the forwarded copy comes back.
    const q0 = richPublish(`${base}/q0`, QoS.AtMostOnce, undefined, "qos zero ✓");
    peer.send(q0);
    assertForwardedCopy(await peer.expect(PacketType.Publish), q0, 7);

    // QoS 1: PUBACK for ours, and the forwarded copy at QoS 1 (granted QoS 2 ≥ 1), which we acknowledge.
    const q1 = richPublish(`${base}/q1`, QoS.AtLeastOnce, 2, "qos one");
    peer.send(q1);
    const [puback, forwarded1] = await peer.expectSet([PacketType.Puback, PacketType.Publish]);
    assert.deepEqual(puback, { type: PacketType.Puback, packetId: 2, reasonCode: 0 });
    const copy1 = forwarded1 as PublishPacket;
    assert.equal(copy1.qos, QoS.AtLeastOnce);
    assertForwardedCopy(copy1, q1, 7);
    peer.send({ type: PacketType.Puback, packetId: copy1.packetId ?? 0, reasonCode: 0 });

    // QoS 2, sender side: PUBLISH → PUBREC → PUBREL → PUBCOMP; Mosquitto forwards the message once released.
    const q2 = richPublish(`${base}/q2`, QoS.ExactlyOnce, 3, "qos two");
    peer.send(q2);
    assert.deepEqual(await peer.next(), { type: PacketType.Pubrec, packetId: 3, reasonCode: 0 });
    peer.send({ type: PacketType.Pubrel, packetId: 3, reasonCode: 0 });
    const [pubcomp, forwarded2] = await peer.expectSet([PacketType.Pubcomp, PacketType.Publish]);
    assert.deepEqual(pubcomp, { type: PacketType.Pubcomp, packetId: 3, reasonCode: 0 });
    // QoS 2, receiver side: the forwarded copy → our PUBREC → its PUBREL → our PUBCOMP.
    const copy2 = forwarded2 as PublishPacket;
    assert.equal(copy2.qos, QoS.ExactlyOnce);
    assertForwardedCopy(copy2, q2, 7);
    const inboundId = copy2.packetId ?? 0;
    peer.send({ type: PacketType.Pubrec, packetId: inboundId, reasonCode: 0 });
    assert.deepEqual(await peer.next(), { type: PacketType.Pubrel, packetId: inboundId, reasonCode: 0 });
    peer.send({ type: PacketType.Pubcomp, packetId: inboundId, reasonCode: 0 });

    peer.send({ type: PacketType.Unsubscribe, packetId: 4, topicFilters: [`${base}/#`, `${base}/never-subscribed`] });
    assert.deepEqual(await peer.next(), {
      type: PacketType.Unsuback,
      packetId: 4,
      reasonCodes: [UnsubackReasonCode.Success, UnsubackReasonCode.NoSubscriptionExisted],
    });

    peer.send({ type: PacketType.Pingreq });
    assert.deepEqual(await peer.next(), { type: PacketType.Pingresp });

    // Unsubscribed: our own QoS 1 publish is acknowledged but no longer forwarded.
    peer.send(richPublish(`${base}/after`, QoS.AtLeastOnce, 5, "not forwarded"));
    assert.deepEqual(await peer.next(), { type: PacketType.Puback, packetId: 5, reasonCode: 16 }); // 0x10 No matching subscribers

    peer.send({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NormalDisconnection });
    assert.equal(await peer.connection.waitForClose(), undefined, "the broker closes after a normal DISCONNECT");
    peer.assertByteAtATimeDecodingAgrees();
  } finally {
    peer.close();
  }
}

for (const listener of ["tcp", "tls", "mtls", "ws", "wss"] as const) {
  test(`${listener}: CONNECT…DISCONNECT with QoS 0/1/2 round trips and properties, encoded and decoded by our codec`, { timeout: 30_000 }, async (t) => {
    await dumpLogOnFailure(t, broker, () => fullSession(listener));
  });
}

test("an empty client id: CONNACK carries the Assigned Client Identifier", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const peer = await openPeer("tcp");
    t.after(() => peer.close());
    peer.send(connectPacket(""));
    const connack = await peer.expect(PacketType.Connack);
    assert.equal(connack.reasonCode, ConnectReasonCode.Success);
    assert.match(connack.assignedClientIdentifier ?? "", /^auto-[0-9A-F-]{36}$/);
  });
});

test("a wrong password on the auth listener: CONNACK 0x87 Not authorized, then the broker closes", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const peer = await openPeer("auth");
    t.after(() => peer.close());
    peer.send(connectPacket(uniqueId("badpw"), { username: broker.auth.username, password: utf8("not the password") }));
    assert.deepEqual(await peer.next(), { type: PacketType.Connack, sessionPresent: false, reasonCode: ConnectReasonCode.NotAuthorized });
    await peer.connection.waitForClose();
  });
});

test("the right password works; an ACL-denied QoS 1 PUBLISH gets PUBACK 0x87", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const peer = await connectPeer("auth", uniqueId("goodpw"), { username: broker.auth.username, password: utf8(broker.auth.password) });
    t.after(() => peer.close());
    peer.send({ type: PacketType.Publish, topicName: "test/denied/x", qos: QoS.AtLeastOnce, packetId: 9, retain: false, duplicate: false, payload: utf8("x") });
    assert.deepEqual(await peer.next(), { type: PacketType.Puback, packetId: 9, reasonCode: 0x87 });
  });
});

test("session resumption: Session Present, and a QoS 1 message queued while away arrives with its properties", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = uniqueId("codec-session");
    const topic = `codec/${clientId}/queued`;
    const sessionOptions = { cleanStart: false, sessionExpiryIntervalSeconds: 120 };
    const first = await connectPeer("tcp", clientId, { cleanStart: true, sessionExpiryIntervalSeconds: 120 });
    first.send({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
    await first.expect(PacketType.Suback);
    first.send({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NormalDisconnection });
    await first.connection.waitForClose();

    const publisher = await connectPeer("tcp", uniqueId("codec-publisher"));
    t.after(() => publisher.close());
    const sent = richPublish(topic, QoS.AtLeastOnce, 1, "queued while offline");
    publisher.send(sent);
    assert.deepEqual(await publisher.next(), { type: PacketType.Puback, packetId: 1, reasonCode: 0 });

    const again = await openPeer("tcp");
    t.after(() => again.close());
    again.send(connectPacket(clientId, sessionOptions));
    const connack = await again.expect(PacketType.Connack);
    assert.equal(connack.sessionPresent, true);
    const queued = await again.expect(PacketType.Publish);
    assert.equal(queued.qos, QoS.AtLeastOnce);
    assert.equal(text(queued.payload), "queued while offline");
    assert.deepEqual(queued.userProperties, MESSAGE_USER_PROPERTIES);
    assert.equal(queued.contentType, sent.contentType);
    again.send({ type: PacketType.Puback, packetId: queued.packetId ?? 0, reasonCode: 0 });
    again.send({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NormalDisconnection, sessionExpiryIntervalSeconds: 0 });
    await again.connection.waitForClose();
  });
});

test("a will with properties, sent by the broker after DISCONNECT 0x04 (Disconnect with Will Message)", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const willTopic = `codec/${uniqueId("will")}`;
    const watcher = await connectPeer("tcp", uniqueId("will-watcher"));
    t.after(() => watcher.close());
    watcher.send({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: willTopic, qos: QoS.AtLeastOnce }] });
    await watcher.expect(PacketType.Suback);

    // Over TCP: Mosquitto 2.0.11 does not close a WebSocket connection after DISCONNECT 0x04 (nor send the will).
    const dying = await connectPeer("tcp", uniqueId("will-owner"), {
      will: {
        topicName: willTopic,
        payload: utf8("gone"),
        qos: QoS.AtLeastOnce,
        retain: false,
        willDelayIntervalSeconds: 0,
        payloadFormat: PayloadFormatIndicator.Utf8,
        messageExpiryIntervalSeconds: 600,
        contentType: "text/plain",
        responseTopic: `${willTopic}/reply`,
        correlationData: Uint8Array.of(1, 2, 3),
        userProperties: [{ name: "why", value: "test" }],
      },
    });
    t.after(() => dying.close());
    dying.send({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.DisconnectWithWillMessage });
    await dying.connection.waitForClose();

    const will = await watcher.expect(PacketType.Publish);
    assert.equal(will.topicName, willTopic);
    assert.equal(text(will.payload), "gone");
    assert.equal(will.qos, QoS.AtLeastOnce);
    assert.equal(will.contentType, "text/plain");
    assert.equal(will.responseTopic, `${willTopic}/reply`);
    assert.deepEqual([...(will.correlationData ?? [])], [1, 2, 3]);
    assert.deepEqual(will.userProperties, [{ name: "why", value: "test" }]);
    assert.equal(will.payloadFormat, PayloadFormatIndicator.Utf8);
    watcher.send({ type: PacketType.Puback, packetId: will.packetId ?? 0, reasonCode: 0 });
  });
});

test("retained message: stored with its properties, sent with RETAIN to a new subscriber, then cleared", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const topic = `codec/${uniqueId("retained")}`;
    const publisher = await connectPeer("tls", uniqueId("retain-pub"));
    t.after(() => publisher.close());
    publisher.send({ ...richPublish(topic, QoS.AtLeastOnce, 1, "kept"), retain: true });
    await publisher.expect(PacketType.Puback);

    const subscriber = await connectPeer("wss", uniqueId("retain-sub"));
    t.after(() => subscriber.close());
    subscriber.send({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: topic, qos: QoS.AtMostOnce }] });
    const [suback, retained] = await subscriber.expectSet([PacketType.Suback, PacketType.Publish]);
    assert.deepEqual(suback, { type: PacketType.Suback, packetId: 1, reasonCodes: [SubackReasonCode.GrantedQoS0] });
    const message = retained as PublishPacket;
    assert.equal(message.retain, true);
    assert.equal(message.qos, QoS.AtMostOnce);
    assert.equal(text(message.payload), "kept");
    assert.deepEqual(message.userProperties, MESSAGE_USER_PROPERTIES);

    // An empty retained payload clears it: a later subscriber gets nothing.
    publisher.send({ type: PacketType.Publish, topicName: topic, qos: QoS.AtLeastOnce, packetId: 2, retain: true, duplicate: false, payload: new Uint8Array(0) });
    await publisher.expect(PacketType.Puback);
    const late = await connectPeer("tcp", uniqueId("retain-late"));
    t.after(() => late.close());
    late.send({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: topic, qos: QoS.AtMostOnce }] });
    await late.expect(PacketType.Suback);
    late.send({ type: PacketType.Pingreq });
    assert.deepEqual(await late.next(), { type: PacketType.Pingresp }, "no retained PUBLISH before the PINGRESP");
  });
});

test("client→broker topic alias: set by the first PUBLISH, used with an empty topic by the next", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const topic = `codec/${uniqueId("alias")}`;
    const peer = await connectPeer("tcp", uniqueId("alias"));
    t.after(() => peer.close());
    peer.send({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: topic, qos: QoS.AtMostOnce }] });
    await peer.expect(PacketType.Suback);
    const publish = (topicName: string, payload: string): void =>
      peer.send({ type: PacketType.Publish, topicName, topicAlias: 10, qos: QoS.AtMostOnce, retain: false, duplicate: false, payload: utf8(payload) });
    publish(topic, "first");
    publish("", "second");
    const received = [await peer.expect(PacketType.Publish), await peer.expect(PacketType.Publish)];
    assert.deepEqual(received.map((message) => [message.topicName, text(message.payload), message.topicAlias]), [
      [topic, "first", undefined],
      [topic, "second", undefined],
    ]);
  });
});

test("a Topic Alias above the broker's maximum (10): Mosquitto answers DISCONNECT 0x94, which we decode", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const peer = await connectPeer("tcp", uniqueId("alias-bad"));
    t.after(() => peer.close());
    peer.send({ type: PacketType.Publish, topicName: "codec/x", topicAlias: 11, qos: QoS.AtMostOnce, retain: false, duplicate: false, payload: utf8("x") });
    const disconnect = await peer.expect(PacketType.Disconnect);
    assert.equal(disconnect.reasonCode, DisconnectReasonCode.TopicAliasInvalid);
    await peer.connection.waitForClose();
  });
});

test("session takeover: the first connection is closed when a second one uses the same client id", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = uniqueId("takeover");
    const first = await connectPeer("tcp", clientId);
    t.after(() => first.close());
    const second = await connectPeer("ws", clientId);
    t.after(() => second.close());
    const packets: Packet[] = [];
    try {
      for (;;) packets.push(await first.next());
    } catch (error) {
      assert.match((error as Error).message, /connection closed/);
    }
    // Mosquitto 2.0 closes the old connection without a DISCONNECT 0x8E (peers.md).
    assert.deepEqual(packets, []);
  });
});

// Mosquitto 2.0.11 moves WebSocket data slowly (a 300 kB message takes ~7.5 s with any client), so the WebSocket
// case uses 64 kB: still several TLS records, WebSocket frames and reads.
const LARGE_PAYLOADS = [
  ["wss", 64_000],
  ["tls", 300_000],
] as const;

test("large QoS 1 payloads over WSS and TLS: reassembled across many reads, byte-exact", { timeout: 60_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    for (const [listener, size] of LARGE_PAYLOADS) {
      const payload = new Uint8Array(size).map((_value, index) => (index * 31 + 7) & 0xff);
      const topic = `codec/${uniqueId("large")}`;
      const peer = await connectPeer(listener, uniqueId("large"));
      t.after(() => peer.close());
      peer.send({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
      await peer.expect(PacketType.Suback);
      peer.send({ type: PacketType.Publish, topicName: topic, qos: QoS.AtLeastOnce, packetId: 2, retain: false, duplicate: false, payload });
      const [puback, forwarded] = await peer.expectSet([PacketType.Puback, PacketType.Publish], 30_000);
      assert.equal((puback as PacketOf<PacketType.Puback>).reasonCode, 0);
      const message = forwarded as PublishPacket;
      assert.equal(message.payload.length, payload.length);
      assert.ok(Buffer.from(message.payload).equals(Buffer.from(payload)), `${listener}: payload bytes differ`);
      peer.assertByteAtATimeDecodingAgrees();
    }
  });
});
