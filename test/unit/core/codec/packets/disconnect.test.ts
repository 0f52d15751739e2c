import { test } from "node:test";
import { DisconnectReasonCode, PacketType } from "../../../../../src/core/model/enums.js";
import { hex } from "../../../../support/hex.js";
import { assertDecodeFails, assertDecodes, assertGolden } from "./golden.js";

test("DISCONNECT Normal disconnection without properties is E0 00", () => {
  assertGolden({ type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NormalDisconnection }, hex("e0 // DISCONNECT", "00 // Remaining Length 0"));
});

test("DISCONNECT with a code and no properties writes Property Length 0", () => {
  assertGolden(
    { type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.DisconnectWithWillMessage },
    hex("e0 02 // DISCONNECT, RL 2", "04 // Disconnect with Will Message", "00 // Property Length 0"),
  );
});

test("DISCONNECT with every DISCONNECT property", () => {
  assertGolden(
    {
      type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.UseAnotherServer, sessionExpiryIntervalSeconds: 0,
      serverReference: "b:1883", reasonString: "move", userProperties: [{ name: "k", value: "v" }],
    },
    hex(
      "e0                       // DISCONNECT",
      "1e                       // Remaining Length 30",
      "9c                       // Use another server",
      "1c                       // Property Length 28",
      "11 00 00 00 00           // Session Expiry Interval 0",
      "1c 00 06 \"b:1883\"        // Server Reference",
      "1f 00 04 \"move\"          // Reason String",
      "26 00 01 \"k\" 00 01 \"v\"   // User Property k=v",
    ),
  );
});

test("decoder accepts RL 1: reason code only (X-26), including 0x8C", () => {
  assertDecodes(hex("e0 01 8e // Session taken over"), { type: PacketType.Disconnect, reasonCode: 0x8e });
  assertDecodes(hex("e0 01 8c // Bad authentication method"), { type: PacketType.Disconnect, reasonCode: 0x8c });
});

test("decoder rejects flags [MQTT-3.14.1-1], codes outside the DISCONNECT list and leftovers", () => {
  assertDecodeFails(hex("e1 00"), "malformed");
  assertDecodeFails(hex("e8 00"), "malformed");
  assertDecodeFails(hex("e0 01 01"), "protocol");
  assertDecodeFails(hex("e0 01 84 // Unsupported Protocol Version is CONNACK-only"), "protocol");
  assertDecodeFails(hex("e0 03 00 00 00"), "malformed");
  assertDecodeFails(hex("e0 04 00 02 15 00 // Authentication Method not allowed in DISCONNECT"), "malformed");
});
