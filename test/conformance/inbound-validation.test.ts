// Conformance checklist (mqtt5-conformance.md §7), rows with Where = in-val: checks on what the server sends,
// shown end to end through the protocol core (bytes in → DISCONNECT with the reason code, typed error, close).
// Codec-level decoding of the same bytes is covered by the codec's own tests; here the reaction is what counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../support/core-harness.js";
import { assertLifecycleInvariants } from "../support/lifecycle-invariants.js";
import { connackWithProperties, expectProtocolViolation, frame, publishWithProperties, utf8Field } from "../support/violation-check.js";
import { encodePacket } from "../../src/core/codec/index.js";
import { ClientSessionBehavior, PacketType, QoS } from "../../src/core/model/enums.js";
import type { PublishPacket } from "../../src/core/model/packet.js";
import type { CoreConfig } from "../../src/core/core-config.js";
import { ProtocolError } from "../../src/core/errors.js";
import { AUTH_METHOD, answerAuth, authenticated, inAuthExchange, lastChallenge, reauthenticate, serverAuth, withAuth } from "../support/auth-exchange.js";


function connected(config: Partial<CoreConfig> = {}, connack = {}): CoreHarness {
  const h = new CoreHarness(config);
  h.connect(connack);
  assert.equal(h.core.isConnected(), true);
  return h;
}

function awaitingConnack(config: Partial<CoreConfig> = {}): CoreHarness {
  const h = new CoreHarness(config);
  h.start();
  h.openTransport();
  return h;
}

const withConnect = (fields: object): Partial<CoreConfig> => ({ connect: { clientId: "c", keepAliveIntervalSeconds: 60, ...fields } });

function inbound(fields: Partial<PublishPacket> = {}): PublishPacket {
  return { type: PacketType.Publish, topicName: "in/t", payload: new Uint8Array([1]), qos: QoS.AtMostOnce, retain: false, duplicate: false, ...fields };
}

const reasonString = (text: string): number[] => [0x1f, ...utf8Field(text)];
const userProperty = (name: string, value: string): number[] => [0x26, ...utf8Field(name), ...utf8Field(value)];

function messages(h: CoreHarness): PublishPacket[] {
  return h.events.flatMap((e) => (e.kind === "messageReceived" ? [e.message] : []));
}

test("[X-3] #13 packet type 0 → Malformed (0x81); server CONNECT/SUBSCRIBE/UNSUBSCRIBE/PINGREQ → Protocol Error (0x82)", () => {
  const h = connected();
  expectProtocolViolation(h, () => h.serverSendsBytes(new Uint8Array([0x00, 0x00])), { reasonCode: 0x81 });
  const serverOnly = [
    encodePacket({ type: PacketType.Connect, clientId: "x", cleanStart: true, keepAliveIntervalSeconds: 0 }),
    encodePacket({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: "a", qos: QoS.AtMostOnce }] }),
    encodePacket({ type: PacketType.Unsubscribe, packetId: 1, topicFilters: ["a"] }),
    encodePacket({ type: PacketType.Pingreq }),
  ];
  for (const bytes of serverOnly) {
    const c = connected();
    expectProtocolViolation(c, () => c.serverSendsBytes(bytes), { reasonCode: 0x82 });
  }
});

test("[2.2.1-4] #17 server PUBLISH with QoS 1 or 2 and packet id 0 → DISCONNECT 0x82", () => {
  for (const firstByte of [0x32, 0x34]) {
    const h = connected();
    expectProtocolViolation(h, () => h.serverSendsBytes(publishWithProperties("t", [], firstByte, 0)), { reasonCode: 0x82 });
    assert.equal(messages(h).length, 0);
  }
});

test("[2.2.1-6] #19 SUBACK/UNSUBACK for an id with no outstanding request is ignored", () => {
  const h = connected();
  const sub = h.subscribe("s");
  const unsub = h.unsubscribe("u");
  h.serverSends({ type: PacketType.Suback, packetId: 77, reasonCodes: [0] }, { type: PacketType.Unsuback, packetId: 78, reasonCodes: [0] });
  assert.equal(h.core.isConnected(), true);
  assert.equal(h.result(sub), undefined);
  assert.equal(h.result(unsub), undefined);
  h.serverSends({ type: PacketType.Suback, packetId: 1, reasonCodes: [0] }, { type: PacketType.Unsuback, packetId: 2, reasonCodes: [0] });
  assert.ok(h.result(sub)?.ok && h.result(unsub)?.ok);
});

