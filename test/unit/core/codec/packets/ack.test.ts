import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket } from "../../../../../src/core/codec/index.js";
import { PacketType, PubackReasonCode, PubrecReasonCode, PubrelReasonCode } from "../../../../../src/core/model/enums.js";
import { hex, toHex } from "../../../../support/hex.js";
import { assertDecodeFails, assertDecodes, assertGolden } from "./golden.js";

test("PUBACK success without properties uses the short form (RL 2)", () => {
  assertGolden(
    { type: PacketType.Puback, packetId: 7, reasonCode: PubackReasonCode.Success },
    hex("40 // PUBACK", "02 // Remaining Length 2", "00 07 // Packet Identifier 7"),
  );
});

test("PUBACK with a non-zero code and no properties writes Property Length 0", () => {
  assertGolden(
    { type: PacketType.Puback, packetId: 7, reasonCode: PubackReasonCode.NoMatchingSubscribers },
    hex("40 04 // PUBACK, RL 4", "00 07 // Packet Identifier 7", "10    // No matching subscribers", "00    // Property Length 0"),
  );
});

test("PUBREC with Reason String and User Property", () => {
  assertGolden(
    {
      type: PacketType.Pubrec, packetId: 8, reasonCode: PubrecReasonCode.UnspecifiedError, reasonString: "oops",
      userProperties: [{ name: "a", value: "b" }],
    },
    hex(
      "50                    // PUBREC",
      "12                    // Remaining Length 18",
      "00 08                 // Packet Identifier 8",
      "80                    // Unspecified error",
      "0e                    // Property Length 14",
      "1f 00 04 \"oops\"       // Reason String",
      "26 00 01 \"a\" 00 01 \"b\" // User Property a=b",
    ),
  );
});

test("PUBREL is written with flags 0010 [MQTT-3.6.1-1]", () => {
  assertGolden({ type: PacketType.Pubrel, packetId: 9, reasonCode: PubrelReasonCode.Success }, hex("62 02 00 09 // PUBREL id 9"));
  assertGolden(
    { type: PacketType.Pubrel, packetId: 9, reasonCode: PubrelReasonCode.PacketIdentifierNotFound },
    hex("62 04 // PUBREL, RL 4", "00 09 // Packet Identifier 9", "92 // Packet Identifier not found", "00 // Property Length 0"),
  );
});

test("PUBCOMP short form", () => {
  assertGolden({ type: PacketType.Pubcomp, packetId: 10, reasonCode: 0 }, hex("70 02 00 0a // PUBCOMP id 10"));
});

test("decoder accepts RL 3: reason code without Property Length (X-19)", () => {
  assertDecodes(hex("40 03 00 07 10 // PUBACK id 7, code 0x10"), { type: PacketType.Puback, packetId: 7, reasonCode: 0x10 });
  assertDecodes(hex("70 03 00 07 92 // PUBCOMP id 7, code 0x92"), { type: PacketType.Pubcomp, packetId: 7, reasonCode: 0x92 });
});

test("decoder accepts an explicit empty property block", () => {
  assertDecodes(hex("50 04 00 01 00 00"), { type: PacketType.Pubrec, packetId: 1, reasonCode: 0 });
});

test("decoder rejects RL < 2, leftover bytes and a reason code outside the packet's list", () => {
  assertDecodeFails(hex("40 01 00"), "malformed");
  assertDecodeFails(hex("40 00"), "malformed");
  assertDecodeFails(hex("40 05 00 01 00 00 00 // byte after the properties"), "malformed");
  assertDecodeFails(hex("40 03 00 01 92 // 0x92 is a PUBREL/PUBCOMP code"), "protocol");
  assertDecodeFails(hex("62 03 00 01 10 // 0x10 is a PUBACK/PUBREC code"), "protocol");
  assertDecodeFails(hex("70 03 00 01 80"), "protocol");
});

test("decoder rejects wrong fixed-header flags [MQTT-2.1.3-1]", () => {
  assertDecodeFails(hex("60 02 00 01 // PUBREL without its 0010 flags"), "malformed");
  assertDecodeFails(hex("41 02 00 01"), "malformed");
  assertDecodeFails(hex("72 02 00 01"), "malformed");
});

test("decoder rejects properties not allowed in acks and a duplicate Reason String", () => {
  assertDecodeFails(hex("40 06 00 01 00 02 23 00 // Topic Alias in PUBACK"), "malformed");
  assertDecodeFails(hex("40 0c 00 01 00 08 1f 00 01 \"a\" 1f 00 01 \"b\""), "protocol");
});

test("encoder refuses a reason code or packet id that does not fit its field", () => {
  assert.throws(() => encodePacket({ type: PacketType.Puback, packetId: 1, reasonCode: 256 as PubackReasonCode }), { name: "ValidationError" });
  assert.throws(() => encodePacket({ type: PacketType.Puback, packetId: -1, reasonCode: 0 }), { name: "ValidationError" });
  assert.equal(toHex(encodePacket({ type: PacketType.Puback, packetId: 65_535, reasonCode: 0 })), "40 02 ff ff");
});
