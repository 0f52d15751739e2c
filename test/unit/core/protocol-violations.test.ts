// Protocol violations by the server (behavior.md §11, conformance §6.11/X-29), including those aws-c-mqtt's decoder
// lets through: each ends the attempt or connection with a ProtocolError carrying the reason code, a DISCONNECT
// with that code when one can be written, the transport closed, a reconnect scheduled, and the operations settled
// by the offline-queue policy — and handle() never throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { assertLifecycleInvariants } from "../../support/lifecycle-invariants.js";
import { connackWithProperties, expectProtocolViolation, frame, publishWithProperties, utf8Field } from "../../support/violation-check.js";
import { encodePacket } from "../../../src/core/codec/index.js";
import { ClientOperationQueueBehavior, PacketType, QoS } from "../../../src/core/model/enums.js";
import type { CoreConfig } from "../../../src/core/core-config.js";
import { ProtocolError } from "../../../src/core/errors.js";

type Phase = "beforeConnack" | "connected";

interface ViolationCase {
  name: string;
  phase: Phase;
  bytes: Uint8Array;
  reasonCode: number;
  config?: Partial<CoreConfig>;
  writesDisconnect?: boolean;
}

const NO_PROBLEM_INFO: Partial<CoreConfig> = { connect: { clientId: "c", keepAliveIntervalSeconds: 60, requestProblemInformation: false } };
const SMALL_MAXIMUM: Partial<CoreConfig> = { connect: { clientId: "c", keepAliveIntervalSeconds: 60, maximumPacketSizeBytes: 64 } };
const TOPIC_ALIAS_MAX_2: Partial<CoreConfig> = { connect: { clientId: "c", keepAliveIntervalSeconds: 60, topicAliasMaximum: 2 } };
const serverConnect = encodePacket({ type: PacketType.Connect, clientId: "srv", cleanStart: true, keepAliveIntervalSeconds: 0 });
const reasonString = (text: string): number[] => [0x1f, ...utf8Field(text)];
const userProperty = (name: string, value: string): number[] => [0x26, ...utf8Field(name), ...utf8Field(value)];