test("[3.1.2-26] #42 incoming Topic Alias above our Topic Alias Maximum → DISCONNECT 0x94", () => {
  const h = connected(withConnect({ topicAliasMaximum: 3 }));
  h.serverSends(inbound({ topicAlias: 3 }));
  assert.equal(messages(h).length, 1, "alias 3 = the maximum is accepted");
  expectProtocolViolation(h, () => h.serverSends(inbound({ topicAlias: 4 })), { reasonCode: 0x94 });
});

test("[3.1.2-27] #43 Topic Alias Maximum absent or 0, and a Topic Alias arrives → DISCONNECT 0x94", () => {
  for (const config of [withConnect({}), withConnect({ topicAliasMaximum: 0 })]) {
    const h = connected(config);
    expectProtocolViolation(h, () => h.serverSends(inbound({ topicAlias: 1 })), { reasonCode: 0x94 });
  }
});

test("[3.1.2-28] #44 Response Information arriving although not requested is ignored, not an error", () => {
  const h = connected({}, { responseInformation: "reply/here" });
  assert.equal(h.writtenOfType(PacketType.Connect)[0]?.requestResponseInformation, undefined);
  assert.equal(h.writtenOfType(PacketType.Disconnect).length, 0);
  h.advanceBy(1000);
  assert.equal(h.core.isConnected(), true);
});

test("[3.1.2-29] #45 Request Problem Information 0: Reason String/User Property on acks → DISCONNECT 0x82", () => {
  const noProblemInfo = withConnect({ requestProblemInformation: false });
  const offending = [
    frame(0x40, [0x00, 0x01, 0x00, 0x04, ...reasonString("x")]), // PUBACK
    frame(0x50, [0x00, 0x01, 0x00, 0x07, ...userProperty("a", "b")]), // PUBREC
    frame(0x62, [0x00, 0x01, 0x00, 0x04, ...reasonString("x")]), // PUBREL
    frame(0x70, [0x00, 0x01, 0x00, 0x07, ...userProperty("a", "b")]), // PUBCOMP
    frame(0x90, [0x00, 0x01, 0x04, ...reasonString("x"), 0x00]), // SUBACK
    frame(0xb0, [0x00, 0x01, 0x07, ...userProperty("a", "b"), 0x00]), // UNSUBACK
  ];
  for (const bytes of offending) {
    const h = connected(noProblemInfo);
    expectProtocolViolation(h, () => h.serverSendsBytes(bytes), { reasonCode: 0x82 });
  }
  // …but allowed on CONNACK, PUBLISH and DISCONNECT, and on everything when Request Problem Information is 1.
  const h = connected(noProblemInfo, { reasonString: "hello", userProperties: [{ name: "k", value: "v" }] });
  h.serverSends(inbound({ userProperties: [{ name: "k", value: "v" }] }));
  assert.equal(messages(h).length, 1);
  h.serverSends({ type: PacketType.Disconnect, reasonCode: 0x8b, reasonString: "bye" });
  const lost = h.events.at(-1);
  assert.ok(lost?.kind === "disconnection" && !(lost.error instanceof ProtocolError));
  const requested = connected();
  requested.serverSendsBytes(offending[0] as Uint8Array);
  assert.equal(requested.core.isConnected(), true);
});

test("[3.2.2-1] #59 CONNACK acknowledge flag bits 7–1 non-zero → Malformed, DISCONNECT 0x81", () => {
  for (const flags of [0x02, 0x80, 0xff]) {
    const h = awaitingConnack();
    expectProtocolViolation(h, () => h.serverSendsBytes(connackWithProperties([], flags)), { reasonCode: 0x81 });
  }
});

test("[3.2.2-2] #60 Clean Start 1 answered with Session Present 1 → the connection is closed (as 3.2.2-4)", () => {
  const h = awaitingConnack({ sessionBehavior: ClientSessionBehavior.Clean });
  assert.equal(h.writtenOfType(PacketType.Connect)[0]?.cleanStart, true);
  expectProtocolViolation(h, () => h.connack({ sessionPresent: true }), { reasonCode: 0x82 });
  assert.equal(h.events.some((e) => e.kind === "connectionSuccess"), false);
});

