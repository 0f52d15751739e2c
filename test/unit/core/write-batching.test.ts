// Write batching: packets waiting while a write is in flight leave together in ONE write, at most one write is
// outstanding, the next batch waits for writeCompleted, and a write holds at most maximumWriteBytes — except a
// single larger packet, which goes out alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { PacketDecoder } from "../../../src/core/codec/index.js";
import { PacketType, QoS } from "../../../src/core/model/enums.js";
import type { Packet } from "../../../src/core/model/packet.js";
import { acknowledge, acknowledgementIdOf, serverPublish, settledValue } from "../../support/session-helpers.js";

function decodeWrite(bytes: Uint8Array): Packet[] {
  return new PacketDecoder().push(bytes);
}

function describe(packet: Packet): string {
  if (packet.type === PacketType.Publish) return `Publish:${packet.topicName}`;
  return PacketType[packet.type];
}

function holdingWrites(maximumWriteBytes = 64 * 1024): CoreHarness {
  const h = new CoreHarness({ maximumWriteBytes });
  h.connect();
  h.autoCompleteWrites = false;
  return h;
}

test("operations queued behind a write in flight go out together in one write after writeCompleted", () => {
  const h = holdingWrites();
  h.publish("first", QoS.AtMostOnce);
  const writesBefore = h.writes.length;
  const ops = [h.publish("a", QoS.AtLeastOnce), h.subscribe("b"), h.publish("c", QoS.AtMostOnce), h.unsubscribe("d"), h.publish("e", QoS.ExactlyOnce)];
  assert.equal(h.writes.length, writesBefore, "a second write while one is outstanding");
  h.completeWrite();
  assert.equal(h.writes.length, writesBefore + 1);
  const batch = decodeWrite(h.writes.at(-1) as Uint8Array).map(describe);
  assert.deepEqual(batch, ["Publish:a", "Subscribe", "Publish:c", "Unsubscribe", "Publish:e"]);
  assert.equal(h.result(ops[2] as number), undefined, "QoS 0 settles when its write completes");
  h.completeWrite();
  settledValue(h, ops[2] as number);
});

test("operations submitted while offline leave in one write after the CONNACK", () => {
  const h = new CoreHarness();
  h.subscribe("a");
  h.publish("b", QoS.AtLeastOnce);
  h.publish("c", QoS.ExactlyOnce);
  h.connect();
  assert.equal(h.writes.length, 2, "CONNECT, then one batch");
  assert.deepEqual(decodeWrite(h.writes[1] as Uint8Array).map(describe), ["Subscribe", "Publish:b", "Publish:c"]);
});

test("acknowledgements waiting behind a write join the next batch, ahead of operations", () => {
  const h = holdingWrites();
  h.publish("first", QoS.AtMostOnce);
  h.serverSends(serverPublish("in1", QoS.AtLeastOnce, 1), serverPublish("in2", QoS.ExactlyOnce, 2));
  acknowledge(h, acknowledgementIdOf(h, 0));
  acknowledge(h, acknowledgementIdOf(h, 1));
  h.publish("next", QoS.AtMostOnce);
  h.completeWrite();
  assert.deepEqual(decodeWrite(h.writes.at(-1) as Uint8Array).map(describe), ["Puback", "Pubrec", "Publish:next"]);
});

test("no write exceeds maximumWriteBytes when every packet is smaller", () => {
  const limit = 100;
  const h = holdingWrites(limit);
  h.publish("first", QoS.AtMostOnce);
  for (let i = 0; i < 40; i++) h.publish(`t/${i}`, QoS.AtMostOnce, { payload: new Uint8Array(20) });
  let guard = 0;
  while (h.writeInFlight && guard++ < 100) h.completeWrite();
  const sizes = h.writes.slice(2).map((w) => w.length); // after CONNECT and "first"
  assert.ok(sizes.length > 1, "everything went in one write");
  for (const size of sizes) assert.ok(size <= limit, `a write of ${size} bytes exceeds maximumWriteBytes ${limit}`);
  // Each PUBLISH: 2 fixed header + 2 + topic + 1 property length + 20 payload = 28 (t/0..t/9) or 29 (t/10..t/39).
  assert.equal(sizes.reduce((a, b) => a + b, 0), 10 * 28 + 30 * 29, "bytes lost or duplicated");
  const topics = h.writtenOfType(PacketType.Publish).map((p) => p.topicName).slice(1);
  assert.deepEqual(topics, Array.from({ length: 40 }, (_, i) => `t/${i}`), "order kept across writes");
});

test("a packet larger than maximumWriteBytes goes out alone, between its neighbours", () => {
  const h = holdingWrites(100);
  h.publish("first", QoS.AtMostOnce);
  h.publish("small1", QoS.AtMostOnce);
  h.publish("big", QoS.AtMostOnce, { payload: new Uint8Array(500) });
  h.publish("small2", QoS.AtMostOnce);
  const batches: string[][] = [];
  while (h.writeInFlight) {
    h.completeWrite();
    if (h.writeInFlight) batches.push(decodeWrite(h.writes.at(-1) as Uint8Array).map(describe));
  }
  assert.deepEqual(batches, [["Publish:small1"], ["Publish:big"], ["Publish:small2"]]);
});

test("a large acknowledgement backlog is split over several writes too", () => {
  const h = holdingWrites(20);
  h.publish("first", QoS.AtMostOnce);
  for (let id = 1; id <= 20; id++) h.serverSends(serverPublish("in", QoS.AtLeastOnce, id));
  for (let i = 0; i < 20; i++) acknowledge(h, acknowledgementIdOf(h, i));
  let writes = 0;
  while (h.writeInFlight) {
    h.completeWrite();
    if (h.writeInFlight) {
      writes++;
      assert.ok((h.writes.at(-1) as Uint8Array).length <= 20);
    }
  }
  assert.equal(writes, 4, "20 PUBACKs of 4 bytes in writes of at most 20 bytes");
  assert.deepEqual(h.writtenOfType(PacketType.Puback).map((p) => p.packetId), Array.from({ length: 20 }, (_, i) => i + 1));
});