const CASES: ViolationCase[] = [
  // Malformed (0x81): the bytes cannot be parsed.
  { name: "reserved packet type 0", phase: "connected", bytes: new Uint8Array([0x00, 0x00]), reasonCode: 0x81 },
  { name: "reserved packet type 0 before CONNACK", phase: "beforeConnack", bytes: new Uint8Array([0x00, 0x00]), reasonCode: 0x81 },
  { name: "random garbage (0xFF …)", phase: "connected", bytes: new Uint8Array([0xff, 0xfe, 0x13, 0x37, 0x00]), reasonCode: 0x81 },
  { name: "CONNACK with fixed-header flags 0x1", phase: "beforeConnack", bytes: new Uint8Array([0x21, 0x03, 0x00, 0x00, 0x00]), reasonCode: 0x81 },
  { name: "CONNACK acknowledge flags bit 1 [MQTT-3.2.2-1]", phase: "beforeConnack", bytes: connackWithProperties([], 0x02), reasonCode: 0x81 },
  { name: "CONNACK without its Property Length", phase: "beforeConnack", bytes: frame(0x20, [0x00, 0x00]), reasonCode: 0x81 },
  { name: "CONNACK with a trailing byte", phase: "beforeConnack", bytes: frame(0x20, [0x00, 0x00, 0x00, 0x07]), reasonCode: 0x81 },
  { name: "CONNACK with a property not allowed in CONNACK", phase: "beforeConnack", bytes: connackWithProperties([0x01, 0x01]), reasonCode: 0x81 },
  { name: "PUBLISH with QoS 3 [MQTT-3.3.1-4]", phase: "connected", bytes: publishWithProperties("t", [], 0x36, 1), reasonCode: 0x81 },
  { name: "QoS 0 PUBLISH with DUP 1", phase: "connected", bytes: publishWithProperties("t", [], 0x38), reasonCode: 0x81 },
  { name: "PUBREL with flags 0000 [MQTT-3.6.1-1]", phase: "connected", bytes: frame(0x60, [0x00, 0x01]), reasonCode: 0x81 },
  { name: "SUBACK with flags 0001", phase: "connected", bytes: frame(0x91, [0x00, 0x01, 0x00, 0x00]), reasonCode: 0x81 },
  { name: "DISCONNECT with flags 0001 [MQTT-3.14.1-1]", phase: "connected", bytes: new Uint8Array([0xe1, 0x00]), reasonCode: 0x81 },
  { name: "PINGRESP with a body", phase: "connected", bytes: frame(0xd0, [0x00]), reasonCode: 0x81 },
  { name: "Remaining Length of 5 bytes", phase: "connected", bytes: new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]), reasonCode: 0x81 },
  { name: "PUBLISH topic that is not UTF-8", phase: "connected", bytes: frame(0x30, [0x00, 0x02, 0xc3, 0x28, 0x00]), reasonCode: 0x81 },
  { name: "PUBACK shorter than its packet id", phase: "connected", bytes: frame(0x40, [0x00]), reasonCode: 0x81 },
  // Too large for our Maximum Packet Size (0x95), decided from the header [MQTT-3.1.2-24].
  { name: "PUBLISH above our Maximum Packet Size", phase: "connected", config: SMALL_MAXIMUM, bytes: new Uint8Array([0x30, 0xc8, 0x01]), reasonCode: 0x95 },
  { name: "CONNACK above our Maximum Packet Size", phase: "beforeConnack", config: SMALL_MAXIMUM, bytes: connackWithProperties(reasonString("x".repeat(80))), reasonCode: 0x95 },
  // Protocol errors (0x82): parsed, but not allowed here.
  { name: "PUBLISH before CONNACK [MQTT-3.2.0-1]", phase: "beforeConnack", bytes: publishWithProperties("t", []), reasonCode: 0x82 },
  { name: "PINGRESP before CONNACK", phase: "beforeConnack", bytes: new Uint8Array([0xd0, 0x00]), reasonCode: 0x82 },
  { name: "SUBACK before CONNACK", phase: "beforeConnack", bytes: frame(0x90, [0x00, 0x01, 0x00, 0x00]), reasonCode: 0x82 },
  { name: "AUTH before CONNACK, no method sent", phase: "beforeConnack", bytes: frame(0xf0, [0x18, 0x05, 0x15, ...utf8Field("XY")]), reasonCode: 0x82 },
  { name: "second CONNACK [MQTT-3.2.0-2]", phase: "connected", bytes: connackWithProperties([]), reasonCode: 0x82 },
  { name: "server CONNECT", phase: "connected", bytes: serverConnect, reasonCode: 0x82 },
  { name: "server SUBSCRIBE", phase: "connected", bytes: frame(0x82, [0x00, 0x01, 0x00, ...utf8Field("a"), 0x00]), reasonCode: 0x82 },
  { name: "server UNSUBSCRIBE", phase: "connected", bytes: frame(0xa2, [0x00, 0x01, 0x00, ...utf8Field("a")]), reasonCode: 0x82 },
  { name: "server PINGREQ", phase: "connected", bytes: new Uint8Array([0xc0, 0x00]), reasonCode: 0x82 },
  { name: "AUTH without a method", phase: "connected", bytes: new Uint8Array([0xf0, 0x00]), reasonCode: 0x82 },
  { name: "AUTH with a method although CONNECT had none [MQTT-4.12.0-6]", phase: "connected", bytes: frame(0xf0, [0x19, 0x05, 0x15, ...utf8Field("XY")]), reasonCode: 0x82 },
  { name: "CONNACK reason code 0x03", phase: "beforeConnack", bytes: frame(0x20, [0x00, 0x03, 0x00]), reasonCode: 0x82 },
  { name: "CONNACK Receive Maximum 0", phase: "beforeConnack", bytes: connackWithProperties([0x21, 0x00, 0x00]), reasonCode: 0x82 },
  { name: "CONNACK Maximum Packet Size 0", phase: "beforeConnack", bytes: connackWithProperties([0x27, 0, 0, 0, 0]), reasonCode: 0x82 },
  { name: "CONNACK Maximum QoS 2", phase: "beforeConnack", bytes: connackWithProperties([0x24, 0x02]), reasonCode: 0x82 },
  { name: "CONNACK Retain Available 2", phase: "beforeConnack", bytes: connackWithProperties([0x25, 0x02]), reasonCode: 0x82 },
  { name: "CONNACK Wildcard Subscription Available 2", phase: "beforeConnack", bytes: connackWithProperties([0x28, 0x02]), reasonCode: 0x82 },
  { name: "CONNACK Receive Maximum twice", phase: "beforeConnack", bytes: connackWithProperties([0x21, 0x00, 0x05, 0x21, 0x00, 0x06]), reasonCode: 0x82 },
  { name: "PUBACK reason code 0x01", phase: "connected", bytes: frame(0x40, [0x00, 0x07, 0x01]), reasonCode: 0x82 },
  { name: "QoS 1 PUBLISH with packet id 0 [MQTT-2.2.1-4]", phase: "connected", bytes: publishWithProperties("t", [], 0x32, 0), reasonCode: 0x82 },
  { name: "PUBLISH topic with a wildcard", phase: "connected", bytes: publishWithProperties("a/+", []), reasonCode: 0x82 },
  { name: "PUBLISH with an empty topic and no alias", phase: "connected", bytes: publishWithProperties("", []), reasonCode: 0x82 },
  { name: "PUBLISH Subscription Identifier 0", phase: "connected", bytes: publishWithProperties("t", [0x0b, 0x00]), reasonCode: 0x82 },
  { name: "PUBACK with a Reason String after Request Problem Information 0", phase: "connected", config: NO_PROBLEM_INFO, bytes: frame(0x40, [0x00, 0x07, 0x00, 0x04, ...reasonString("x")]), reasonCode: 0x82 },
  { name: "SUBACK with a User Property after Request Problem Information 0", phase: "connected", config: NO_PROBLEM_INFO, bytes: frame(0x90, [0x00, 0x07, 0x07, ...userProperty("a", "b"), 0x00]), reasonCode: 0x82 },
  { name: "PUBREL with a Reason String after Request Problem Information 0", phase: "connected", config: NO_PROBLEM_INFO, bytes: frame(0x62, [0x00, 0x07, 0x00, 0x04, ...reasonString("x")]), reasonCode: 0x82 },
  { name: "server DISCONNECT with a Session Expiry Interval [MQTT-3.14.2-2]", phase: "connected", bytes: frame(0xe0, [0x00, 0x05, 0x11, 0, 0, 0, 9]), reasonCode: 0x82, writesDisconnect: false },
  // Topic aliases (0x94) [MQTT-3.1.2-26/-27, 3.3.2-8].
  { name: "Topic Alias although we allowed none", phase: "connected", bytes: publishWithProperties("t", [0x23, 0x00, 0x01]), reasonCode: 0x94 },
  { name: "Topic Alias 0", phase: "connected", config: TOPIC_ALIAS_MAX_2, bytes: publishWithProperties("t", [0x23, 0x00, 0x00]), reasonCode: 0x94 },
  { name: "Topic Alias above our maximum", phase: "connected", config: TOPIC_ALIAS_MAX_2, bytes: publishWithProperties("t", [0x23, 0x00, 0x03]), reasonCode: 0x94 },
];