test("[3.2.2-6] #63 a non-zero CONNACK code together with Session Present 1 → Protocol Error (the server closes)", () => {
  const h = awaitingConnack();
  expectProtocolViolation(h, () => h.connack({ reasonCode: 0x80, sessionPresent: true }), { reasonCode: 0x82, writesDisconnect: false });
});

test("[3.2.2-8] #65 CONNACK reason code outside the CONNACK list → DISCONNECT 0x82", () => {
  for (const code of [0x01, 0x04, 0x8b, 0x8d, 0x92, 0xff]) {
    const h = awaitingConnack();
    expectProtocolViolation(h, () => h.serverSendsBytes(frame(0x20, [0x00, code, 0x00])), { reasonCode: 0x82 });
  }
});

test("[3.2.2-16] #69 empty Client ID sent and no Assigned Client Identifier in the success CONNACK → Protocol Error", () => {
  const h = awaitingConnack(withConnect({ clientId: "" }));
  expectProtocolViolation(h, () => h.connack(), { reasonCode: 0x82 });
});

test("[3.2.2-19] #72 CONNACK made too large by its Reason String → DISCONNECT 0x95 (our Maximum Packet Size)", () => {
  const h = awaitingConnack(withConnect({ maximumPacketSizeBytes: 100 }));
  expectProtocolViolation(h, () => h.serverSendsBytes(connackWithProperties(reasonString("r".repeat(100)))), { reasonCode: 0x95 });
});

test("[3.2.2-20] #73 CONNACK made too large by User Properties → DISCONNECT 0x95", () => {
  const h = awaitingConnack(withConnect({ maximumPacketSizeBytes: 100 }));
  const props = [...userProperty("a", "1".repeat(50)), ...userProperty("b", "2".repeat(50))]; // 112 bytes
  expectProtocolViolation(h, () => h.serverSendsBytes(connackWithProperties(props)), { reasonCode: 0x95 });
});

test("[X-10] #76 CONNACK Receive Maximum 0, Maximum Packet Size 0, Maximum QoS 2, *Available 2 or duplicates → DISCONNECT 0x82", () => {
  const bad = [
    [0x21, 0x00, 0x00],
    [0x27, 0x00, 0x00, 0x00, 0x00],
    [0x24, 0x02],
    [0x25, 0x02],
    [0x28, 0x02],
    [0x29, 0x02],
    [0x2a, 0x02],
    [0x24, 0x00, 0x24, 0x01],
    [0x13, 0x00, 0x05, 0x13, 0x00, 0x06],
  ];
  for (const props of bad) {
    const h = awaitingConnack();
    expectProtocolViolation(h, () => h.serverSendsBytes(connackWithProperties(props)), { reasonCode: 0x82 });
  }
});

test("[3.3.2-2] #88 incoming Topic Name containing a wildcard → DISCONNECT 0x82", () => {
  for (const topic of ["a/+", "#", "a/#", "+"]) {
    const h = connected();
    expectProtocolViolation(h, () => h.serverSendsBytes(publishWithProperties(topic, [])), { reasonCode: 0x82 });
  }
});

test("[3.3.2-8] #92 incoming Topic Alias 0 → DISCONNECT 0x94", () => {
  const h = connected(withConnect({ topicAliasMaximum: 10 }));
  expectProtocolViolation(h, () => h.serverSends(inbound({ topicAlias: 0 })), { reasonCode: 0x94 });
});

test("[3.3.2-11] #95 incoming alias above our maximum → DISCONNECT 0x94", () => {
  const h = connected(withConnect({ topicAliasMaximum: 1 }));
  expectProtocolViolation(h, () => h.serverSends(inbound({ topicAlias: 2, topicName: "" })), { reasonCode: 0x94 });
});

