// Conformance digest §7, rows for §2 (fixed header, packet identifier, properties) and framing, decidable by the codec.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket, PacketDecoder } from "../../src/core/codec/index.js";
import { MalformedPacketError, ProtocolError } from "../../src/core/errors.js";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import type { Packet, PublishPacket } from "../../src/core/model/packet.js";
import { hex, toHex } from "../support/hex.js";
import { assertDecodeFails, decodeFrameBytes } from "../unit/core/codec/packets/golden.js";

const ONE_OF_EACH: Packet[] = [
  { type: PacketType.Connect, clientId: "c", cleanStart: true, keepAliveIntervalSeconds: 0 },
  { type: PacketType.Connack, sessionPresent: false, reasonCode: 0 },
  { type: PacketType.Puback, packetId: 1, reasonCode: 0 },
  { type: PacketType.Pubrec, packetId: 1, reasonCode: 0 },
  { type: PacketType.Pubrel, packetId: 1, reasonCode: 0 },
  { type: PacketType.Pubcomp, packetId: 1, reasonCode: 0 },
  { type: PacketType.Subscribe, packetId: 1, subscriptions: [{ topicFilter: "t", qos: QoS.AtMostOnce }] },
  { type: PacketType.Suback, packetId: 1, reasonCodes: [0] },
  { type: PacketType.Unsubscribe, packetId: 1, topicFilters: ["t"] },
  { type: PacketType.Unsuback, packetId: 1, reasonCodes: [0] },
  { type: PacketType.Pingreq },
  { type: PacketType.Pingresp },
  { type: PacketType.Disconnect, reasonCode: 0 },
  { type: PacketType.Auth, reasonCode: 0 },
];

test("[2.1.3-1] #11 encoder writes the exact reserved flags: 0x62 PUBREL, 0x82 SUBSCRIBE, 0xA2 UNSUBSCRIBE, low nibble 0 elsewhere", () => {
  const firstBytes = ONE_OF_EACH.map((packet) => encodePacket(packet)[0]);
  assert.deepEqual(firstBytes, [0x10, 0x20, 0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xa2, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0]);
});

test("[2.1.3-1] #12 a received packet with wrong fixed-header flags is malformed", () => {
  for (const packet of ONE_OF_EACH) {
    const frame = encodePacket(packet);
    for (let flags = 0; flags < 16; flags++) {
      const bad = frame.slice();
      bad[0] = (frame[0]! & 0xf0) | flags;
      if (bad[0] === frame[0]) continue;
      assertDecodeFails(bad, "malformed");
    }
  }
});

test("[X-3] #13 received packet type 0 is malformed; CONNECT/SUBSCRIBE/UNSUBSCRIBE/PINGREQ decode with their type so the core can refuse them", () => {
  assertDecodeFails(hex("00 00"), "malformed");
  assertDecodeFails(hex("0f 00"), "malformed");
  const clientOnly = [PacketType.Connect, PacketType.Subscribe, PacketType.Unsubscribe, PacketType.Pingreq];
  for (const packet of ONE_OF_EACH.filter((p) => clientOnly.includes(p.type))) {
    assert.equal(decodeFrameBytes(encodePacket(packet)).type, packet.type);
  }
});

test("[X-4] #14 a Remaining Length disagreeing with the fields (overrun or leftover bytes) is malformed", () => {
  assertDecodeFails(hex("40 01 00 // PUBACK id cut off"), "malformed");
  assertDecodeFails(hex("20 04 00 00 00 00 // CONNACK with a leftover byte"), "malformed");
  assertDecodeFails(hex("32 04 00 01 74 00 // PUBLISH QoS 1 whose RL ends inside the packet id"), "malformed");
  assertDecodeFails(hex("30 04 00 05 74 00 // topic length past RL"), "malformed");
  assertDecodeFails(hex("e0 03 00 05 11 // property block past RL"), "malformed");
  assertDecodeFails(hex("a2 07 00 01 00 00 01 74 ff // leftover byte that is no filter"), "malformed");
});

