import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket } from "../../../../../src/core/codec/index.js";
import { ProtocolError, ValidationError } from "../../../../../src/core/errors.js";
import { PacketType, QoS } from "../../../../../src/core/model/enums.js";
import type { ConnectPacket } from "../../../../../src/core/model/packet.js";
import { hex, toHex } from "../../../../support/hex.js";
import { assertDecodeFails, assertGolden, decodeFrameBytes } from "./golden.js";

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const MINIMAL: ConnectPacket = { type: PacketType.Connect, clientId: "c1", cleanStart: true, keepAliveIntervalSeconds: 60 };

test("minimal CONNECT: protocol name, version 5, Clean Start, no properties", () => {
  assertGolden(
    MINIMAL,
    hex(
      "10              // CONNECT",
      "0f              // Remaining Length 15",
      "00 04 \"MQTT\"    // Protocol Name",
      "05              // Protocol Version 5",
      "02              // Connect Flags: Clean Start",
      "00 3c           // Keep Alive 60",
      "00              // Property Length 0",
      "00 02 \"c1\"      // Client Identifier",
    ),
  );
});

test("CONNECT with every CONNECT property, a will with every Will property, user name and password", () => {
  assertGolden(
    {
      type: PacketType.Connect, clientId: "", cleanStart: true, keepAliveIntervalSeconds: 30, username: "u",
      password: text("pw"), sessionExpiryIntervalSeconds: 120, authenticationMethod: "SCRAM",
      authenticationData: Uint8Array.of(1, 2), requestProblemInformation: false, requestResponseInformation: true,
      receiveMaximum: 20, topicAliasMaximum: 10, userProperties: [{ name: "x", value: "y" }], maximumPacketSizeBytes: 1024,
      will: {
        topicName: "will/t", payload: text("bye"), qos: QoS.AtLeastOnce, retain: true, payloadFormat: 1,
        messageExpiryIntervalSeconds: 10, contentType: "t", responseTopic: "rt", correlationData: Uint8Array.of(0xaa),
        willDelayIntervalSeconds: 30, userProperties: [{ name: "w", value: "1" }],
      },
    },
    hex(
      "10                       // CONNECT",
      "6a                       // Remaining Length 106",
      "00 04 \"MQTT\" 05          // Protocol Name, Version 5",
      "ee                       // Flags: User Name, Password, Will Retain, Will QoS 1, Will, Clean Start",
      "00 1e                    // Keep Alive 30",
      "28                       // Property Length 40",
      "11 00 00 00 78           // Session Expiry Interval 120",
      "15 00 05 \"SCRAM\"         // Authentication Method",
      "16 00 02 01 02           // Authentication Data",
      "17 00                    // Request Problem Information 0",
      "19 01                    // Request Response Information 1",
      "21 00 14                 // Receive Maximum 20",
      "22 00 0a                 // Topic Alias Maximum 10",
      "26 00 01 \"x\" 00 01 \"y\"   // User Property x=y",
      "27 00 00 04 00           // Maximum Packet Size 1024",
      "00 00                    // Client Identifier (empty)",
      "20                       // Will Property Length 32",
      "01 01                    // Payload Format Indicator 1",
      "02 00 00 00 0a           // Message Expiry Interval 10",
      "03 00 01 \"t\"             // Content Type",
      "08 00 02 \"rt\"            // Response Topic",
      "09 00 01 aa              // Correlation Data",
      "18 00 00 00 1e           // Will Delay Interval 30",
      "26 00 01 \"w\" 00 01 \"1\"   // User Property w=1",
      "00 06 \"will/t\"           // Will Topic",
      "00 03 \"bye\"              // Will Payload",
      "00 01 \"u\"                // User Name",
      "00 02 \"pw\"               // Password",
    ),
  );
});

test("a password without a user name is legal in MQTT 5 [MQTT-3.1.2-18/-19]", () => {
  assertGolden(
    { type: PacketType.Connect, clientId: "p", cleanStart: false, keepAliveIntervalSeconds: 0, password: Uint8Array.of(1, 2) },
    hex(
      "10 12 // CONNECT, RL 18",
      "00 04 \"MQTT\" 05 // Protocol Name, Version 5",
      "40 // Flags: Password only",
      "00 00 // Keep Alive 0",
      "00 // Property Length 0",
      "00 01 \"p\" // Client Identifier",
      "00 02 01 02 // Password",
    ),
  );
});