test("[3.3.4-9] #103 the server exceeds our Receive Maximum → DISCONNECT 0x93", () => {
  const h = connected(withConnect({ receiveMaximum: 2 }));
  h.serverSends(inbound({ qos: QoS.AtLeastOnce, packetId: 1 }), inbound({ qos: QoS.ExactlyOnce, packetId: 2 }));
  expectProtocolViolation(h, () => h.serverSends(inbound({ qos: QoS.AtLeastOnce, packetId: 3 })), { reasonCode: 0x93 });
  // Acknowledged messages free their slot: no violation then.
  const ok = connected(withConnect({ receiveMaximum: 1 }));
  for (let id = 1; id <= 3; id++) {
    ok.serverSends(inbound({ qos: QoS.AtLeastOnce, packetId: id }));
    const last = ok.events.at(-1);
    assert.ok(last?.kind === "messageReceived" && last.acknowledgementId !== undefined);
    ok.handle({ kind: "acknowledge", acknowledgementId: last.acknowledgementId });
  }
  assert.equal(ok.core.isConnected(), true);
  assert.equal(messages(ok).length, 3);
});

test("[X-14] #104 incoming empty Topic Name without a Topic Alias → DISCONNECT 0x82", () => {
  const h = connected(withConnect({ topicAliasMaximum: 5 }));
  expectProtocolViolation(h, () => h.serverSends(inbound({ topicName: "" })), { reasonCode: 0x82 });
});

test("[X-15] #105 empty Topic Name with an alias not bound on this connection → DISCONNECT 0x82", () => {
  const h = connected(withConnect({ topicAliasMaximum: 5 }));
  h.serverSends(inbound({ topicName: "bound/on/first", topicAlias: 1 }), inbound({ topicName: "", topicAlias: 1 }));
  assert.deepEqual(messages(h).map((m) => m.topicName), ["bound/on/first", "bound/on/first"]);
  // A binding does not survive the connection [MQTT-3.3.2-7].
  h.transportCloses();
  h.advanceBy(h.core.nextDeadline()! - h.nowMs);
  h.openTransport();
  h.connack();
  expectProtocolViolation(h, () => h.serverSends(inbound({ topicName: "", topicAlias: 1 })), { reasonCode: 0x82 });
});

test("[X-16] #106 incoming Subscription Identifier 0 → DISCONNECT 0x82", () => {
  const h = connected();
  expectProtocolViolation(h, () => h.serverSendsBytes(publishWithProperties("t", [0x0b, 0x00])), { reasonCode: 0x82 });
});

test("[X-18] #108 (verify) a message above the QoS we subscribed with is accepted and acknowledged per its own QoS", () => {
  // The client announces no Maximum QoS of its own and overlapping subscriptions make the granted QoS ambiguous:
  // policy is to accept rather than disconnect with the server-only code 0x9B.
  const h = connected();
  h.subscribe("s/#", QoS.AtMostOnce);
  h.serverSends({ type: PacketType.Suback, packetId: 1, reasonCodes: [0] });
  h.serverSends(inbound({ topicName: "s/x", qos: QoS.ExactlyOnce, packetId: 5 }));
  const received = h.events.at(-1);
  assert.ok(received?.kind === "messageReceived" && received.acknowledgementId !== undefined);
  h.handle({ kind: "acknowledge", acknowledgementId: received.acknowledgementId });
  assert.deepEqual(h.lastWritten(), { type: PacketType.Pubrec, packetId: 5, reasonCode: 0 });
  assert.equal(h.core.isConnected(), true);
});

test("[3.8.4-2] #132 a SUBACK completes the SUBSCRIBE with the same packet id, and only that one", () => {
  const h = connected();
  const first = h.subscribe("one");
  const second = h.subscribe("two");
  h.serverSends({ type: PacketType.Suback, packetId: 2, reasonCodes: [1] });
  assert.equal(h.result(first), undefined);
  const result = h.result(second);
  assert.ok(result?.ok && result.value.kind === "subscribe" && result.value.suback.packetId === 2);
});

test("[3.8.4-6] #133 SUBACK with a different number of codes than filters → Protocol Error, the SUBSCRIBE fails", () => {
  const h = connected();
  const op = h.submit({ kind: "subscribe", packet: { type: PacketType.Subscribe, packetId: 0, subscriptions: [{ topicFilter: "a", qos: 1 }, { topicFilter: "b", qos: 1 }] } });
  expectProtocolViolation(h, () => h.serverSends({ type: PacketType.Suback, packetId: 1, reasonCodes: [1] }), { reasonCode: 0x82 });
  const result = h.result(op);
  assert.ok(result !== undefined && !result.ok && result.error instanceof ProtocolError);
});

