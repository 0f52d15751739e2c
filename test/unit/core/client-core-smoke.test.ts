// First end-to-end scenarios through the core: connect, each QoS both ways, subscribe, stop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { PacketType, QoS, SubackReasonCode } from "../../../src/core/model/enums.js";

test("connect writes CONNECT first and emits attemptingConnect then connectionSuccess", () => {
  const h = new CoreHarness();
  h.connect();
  assert.equal(h.written[0]?.type, PacketType.Connect);
  assert.deepEqual(h.eventKinds(), ["attemptingConnect", "connectionSuccess"]);
  assert.equal(h.core.isConnected(), true);
});

test("QoS 1 publish resolves with the PUBACK", () => {
  const h = new CoreHarness();
  h.connect();
  const op = h.publish("a/b", QoS.AtLeastOnce);
  const publish = h.lastWritten();
  assert.equal(publish?.type, PacketType.Publish);
  const packetId = publish?.type === PacketType.Publish ? publish.packetId : undefined;
  assert.equal(packetId, 1);
  h.serverSends({ type: PacketType.Puback, packetId: 1, reasonCode: 0 });
  const result = h.result(op);
  assert.ok(result?.ok);
  assert.equal(result.value.kind, "publish");
});

test("QoS 2 publish: PUBREC → PUBREL → PUBCOMP resolves", () => {
  const h = new CoreHarness();
  h.connect();
  const op = h.publish("a/b", QoS.ExactlyOnce);
  h.serverSends({ type: PacketType.Pubrec, packetId: 1, reasonCode: 0 });
  assert.equal(h.lastWritten()?.type, PacketType.Pubrel);
  assert.equal(h.result(op), undefined);
  h.serverSends({ type: PacketType.Pubcomp, packetId: 1, reasonCode: 0 });
  assert.ok(h.result(op)?.ok);
});

test("subscribe resolves with the full SUBACK", () => {
  const h = new CoreHarness();
  h.connect();
  const op = h.subscribe("a/#");
  h.serverSends({ type: PacketType.Suback, packetId: 1, reasonCodes: [SubackReasonCode.GrantedQoS1] });
  const result = h.result(op);
  assert.ok(result?.ok && result.value.kind === "subscribe");
  assert.deepEqual(result.value.suback.reasonCodes, [1]);
});

test("stop with DISCONNECT writes it, then disconnection and stopped", () => {
  const h = new CoreHarness();
  h.connect();
  h.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: 4 } });
  assert.equal(h.lastWritten()?.type, PacketType.Disconnect);
  assert.deepEqual(h.eventKinds(), ["attemptingConnect", "connectionSuccess", "disconnection", "stopped"]);
});

test("inbound QoS 2 is delivered once and completed with PUBREC/PUBCOMP", () => {
  const h = new CoreHarness();
  h.connect();
  const publish = { type: PacketType.Publish, topicName: "x", payload: new Uint8Array([1]), qos: QoS.ExactlyOnce, retain: false, duplicate: false, packetId: 7 } as const;
  h.serverSends(publish);
  const received = h.events.filter((e) => e.kind === "messageReceived");
  assert.equal(received.length, 1);
  const ackId = received[0]?.kind === "messageReceived" ? received[0].acknowledgementId : undefined;
  assert.ok(ackId !== undefined);
  h.handle({ kind: "acknowledge", acknowledgementId: ackId });
  assert.equal(h.lastWritten()?.type, PacketType.Pubrec);
  h.serverSends({ ...publish, duplicate: true });
  assert.equal(h.events.filter((e) => e.kind === "messageReceived").length, 1);
  h.serverSends({ type: PacketType.Pubrel, packetId: 7, reasonCode: 0 });
  assert.equal(h.lastWritten()?.type, PacketType.Pubcomp);
});
