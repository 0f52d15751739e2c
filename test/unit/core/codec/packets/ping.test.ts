import { test } from "node:test";
import { PacketType } from "../../../../../src/core/model/enums.js";
import { hex } from "../../../../support/hex.js";
import { assertDecodeFails, assertGolden } from "./golden.js";

test("PINGREQ is exactly C0 00 and PINGRESP exactly D0 00 (X-24)", () => {
  assertGolden({ type: PacketType.Pingreq }, hex("c0 // PINGREQ", "00 // Remaining Length 0"));
  assertGolden({ type: PacketType.Pingresp }, hex("d0 // PINGRESP", "00 // Remaining Length 0"));
});

test("decoder rejects a ping with a body or with flags", () => {
  assertDecodeFails(hex("d0 01 00"), "malformed");
  assertDecodeFails(hex("c0 01 00"), "malformed");
  assertDecodeFails(hex("d1 00"), "malformed");
});
