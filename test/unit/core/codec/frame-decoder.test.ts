import assert from "node:assert/strict";
import { test } from "node:test";
import { encodePacket, PacketDecoder } from "../../../../src/core/codec/index.js";
import { MalformedPacketError, ProtocolError } from "../../../../src/core/errors.js";
import { PacketType, QoS } from "../../../../src/core/model/enums.js";
import type { Packet, PublishPacket } from "../../../../src/core/model/packet.js";
import { hex } from "../../../support/hex.js";
import { SeededRandom } from "../../../support/seeded-random.js";

const PACKETS: Packet[] = [
  { type: PacketType.Connack, sessionPresent: false, reasonCode: 0, receiveMaximum: 10 },
  { type: PacketType.Publish, topicName: "a/b", payload: new Uint8Array(200).fill(7), qos: QoS.AtLeastOnce, retain: false, duplicate: false, packetId: 1 },
  { type: PacketType.Pingresp },
  { type: PacketType.Puback, packetId: 1, reasonCode: 0 },
  { type: PacketType.Publish, topicName: "t", payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: true, duplicate: false, userProperties: [{ name: "k", value: "v" }] },
  { type: PacketType.Suback, packetId: 2, reasonCodes: [0, 1, 0x80] },
  { type: PacketType.Disconnect, reasonCode: 0 },
];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const STREAM = concat(PACKETS.map((p) => encodePacket(p)));

function pushAll(decoder: PacketDecoder, chunks: Uint8Array[]): Packet[] {
  const packets: Packet[] = [];
  for (const chunk of chunks) packets.push(...decoder.push(chunk));
  return packets;
}

test("many packets in one chunk", () => {
  const decoder = new PacketDecoder();
  assert.deepStrictEqual(decoder.push(STREAM), PACKETS);
  assert.equal(decoder.bufferedBytes, 0);
});

test("one byte at a time", () => {
  const decoder = new PacketDecoder();
  const chunks = Array.from(STREAM, (_, i) => STREAM.subarray(i, i + 1));
  assert.deepStrictEqual(pushAll(decoder, chunks), PACKETS);
  assert.equal(decoder.bufferedBytes, 0);
});

test("every split point into two chunks", () => {
  for (let split = 0; split <= STREAM.length; split++) {
    const decoder = new PacketDecoder();
    assert.deepStrictEqual(pushAll(decoder, [STREAM.subarray(0, split), STREAM.subarray(split)]), PACKETS, `split at ${split}`);
  }
});

test("every pair of split points inside the first 40 bytes", () => {
  for (let a = 0; a < 40; a++) {
    for (let b = a; b < 40; b++) {
      const chunks = [STREAM.subarray(0, a), STREAM.subarray(a, b), STREAM.subarray(b)];
      assert.deepStrictEqual(pushAll(new PacketDecoder(), chunks), PACKETS, `splits ${a}, ${b}`);
    }
  }
});

test("random chunkings (seeded)", () => {
  const random = new SeededRandom(0x5eed);
  for (let round = 0; round < 200; round++) {
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < STREAM.length; ) {
      const size = random.int(0, 40);
      chunks.push(STREAM.subarray(offset, offset + size));
      offset += size;
    }
    assert.deepStrictEqual(pushAll(new PacketDecoder(), chunks), PACKETS, `round ${round}`);
  }
});

test("bufferedBytes counts the held header and body bytes", () => {
  const frame = encodePacket(PACKETS[1]!); // 30-ish byte header + 200 byte payload, RL needs 2 bytes
  const decoder = new PacketDecoder();
  assert.deepEqual(decoder.push(frame.subarray(0, 1)), []);
  assert.equal(decoder.bufferedBytes, 1);
  assert.deepEqual(decoder.push(frame.subarray(1, 2)), []);
  assert.equal(decoder.bufferedBytes, 2);
  assert.deepEqual(decoder.push(frame.subarray(2, 10)), []);
  assert.equal(decoder.bufferedBytes, 10);
  assert.equal(decoder.push(frame.subarray(10)).length, 1);
  assert.equal(decoder.bufferedBytes, 0);
});

test("a packet inside one chunk is decoded in place: the payload is a view into the chunk", () => {
  const chunk = concat([encodePacket(PACKETS[2]!), encodePacket(PACKETS[1]!)]);
  const [, publish] = new PacketDecoder().push(chunk) as [Packet, PublishPacket];
  assert.equal(publish.payload.buffer, chunk.buffer);
});

test("a packet spanning chunks is assembled once into an exact-size buffer", () => {
  const frame = encodePacket(PACKETS[1]!);
  const decoder = new PacketDecoder();
  decoder.push(frame.subarray(0, 50));
  const [publish] = decoder.push(frame.subarray(50)) as [PublishPacket];
  const remainingLength = frame.length - 3; // 1 byte type + 2 bytes RL
  assert.equal(publish.payload.buffer.byteLength, remainingLength);
  assert.notEqual(publish.payload.buffer, frame.buffer);
});

