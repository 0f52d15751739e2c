import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteReader } from "../../../../src/core/codec/byte-reader.js";
import { MalformedPacketError } from "../../../../src/core/errors.js";
import { hex, toHex } from "../../../support/hex.js";

const reader = (text: string, start = 0, end?: number): ByteReader => {
  const bytes = hex(text);
  return new ByteReader(bytes, start, end ?? bytes.length);
};

test("reads big-endian integers", () => {
  const r = reader("01 02 03 ff ff ff ff 80 00 00 00");
  assert.equal(r.u8("a"), 1);
  assert.equal(r.u16("b"), 0x0203);
  assert.equal(r.u32("c"), 0xffffffff);
  assert.equal(r.u32("d"), 0x80000000);
  assert.equal(r.hasMore(), false);
  assert.equal(r.remaining, 0);
});

test("every read past the end is a MalformedPacketError naming the field", () => {
  assert.throws(() => reader("").u8("flags"), (e: unknown) => e instanceof MalformedPacketError && e.message.includes("flags"));
  assert.throws(() => reader("01").u16("packetId"), MalformedPacketError);
  assert.throws(() => reader("01 02 03").u32("expiry"), MalformedPacketError);
  assert.throws(() => reader("00 03 61 62").utf8("topicName"), MalformedPacketError);
  assert.throws(() => reader("00").utf8("topicName"), MalformedPacketError);
  assert.throws(() => reader("00 02 01").binary("correlationData"), MalformedPacketError);
  assert.throws(() => reader("00 01 61 00 01").utf8Pair("userProperties"), MalformedPacketError);
  assert.throws(() => reader("01 02").view(3, "x"), MalformedPacketError);
});

test("reads never cross `end`, even when the buffer continues", () => {
  const r = reader("00 02 61 62 63", 0, 3);
  assert.throws(() => r.utf8("s"), MalformedPacketError);
  const r2 = reader("aa 01 02 bb", 1, 3);
  assert.equal(r2.u16("x"), 0x0102);
  assert.throws(() => r2.u8("y"), MalformedPacketError);
});

test("strings, binary data and string pairs", () => {
  const r = reader("00 03 \"a/b\" 00 02 01 02 00 01 \"k\" 00 00 00 00");
  assert.equal(r.utf8("s"), "a/b");
  assert.equal(toHex(r.binary("b")), "01 02");
  assert.deepEqual(r.utf8Pair("p"), { name: "k", value: "" });
  assert.equal(r.utf8("empty"), "");
  assert.equal(r.hasMore(), false);
});

test("binary data and rest() are views into the input, not copies", () => {
  const bytes = hex("00 02 01 02 03 04");
  const r = new ByteReader(bytes, 0, bytes.length);
  const binary = r.binary("b");
  const rest = r.rest();
  assert.equal(binary.buffer, bytes.buffer);
  assert.equal(rest.buffer, bytes.buffer);
  assert.equal(toHex(rest), "03 04");
  assert.equal(r.rest().length, 0);
});

test("string rules apply on read: U+0000 and ill-formed UTF-8 are malformed", () => {
  assert.throws(() => reader("00 01 00").utf8("s"), MalformedPacketError);
  assert.throws(() => reader("00 02 c0 af").utf8("s"), MalformedPacketError);
  assert.throws(() => reader("00 01 61 00 01 ff").utf8Pair("p"), MalformedPacketError); // [MQTT-1.5.7-1]
});

test("expectEnd reports leftover bytes (X-4)", () => {
  const r = reader("01 02");
  r.u8("a");
  assert.throws(() => r.expectEnd("PUBACK"), (e: unknown) => e instanceof MalformedPacketError && e.message.includes("PUBACK"));
  r.u8("b");
  assert.doesNotThrow(() => r.expectEnd("PUBACK"));
});
