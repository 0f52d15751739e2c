// Public ⇄ internal packet conversion: every payload type, binary fields, copies, and the inbound Node shapes.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  binaryToBytes,
  bytesToArrayBuffer,
  connackToPublic,
  disconnectToInternal,
  payloadToBytes,
  publishToInternal,
  publishToPublic,
  subscribeToInternal,
} from "../../../src/api/convert.js";
import { ValidationError } from "../../../src/core/errors.js";
import { PacketType, QoS } from "../../../src/core/model/enums.js";

const bytes = (value: Uint8Array): number[] => [...value];

test("payload: string → UTF-8", () => {
  assert.deepEqual(bytes(payloadToBytes("é€", "payload")), [0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  assert.equal(payloadToBytes("", "payload").length, 0);
});

test("payload: any ArrayBufferView → exactly the view's bytes", () => {
  const backing = new Uint8Array([9, 1, 2, 3, 9]);
  assert.deepEqual(bytes(payloadToBytes(backing.subarray(1, 4), "payload")), [1, 2, 3]);
  assert.deepEqual(bytes(payloadToBytes(new DataView(backing.buffer, 2, 2), "payload")), [2, 3]);
  assert.deepEqual(bytes(payloadToBytes(Buffer.from("hi"), "payload")), [0x68, 0x69]);
  const floats = new Float32Array([1]);
  assert.deepEqual(bytes(payloadToBytes(floats, "payload")), bytes(new Uint8Array(floats.buffer)));
  assert.deepEqual(bytes(payloadToBytes(new Uint16Array([0x0102]).subarray(0, 1), "payload")).length, 2);
});

test("payload: ArrayBuffer, object (JSON), null/undefined (empty)", () => {
  assert.deepEqual(bytes(payloadToBytes(new Uint8Array([4, 5]).buffer, "payload")), [4, 5]);
  assert.equal(new TextDecoder().decode(payloadToBytes({ a: [1, "x"] }, "payload")), '{"a":[1,"x"]}');
  assert.equal(new TextDecoder().decode(payloadToBytes([1, 2], "payload")), "[1,2]");
  assert.equal(payloadToBytes(null, "payload").length, 0);
  assert.equal(payloadToBytes(undefined, "payload").length, 0);
});

test("payload: anything else is a ValidationError naming the field", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  for (const value of [42, true, Symbol("s"), () => 1, 10n, cyclic]) {
    assert.throws(() => payloadToBytes(value, "will.payload"), (e) => e instanceof ValidationError && e.field === "will.payload");
  }
});

test("payload conversion copies: later changes to the caller's buffer do not leak into the packet", () => {
  const source = new Uint8Array([1, 2, 3]);
  const converted = payloadToBytes(source, "payload");
  source[0] = 99;
  assert.deepEqual(bytes(converted), [1, 2, 3]);
  const arrayBuffer = new Uint8Array([7]).buffer;
  const fromBuffer = payloadToBytes(arrayBuffer, "payload");
  new Uint8Array(arrayBuffer)[0] = 0;
  assert.deepEqual(bytes(fromBuffer), [7]);
});

test("binary fields accept ArrayBuffer, views and strings", () => {
  assert.deepEqual(bytes(binaryToBytes("ab", "password")), [0x61, 0x62]);
  assert.deepEqual(bytes(binaryToBytes(new Uint8Array([1, 2]).buffer, "password")), [1, 2]);
  assert.deepEqual(bytes(binaryToBytes(new Uint8Array([0, 1, 2]).subarray(2), "password")), [2]);
  assert.throws(() => binaryToBytes(5, "correlationData"), (e) => e instanceof ValidationError && e.field === "correlationData");
});

test("bytesToArrayBuffer returns exactly the viewed bytes in a buffer of their own", () => {
  const backing = new Uint8Array([0, 1, 2, 3]);
  const result = bytesToArrayBuffer(backing.subarray(1, 3));
  assert.equal(result.byteLength, 2);
  assert.deepEqual(bytes(new Uint8Array(result)), [1, 2]);
  assert.equal(bytesToArrayBuffer(new Uint8Array(0)).byteLength, 0);
});

test("outbound PUBLISH: defaults retain/duplicate, converts binary fields, drops subscriptionIdentifiers", () => {
  const packet = publishToInternal({
    topicName: "t",
    qos: QoS.AtLeastOnce,
    payload: "p",
    correlationData: "c" as never, // accepted at runtime, as aws-crt's Node binding does
    subscriptionIdentifiers: [3],
    userProperties: [{ name: "n", value: "v" }],
    contentType: "text/plain",
  });
  assert.equal(packet.type, PacketType.Publish);
  assert.equal(packet.retain, false);
  assert.equal(packet.duplicate, false);
  assert.equal(packet.packetId, undefined);
  assert.equal(packet.subscriptionIdentifiers, undefined);
  assert.deepEqual(bytes(packet.correlationData!), [0x63]);
  assert.equal(packet.contentType, "text/plain");
  assert.deepEqual(packet.userProperties, [{ name: "n", value: "v" }]);
  assert.throws(() => publishToInternal(undefined as never), (e) => e instanceof ValidationError && e.field === "packet");
});

test("outbound SUBSCRIBE copies subscriptions without inventing absent options", () => {
  const packet = subscribeToInternal({ subscriptions: [{ topicFilter: "a/+", qos: QoS.AtMostOnce, noLocal: true }], subscriptionIdentifier: 4 });
  assert.deepEqual(packet, {
    type: PacketType.Subscribe,
    packetId: 0,
    subscriptions: [{ topicFilter: "a/+", qos: 0, noLocal: true }],
    subscriptionIdentifier: 4,
  });
  assert.throws(() => subscribeToInternal({ subscriptions: [null as never] }), (e) => e instanceof ValidationError && e.field === "subscriptions[0]");
});

test("outbound DISCONNECT: a missing reason code means NormalDisconnection", () => {
  assert.deepEqual(disconnectToInternal({} as never), { type: PacketType.Disconnect, reasonCode: 0 });
});

test("inbound PUBLISH: Node shape with ArrayBuffer payload and empty userProperties", () => {
  const backing = new Uint8Array([5, 6, 7, 8]);
  const message = publishToPublic({
    type: PacketType.Publish,
    topicName: "t",
    payload: backing.subarray(1, 3),
    qos: QoS.AtLeastOnce,
    retain: true,
    duplicate: true,
    packetId: 12,
    subscriptionIdentifiers: [1, 2],
  });
  assert.deepEqual(Object.keys(message), ["type", "topicName", "payload", "qos", "retain", "userProperties", "subscriptionIdentifiers"]);
  assert.ok(message.payload instanceof ArrayBuffer);
  assert.deepEqual(bytes(new Uint8Array(message.payload)), [6, 7]);
  assert.equal(message.retain, true);
  assert.deepEqual(message.userProperties, []);
  const empty = publishToPublic({ type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), qos: 0, retain: false, duplicate: false });
  assert.ok(empty.payload instanceof ArrayBuffer && empty.payload.byteLength === 0);
});

test("inbound CONNACK keeps every present property and sets type and userProperties", () => {
  const connack = connackToPublic({
    type: PacketType.Connack,
    sessionPresent: true,
    reasonCode: 0,
    assignedClientIdentifier: "auto-1",
    serverKeepAlive: 20,
    authenticationData: Uint8Array.of(1),
    userProperties: [{ name: "a", value: "b" }],
  });
  assert.equal(connack.type, PacketType.Connack);
  assert.equal(connack.assignedClientIdentifier, "auto-1");
  assert.equal(connack.serverKeepAlive, 20);
  assert.ok(connack.authenticationData instanceof ArrayBuffer);
  assert.deepEqual(connack.userProperties, [{ name: "a", value: "b" }]);
});
