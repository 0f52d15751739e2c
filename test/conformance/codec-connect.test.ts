// Conformance digest §7, CONNECT and CONNACK rows decidable by the codec.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket } from "../../src/core/codec/index.js";
import { ConnectReasonCode, PacketType, QoS } from "../../src/core/model/enums.js";
import type { ConnackPacket, ConnectPacket, WillMessage } from "../../src/core/model/packet.js";
import { hex, toHex } from "../support/hex.js";
import { assertDecodeFails, decodeFrameBytes } from "../unit/core/codec/packets/golden.js";

const BASE: ConnectPacket = { type: PacketType.Connect, clientId: "id", cleanStart: false, keepAliveIntervalSeconds: 0 };
const WILL: WillMessage = { topicName: "w", payload: hex("01"), qos: QoS.AtLeastOnce, retain: true, willDelayIntervalSeconds: 5 };

/** Offsets inside an encoded CONNECT whose Remaining Length fits one byte. */
const FLAGS_OFFSET = 2 + 6 + 1;
const connectFlags = (packet: ConnectPacket): number => encodePacket(packet)[FLAGS_OFFSET]!;

test("[3.1.2-1] #26 the protocol name is encoded as 00 04 4D 51 54 54", () => {
  assert.equal(toHex(encodePacket(BASE).subarray(2, 8)), "00 04 4d 51 54 54");
});

test("[3.1.2-2] #27 the protocol version byte is 5; CONNACK 0x84 decodes as Unsupported Protocol Version", () => {
  assert.equal(encodePacket(BASE)[8], 5);
  const connack = decodeFrameBytes(hex("20 03 00 84 00")) as ConnackPacket;
  assert.equal(connack.reasonCode, ConnectReasonCode.UnsupportedProtocolVersion);
});

test("[3.1.2-3] #28 Connect Flags bit 0 (reserved) is 0", () => {
  for (const packet of [BASE, { ...BASE, cleanStart: true, username: "u", password: hex("70"), will: WILL }]) {
    assert.equal(connectFlags(packet) & 0x01, 0);
  }
});

test("[3.1.2-9] #30 Will Flag 1 ⇒ Will Properties, Will Topic and Will Payload are all encoded", () => {
  const bytes = encodePacket({ ...BASE, will: WILL });
  assert.equal(connectFlags({ ...BASE, will: WILL }) & 0x04, 0x04);
  assert.equal(
    toHex(bytes.subarray(13)),
    toHex(hex("00 02 \"id\" // Client ID", "05 18 00 00 00 05 // Will Properties: Will Delay Interval 5", "00 01 \"w\" // Will Topic", "00 01 01 // Will Payload")),
  );
});

test("[3.1.2-11] #31 Will Flag 0 ⇒ Will QoS bits are 00", () => {
  assert.equal(connectFlags(BASE) & 0x18, 0);
  assert.equal(connectFlags({ ...BASE, will: { ...WILL, qos: QoS.ExactlyOnce } }) & 0x18, 0x10);
});

test("[3.1.2-13] #33 Will Flag 0 ⇒ Will Retain bit is 0", () => {
  assert.equal(connectFlags(BASE) & 0x20, 0);
  assert.equal(connectFlags({ ...BASE, will: WILL }) & 0x20, 0x20);
});

test("[3.1.2-16] #34 User Name flag 0 ⇒ no user name field", () => {
  const bytes = encodePacket(BASE);
  assert.equal(bytes[FLAGS_OFFSET]! & 0x80, 0);
  assert.equal(toHex(bytes.subarray(13)), "00 02 69 64"); // Client ID is the last field
});

test("[3.1.2-17] #35 User Name flag 1 ⇒ user name field present (may be empty)", () => {
  const bytes = encodePacket({ ...BASE, username: "" });
  assert.equal(bytes[FLAGS_OFFSET]! & 0x80, 0x80);
  assert.equal(toHex(bytes.subarray(13)), "00 02 69 64 00 00");
  assert.equal((decodeFrameBytes(bytes) as ConnectPacket).username, "");
});

test("[3.1.2-18] #36 Password flag 0 ⇒ no password field", () => {
  const bytes = encodePacket({ ...BASE, username: "u" });
  assert.equal(bytes[FLAGS_OFFSET]! & 0x40, 0);
  assert.equal(toHex(bytes.subarray(13)), "00 02 69 64 00 01 75");
});

test("[3.1.2-19] #37 Password flag 1 ⇒ password field present; a password without user name is allowed", () => {
  const bytes = encodePacket({ ...BASE, password: hex("00 ff") });
  assert.equal(bytes[FLAGS_OFFSET]! & 0xc0, 0x40);
  assert.equal(toHex(bytes.subarray(13)), "00 02 69 64 00 02 00 ff");
  assert.equal(toHex((decodeFrameBytes(bytes) as ConnectPacket).password!), "00 ff");
});

test("[3.1.3-1] #47 CONNECT payload order: Client ID, Will Properties, Will Topic, Will Payload, User Name, Password", () => {
  const bytes = encodePacket({ ...BASE, username: "u", password: hex("70"), will: WILL });
  assert.equal(
    toHex(bytes.subarray(13)),
    toHex(hex(
      "00 02 \"id\"             // Client ID",
      "05 18 00 00 00 05      // Will Properties",
      "00 01 \"w\"              // Will Topic",
      "00 01 01               // Will Payload",
      "00 01 \"u\"              // User Name",
      "00 01 70               // Password",
    )),
  );
});

test("[3.1.3-3] #49 the Client ID field is always present and first in the payload; zero length is allowed", () => {
  const bytes = encodePacket({ ...BASE, clientId: "" });
  assert.equal(toHex(bytes), toHex(hex("10 0d 00 04 \"MQTT\" 05 00 00 00 00 // header, props 0", "00 00 // empty Client ID")));
  assert.equal((decodeFrameBytes(bytes) as ConnectPacket).clientId, "");
  assertDecodeFails(hex("10 0b 00 04 \"MQTT\" 05 00 00 00 00 // Client ID missing"), "malformed");
});

test("[3.2.2-1] #59 CONNACK acknowledge flag bits 7–1 non-zero → malformed", () => {
  for (let flags = 2; flags < 256; flags++) assertDecodeFails(Uint8Array.of(0x20, 0x03, flags, 0x00, 0x00), "malformed");
  assert.equal((decodeFrameBytes(hex("20 03 01 00 00")) as ConnackPacket).sessionPresent, true);
});
