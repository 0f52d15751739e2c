import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket, encodePacketParts, packetSize } from "../../../../../src/core/codec/index.js";
import { hasNoPublishProperties } from "../../../../../src/core/codec/packets/publish.js";
import { propertyBindings } from "../../../../../src/core/codec/properties.js";
import { ValidationError } from "../../../../../src/core/errors.js";
import { PacketType, QoS } from "../../../../../src/core/model/enums.js";
import type { PublishPacket } from "../../../../../src/core/model/packet.js";
import { hex, toHex } from "../../../../support/hex.js";
import { assertDecodeFails, assertDecodes, assertGolden, decodeFrameBytes } from "./golden.js";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

test("PUBLISH QoS 0, no properties: no packet id, Property Length 0", () => {
  assertGolden(
    { type: PacketType.Publish, topicName: "a/b", payload: text("hi"), qos: QoS.AtMostOnce, retain: false, duplicate: false },
    hex(
      "30          // PUBLISH, DUP 0, QoS 0, RETAIN 0",
      "08          // Remaining Length 8",
      "00 03 \"a/b\" // Topic Name",
      "00          // Property Length 0",
      "\"hi\"        // payload",
    ),
  );
});

test("PUBLISH QoS 1 + RETAIN with every PUBLISH property (Subscription Identifier repeated)", () => {
  assertGolden(
    {
      type: PacketType.Publish, topicName: "a/b", payload: text("hi"), qos: QoS.AtLeastOnce, retain: true,
      duplicate: false, packetId: 0x1234, payloadFormat: 1, messageExpiryIntervalSeconds: 3600,
      contentType: "text/plain", responseTopic: "r/1", correlationData: Uint8Array.of(1, 2, 3, 4),
      subscriptionIdentifiers: [1, 200], topicAlias: 5, userProperties: [{ name: "k", value: "v" }],
    },
    hex(
      "33                       // PUBLISH, DUP 0, QoS 1, RETAIN 1",
      "3a                       // Remaining Length 58",
      "00 03 \"a/b\"              // Topic Name",
      "12 34                    // Packet Identifier 0x1234",
      "30                       // Property Length 48",
      "01 01                    // Payload Format Indicator 1 (UTF-8)",
      "02 00 00 0e 10           // Message Expiry Interval 3600",
      "03 00 0a \"text/plain\"    // Content Type",
      "08 00 03 \"r/1\"           // Response Topic",
      "09 00 04 01 02 03 04     // Correlation Data",
      "0b 01                    // Subscription Identifier 1",
      "0b c8 01                 // Subscription Identifier 200 (two-byte VBI)",
      "23 00 05                 // Topic Alias 5",
      "26 00 01 \"k\" 00 01 \"v\"   // User Property k=v",
      "\"hi\"                     // payload",
    ),
  );
});

test("PUBLISH QoS 2, DUP 1, multi-byte UTF-8 topic, empty payload", () => {
  assertGolden(
    { type: PacketType.Publish, topicName: "é/€/😀", payload: new Uint8Array(0), qos: QoS.ExactlyOnce, retain: false, duplicate: true, packetId: 1 },
    hex(
      "3c                              // PUBLISH, DUP 1, QoS 2, RETAIN 0",
      "10                              // Remaining Length 16",
      "00 0b c3 a9 2f e2 82 ac 2f f0 9f 98 80 // Topic Name: é / € / 😀 (2 + 1 + 3 + 1 + 4 bytes)",
      "00 01                           // Packet Identifier 1",
      "00                              // Property Length 0 (payload empty)",
    ),
  );
});

test("PUBLISH with an empty Topic Name and a Topic Alias", () => {
  assertGolden(
    { type: PacketType.Publish, topicName: "", payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: false, duplicate: false, topicAlias: 1 },
    hex("30 06 // PUBLISH QoS 0, RL 6", "00 00 // Topic Name (empty)", "03 23 00 01 // Property Length 3: Topic Alias 1"),
  );
});

test("decoded payload is a view into the input (no copy)", () => {
  const frame = hex("30 07 00 03 \"a/b\" 00 \"x\"");
  const packet = decodeFrameBytes(frame) as PublishPacket;
  assert.equal(packet.payload.buffer, frame.buffer);
  assert.equal(toHex(packet.payload), "78");
});

test("encoder writes DUP 0 and no packet id for QoS 0, whatever the packet says [MQTT-3.3.1-2] [MQTT-2.2.1-2]", () => {
  const bytes = encodePacket({
    type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: false,
    duplicate: true, packetId: 9,
  });
  assert.equal(toHex(bytes), "30 04 00 01 74 00");
});

