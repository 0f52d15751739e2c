import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket, encodePacketInto, packetSize, PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES } from "../../../../src/core/codec/index.js";
import { PacketTooLargeError, ValidationError } from "../../../../src/core/errors.js";
import { PacketType, QoS } from "../../../../src/core/model/enums.js";
import type { Packet } from "../../../../src/core/model/packet.js";
import { toHex } from "../../../support/hex.js";
import { decodeFrameBytes } from "./packets/golden.js";

const REASON = "r".repeat(100);
const USER_PROPERTIES = [{ name: "n".repeat(50), value: "v".repeat(50) }];

/** Each packet that may shed optional properties, with its size once both are gone. */
const OMISSIBLE: [Packet, number][] = [
  [{ type: PacketType.Puback, packetId: 1, reasonCode: 0x80, reasonString: REASON, userProperties: USER_PROPERTIES }, 6],
  [{ type: PacketType.Pubrec, packetId: 1, reasonCode: 0, reasonString: REASON, userProperties: USER_PROPERTIES }, 4],
  [{ type: PacketType.Pubrel, packetId: 1, reasonCode: 0x92, reasonString: REASON, userProperties: USER_PROPERTIES }, 6],
  [{ type: PacketType.Pubcomp, packetId: 1, reasonCode: 0, reasonString: REASON, userProperties: USER_PROPERTIES }, 4],
  [{ type: PacketType.Suback, packetId: 1, reasonCodes: [0, 1], reasonString: REASON, userProperties: USER_PROPERTIES }, 7],
  [{ type: PacketType.Unsuback, packetId: 1, reasonCodes: [0], reasonString: REASON, userProperties: USER_PROPERTIES }, 6],
  [{ type: PacketType.Disconnect, reasonCode: 0x80, reasonString: REASON, userProperties: USER_PROPERTIES }, 4],
  [{ type: PacketType.Auth, reasonCode: 0x18, authenticationMethod: "m", reasonString: REASON, userProperties: USER_PROPERTIES }, 8],
  [{ type: PacketType.Connack, sessionPresent: false, reasonCode: 0x87, reasonString: REASON, userProperties: USER_PROPERTIES }, 5],
];

for (const [packet, bareSize] of OMISSIBLE) {
  const name = PacketType[packet.type];
  test(`${name} over the peer's Maximum Packet Size drops Reason String, then User Properties`, () => {
    const full = encodePacket(packet);
    assert.equal(full.length, packetSize(packet));
    const withoutReason = packetSize({ ...packet, reasonString: undefined } as unknown as Packet);
    const decodedWithoutReason = decodeFrameBytes(encodePacket(packet, { maximumPacketSizeBytes: withoutReason }));
    assert.equal("reasonString" in decodedWithoutReason, false);
    assert.deepEqual((decodedWithoutReason as { userProperties?: unknown }).userProperties, USER_PROPERTIES);

    const bare = encodePacket(packet, { maximumPacketSizeBytes: withoutReason - 1 });
    assert.equal(bare.length, bareSize);
    const decodedBare = decodeFrameBytes(bare) as { reasonString?: unknown; userProperties?: unknown };
    assert.equal(decodedBare.reasonString, undefined);
    assert.equal(decodedBare.userProperties, undefined);

    assert.equal(encodePacket(packet, { maximumPacketSizeBytes: full.length }).length, full.length, "exactly at the limit: nothing dropped");
    assert.throws(() => encodePacket(packet, { maximumPacketSizeBytes: bareSize - 1 }), PacketTooLargeError);
  });
}

test("the size error reports the full size and the limit", () => {
  const packet: Packet = { type: PacketType.Puback, packetId: 1, reasonCode: 0x80, reasonString: REASON };
  assert.throws(() => encodePacket(packet, { maximumPacketSizeBytes: 3 }), (e: unknown) =>
    e instanceof PacketTooLargeError && e.sizeBytes === packetSize(packet) && e.maximumPacketSizeBytes === 3);
});

