// Conformance digest §7, rows for PUBACK … AUTH decidable by the codec: reserved flags, short forms, reason-code
// lists, and dropping Reason String / User Properties to fit the peer's Maximum Packet Size.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket, packetSize } from "../../src/core/codec/index.js";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import { hex, toHex } from "../support/hex.js";
import { assertDecodeFails, assertDecodes, decodeFrameBytes } from "../unit/core/codec/packets/golden.js";

const REASON_STRING = "reason ".repeat(10);
const USER_PROPERTIES = [{ name: "trace", value: "x".repeat(40) }];

type Optional = { reasonString?: string; userProperties?: unknown };

/** With the limit just below the full size the Reason String goes; below that, the User Properties too. */
function checkReasonStringDropped(packet: Packet): void {
  const full = packetSize(packet);
  const reduced = decodeFrameBytes(encodePacket(packet, { maximumPacketSizeBytes: full - 1 })) as Optional;
  assert.equal(reduced.reasonString, undefined);
  assert.deepEqual(reduced.userProperties, USER_PROPERTIES);
  const intact = decodeFrameBytes(encodePacket(packet, { maximumPacketSizeBytes: full })) as Optional;
  assert.equal(intact.reasonString, REASON_STRING);
}

function checkUserPropertiesDropped(packet: Packet): void {
  const withoutReason = packetSize({ ...packet, reasonString: undefined } as unknown as Packet);
  const reduced = decodeFrameBytes(encodePacket(packet, { maximumPacketSizeBytes: withoutReason - 1 })) as Optional;
  assert.equal(reduced.reasonString, undefined);
  assert.equal(reduced.userProperties, undefined);
  // User Properties alone (no Reason String) are dropped too.
  const onlyUser = { ...packet, reasonString: undefined } as unknown as Packet;
  const reducedOnlyUser = decodeFrameBytes(encodePacket(onlyUser, { maximumPacketSizeBytes: packetSize(onlyUser) - 1 })) as Optional;
  assert.equal(reducedOnlyUser.userProperties, undefined);
}

const ack = (type: PacketType.Puback | PacketType.Pubrec | PacketType.Pubrel | PacketType.Pubcomp, reasonCode: number): Packet =>
  ({ type, packetId: 3, reasonCode, reasonString: REASON_STRING, userProperties: USER_PROPERTIES }) as Packet;
const DISCONNECT: Packet = { type: PacketType.Disconnect, reasonCode: 0x80, reasonString: REASON_STRING, userProperties: USER_PROPERTIES };
const AUTH: Packet = { type: PacketType.Auth, reasonCode: 0x18, authenticationMethod: "m", reasonString: REASON_STRING, userProperties: USER_PROPERTIES };

test("[3.4.2-2] #110 PUBACK Reason String is dropped if it would exceed the server's Maximum Packet Size", () => checkReasonStringDropped(ack(PacketType.Puback, 0x80)));
test("[3.4.2-3] #111 PUBACK User Properties are dropped if they would exceed the server's Maximum Packet Size", () => checkUserPropertiesDropped(ack(PacketType.Puback, 0x80)));
test("[3.5.2-2] #113 PUBREC Reason String size rule", () => checkReasonStringDropped(ack(PacketType.Pubrec, 0x83)));
test("[3.5.2-3] #114 PUBREC User Property size rule", () => checkUserPropertiesDropped(ack(PacketType.Pubrec, 0x83)));
test("[3.6.2-2] #117 PUBREL Reason String size rule", () => checkReasonStringDropped(ack(PacketType.Pubrel, 0x92)));
test("[3.6.2-3] #118 PUBREL User Property size rule", () => checkUserPropertiesDropped(ack(PacketType.Pubrel, 0x92)));
test("[3.7.2-2] #120 PUBCOMP Reason String size rule", () => checkReasonStringDropped(ack(PacketType.Pubcomp, 0x92)));
test("[3.7.2-3] #121 PUBCOMP User Property size rule", () => checkUserPropertiesDropped(ack(PacketType.Pubcomp, 0x92)));
test("[3.14.2-3] #153 DISCONNECT Reason String dropped if it would exceed the server's Maximum Packet Size", () => checkReasonStringDropped(DISCONNECT));
test("[3.14.2-4] #154 DISCONNECT User Properties dropped if they would exceed the server's Maximum Packet Size", () => checkUserPropertiesDropped(DISCONNECT));
test("[3.15.2-2] #161 AUTH Reason String size rule", () => checkReasonStringDropped(AUTH));
test("[3.15.2-3] #162 AUTH User Property size rule", () => checkUserPropertiesDropped(AUTH));

test("[3.6.1-1] #115 PUBREL is written as 0x62; a received PUBREL with other flags is malformed", () => {
  assert.equal(encodePacket({ type: PacketType.Pubrel, packetId: 1, reasonCode: 0 })[0], 0x62);
  for (const firstByte of [0x60, 0x61, 0x63, 0x64, 0x66, 0x6a, 0x6f]) assertDecodeFails(Uint8Array.of(firstByte, 0x02, 0x00, 0x01), "malformed");
});

