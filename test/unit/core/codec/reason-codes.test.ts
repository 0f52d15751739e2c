import assert from "node:assert/strict";
import { test } from "node:test";
import { decodePacket } from "../../../../src/core/codec/index.js";
import { isFailureReasonCode, isReasonCodeAllowed, reasonCodesFor } from "../../../../src/core/codec/reason-codes.js";
import { MalformedPacketError, ProtocolError } from "../../../../src/core/errors.js";
import { PacketType } from "../../../../src/core/model/enums.js";

// The reason-code table of the conformance digest (§4), transcribed independently of reason-codes.ts.
const EXPECTED: [PacketType, number, (code: number) => number[], number[]][] = [
  [PacketType.Connack, 0x20, (c) => [0x00, c, 0x00],
    [0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95, 0x97, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9f]],
  [PacketType.Puback, 0x40, (c) => [0x00, 0x01, c], [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99]],
  [PacketType.Pubrec, 0x50, (c) => [0x00, 0x01, c], [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99]],
  [PacketType.Pubrel, 0x62, (c) => [0x00, 0x01, c], [0x00, 0x92]],
  [PacketType.Pubcomp, 0x70, (c) => [0x00, 0x01, c], [0x00, 0x92]],
  [PacketType.Suback, 0x90, (c) => [0x00, 0x01, 0x00, c], [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2]],
  [PacketType.Unsuback, 0xb0, (c) => [0x00, 0x01, 0x00, c], [0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91]],
  [PacketType.Disconnect, 0xe0, (c) => [c],
    [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2]],
  [PacketType.Auth, 0xf0, (c) => [c], [0x00, 0x18, 0x19]],
];

for (const [type, firstByte, body, allowed] of EXPECTED) {
  const name = PacketType[type];
  test(`${name}: the decoder accepts exactly the codes of its list; others are Protocol Errors`, () => {
    assert.deepEqual(reasonCodesFor(type), allowed);
    for (let code = 0; code < 256; code++) {
      const decode = (): unknown => decodePacket(firstByte, Uint8Array.from(body(code)));
      const hexCode = `0x${code.toString(16)}`;
      assert.equal(isReasonCodeAllowed(type, code), allowed.includes(code), hexCode);
      if (allowed.includes(code)) {
        assert.doesNotThrow(decode, hexCode);
      } else {
        assert.throws(decode, (e: unknown) => e instanceof ProtocolError && !(e instanceof MalformedPacketError) && e.reasonCode === 0x82, hexCode);
      }
    }
  });
}

test("packets without reason codes have an empty list", () => {
  for (const type of [PacketType.Connect, PacketType.Publish, PacketType.Subscribe, PacketType.Unsubscribe, PacketType.Pingreq]) {
    assert.deepEqual(reasonCodesFor(type), []);
    assert.equal(isReasonCodeAllowed(type, 0), false);
  }
});

test("codes 0x80 and above are failures", () => {
  assert.equal(isFailureReasonCode(0x00), false);
  assert.equal(isFailureReasonCode(0x7f), false);
  assert.equal(isFailureReasonCode(0x80), true);
  assert.equal(isFailureReasonCode(0xa2), true);
});
