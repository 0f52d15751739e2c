import assert from "node:assert/strict";
import { test } from "node:test";
import { decodePacket } from "../../../../src/core/codec/index.js";
import { MalformedPacketError, ProtocolError } from "../../../../src/core/errors.js";
import { PacketType } from "../../../../src/core/model/enums.js";
import { hex } from "../../../support/hex.js";
import { SeededRandom } from "../../../support/seeded-random.js";

test("decodePacket decodes a body given as a view into a larger buffer", () => {
  const buffer = hex("ff ff 00 07 ff");
  assert.deepStrictEqual(decodePacket(0x40, buffer.subarray(2, 4)), { type: PacketType.Puback, packetId: 7, reasonCode: 0 });
});

test("decodePacket checks the fixed-header byte itself", () => {
  assert.throws(() => decodePacket(0x00, new Uint8Array(0)), MalformedPacketError);
  assert.throws(() => decodePacket(0x3e, hex("00 01 74 00")), MalformedPacketError);
  assert.throws(() => decodePacket(0xa0, hex("00 01 00 00 01 74")), MalformedPacketError);
});

test("decodes packets of both directions (CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ too)", () => {
  assert.equal(decodePacket(0xc0, new Uint8Array(0)).type, PacketType.Pingreq);
  assert.equal(decodePacket(0xa2, hex("00 01 00 00 01 74")).type, PacketType.Unsubscribe);
  assert.equal(decodePacket(0x10, hex("00 04 \"MQTT\" 05 02 00 00 00 00 00")).type, PacketType.Connect);
});

test("random bodies never produce anything but packets or ProtocolErrors", () => {
  const random = new SeededRandom(7);
  const firstBytes = [0x10, 0x20, 0x30, 0x32, 0x3d, 0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xa2, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0];
  let decoded = 0;
  for (let i = 0; i < 20_000; i++) {
    const firstByte = firstBytes[random.int(0, firstBytes.length - 1)]!;
    const body = random.bytes(random.int(0, 24));
    try {
      decodePacket(firstByte, body);
      decoded++;
    } catch (error) {
      assert.ok(error instanceof ProtocolError, `0x${firstByte.toString(16)}: ${String(error)}`);
      assert.ok([0x81, 0x82, 0x84].includes(error.reasonCode));
    }
  }
  assert.ok(decoded > 0, "some random bodies are valid packets");
});
