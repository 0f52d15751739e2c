// Conformance digest §7, PUBLISH rows decidable by the codec.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket } from "../../src/core/codec/index.js";
import { ValidationError } from "../../src/core/errors.js";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import type { PublishPacket } from "../../src/core/model/packet.js";
import { hex, toHex } from "../support/hex.js";
import { assertDecodeFails, decodeFrameBytes } from "../unit/core/codec/packets/golden.js";

const publish = (fields: Partial<PublishPacket>): PublishPacket => ({
  type: PacketType.Publish, topicName: "t", payload: hex("aa"), qos: QoS.AtMostOnce, retain: false, duplicate: false, ...fields,
});

test("[3.3.1-2] #81 a QoS 0 PUBLISH always has DUP 0", () => {
  assert.equal(encodePacket(publish({ duplicate: true }))[0]! & 0x08, 0);
  assert.equal(encodePacket(publish({ duplicate: true, qos: QoS.AtLeastOnce, packetId: 1 }))[0]! & 0x08, 0x08);
});

test("[3.3.1-2] #82 an incoming QoS 0 PUBLISH with DUP 1 is malformed", () => {
  assertDecodeFails(hex("38 05 00 01 74 00 aa"), "malformed");
  assertDecodeFails(hex("39 05 00 01 74 00 aa"), "malformed");
});

test("[3.3.1-4] #84 the encoder never produces QoS 3", () => {
  assert.throws(() => encodePacket(publish({ qos: 3 as QoS, packetId: 1 })), ValidationError);
  for (const qos of [QoS.AtMostOnce, QoS.AtLeastOnce, QoS.ExactlyOnce]) {
    const first = encodePacket(publish({ qos, packetId: 1, duplicate: true, retain: true }))[0]!;
    assert.notEqual((first >> 1) & 0x03, 3);
  }
});

test("[3.3.1-4] #85 an incoming PUBLISH with QoS bits 11 is malformed", () => {
  for (const firstByte of [0x36, 0x37, 0x3e, 0x3f]) {
    assertDecodeFails(Uint8Array.of(firstByte, 0x07, 0x00, 0x01, 0x74, 0x00, 0x01, 0x00, 0xaa), "malformed");
  }
});

test("[3.3.2-1] #86 the Topic Name is the first variable-header field and valid UTF-8", () => {
  const bytes = encodePacket(publish({ topicName: "ü/x", qos: QoS.AtLeastOnce, packetId: 0x0102 }));
  assert.equal(toHex(bytes.subarray(2, 9)), "00 04 c3 bc 2f 78 01");
  assert.equal((decodeFrameBytes(bytes) as PublishPacket).topicName, "ü/x");
  assertDecodeFails(hex("30 05 00 02 c3 28 00 // ill-formed topic"), "malformed");
});

test("[4.3.1-1] #166 a QoS 0 PUBLISH is sent with DUP 0 (and no packet id)", () => {
  assert.equal(toHex(encodePacket(publish({ duplicate: true, packetId: 9 }))), "30 05 00 01 74 00 aa");
});