test("[3.8.4-7] #134 SUBACK codes: a lower granted QoS or a failure ≥ 0x80 completes the SUBSCRIBE; QoS 3 is a Protocol Error", () => {
  const h = connected();
  const lower = h.subscribe("a", QoS.ExactlyOnce);
  const refused = h.subscribe("b", QoS.AtLeastOnce);
  h.serverSends({ type: PacketType.Suback, packetId: 1, reasonCodes: [0] }, { type: PacketType.Suback, packetId: 2, reasonCodes: [0x87] });
  const a = h.result(lower);
  const b = h.result(refused);
  assert.ok(a?.ok && a.value.kind === "subscribe" && a.value.suback.reasonCodes[0] === 0);
  assert.ok(b?.ok && b.value.kind === "subscribe" && b.value.suback.reasonCodes[0] === 0x87);
  h.subscribe("c");
  expectProtocolViolation(h, () => h.serverSendsBytes(frame(0x90, [0x00, 0x03, 0x00, 0x03])), { reasonCode: 0x82 });
});

for (const [row, id, what, ackType] of [
  [135, "3.9.2-1", "Reason String", 0x90],
  [136, "3.9.2-2", "User Properties", 0x90],
  [143, "3.11.2-1", "Reason String", 0xb0],
  [144, "3.11.2-2", "User Properties", 0xb0],
] as const) {
  const name = ackType === 0x90 ? "SUBACK" : "UNSUBACK";
  test(`[${id}] #${row} ${name} made too large by its ${what} → DISCONNECT 0x95 (our Maximum Packet Size)`, () => {
    const h = connected(withConnect({ maximumPacketSizeBytes: 80 }));
    if (ackType === 0x90) h.subscribe("x");
    else h.unsubscribe("x");
    const props = what === "Reason String" ? reasonString("z".repeat(90)) : userProperty("k", "v".repeat(90));
    expectProtocolViolation(h, () => h.serverSendsBytes(frame(ackType, [0x00, 0x01, props.length, ...props, 0x00])), { reasonCode: 0x95 });
  });
}

test("[3.9.3-2] #138 SUBACK code outside the Subscribe list → Protocol Error", () => {
  for (const code of [0x03, 0x04, 0x10, 0x11, 0x92]) {
    const h = connected();
    h.subscribe("x");
    expectProtocolViolation(h, () => h.serverSendsBytes(frame(0x90, [0x00, 0x01, 0x00, code])), { reasonCode: 0x82 });
  }
});

test("[3.10.4-5] #142 UNSUBACK matches the UNSUBSCRIBE id; 0x11 (no subscription existed) counts as success", () => {
  const h = connected();
  const first = h.unsubscribe("a");
  const second = h.unsubscribe("b", "c");
  h.serverSends({ type: PacketType.Unsuback, packetId: 2, reasonCodes: [0x11, 0x00] });
  assert.equal(h.result(first), undefined);
  const result = h.result(second);
  assert.ok(result?.ok && result.value.kind === "unsubscribe");
  assert.deepEqual(result.value.unsuback.reasonCodes, [0x11, 0x00]);
});

test("[3.11.3-1] #145 UNSUBACK code count differs from the filters → Protocol Error, the UNSUBSCRIBE fails", () => {
  const h = connected();
  const op = h.unsubscribe("a", "b", "c");
  expectProtocolViolation(h, () => h.serverSends({ type: PacketType.Unsuback, packetId: 1, reasonCodes: [0, 0] }), { reasonCode: 0x82 });
  const result = h.result(op);
  assert.ok(result !== undefined && !result.ok);
});

test("[3.11.3-2] #146 UNSUBACK code outside the Unsubscribe list → Protocol Error", () => {
  for (const code of [0x01, 0x10, 0x8e, 0x91 + 1]) {
    const h = connected();
    h.unsubscribe("x");
    expectProtocolViolation(h, () => h.serverSendsBytes(frame(0xb0, [0x00, 0x01, 0x00, code])), { reasonCode: 0x82 });
  }
});

