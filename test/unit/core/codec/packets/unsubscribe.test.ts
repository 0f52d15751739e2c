import { test } from "node:test";
import { PacketType } from "../../../../../src/core/model/enums.js";
import { hex } from "../../../../support/hex.js";
import { assertDecodeFails, assertGolden } from "./golden.js";

test("UNSUBSCRIBE with a User Property and two filters", () => {
  assertGolden(
    { type: PacketType.Unsubscribe, packetId: 12, userProperties: [{ name: "u", value: "v" }], topicFilters: ["a/b", "c"] },
    hex(
      "a2                       // UNSUBSCRIBE, flags 0010 [MQTT-3.10.1-1]",
      "12                       // Remaining Length 18",
      "00 0c                    // Packet Identifier 12",
      "07                       // Property Length 7",
      "26 00 01 \"u\" 00 01 \"v\"   // User Property u=v",
      "00 03 \"a/b\"              // filter a/b",
      "00 01 \"c\"                // filter c",
    ),
  );
});

test("decoder rejects wrong flags, an empty payload and a Subscription Identifier", () => {
  assertDecodeFails(hex("a0 06 00 0c 00 00 01 \"c\""), "malformed");
  assertDecodeFails(hex("a2 03 00 0c 00 // no filter [MQTT-3.10.3-2]"), "protocol");
  assertDecodeFails(hex("a2 08 00 0c 02 0b 01 00 01 \"c\""), "malformed");
  assertDecodeFails(hex("a2 06 00 0c 00 00 02 \"c\" // filter cut off"), "malformed");
});