test("a will without properties writes Will Property Length 0 [MQTT-2.2.2-1]", () => {
  const bytes = encodePacket({
    ...MINIMAL, cleanStart: false, will: { topicName: "w", payload: new Uint8Array(0), qos: QoS.ExactlyOnce, retain: false },
  });
  assert.equal(toHex(bytes), toHex(hex("10 15 00 04 \"MQTT\" 05 14 00 3c 00 00 02 \"c1\" 00 00 01 \"w\" 00 00")));
});

test("decoder rejects a wrong protocol name (malformed) and another version (ProtocolError 0x84)", () => {
  assertDecodeFails(hex("10 0d 00 04 \"MQTX\" 05 02 00 3c 00 00 00"), "malformed");
  assertDecodeFails(hex("10 0e 00 06 \"MQIsdp\" 03 02 00 3c 00 00"), "malformed");
  assertDecodeFails(hex("10 0d 00 04 \"MQTT\" 04 02 00 3c 00 00 00"), "protocol", 0x84);
});

test("decoder rejects bad connect flags", () => {
  assertDecodeFails(hex("10 0d 00 04 \"MQTT\" 05 03 00 3c 00 00 00 // reserved bit"), "malformed");
  assertDecodeFails(hex("10 0d 00 04 \"MQTT\" 05 08 00 3c 00 00 00 // Will QoS without Will Flag"), "malformed");
  assertDecodeFails(hex("10 0d 00 04 \"MQTT\" 05 20 00 3c 00 00 00 // Will Retain without Will Flag"), "malformed");
  assertDecodeFails(hex("10 13 00 04 \"MQTT\" 05 1c 00 3c 00 00 00 00 00 01 \"w\" 00 00 // Will QoS 3"), "malformed");
});

test("decoder rejects missing flagged fields, leftovers, and Authentication Data without a method", () => {
  assertDecodeFails(hex("10 0d 00 04 \"MQTT\" 05 80 00 3c 00 00 00 // User Name flag, no user name"), "malformed");
  assertDecodeFails(hex("10 0e 00 04 \"MQTT\" 05 00 00 3c 00 00 00 ff // trailing byte"), "malformed");
  assertDecodeFails(hex("10 11 00 04 \"MQTT\" 05 00 00 3c 04 16 00 01 ff 00 00"), "protocol");
  assertDecodeFails(hex("10 0f 00 04 \"MQTT\" 05 00 00 3c 02 18 00 00 00 // Will Delay Interval outside the will"), "malformed");
  assertDecodeFails(hex("10 0f 00 04 \"MQTT\" 05 00 00 3c 02 21 00 00 00"), "malformed"); // Receive Maximum cut off
  assertDecodeFails(hex("10 10 00 04 \"MQTT\" 05 00 00 3c 03 21 00 00 00 00 // Receive Maximum 0"), "protocol");
  assertDecodeFails(hex("10 0f 00 04 \"MQTT\" 05 00 00 3c 02 19 02 00 00 // Request Response Information 2"), "protocol");
});

test("decoder rejects a CONNECT-only property inside the Will Properties", () => {
  assertDecodeFails(hex("10 15 00 04 \"MQTT\" 05 04 00 3c 00 00 00 02 11 00 00 01 \"w\" 00 00"), "malformed");
});

test("the ProtocolError for another version carries reason code 0x84", () => {
  assert.throws(() => decodeFrameBytes(hex("10 0d 00 04 \"MQTT\" 03 02 00 3c 00 00 00")), (e: unknown) => e instanceof ProtocolError && e.reasonCode === 0x84);
});

test("encoder refuses values that do not fit their fields", () => {
  assert.throws(() => encodePacket({ ...MINIMAL, keepAliveIntervalSeconds: 70_000 }), (e: unknown) => e instanceof ValidationError && e.field === "keepAliveIntervalSeconds");
  assert.throws(() => encodePacket({ ...MINIMAL, receiveMaximum: 65_536 }), (e: unknown) => e instanceof ValidationError && e.field === "receiveMaximum");
  assert.throws(() => encodePacket({ ...MINIMAL, password: new Uint8Array(65_536) }), (e: unknown) => e instanceof ValidationError && e.field === "password");
  assert.throws(
    () => encodePacket({ ...MINIMAL, will: { topicName: "w", payload: new Uint8Array(0), qos: 3 as QoS, retain: false } }),
    (e: unknown) => e instanceof ValidationError && e.field === "will.qos",
  );
  assert.throws(
    () => encodePacket({ ...MINIMAL, will: { topicName: "w", payload: new Uint8Array(0), qos: 0, retain: false, contentType: "a\u0000" } }),
    (e: unknown) => e instanceof ValidationError && e.field === "will.contentType",
  );
});