test("encoder refuses QoS 3 and a missing packet id for QoS > 0", () => {
  const base = { type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), retain: false, duplicate: false } as const;
  assert.throws(() => encodePacket({ ...base, qos: 3 as QoS, packetId: 1 }), (e: unknown) => e instanceof ValidationError && e.field === "qos");
  assert.throws(() => encodePacket({ ...base, qos: QoS.AtLeastOnce }), (e: unknown) => e instanceof ValidationError && e.field === "packetId");
  assert.throws(() => encodePacket({ ...base, qos: QoS.AtLeastOnce, packetId: 0x10000 }), (e: unknown) => e instanceof ValidationError && e.field === "packetId");
});

test("encoder refuses a topic longer than 65,535 bytes and a Subscription Identifier above the VBI range", () => {
  const base = { type: PacketType.Publish, payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: false, duplicate: false } as const;
  assert.throws(() => packetSize({ ...base, topicName: "€".repeat(21_846) }), (e: unknown) => e instanceof ValidationError && e.field === "topicName");
  assert.equal(packetSize({ ...base, topicName: "€".repeat(21_845) }), 1 + 3 + 2 + 65_535 + 1);
  assert.throws(
    () => encodePacket({ ...base, topicName: "t", subscriptionIdentifiers: [268_435_456] }),
    (e: unknown) => e instanceof ValidationError && e.field === "subscriptionIdentifiers",
  );
});

test("a payload too large for one packet is refused", () => {
  const packet: PublishPacket = {
    type: PacketType.Publish, topicName: "t", payload: new Uint8Array(300), qos: QoS.AtMostOnce, retain: false, duplicate: false,
  };
  assert.throws(() => encodePacket(packet, { maximumPacketSizeBytes: 100 }), { name: "PacketTooLargeError" });
});

test("decoder reads the payload as everything after the properties, including zero bytes", () => {
  assertDecodes(
    hex("31 07 00 01 \"t\" 00 00 ff 00 // QoS 0 + RETAIN, payload 00 ff 00"),
    { type: PacketType.Publish, topicName: "t", payload: Uint8Array.of(0, 0xff, 0), qos: 0, retain: true, duplicate: false },
  );
});

test("decoder rejects QoS 3, DUP on QoS 0, a truncated topic, and a property block running past the packet", () => {
  assertDecodeFails(hex("36 04 00 01 74 00"), "malformed"); // QoS 3 [MQTT-3.3.1-4]
  assertDecodeFails(hex("38 04 00 01 74 00"), "malformed"); // QoS 0 with DUP
  assertDecodeFails(hex("30 03 00 05 74"), "malformed");
  assertDecodeFails(hex("30 05 00 01 74 05 01"), "malformed");
  assertDecodeFails(hex("32 03 00 01 74"), "malformed"); // packet id cut off
});

test("decoder rejects properties that do not belong in PUBLISH and bad Subscription Identifiers", () => {
  assertDecodeFails(hex("30 06 00 01 74 02 17 01 // Request Problem Information"), "malformed");
  assertDecodeFails(hex("30 06 00 01 74 02 0b 00 // Subscription Identifier 0"), "protocol");
  assertDecodeFails(hex("30 07 00 01 74 03 0b 80 00 // non-minimal VBI"), "malformed");
  assertDecodeFails(hex("30 08 00 01 74 04 01 01 01 00 // Payload Format Indicator twice"), "protocol");
  assertDecodeFails(hex("30 06 00 01 74 02 01 02 // Payload Format Indicator 2"), "protocol");
});

test("the no-properties fast path knows every PUBLISH property of the table", () => {
  const base: PublishPacket = { type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), qos: 0, retain: false, duplicate: false };
  assert.equal(hasNoPublishProperties(base), true);
  for (const binding of propertyBindings(PacketType.Publish)) {
    assert.equal(hasNoPublishProperties({ ...base, [binding.field]: 1 } as PublishPacket), false, binding.field);
  }
});

test("encodePacketParts: a large PUBLISH payload is handed over, not copied; the parts concatenate to encodePacket", () => {
  const payload = new Uint8Array(5000).map((_, i) => i & 0xff);
  const packet: PublishPacket = {
    type: PacketType.Publish, topicName: "big/t", payload, qos: QoS.AtLeastOnce, retain: false, duplicate: false, packetId: 3,
    userProperties: [{ name: "k", value: "v" }],
  };
  const parts = encodePacketParts(packet);
  assert.equal(parts.length, 2);
  assert.equal(parts[1], payload);
  const joined = Uint8Array.from([...parts[0]!, ...parts[1]!]);
  assert.equal(toHex(joined), toHex(encodePacket(packet)));
  assert.throws(() => encodePacketParts(packet, { maximumPacketSizeBytes: 5000 }), { name: "PacketTooLargeError" });
  const small = { ...packet, payload: new Uint8Array(10) };
  assert.equal(encodePacketParts(small).length, 1);
  assert.equal(toHex(encodePacketParts(small)[0]!), toHex(encodePacket(small)));
  assert.equal(encodePacketParts({ type: PacketType.Pingreq }).length, 1);
});
