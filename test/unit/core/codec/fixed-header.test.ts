import assert from "node:assert/strict";
import { test } from "node:test";
import { checkFirstByte, firstByteOf, packetName } from "../../../../src/core/codec/fixed-header.js";
import { MalformedPacketError } from "../../../../src/core/errors.js";
import { PacketType } from "../../../../src/core/model/enums.js";

// Digest §2: byte 1 of every packet the standard allows.
const VALID_FIRST_BYTES = new Set([
  0x10, 0x20,
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x3a, 0x3b, 0x3c, 0x3d, // PUBLISH: QoS 0 without DUP, QoS 1–2 with or without DUP
  0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xa2, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0,
]);

test("exactly the standard's first bytes pass; everything else is malformed [MQTT-2.1.3-1]", () => {
  for (let byte = 0; byte < 256; byte++) {
    const hexByte = `0x${byte.toString(16)}`;
    if (VALID_FIRST_BYTES.has(byte)) assert.doesNotThrow(() => checkFirstByte(byte), hexByte);
    else assert.throws(() => checkFirstByte(byte), MalformedPacketError, hexByte);
  }
});

test("firstByteOf gives the reserved flags 0010 to PUBREL, SUBSCRIBE, UNSUBSCRIBE only", () => {
  const expected: Record<number, number> = {
    1: 0x10, 2: 0x20, 4: 0x40, 5: 0x50, 6: 0x62, 7: 0x70, 8: 0x82, 9: 0x90, 10: 0xa2, 11: 0xb0, 12: 0xc0, 13: 0xd0, 14: 0xe0, 15: 0xf0,
  };
  for (const [type, byte] of Object.entries(expected)) assert.equal(firstByteOf(Number(type) as PacketType), byte);
});

test("messages name the packet", () => {
  assert.equal(packetName(PacketType.Unsuback), "UNSUBACK");
  assert.throws(() => checkFirstByte(0x00), /type 0/);
  assert.throws(() => checkFirstByte(0x36), /QoS 3/);
  assert.throws(() => checkFirstByte(0x38), /DUP/);
  assert.throws(() => checkFirstByte(0x60), /PUBREL/);
});
