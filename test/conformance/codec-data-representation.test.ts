// Conformance digest §7, rows for §1.5 data representation (Where = codec).
import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket } from "../../src/core/codec/index.js";
import { ValidationError } from "../../src/core/errors.js";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import type { Packet, PublishPacket } from "../../src/core/model/packet.js";
import { hex, toHex } from "../support/hex.js";
import { assertDecodeFails, assertStreamFails, decodeFrameBytes } from "../unit/core/codec/packets/golden.js";

/** A PUBLISH QoS 0 frame whose Topic Name is `topic` (raw bytes). */
function publishWithTopicBytes(topic: number[]): Uint8Array {
  return Uint8Array.from([0x30, 2 + topic.length + 1, 0x00, topic.length, ...topic, 0x00]);
}

test("[1.5.4-1] #2 incoming ill-formed UTF-8 (encoded surrogate, overlong, > U+10FFFF, truncated) is malformed", () => {
  for (const topic of [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0x61, 0xff]]) {
    assertDecodeFails(publishWithTopicBytes(topic), "malformed");
  }
  // Also in properties: a Reason String in a PUBACK.
  assertDecodeFails(hex("40 08 00 01 80 04 1f 00 01 c3"), "malformed");
});

test("[1.5.4-2] #4 incoming string containing U+0000 is malformed", () => {
  assertDecodeFails(publishWithTopicBytes([0x61, 0x00, 0x62]), "malformed");
  assertDecodeFails(hex("e0 08 80 06 1f 00 03 61 00 62 // DISCONNECT Reason String a\\0b"), "malformed");
});

test("[1.5.4-3] #5 EF BB BF decodes to U+FEFF and is kept, also at the start of a string", () => {
  const packet = decodeFrameBytes(publishWithTopicBytes([0xef, 0xbb, 0xbf, 0x61, 0xef, 0xbb, 0xbf])) as PublishPacket;
  assert.equal(packet.topicName, "\uFEFFa\uFEFF");
  const encoded = encodePacket({ type: PacketType.Publish, topicName: "\uFEFFa", payload: new Uint8Array(0), qos: 0, retain: false, duplicate: false });
  assert.equal(toHex(encoded), "30 07 00 04 ef bb bf 61 00");
});

test("[1.5.5-1] #6 every VBI written uses the fewest bytes (RL, Property Length, Subscription Identifier)", () => {
  const subscribe = (subscriptionIdentifier: number, filterBytes: number): Uint8Array => encodePacket({
    type: PacketType.Subscribe, packetId: 1, subscriptionIdentifier,
    subscriptions: [{ topicFilter: "f".repeat(filterBytes), qos: QoS.AtMostOnce }],
  });
  // Subscription Identifier 127 → 1 byte, 128 → 2, 16,383 → 2, 16,384 → 3.
  assert.equal(toHex(subscribe(127, 1).subarray(4, 7)), "02 0b 7f");
  assert.equal(toHex(subscribe(128, 1).subarray(4, 8)), "03 0b 80 01");
  assert.equal(toHex(subscribe(16_383, 1).subarray(4, 8)), "03 0b ff 7f");
  assert.equal(toHex(subscribe(16_384, 1).subarray(4, 9)), "04 0b 80 80 01");
  // Remaining Length 127 → 1 byte; 128 → 2 bytes.
  assert.equal(toHex(subscribe(1, 119).subarray(0, 2)), "82 7f");
  assert.equal(toHex(subscribe(1, 120).subarray(0, 3)), "82 80 01");
  const bigPublish = encodePacket({ type: PacketType.Publish, topicName: "t", payload: new Uint8Array(2_097_152), qos: 0, retain: false, duplicate: false });
  assert.equal(toHex(bigPublish.subarray(0, 5)), "30 84 80 80 01"); // RL 2,097,156 → 4 bytes
});

test("[1.5.5-1] #7 decoder: a 4th VBI byte with continuation and non-minimal encodings are malformed", () => {
  assertStreamFails(hex("30 80 80 80 80 01"));
  assertStreamFails(hex("d0 80 00 // RL 0 in two bytes"));
  assertDecodeFails(hex("30 07 00 01 74 03 0b 80 00 // Subscription Identifier 0 in two bytes"), "malformed");
  assertDecodeFails(hex("30 06 00 01 74 81 00 00 // Property Length 1 in two bytes"), "malformed");
});

test("[1.5.7-1] #8 both strings of a User Property obey the string rules (refused outbound, malformed inbound)", () => {
  const withProperty = (name: string, value: string): Packet => ({
    type: PacketType.Puback, packetId: 1, reasonCode: 0, userProperties: [{ name, value }],
  });
  assert.throws(() => encodePacket(withProperty("a\u0000", "b")), ValidationError);
  assert.throws(() => encodePacket(withProperty("a", "\udc00")), ValidationError);
  assert.throws(() => encodePacket(withProperty("a", "x".repeat(65_536))), ValidationError);
  assertDecodeFails(hex("40 0b 00 01 00 07 26 00 01 00 00 01 62 // name U+0000"), "malformed");
  assertDecodeFails(hex("40 0b 00 01 00 07 26 00 01 61 00 01 ff // value 0xFF"), "malformed");
});
