import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeUtf8, MAXIMUM_STRING_BYTES, stringFieldLength, utf8ByteLength, writeUtf8 } from "../../../../src/core/codec/utf8.js";
import { MalformedPacketError, ValidationError } from "../../../../src/core/errors.js";
import { hex, toHex } from "../../../support/hex.js";

const SAMPLES = ["", "a", "sensors/t1", "é", "€", "😀", "a/é/€/😀/z", "\uFEFFbom", "\u007f\u0080\u07ff\u0800\uffff", "x".repeat(200), "é€😀".repeat(40)];

test("utf8ByteLength equals TextEncoder's byte count", () => {
  for (const sample of SAMPLES) {
    assert.equal(utf8ByteLength(sample, "s"), new TextEncoder().encode(sample).length, JSON.stringify(sample));
  }
});

test("writeUtf8 writes what TextEncoder writes, short and long (encodeInto path)", () => {
  for (const sample of SAMPLES) {
    const expected = new TextEncoder().encode(sample);
    const target = new Uint8Array(expected.length + 4);
    const end = writeUtf8(sample, target, 2);
    assert.equal(end, 2 + expected.length);
    assert.equal(toHex(target.subarray(2, end)), toHex(expected), JSON.stringify(sample));
  }
});

test("utf8ByteLength refuses U+0000 [MQTT-1.5.4-2] and lone surrogates [MQTT-1.5.4-1]", () => {
  for (const bad of ["a\u0000b", "\u0000", "\ud800", "a\udc00b", "\ud83d", "\ud83dx", "x\ude00"]) {
    assert.throws(() => utf8ByteLength(bad, "topicName"), (e: unknown) => e instanceof ValidationError && e.field === "topicName", JSON.stringify(bad));
  }
});

test("stringFieldLength allows exactly 65,535 bytes (X-1)", () => {
  assert.equal(MAXIMUM_STRING_BYTES, 65_535);
  assert.equal(stringFieldLength("a".repeat(65_535), "s"), 65_535);
  assert.throws(() => stringFieldLength("a".repeat(65_536), "s"), ValidationError);
  assert.throws(() => stringFieldLength("é".repeat(32_768), "s"), ValidationError);
});

function decode(bytes: Uint8Array): string {
  return decodeUtf8(bytes, 0, bytes.length, "field");
}

test("decodeUtf8 round-trips well-formed strings", () => {
  for (const sample of SAMPLES) assert.equal(decode(new TextEncoder().encode(sample)), sample);
});

test("EF BB BF is kept as U+FEFF, at the start and inside [MQTT-1.5.4-3]", () => {
  assert.equal(decode(hex("ef bb bf 61")), "\uFEFFa");
  assert.equal(decode(hex("61 ef bb bf")), "a\uFEFF");
  assert.equal(decode(hex("ef bb bf")), "\uFEFF");
});

test("decodeUtf8 rejects ill-formed UTF-8 [MQTT-1.5.4-1]", () => {
  const cases = {
    "encoded surrogate U+D800": "ed a0 80",
    "encoded surrogate U+DFFF": "ed bf bf",
    "overlong '/'": "c0 af",
    "overlong U+0000": "c0 80",
    "overlong 3-byte": "e0 80 af",
    "above U+10FFFF": "f4 90 80 80",
    "5-byte form": "f8 88 80 80 80",
    "lone continuation byte": "80",
    "truncated 2-byte": "c3",
    "truncated 4-byte": "f0 9f 98",
    "invalid byte FF": "ff",
  };
  for (const [name, bytes] of Object.entries(cases)) {
    assert.throws(() => decode(hex(bytes)), MalformedPacketError, name);
  }
});

test("decodeUtf8 rejects U+0000 [MQTT-1.5.4-2], even after non-ASCII text", () => {
  assert.throws(() => decode(hex("00")), MalformedPacketError);
  assert.throws(() => decode(hex("61 00 62")), MalformedPacketError);
  assert.throws(() => decode(hex("c3 a9 00")), MalformedPacketError);
});

test("decodeUtf8 accepts control characters and non-characters (the MAY rule is not applied)", () => {
  assert.equal(decode(hex("01 1f 7f c2 80 c2 9f ef bf bf")), "\u0001\u001f\u007f\u0080\u009f\uffff");
});

test("decodeUtf8 decodes only the given range", () => {
  const bytes = hex("ff 61 62 ff");
  assert.equal(decodeUtf8(bytes, 1, 3, "f"), "ab");
  assert.equal(decodeUtf8(bytes, 2, 2, "f"), "");
});
