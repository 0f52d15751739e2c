import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteReader } from "../../../../src/core/codec/byte-reader.js";
import { checkedVbiSize, checkVbiByte, VBI_MAXIMUM, vbiSize, writeVbi } from "../../../../src/core/codec/vbi.js";
import { MalformedPacketError, ValidationError } from "../../../../src/core/errors.js";
import { hex, toHex } from "../../../support/hex.js";

const BOUNDARIES: [number, string][] = [
  [0, "00"],
  [1, "01"],
  [127, "7f"],
  [128, "80 01"],
  [321, "c1 02"],
  [16_383, "ff 7f"],
  [16_384, "80 80 01"],
  [2_097_151, "ff ff 7f"],
  [2_097_152, "80 80 80 01"],
  [268_435_455, "ff ff ff 7f"],
];

function encode(value: number): string {
  const target = new Uint8Array(4);
  return toHex(target.subarray(0, writeVbi(target, 0, value)));
}

function decode(bytes: Uint8Array): number {
  const reader = new ByteReader(bytes, 0, bytes.length);
  const value = reader.vbi("test");
  assert.equal(reader.pos, bytes.length, "consumed every byte");
  return value;
}

for (const [value, bytes] of BOUNDARIES) {
  test(`VBI ${value} ⇄ ${bytes} (fewest bytes) [MQTT-1.5.5-1]`, () => {
    assert.equal(encode(value), bytes);
    assert.equal(vbiSize(value), hex(bytes).length);
    assert.equal(checkedVbiSize(value, "test"), hex(bytes).length);
    assert.equal(decode(hex(bytes)), value);
  });
}

test("VBI_MAXIMUM is 268,435,455", () => {
  assert.equal(VBI_MAXIMUM, 268_435_455);
});

test("checkedVbiSize refuses values a VBI cannot carry (X-2)", () => {
  for (const value of [-1, 268_435_456, 2 ** 32, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => checkedVbiSize(value, "subscriptionIdentifier"), (e: unknown) => e instanceof ValidationError && e.field === "subscriptionIdentifier", String(value));
  }
});

test("decoder rejects a 4th byte with the continuation bit", () => {
  for (const bytes of ["80 80 80 80 01", "ff ff ff ff 7f", "80 80 80 80"]) {
    assert.throws(() => decode(hex(bytes)), MalformedPacketError, bytes);
  }
});

test("decoder rejects non-minimal encodings", () => {
  for (const bytes of ["80 00", "81 00", "ff 80 00", "80 80 00", "80 80 80 00"]) {
    assert.throws(() => decode(hex(bytes)), MalformedPacketError, bytes);
  }
});

test("decoder rejects a VBI cut off by the end of the data", () => {
  assert.throws(() => decode(hex("80")), MalformedPacketError);
  assert.throws(() => decode(hex("ff ff")), MalformedPacketError);
});

test("checkVbiByte: first byte 0 is fine, a later 0 or a continuing 4th byte is not", () => {
  assert.doesNotThrow(() => checkVbiByte(0x00, 0, "x"));
  assert.doesNotThrow(() => checkVbiByte(0x7f, 3, "x"));
  assert.throws(() => checkVbiByte(0x00, 1, "x"), MalformedPacketError);
  assert.throws(() => checkVbiByte(0x80, 3, "x"), MalformedPacketError);
});
