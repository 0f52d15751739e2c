import { test } from "node:test";
import { PacketType, SubackReasonCode, UnsubackReasonCode } from "../../../../../src/core/model/enums.js";
import { hex } from "../../../../support/hex.js";
import { assertDecodeFails, assertGolden } from "./golden.js";

test("SUBACK with every SUBACK reason code", () => {
  assertGolden(
    { type: PacketType.Suback, packetId: 10, reasonCodes: [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2] },
    hex(
      "90                                   // SUBACK",
      "0f                                   // Remaining Length 15",
      "00 0a                                // Packet Identifier 10",
      "00                                   // Property Length 0",
      "00 01 02 80 83 87 8f 91 97 9e a1 a2  // reason codes, one per filter",
    ),
  );
});

test("SUBACK with a Reason String", () => {
  assertGolden(
    { type: PacketType.Suback, packetId: 11, reasonCodes: [SubackReasonCode.NotAuthorized], reasonString: "bad" },
    hex("90 0a // SUBACK, RL 10", "00 0b // Packet Identifier 11", "06 1f 00 03 \"bad\" // Property Length 6: Reason String", "87 // Not authorized"),
  );
});

test("UNSUBACK with every UNSUBACK reason code", () => {
  assertGolden(
    { type: PacketType.Unsuback, packetId: 12, reasonCodes: [0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91] },
    hex("b0 // UNSUBACK", "0a // Remaining Length 10", "00 0c // Packet Identifier 12", "00 // Property Length 0", "00 11 80 83 87 8f 91 // reason codes"),
  );
});

test("UNSUBACK with a User Property", () => {
  assertGolden(
    { type: PacketType.Unsuback, packetId: 1, reasonCodes: [UnsubackReasonCode.Success], userProperties: [{ name: "k", value: "" }] },
    hex("b0 0a // UNSUBACK, RL 10", "00 01 // Packet Identifier 1", "06 26 00 01 \"k\" 00 00 // User Property k=\"\"", "00 // Success"),
  );
});

test("decoder rejects codes of the other packet's list [MQTT-3.9.3-2] [MQTT-3.11.3-2] and wrong flags", () => {
  assertDecodeFails(hex("90 04 00 01 00 11 // 0x11 is UNSUBACK-only"), "protocol");
  assertDecodeFails(hex("b0 04 00 01 00 01 // 0x01 is SUBACK-only"), "protocol");
  assertDecodeFails(hex("b0 04 00 01 00 97"), "protocol");
  assertDecodeFails(hex("92 04 00 01 00 00"), "malformed");
  assertDecodeFails(hex("90 04 00 01 02 00 // Property Length past the end"), "malformed");
});