function setUp(testCase: ViolationCase, policy = ClientOperationQueueBehavior.Default): { h: CoreHarness; ops: number[] } {
  const h = new CoreHarness({ ...testCase.config, offlineQueueBehavior: policy });
  h.start();
  h.openTransport();
  if (testCase.phase === "connected") h.connack();
  const ops = [h.publish("op/1", QoS.AtLeastOnce), h.subscribe("op/#"), h.unsubscribe("op/x")];
  return { h, ops };
}

for (const testCase of CASES) {
  test(`${testCase.name} (${testCase.phase}) → ProtocolError 0x${testCase.reasonCode.toString(16)}${testCase.writesDisconnect === false ? ", no DISCONNECT" : ", DISCONNECT"}`, () => {
    const { h } = setUp(testCase);
    const expectation = testCase.writesDisconnect === undefined ? { reasonCode: testCase.reasonCode } : { reasonCode: testCase.reasonCode, writesDisconnect: testCase.writesDisconnect };
    expectProtocolViolation(h, () => h.serverSendsBytes(testCase.bytes), expectation);
  });
}

test("every case also survives being delivered one byte at a time", () => {
  for (const testCase of CASES) {
    const { h } = setUp(testCase);
    const expectation = testCase.writesDisconnect === undefined ? { reasonCode: testCase.reasonCode } : { reasonCode: testCase.reasonCode, writesDisconnect: testCase.writesDisconnect };
    expectProtocolViolation(h, () => {
      for (const byte of testCase.bytes) if (h.transportOpen) h.serverSendsBytes(new Uint8Array([byte]));
    }, expectation);
  }
});

test("bytes after the violation in the same chunk are ignored, later chunks on the dead connection too", () => {
  const h = new CoreHarness();
  h.connect();
  const valid = encodePacket({ type: PacketType.Publish, topicName: "late", payload: new Uint8Array(1), qos: QoS.AtMostOnce, retain: false, duplicate: false });
  const bytes = new Uint8Array([0x00, 0x00, ...valid]);
  expectProtocolViolation(h, () => h.serverSendsBytes(bytes), { reasonCode: 0x81 });
  assert.deepEqual(h.handle({ kind: "bytesReceived", bytes: valid }), []);
  assert.equal(h.events.some((e) => e.kind === "messageReceived"), false);
});

