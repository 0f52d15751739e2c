import { test } from "node:test";
import { AuthReasonCode, PacketType } from "../../../../../src/core/model/enums.js";
import { hex } from "../../../../support/hex.js";
import { assertDecodeFails, assertDecodes, assertGolden } from "./golden.js";

test("AUTH Success without properties is F0 00", () => {
  assertGolden({ type: PacketType.Auth, reasonCode: AuthReasonCode.Success }, hex("f0 // AUTH", "00 // Remaining Length 0"));
});

test("AUTH Continue authentication with every AUTH property", () => {
  assertGolden(
    {
      type: PacketType.Auth, reasonCode: AuthReasonCode.ContinueAuthentication, authenticationMethod: "SCRAM",
      authenticationData: Uint8Array.of(1, 2, 3), reasonString: "next", userProperties: [{ name: "a", value: "b" }],
    },
    hex(
      "f0                       // AUTH",
      "1e                       // Remaining Length 30",
      "18                       // Continue authentication",
      "1c                       // Property Length 28",
      "15 00 05 \"SCRAM\"         // Authentication Method",
      "16 00 03 01 02 03        // Authentication Data",
      "1f 00 04 \"next\"          // Reason String",
      "26 00 01 \"a\" 00 01 \"b\"   // User Property a=b",
    ),
  );
});

test("decoder accepts RL 1 (code only) like DISCONNECT", () => {
  assertDecodes(hex("f0 01 19 // Re-authenticate"), { type: PacketType.Auth, reasonCode: 0x19 });
});

test("decoder rejects flags [MQTT-3.15.1-1], codes outside the AUTH list, and a repeated method", () => {
  assertDecodeFails(hex("f1 00"), "malformed");
  assertDecodeFails(hex("f0 01 80"), "protocol");
  assertDecodeFails(hex("f0 0a 18 08 15 00 01 \"a\" 15 00 01 \"b\""), "protocol");
  assertDecodeFails(hex("f0 04 18 02 0b 01 // Subscription Identifier in AUTH"), "malformed");
});