test("[X-19] #122 acks decode with RL 2 (code 00), RL 3 (code, no properties), RL ≥ 4 (code + properties); RL < 2 is malformed", () => {
  for (const [type, firstByte, code] of [[PacketType.Puback, 0x40, 0x10], [PacketType.Pubrec, 0x50, 0x80], [PacketType.Pubrel, 0x62, 0x92], [PacketType.Pubcomp, 0x70, 0x92]] as const) {
    assertDecodes(Uint8Array.of(firstByte, 0x02, 0x00, 0x05), { type, packetId: 5, reasonCode: 0 } as Packet);
    assertDecodes(Uint8Array.of(firstByte, 0x03, 0x00, 0x05, code), { type, packetId: 5, reasonCode: code } as Packet);
    assertDecodes(Uint8Array.of(firstByte, 0x04, 0x00, 0x05, code, 0x00), { type, packetId: 5, reasonCode: code } as Packet);
    assertDecodes(Uint8Array.of(firstByte, 0x08, 0x00, 0x05, code, 0x04, 0x1f, 0x00, 0x01, 0x78), { type, packetId: 5, reasonCode: code, reasonString: "x" } as Packet);
    assertDecodeFails(Uint8Array.of(firstByte, 0x01, 0x00), "malformed");
    assertDecodeFails(Uint8Array.of(firstByte, 0x00), "malformed");
  }
});

test("[X-20] #123 an incoming ack code outside its packet's list is a Protocol Error", () => {
  assertDecodeFails(hex("40 03 00 01 92 // PUBACK 0x92"), "protocol");
  assertDecodeFails(hex("50 03 00 01 04 // PUBREC 0x04"), "protocol");
  assertDecodeFails(hex("62 03 00 01 10 // PUBREL 0x10"), "protocol");
  assertDecodeFails(hex("70 03 00 01 80 // PUBCOMP 0x80"), "protocol");
});

test("[3.8.1-1] #125 SUBSCRIBE first byte is 0x82", () => {
  assert.equal(encodePacket({ type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: "a", qos: QoS.AtMostOnce }] })[0], 0x82);
});

test("[3.8.3-5] #129 Subscription Options bits 6–7 are written as 0", () => {
  const bytes = encodePacket({
    type: PacketType.Subscribe, packetId: 1,
    subscriptions: [{ topicFilter: "a", qos: QoS.ExactlyOnce, noLocal: true, retainAsPublished: true, retainHandlingType: 2 }],
  });
  assert.equal(bytes[bytes.length - 1], 0x2e);
  assert.equal(bytes[bytes.length - 1]! & 0xc0, 0);
});

test("[3.9.3-2] #138 a SUBACK code outside the Subscribe list is a Protocol Error", () => {
  assertDecodeFails(hex("90 04 00 01 00 03 // granted QoS 3"), "protocol");
  assertDecodeFails(hex("90 05 00 01 00 00 8e // 0x8E in the second position"), "protocol");
});

test("[3.10.1-1] #139 UNSUBSCRIBE first byte is 0xA2", () => {
  assert.equal(encodePacket({ type: PacketType.Unsubscribe, packetId: 1, topicFilters: ["a"] })[0], 0xa2);
});

test("[3.11.3-2] #146 an UNSUBACK code outside the Unsubscribe list is a Protocol Error", () => {
  assertDecodeFails(hex("b0 04 00 01 00 02"), "protocol");
  assertDecodeFails(hex("b0 04 00 01 00 9e"), "protocol");
});

test("[X-24] #148 PINGREQ is exactly C0 00; a PINGRESP with RL ≠ 0 is malformed", () => {
  assert.equal(toHex(encodePacket({ type: PacketType.Pingreq })), "c0 00");
  assertDecodeFails(hex("d0 01 00"), "malformed");
  assertDecodeFails(hex("d0 02 00 00"), "malformed");
});

test("[3.14.1-1] #150 DISCONNECT is written as E0; a received DISCONNECT with flag bits set is malformed", () => {
  assert.equal(encodePacket({ type: PacketType.Disconnect, reasonCode: 0x04 })[0], 0xe0);
  for (let flags = 1; flags < 16; flags++) assertDecodeFails(Uint8Array.of(0xe0 | flags, 0x00), "malformed");
});

test("[X-26] #158 DISCONNECT decodes with RL 0 (code 00), RL 1 (code only), RL ≥ 2 (code + properties)", () => {
  assertDecodes(hex("e0 00"), { type: PacketType.Disconnect, reasonCode: 0 });
  assertDecodes(hex("e0 01 8b"), { type: PacketType.Disconnect, reasonCode: 0x8b });
  assertDecodes(hex("e0 02 8d 00"), { type: PacketType.Disconnect, reasonCode: 0x8d });
  assertDecodes(hex("e0 06 9d 04 1c 00 01 \"s\""), { type: PacketType.Disconnect, reasonCode: 0x9d, serverReference: "s" });
});

test("[3.15.1-1] #159 AUTH is written as 0xF0; a received AUTH with flag bits set is malformed", () => {
  assert.equal(encodePacket({ type: PacketType.Auth, reasonCode: 0x19, authenticationMethod: "m" })[0], 0xf0);
  for (let flags = 1; flags < 16; flags++) assertDecodeFails(Uint8Array.of(0xf0 | flags, 0x00), "malformed");
});