test("a violation while a write is in flight: no DISCONNECT can be written, the transport is closed at once", () => {
  const h = new CoreHarness();
  h.connect();
  h.autoCompleteWrites = false;
  h.publish("busy", QoS.AtLeastOnce);
  assert.equal(h.writeInFlight, true);
  expectProtocolViolation(h, () => h.serverSendsBytes(new Uint8Array([0x00, 0x00])), { reasonCode: 0x81, writesDisconnect: false });
});

for (const policy of [ClientOperationQueueBehavior.Default, ClientOperationQueueBehavior.FailNonQos1PublishOnDisconnect, ClientOperationQueueBehavior.FailAllOnDisconnect]) {
  for (const phase of ["beforeConnack", "connected"] as const) {
    test(`operations after a violation (${phase}), policy ${ClientOperationQueueBehavior[policy]}: settled by the policy, never as success`, () => {
      const testCase = CASES.find((c) => c.phase === phase && c.reasonCode === 0x82) as ViolationCase;
      const { h, ops } = setUp(testCase, policy);
      const [publish, subscribe, unsubscribe] = ops as [number, number, number];
      const refusedAtSubmit = phase === "beforeConnack" ? ops.filter((op) => h.result(op) !== undefined) : [];
      expectProtocolViolation(h, () => h.serverSendsBytes(testCase.bytes), { reasonCode: 0x82 });
      const failedNow = ops.filter((op) => h.result(op) !== undefined && !refusedAtSubmit.includes(op));
      for (const op of ops) assert.notEqual(h.result(op)?.ok, true, `operation ${op} must not succeed`);
      const keepsSubscriptions = policy === ClientOperationQueueBehavior.Default;
      // SUBSCRIBE/UNSUBSCRIBE survive only the Default policy; the QoS 1 publish waits for the next CONNACK.
      assert.equal(h.result(subscribe) === undefined, keepsSubscriptions);
      assert.equal(h.result(unsubscribe) === undefined, keepsSubscriptions);
      assert.equal(h.result(publish) === undefined || refusedAtSubmit.includes(publish), true);
      assert.ok(failedNow.every((op) => { const r = h.result(op); return r !== undefined && !r.ok && r.error.code === "offlineQueuePolicy"; }));
      // Reconnect: whatever survived is sent on the new connection; then close() settles the rest.
      h.advanceBy(h.core.nextDeadline()! - h.nowMs);
      h.openTransport();
      h.connack();
      const resent = h.writtenOnTransport.filter((p) => p.type !== PacketType.Connect).map((p) => p.type);
      const expected: PacketType[] = [];
      if (h.result(publish) === undefined) expected.push(PacketType.Publish);
      if (h.result(subscribe) === undefined) expected.push(PacketType.Subscribe);
      if (h.result(unsubscribe) === undefined) expected.push(PacketType.Unsubscribe);
      assert.deepEqual(resent, expected);
      h.handle({ kind: "close" });
      h.assertAllSettled();
      assertLifecycleInvariants(h.events, { complete: true });
    });
  }
}

test("the server's DISCONNECT itself is not answered with a DISCONNECT and carries the packet", () => {
  const h = new CoreHarness();
  h.connect();
  h.serverSends({ type: PacketType.Disconnect, reasonCode: 0x8b, reasonString: "shutting down" });
  const event = h.events.at(-1);
  assert.ok(event?.kind === "disconnection");
  assert.equal(event.error.code, "disconnectReceived");
  assert.deepEqual(event.disconnect, { type: PacketType.Disconnect, reasonCode: 0x8b, reasonString: "shutting down" });
  assert.equal(h.writtenOfType(PacketType.Disconnect).length, 0);
  assert.equal(h.transportOpen, false);
});

test("a ProtocolError whose code is not a client DISCONNECT code (server CONNECT with version 4 → 0x84) is sent as DISCONNECT 0x82", () => {
  // Found by the core fuzzer: the decoder reports a foreign protocol version as 0x84, a CONNACK-only code.
  const h = new CoreHarness();
  h.connect();
  const connect = Array.from(serverConnect);
  const versionAt = connect.indexOf(0x54, connect.indexOf(0x54) + 1) + 1; // after "MQTT"
  connect[versionAt] = 4;
  h.serverSendsBytes(new Uint8Array(connect));
  const event = h.events.at(-1);
  assert.ok(event?.kind === "disconnection" && event.error instanceof ProtocolError);
  assert.equal(event.error.reasonCode, 0x84, "the user sees the decoder's own diagnosis");
  const disconnect = h.lastWritten();
  assert.ok(disconnect?.type === PacketType.Disconnect);
  assert.equal(disconnect.reasonCode, 0x82);
  assert.equal(h.transportOpen, false);
});
