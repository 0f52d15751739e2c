// Codec throughput: our encodePacket / PacketDecoder against mqtt-packet's generate() / parser(), protocol 5.
// `npm run bench:codec` (compiles, then runs .test-build/bench/codec-bench.js); `--smoke` runs tiny fixed counts so
// CI can check the benchmark still works (test/property/bench-smoke.test.ts). Prints a Markdown table.
//
// Method: each measurement warms up for WARMUP_MS, then runs batches (sized to take ≥ ~20 ms each) until RUN_MS
// have passed, and reports iterations / elapsed time. Decoding is measured from one complete frame buffer per
// operation (our PacketDecoder.push(frame) vs mqtt-packet's parser.parse(frame) with a counting 'packet' listener)
// — the same bytes for both, so framing work is comparable. Results are kept in a sink so nothing is optimised away.
import { Buffer } from "node:buffer";
import { isDeepStrictEqual } from "node:util";
import { performance } from "node:perf_hooks";
import { generate, parser, type Packet as MqttJsPacket } from "mqtt-packet";
import { encodePacket, PacketDecoder } from "../src/core/codec/index.js";
import { PacketType, QoS, SubackReasonCode } from "../src/core/model/enums.js";
import type { Packet } from "../src/core/model/packet.js";
import { toMqttPacket } from "../test/oracle/mqtt-packet-mapping.js";
import { normalisePacket } from "../test/property/packet-normalise.js";
import { SeededRandom } from "../test/support/seeded-random.js";

const SMOKE = process.argv.includes("--smoke");
const WARMUP_MS = SMOKE ? 0 : 250;
const RUN_MS = SMOKE ? 0 : 1_200;
const SMOKE_ITERATIONS = 200;
const MQTT_OPTIONS = { protocolVersion: 5 } as const;

let sink = 0;

interface BenchCase {
  name: string;
  packet: Packet;
}

function benchCases(): BenchCase[] {
  const rng = new SeededRandom(2024);
  const publish = (payloadBytes: number): Packet => ({
    type: PacketType.Publish, topicName: "sensors/t1", payload: rng.bytes(payloadBytes), qos: QoS.AtLeastOnce,
    retain: false, duplicate: false, packetId: 42,
  });
  return [
    { name: "PUBLISH QoS 1, 64 B", packet: publish(64) },
    { name: "PUBLISH QoS 1, 16 KiB", packet: publish(16 * 1024) },
    {
      name: "PUBLISH QoS 1, 64 B + 6 properties",
      packet: {
        ...(publish(64) as Packet & { type: PacketType.Publish }),
        contentType: "application/json", messageExpiryIntervalSeconds: 3600, responseTopic: "replies/t1",
        correlationData: rng.bytes(16),
        userProperties: [{ name: "trace", value: "abc123" }, { name: "region", value: "eu-west-1" }],
      },
    },
    {
      name: "SUBACK, 8 reason codes",
      packet: {
        type: PacketType.Suback, packetId: 7,
        reasonCodes: [0, 1, 2, 1, SubackReasonCode.NotAuthorized, 0, 2, SubackReasonCode.QuotaExceeded],
      },
    },
  ];
}

/** ops/s of `operation` (called with a batch size), after warm-up. */
function measure(operation: (iterations: number) => void): number {
  if (SMOKE) {
    const started = performance.now();
    operation(SMOKE_ITERATIONS);
    return SMOKE_ITERATIONS / Math.max((performance.now() - started) / 1000, 1e-9);
  }
  let batch = 16;
  const warmupEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmupEnd) {
    const started = performance.now();
    operation(batch);
    if (performance.now() - started < 20) batch *= 2;
  }
  let iterations = 0;
  const started = performance.now();
  let now = started;
  while (now - started < RUN_MS) {
    operation(batch);
    iterations += batch;
    now = performance.now();
  }
  return iterations / ((now - started) / 1000);
}

interface Row {
  name: string;
  operation: string;
  ours: number;
  theirs: number;
}

function benchOne({ name, packet }: BenchCase): Row[] {
  const theirsObject = toMqttPacket(packet) as unknown as MqttJsPacket;
  const frame = encodePacket(packet);
  const frameBuffer = Buffer.from(frame);

  // Sanity before timing: both sides decode the shared frame, and ours decodes it to the original packet.
  const check = new PacketDecoder().push(frame);
  if (check.length !== 1 || !isDeepStrictEqual(normalisePacket(check[0] as Packet), normalisePacket(packet))) {
    throw new Error(`${name}: our decoder does not round-trip the benchmark frame`);
  }
  let parsed = 0;
  const mqttParser = parser(MQTT_OPTIONS);
  mqttParser.on("packet", () => parsed++);
  mqttParser.on("error", (error: unknown) => {
    throw new Error(`${name}: mqtt-packet cannot parse the benchmark frame: ${String(error)}`);
  });
  mqttParser.parse(frameBuffer);
  const theirFrame = new PacketDecoder().push(generate(theirsObject, MQTT_OPTIONS));
  if (parsed !== 1 || theirFrame.length !== 1 || !isDeepStrictEqual(normalisePacket(theirFrame[0] as Packet), normalisePacket(packet))) {
    throw new Error(`${name}: mqtt-packet does not agree on the benchmark packet`);
  }

  const decoder = new PacketDecoder();
  const encodeOurs = measure((n) => {
    for (let i = 0; i < n; i++) sink += encodePacket(packet).length;
  });
  const encodeTheirs = measure((n) => {
    for (let i = 0; i < n; i++) sink += generate(theirsObject, MQTT_OPTIONS).length;
  });
  const decodeOurs = measure((n) => {
    for (let i = 0; i < n; i++) sink += decoder.push(frame).length;
  });
  const before = parsed;
  const decodeTheirs = measure((n) => {
    for (let i = 0; i < n; i++) mqttParser.parse(frameBuffer);
  });
  if (parsed === before) throw new Error(`${name}: mqtt-packet's parser emitted no packets while timed`);
  sink += parsed;
  return [
    { name, operation: "encode", ours: encodeOurs, theirs: encodeTheirs },
    { name, operation: "decode", ours: decodeOurs, theirs: decodeTheirs },
  ];
}

function formatRate(opsPerSecond: number): string {
  return Math.round(opsPerSecond).toLocaleString("en-US");
}

function main(): void {
  const rows = benchCases().flatMap(benchOne);
  console.log(`\nCodec benchmark — node ${process.version}${SMOKE ? " — SMOKE RUN (numbers meaningless)" : ""}\n`);
  console.log("| case | operation | ours (ops/s) | mqtt-packet (ops/s) | ours / mqtt-packet |");
  console.log("|---|---|---:|---:|---:|");
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.operation} | ${formatRate(row.ours)} | ${formatRate(row.theirs)} | ` +
      `${(row.ours / row.theirs).toFixed(2)}× |`);
  }
  console.log(`\n(sink ${sink % 10})`);
}

main();
