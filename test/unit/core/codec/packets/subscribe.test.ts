import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket } from "../../../../../src/core/codec/index.js";
import { ValidationError } from "../../../../../src/core/errors.js";
import { PacketType, QoS, RetainHandlingType } from "../../../../../src/core/model/enums.js";
import { hex, toHex } from "../../../../support/hex.js";
import { assertDecodeFails, assertDecodes, assertGolden } from "./golden.js";

test("SUBSCRIBE with Subscription Identifier, User Property and two filters with all option bits", () => {
  assertGolden(
    {
      type: PacketType.Subscribe, packetId: 10, subscriptionIdentifier: 33, userProperties: [{ name: "a", value: "b" }],
      subscriptions: [
        { topicFilter: "a/+", qos: QoS.AtLeastOnce, noLocal: false, retainAsPublished: false, retainHandlingType: RetainHandlingType.SendOnSubscribe },
        { topicFilter: "#", qos: QoS.ExactlyOnce, noLocal: true, retainAsPublished: true, retainHandlingType: RetainHandlingType.DontSend },
      ],
    },
    hex(
      "82                       // SUBSCRIBE, flags 0010 [MQTT-3.8.1-1]",
      "16                       // Remaining Length 22",
      "00 0a                    // Packet Identifier 10",
      "09                       // Property Length 9",
      "0b 21                    // Subscription Identifier 33",
      "26 00 01 \"a\" 00 01 \"b\"   // User Property a=b",
      "00 03 \"a/+\" 01           // filter a/+, options: QoS 1",
      "00 01 \"#\"   2e           // filter #, options: QoS 2, No Local, Retain As Published, Retain Handling 2",
    ),
  );
});

test("SUBSCRIBE with the largest Subscription Identifier (4-byte VBI)", () => {
  assertGolden(
    {
      type: PacketType.Subscribe, packetId: 1, subscriptionIdentifier: 268_435_455,
      subscriptions: [{ topicFilter: "t", qos: 0, noLocal: false, retainAsPublished: false, retainHandlingType: 0 }],
    },
    hex("82 0c // SUBSCRIBE, RL 12", "00 01 // Packet Identifier 1", "05 0b ff ff ff 7f // Subscription Identifier 268,435,455", "00 01 \"t\" 00 // filter t, QoS 0"),
  );
});

test("encoder writes omitted subscription options as 0 and never sets reserved bits [MQTT-3.8.3-5]", () => {
  const bytes = encodePacket({ type: PacketType.Subscribe, packetId: 2, subscriptions: [{ topicFilter: "x", qos: QoS.AtLeastOnce }] });
  assert.equal(toHex(bytes), "82 07 00 02 00 00 01 78 01");
});

test("encoder refuses QoS 3 and Retain Handling 3 in subscription options", () => {
  const encode = (qos: number, retainHandlingType: number): Uint8Array => encodePacket({
    type: PacketType.Subscribe, packetId: 2, subscriptions: [{ topicFilter: "x", qos: qos as QoS, retainHandlingType: retainHandlingType as RetainHandlingType }],
  });
  assert.throws(() => encode(3, 0), (e: unknown) => e instanceof ValidationError && e.field === "subscriptions.qos");
  assert.throws(() => encode(0, 3), (e: unknown) => e instanceof ValidationError && e.field === "subscriptions.retainHandlingType");
});

test("decoder reads every subscription option", () => {
  assertDecodes(hex("82 07 00 05 00 00 01 \"q\" 1a // QoS 2, Retain As Published, Retain Handling 1"), {
    type: PacketType.Subscribe, packetId: 5,
    subscriptions: [{ topicFilter: "q", qos: 2, noLocal: false, retainAsPublished: true, retainHandlingType: 1 }],
  });
});

test("decoder rejects reserved option bits (malformed), QoS 3 / Retain Handling 3 / no filter (protocol errors)", () => {
  assertDecodeFails(hex("82 07 00 05 00 00 01 \"q\" 40"), "malformed");
  assertDecodeFails(hex("82 07 00 05 00 00 01 \"q\" 80"), "malformed");
  assertDecodeFails(hex("82 07 00 05 00 00 01 \"q\" 03"), "protocol");
  assertDecodeFails(hex("82 07 00 05 00 00 01 \"q\" 30"), "protocol");
  assertDecodeFails(hex("82 03 00 05 00 // no payload [MQTT-3.8.3-2]"), "protocol");
  assertDecodeFails(hex("82 06 00 05 00 00 01 \"q\" // options byte missing"), "malformed");
  assertDecodeFails(hex("80 08 00 05 00 00 01 \"q\" 00 // flags 0000"), "malformed");
});

test("decoder rejects a repeated or zero Subscription Identifier in SUBSCRIBE", () => {
  assertDecodeFails(hex("82 0b 00 05 04 0b 01 0b 02 00 01 \"q\" 00"), "protocol");
  assertDecodeFails(hex("82 09 00 05 02 0b 00 00 01 \"q\" 00"), "protocol");
});