test("[2.2.1-2] #15 QoS 0 PUBLISH is encoded without a packet id; the decoder reads none", () => {
  const bytes = encodePacket({ type: PacketType.Publish, topicName: "t", payload: hex("aa bb"), qos: QoS.AtMostOnce, retain: false, duplicate: false, packetId: 5 });
  assert.equal(toHex(bytes), "30 06 00 01 74 00 aa bb");
  const decoded = decodeFrameBytes(bytes) as PublishPacket;
  assert.equal("packetId" in decoded, false);
  assert.equal(toHex(decoded.payload), "aa bb");
});

test("[2.2.2-1] #20 Property Length 0 is written when a packet or Will has no properties and no short form applies", () => {
  assert.equal(toHex(encodePacket({ type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), qos: 0, retain: false, duplicate: false })), "30 04 00 01 74 00");
  assert.equal(toHex(encodePacket({ type: PacketType.Puback, packetId: 1, reasonCode: 0x80 })), "40 04 00 01 80 00");
  assert.equal(toHex(encodePacket({ type: PacketType.Disconnect, reasonCode: 0x80 })), "e0 02 80 00");
  assert.equal(toHex(encodePacket({ type: PacketType.Suback, packetId: 1, reasonCodes: [0] })), "90 04 00 01 00 00");
  const connect = encodePacket({
    type: PacketType.Connect, clientId: "", cleanStart: false, keepAliveIntervalSeconds: 0,
    will: { topicName: "w", payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: false },
  });
  assert.equal(toHex(connect), toHex(hex("10 13 00 04 \"MQTT\" 05 04 00 00 00 // props 0", "00 00 // client id", "00 // Will Property Length 0", "00 01 \"w\" 00 00")));
});

test("[X-5] #21 a property not allowed in the packet, an unknown id, or a value of the wrong type is malformed", () => {
  assertDecodeFails(hex("40 06 00 01 00 02 24 01 // Maximum QoS in PUBACK"), "malformed");
  assertDecodeFails(hex("40 06 00 01 00 02 7e 01 // unknown identifier 0x7e"), "malformed");
  assertDecodeFails(hex("40 07 00 01 00 03 1f 00 05 // Reason String shorter than its length"), "malformed");
  assertDecodeFails(hex("20 05 00 00 02 13 00 // Server Keep Alive with one byte"), "malformed");
});

test("[X-6] #22 a non-repeatable property present twice is a Protocol Error; User Property may repeat", () => {
  assertDecodeFails(hex("20 09 00 00 06 21 00 0a 21 00 0a // Receive Maximum twice"), "protocol");
  assertDecodeFails(hex("30 0a 00 01 74 06 23 00 01 23 00 02 // Topic Alias twice"), "protocol");
  assertDecodeFails(hex("30 0e 00 01 74 0a 02 00 00 00 01 02 00 00 00 01 // Message Expiry Interval twice"), "protocol");
  const decoded = decodeFrameBytes(hex("40 10 00 01 00 0c 26 00 01 61 00 00 26 00 01 61 00 00")) as { userProperties?: unknown };
  assert.deepEqual(decoded.userProperties, [{ name: "a", value: "" }, { name: "a", value: "" }]);
});

test("[3.1.2-24] #41 an incoming packet above the client's Maximum Packet Size is refused with 0x95 from its header, before buffering", () => {
  const decoder = new PacketDecoder({ maximumPacketSizeBytes: 1024 });
  decoder.push(hex("30 ff"));
  decoder.push(hex("ff"));
  assert.ok(decoder.bufferedBytes <= 3);
  assert.throws(() => decoder.push(hex("7f // RL 2,097,151")), (e: unknown) => e instanceof ProtocolError && e.reasonCode === 0x95);
  assert.ok(decoder.bufferedBytes <= 4);
});

test("[6.0.0-2] #219 packets are reassembled independently of frame boundaries (several per frame, split across frames)", () => {
  const stream = Uint8Array.from(ONE_OF_EACH.flatMap((packet) => [...encodePacket(packet)]));
  const frames = [stream.subarray(0, 3), stream.subarray(3, 4), stream.subarray(4, 40), stream.subarray(40)];
  const decoder = new PacketDecoder();
  const packets = frames.flatMap((frame) => decoder.push(frame));
  assert.deepEqual(packets.map((p) => p.type), ONE_OF_EACH.map((p) => p.type));
  assert.throws(() => new PacketDecoder().push(hex("00")), MalformedPacketError);
});