test("[3.14.2-2] #152 server DISCONNECT carrying a Session Expiry Interval → Protocol Error (not answered: the server closed)", () => {
  const h = connected(withConnect({ sessionExpiryIntervalSeconds: 60 }));
  const event = expectProtocolViolation(h, () => h.serverSendsBytes(frame(0xe0, [0x00, 0x05, 0x11, 0x00, 0x00, 0x00, 0x3c])), { reasonCode: 0x82, writesDisconnect: false });
  assert.ok(event.kind === "disconnection" && event.disconnect?.sessionExpiryIntervalSeconds === 60);
});

test("[X-27] #163 an AUTH without Authentication Method → Protocol Error 0x82", () => {
  const h = connected();
  expectProtocolViolation(h, () => h.serverSendsBytes(frame(0xf0, [0x18, 0x00])), { reasonCode: 0x82 });
});

test("[X-27] #163 every AUTH we send carries the Authentication Method; a server AUTH with another method → PE", () => {
  const h = authenticated();
  reauthenticate(h, 1);
  h.serverSends(serverAuth(0x18));
  answerAuth(h, lastChallenge(h).id); // no data: the method is still there
  const sent = h.writtenOfType(PacketType.Auth);
  assert.deepEqual(sent.map((a) => a.reasonCode), [0x18, 0x19, 0x18]);
  for (const auth of sent) assert.equal(auth.authenticationMethod, AUTH_METHOD);
  expectProtocolViolation(h, () => h.serverSends(serverAuth(0x00, { authenticationMethod: "PLAIN" })), { reasonCode: 0x82 });
  const before = inAuthExchange();
  expectProtocolViolation(before, () => before.serverSends(serverAuth(0x18, { authenticationMethod: "PLAIN" })), { reasonCode: 0x82 });
});

test("[4.12.0-2] #208 a server AUTH before CONNACK must carry 0x18; any other code → Protocol Error", () => {
  for (const code of [0x00, 0x19]) {
    const h = awaitingConnack(withAuth());
    // Hand-made frame: AUTH, reason code, properties = Authentication Method.
    const method = [0x15, ...utf8Field(AUTH_METHOD)];
    expectProtocolViolation(h, () => h.serverSendsBytes(frame(0xf0, [code, method.length, ...method])), { reasonCode: 0x82 });
  }
  const valid = awaitingConnack(withAuth());
  valid.serverSends(serverAuth(0x18));
  assert.equal(lastChallenge(valid).reauthentication, false, "0x18 is accepted and handed to the runtime");
});

test("[4.12.0-5] #211 server AUTH or success CONNACK with a different or missing method → Protocol Error", () => {
  const noMethod = { type: PacketType.Auth, reasonCode: 0x18 } as const;
  for (const packet of [serverAuth(0x18, { authenticationMethod: "PLAIN" }), noMethod]) {
    const before = awaitingConnack(withAuth());
    expectProtocolViolation(before, () => before.serverSends(packet), { reasonCode: 0x82 });
    const during = authenticated();
    reauthenticate(during, 1);
    expectProtocolViolation(during, () => during.serverSends(packet), { reasonCode: 0x82 });
  }
  for (const connack of [{ authenticationMethod: "PLAIN" }, {}]) {
    const h = inAuthExchange();
    expectProtocolViolation(h, () => h.connack(connack), { reasonCode: 0x82 });
  }
});

test("[4.12.0-6] #212 no method in CONNECT, then AUTH (before or after CONNACK) or a method in CONNACK → DISCONNECT 0x82", () => {
  const auth = encodePacket({ type: PacketType.Auth, reasonCode: 0x18, authenticationMethod: "SCRAM-SHA-256" });
  const before = awaitingConnack();
  expectProtocolViolation(before, () => before.serverSendsBytes(auth), { reasonCode: 0x82 });
  const after = connected();
  expectProtocolViolation(after, () => after.serverSendsBytes(auth), { reasonCode: 0x82 });
  const inConnack = awaitingConnack();
  expectProtocolViolation(inConnack, () => inConnack.connack({ authenticationMethod: "SCRAM-SHA-256" }), { reasonCode: 0x82 });
  for (const h of [before, after, inConnack]) assertLifecycleInvariants(h.events);
});