test("PUBLISH, SUBSCRIBE, UNSUBSCRIBE and CONNECT never drop User Properties; they are too large", () => {
  const packets: Packet[] = [
    { type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: false, duplicate: false, userProperties: USER_PROPERTIES },
    { type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: "t", qos: 0 }], userProperties: USER_PROPERTIES },
    { type: PacketType.Unsubscribe, packetId: 1, topicFilters: ["t"], userProperties: USER_PROPERTIES },
    { type: PacketType.Connect, clientId: "c", cleanStart: true, keepAliveIntervalSeconds: 0, userProperties: USER_PROPERTIES },
  ];
  for (const packet of packets) {
    assert.throws(() => encodePacket(packet, { maximumPacketSizeBytes: 50 }), PacketTooLargeError, PacketType[packet.type]);
  }
});

test("encodePacketInto writes at an offset, returns the end, and refuses a short target", () => {
  const packet: Packet = { type: PacketType.Puback, packetId: 0x0102, reasonCode: 0 };
  const target = new Uint8Array(8).fill(0xee);
  assert.equal(encodePacketInto(packet, target, 3), 7);
  assert.equal(toHex(target), "ee ee ee 40 02 01 02 ee");
  assert.throws(() => encodePacketInto(packet, new Uint8Array(5), 2), ValidationError);
  assert.throws(() => encodePacketInto(packet, new Uint8Array(8), -1), ValidationError);
});

test("each encodePacket result is its own exact-size region", () => {
  const a = encodePacket({ type: PacketType.Pingreq });
  const b = encodePacket({ type: PacketType.Pingreq });
  assert.equal(a.length, 2);
  a[0] = 0xff;
  assert.equal(toHex(b), "c0 00");
  assert.equal(a.byteLength, 2);
});

test("large packets (beyond the pooled size) encode correctly too", () => {
  const payload = new Uint8Array(100_000).map((_, i) => i & 0xff);
  const bytes = encodePacket({ type: PacketType.Publish, topicName: "big", payload, qos: 0, retain: false, duplicate: false });
  assert.equal(bytes.length, 1 + 3 + 5 + 1 + 100_000);
  assert.equal(toHex(bytes.subarray(0, 10)), "30 a6 8d 06 00 03 62 69 67 00");
  assert.equal(bytes[bytes.length - 1], (100_000 - 1) & 0xff);
});

test("a packet above the protocol limit is refused even without a configured maximum", () => {
  const payload = { length: PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES } as Uint8Array; // measured, never written
  const packet: Packet = { type: PacketType.Publish, topicName: "t", payload, qos: 0, retain: false, duplicate: false };
  assert.ok(packetSize(packet) > PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES);
  assert.throws(() => encodePacket(packet), PacketTooLargeError);
  assert.throws(() => encodePacket(packet, { maximumPacketSizeBytes: 2 ** 32 }), PacketTooLargeError);
  assert.throws(() => encodePacketInto(packet, new Uint8Array(10), 0), PacketTooLargeError);
});

test("every VBI the encoder writes uses the fewest bytes (RL 127/128, property length 127/128)", () => {
  const publish = (payloadBytes: number, userValueBytes?: number): Uint8Array => encodePacket({
    type: PacketType.Publish, topicName: "t", payload: new Uint8Array(payloadBytes), qos: 0, retain: false, duplicate: false,
    ...(userValueBytes === undefined ? {} : { userProperties: [{ name: "", value: "v".repeat(userValueBytes) }] }),
  });
  assert.equal(toHex(publish(123).subarray(0, 2)), "30 7f"); // RL 127 → 1 byte
  assert.equal(toHex(publish(124).subarray(0, 3)), "30 80 01"); // RL 128 → 2 bytes
  // Property Length 127 → 1 byte; 128 → 2 bytes (User Property: 1 id + 2 + 0 + 2 + value).
  const props127 = publish(0, 122);
  assert.equal(props127[6], 0x7f);
  const props128 = publish(0, 123);
  assert.equal(toHex(props128.subarray(6, 8)), "80 01");
});