test("a large body spanning chunks grows with the bytes received and ends exact-size", () => {
  const payload = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
  const frame = encodePacket({ type: PacketType.Publish, topicName: "big", payload, qos: 0, retain: false, duplicate: false });
  const decoder = new PacketDecoder();
  const before = process.memoryUsage().arrayBuffers;
  decoder.push(frame.subarray(0, 100));
  assert.ok(process.memoryUsage().arrayBuffers - before < 200_000, "not the whole announced body up front");
  const packets: Packet[] = [];
  for (let offset = 100; offset < frame.length; offset += 7_000) packets.push(...decoder.push(frame.subarray(offset, offset + 7_000)));
  const [publish] = packets as [PublishPacket];
  assert.equal(packets.length, 1);
  assert.deepEqual(publish.payload, payload);
  assert.equal(publish.payload.buffer.byteLength, frame.length - 1 - 3, "exact-size body buffer");
  assert.equal(decoder.bufferedBytes, 0);
});

test("a header announcing 256 MiB does not reserve 256 MiB", () => {
  const decoder = new PacketDecoder();
  const before = process.memoryUsage().arrayBuffers;
  decoder.push(hex("30 ff ff ff 7f 00 01"));
  assert.equal(decoder.bufferedBytes, 7);
  assert.ok(process.memoryUsage().arrayBuffers - before < 1_000_000);
});

test("Maximum Packet Size is checked from the header, before the body is buffered [MQTT-3.1.2-24]", () => {
  const decoder = new PacketDecoder({ maximumPacketSizeBytes: 100 });
  // PUBLISH with Remaining Length 1,000,000 (3-byte VBI): only the header arrives.
  assert.deepEqual(decoder.push(hex("30 c0 84")), []);
  assert.ok(decoder.bufferedBytes <= 5);
  assert.throws(() => decoder.push(hex("3d")), (e: unknown) => e instanceof ProtocolError && e.reasonCode === 0x95);
  assert.ok(decoder.bufferedBytes <= 5, "nothing of the body was buffered");
});

test("Maximum Packet Size counts the whole packet: limit passes, limit + 1 fails", () => {
  const frame = encodePacket({ type: PacketType.Publish, topicName: "t", payload: new Uint8Array(20), qos: 0, retain: false, duplicate: false });
  assert.equal(new PacketDecoder({ maximumPacketSizeBytes: frame.length }).push(frame).length, 1);
  assert.throws(
    () => new PacketDecoder({ maximumPacketSizeBytes: frame.length - 1 }).push(frame),
    (e: unknown) => e instanceof ProtocolError && e.reasonCode === 0x95,
  );
});

test("reserved packet type 0 and bad flags are rejected on the first byte", () => {
  assert.throws(() => new PacketDecoder().push(hex("00")), MalformedPacketError);
  assert.throws(() => new PacketDecoder().push(hex("0f")), MalformedPacketError);
  assert.throws(() => new PacketDecoder().push(hex("41")), MalformedPacketError);
});

test("Remaining Length: a 4th byte with continuation and non-minimal forms are malformed [MQTT-1.5.5-1]", () => {
  assert.throws(() => new PacketDecoder().push(hex("30 80 80 80 80 01")), MalformedPacketError);
  assert.throws(() => new PacketDecoder().push(hex("d0 80 00")), MalformedPacketError);
  const decoder = new PacketDecoder();
  decoder.push(hex("30 ff"));
  decoder.push(hex("ff"));
  decoder.push(hex("ff"));
  assert.throws(() => decoder.push(hex("ff")), MalformedPacketError);
});

test("after an error the decoder stays failed until reset()", () => {
  const decoder = new PacketDecoder();
  assert.throws(() => decoder.push(hex("d0 01 00")), MalformedPacketError);
  assert.throws(() => decoder.push(hex("d0 00")), MalformedPacketError);
  decoder.reset();
  assert.equal(decoder.bufferedBytes, 0);
  assert.deepStrictEqual(decoder.push(hex("d0 00")), [{ type: PacketType.Pingresp }]);
});

test("reset() drops a partial packet", () => {
  const decoder = new PacketDecoder();
  decoder.push(hex("30 05 00"));
  assert.equal(decoder.bufferedBytes, 3);
  decoder.reset();
  assert.equal(decoder.bufferedBytes, 0);
  assert.deepStrictEqual(decoder.push(hex("e0 00")), [{ type: PacketType.Disconnect, reasonCode: 0 }]);
});

test("an empty chunk changes nothing", () => {
  const decoder = new PacketDecoder();
  assert.deepEqual(decoder.push(new Uint8Array(0)), []);
  decoder.push(hex("c0"));
  assert.deepEqual(decoder.push(new Uint8Array(0)), []);
  assert.deepStrictEqual(decoder.push(hex("00")), [{ type: PacketType.Pingreq }]);
});

test("decode errors inside a packet surface from push as MalformedPacketError / ProtocolError", () => {
  assert.throws(() => new PacketDecoder().push(hex("40 03 00 01 92")), (e: unknown) => e instanceof ProtocolError && e.reasonCode === 0x82);
  assert.throws(() => new PacketDecoder().push(hex("20 02 00 00")), MalformedPacketError);
});
