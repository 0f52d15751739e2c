// mqtt-packet 9.0.2 (protocolVersion 5) as an independent oracle for our codec:
//  (a) what we encode, mqtt-packet's parser reads as the same content;
//  (b) what mqtt-packet's generate() writes, we decode as the same content.
// Inputs: one hand-built packet per type with every allowed property (full-packets.ts) and seeded random packets
// (test/support/packet-generators.ts), adjusted only where mqtt-packet cannot represent them — each limitation is
// listed in the header of mqtt-packet-mapping.ts. Byte-for-byte equality is not asserted: both encoders may order
// properties differently and choose different (equally legal) short forms of acknowledgements.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { test } from "node:test";
import { generate, parser, type Packet as MqttJsPacket } from "mqtt-packet";
import { decodePacket, encodePacket, PacketDecoder } from "../../src/core/codec/index.js";
import { PacketType } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import { ALL_PACKET_TYPES, randomPacket } from "../support/packet-generators.js";
import { hex, SeededRandom, seedsFromEnvironment } from "../support/seeded-random.js";
import { splitFrame } from "../property/frames.js";
import { describePacket, normalisePacket } from "../property/packet-normalise.js";
import { FULL_PACKETS } from "./full-packets.js";
import {
  canonicalMqttObject,
  type MqttPacketObject,
  representableByMqttPacket,
  toMqttPacket,
} from "./mqtt-packet-mapping.js";

const SEEDS = seedsFromEnvironment("CODEC_PROPERTY_SEED", [0x0a11_0001, 0x0a11_0002, 0x0a11_0003, 0x0a11_0004]);
const PACKETS_PER_SEED = 750;

/** Parses one frame with a fresh mqtt-packet parser (its parser keeps state between packets). */
function parseWithMqttPacket(frame: Uint8Array): MqttPacketObject {
  const mqttParser = parser({ protocolVersion: 5 });
  const packets: MqttPacketObject[] = [];
  const errors: unknown[] = [];
  mqttParser.on("packet", (packet) => packets.push(packet as unknown as MqttPacketObject));
  mqttParser.on("error", (error) => errors.push(error));
  const left = mqttParser.parse(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  assert.deepEqual(errors, [], "mqtt-packet's parser reported an error");
  assert.equal(packets.length, 1, "mqtt-packet's parser must emit exactly one packet");
  assert.equal(left, 0, "mqtt-packet's parser left bytes unconsumed");
  return packets[0] as MqttPacketObject;
}

function generateWithMqttPacket(object: MqttPacketObject): Uint8Array {
  // generate() reports invalid input by throwing (an 'error' event on its internal accumulator).
  return generate(object as unknown as MqttJsPacket, { protocolVersion: 5 });
}

function decodeWithOurs(frame: Uint8Array): Packet {
  const { fixedHeaderByte, body } = splitFrame(frame);
  const direct = decodePacket(fixedHeaderByte, body);
  const streamed = new PacketDecoder().push(frame);
  assert.equal(streamed.length, 1, "PacketDecoder must yield exactly one packet for one frame");
  assert.deepStrictEqual(normalisePacket(streamed[0] as Packet), normalisePacket(direct), "PacketDecoder ≠ decodePacket");
  return direct;
}

/** (a) ours → mqtt-packet's parser. */
function checkOursToMqttPacket(packet: Packet): void {
  const frame = encodePacket(packet);
  const parsed = parseWithMqttPacket(frame);
  assert.deepStrictEqual(canonicalMqttObject(parsed), canonicalMqttObject(toMqttPacket(packet)),
    `mqtt-packet read our frame ${hex(frame, 256)} differently`);
}

/** (b) mqtt-packet's generate() → ours. */
function checkMqttPacketToOurs(packet: Packet): void {
  const frame = generateWithMqttPacket(toMqttPacket(packet));
  const decoded = decodeWithOurs(frame);
  assert.deepStrictEqual(normalisePacket(decoded), normalisePacket(packet),
    `we read mqtt-packet's frame ${hex(frame, 256)} differently`);
}

function inContext(context: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof Error) error.message = `${context}\n${error.message}`;
    throw error;
  }
}

test("hand-built packets cover all 15 types", () => {
  assert.deepEqual(FULL_PACKETS.map((p) => p.type).sort((a, b) => a - b), ALL_PACKET_TYPES.slice().sort((a, b) => a - b));
});

for (const packet of FULL_PACKETS) {
  const name = PacketType[packet.type];
  test(`(a) full ${name}: our encoding, parsed by mqtt-packet`, () => {
    inContext(describePacket(packet), () => checkOursToMqttPacket(representableByMqttPacket(packet)));
  });
  test(`(b) full ${name}: mqtt-packet's encoding, decoded by us`, () => {
    inContext(describePacket(packet), () => checkMqttPacketToOurs(representableByMqttPacket(packet)));
  });
}

for (const seed of SEEDS) {
  test(`(a)+(b) random packets, seed ${seed} (CODEC_PROPERTY_SEED=${seed})`, () => {
    const rng = new SeededRandom(seed);
    for (let i = 0; i < PACKETS_PER_SEED; i++) {
      const type = ALL_PACKET_TYPES[i % ALL_PACKET_TYPES.length];
      const packet = representableByMqttPacket(randomPacket(rng, type));
      inContext(`seed ${seed} (CODEC_PROPERTY_SEED=${seed}) packet #${i}: ${describePacket(packet)}`, () => {
        checkOursToMqttPacket(packet);
        checkMqttPacketToOurs(packet);
      });
    }
  });
}

test("the oracle can fail: a changed property is noticed in both directions", () => {
  const publish = FULL_PACKETS.find((p) => p.type === PacketType.Publish);
  assert.ok(publish !== undefined && publish.type === PacketType.Publish);
  const changed: Packet = { ...publish, messageExpiryIntervalSeconds: 601 };
  const parsed = parseWithMqttPacket(encodePacket(changed));
  assert.notDeepStrictEqual(canonicalMqttObject(parsed), canonicalMqttObject(toMqttPacket(publish)));
  const decoded = decodeWithOurs(generateWithMqttPacket(toMqttPacket(changed)));
  assert.notDeepStrictEqual(normalisePacket(decoded), normalisePacket(publish));
});
