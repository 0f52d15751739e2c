// Outbound QoS flows through the core: what each operation settles with, PUBREL handling, packet identifiers,
// and how acknowledgements are matched (by packet id AND type) — MQTT 5 §4.3, §2.2.1, X-21.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { PacketType, QoS, SubackReasonCode } from "../../../src/core/model/enums.js";
import { ProtocolError } from "../../../src/core/errors.js";
import type { Packet } from "../../../src/core/model/packet.js";
import {
  disconnectWritten,
  lastPacketId,
  onTransportOfType,
  puback,
  pubcomp,
  pubrec,
  pubrel,
  publishesOnTransport,
  settledError,
  settledValue,
  suback,
  unsuback,
} from "../../support/session-helpers.js";

function connected(): CoreHarness {
  const h = new CoreHarness();
  h.connect();
  return h;
}

test("QoS 0 publish settles when its write completes, not before", () => {
  const h = connected();
  h.autoCompleteWrites = false;
  const op = h.publish("a", QoS.AtMostOnce);
  assert.equal(publishesOnTransport(h).length, 1);
  assert.equal(h.result(op), undefined, "settled before the write completed");
  h.completeWrite();
  assert.deepEqual(settledValue(h, op), { kind: "publish", qos: 0 });
});

test("QoS 0 publish carries no packet id and DUP 0", () => {
  const h = connected();
  h.publish("a", QoS.AtMostOnce, { duplicate: true });
  const written = publishesOnTransport(h)[0];
  assert.equal(written?.packetId, undefined);
  assert.equal(written?.duplicate, false);
});

for (const reasonCode of [0x00, 0x10, 0x80, 0x87, 0x97]) {
  test(`QoS 1 publish settles successfully with the PUBACK, reason code 0x${reasonCode.toString(16)}`, () => {
    const h = connected();
    const op = h.publish("a", QoS.AtLeastOnce);
    const id = lastPacketId(h);
    assert.equal(h.result(op), undefined);
    h.serverSends({ ...puback(id, reasonCode), reasonString: "why" });
    const value = settledValue(h, op);
    assert.ok(value.kind === "publish" && value.qos === 1);
    assert.equal(value.puback.reasonCode, reasonCode);
    assert.equal(value.puback.reasonString, "why");
    assert.equal(h.core.isConnected(), true, "a failure reason code fails only the operation [4.13]");
  });
}

test("QoS 2 publish settles with PUBREC and PUBCOMP after PUBREC → PUBREL → PUBCOMP", () => {
  const h = connected();
  const op = h.publish("a", QoS.ExactlyOnce);
  const id = lastPacketId(h);
  h.serverSends(pubrec(id, 0x10));
  assert.equal(h.result(op), undefined, "settled before the PUBCOMP");
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrel), [{ type: PacketType.Pubrel, packetId: id, reasonCode: 0 }]);
  h.serverSends(pubcomp(id));
  const value = settledValue(h, op);
  assert.ok(value.kind === "publish" && value.qos === 2);
  assert.equal(value.pubrec.reasonCode, 0x10);
  assert.equal(value.pubcomp?.packetId, id);
});

test("QoS 2 publish with a failed PUBREC settles with the PUBREC alone and sends no PUBREL [MQTT-4.4.0-2]", () => {
  const h = connected();
  const op = h.publish("a", QoS.ExactlyOnce);
  const id = lastPacketId(h);
  h.serverSends(pubrec(id, 0x87));
  const value = settledValue(h, op);
  assert.ok(value.kind === "publish" && value.qos === 2);
  assert.equal(value.pubrec.reasonCode, 0x87);
  assert.equal(value.pubcomp, undefined);
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 0);
  // The flow is over: a PUBCOMP for that id now is for an unknown id and is ignored.
  h.serverSends(pubcomp(id));
  assert.equal(h.core.isConnected(), true);
});

test("QoS 2: a PUBCOMP with a failure code still settles the operation with that PUBCOMP", () => {
  const h = connected();
  const op = h.publish("a", QoS.ExactlyOnce);
  const id = lastPacketId(h);
  h.serverSends(pubrec(id), pubcomp(id, 0x92));
  const value = settledValue(h, op);
  assert.ok(value.kind === "publish" && value.qos === 2);
  assert.equal(value.pubcomp?.reasonCode, 0x92);
});

test("one PUBREL per PUBREC, in the order the PUBRECs arrived [MQTT-4.6.0-4]", () => {
  const h = connected();
  const ops = [h.publish("a", QoS.ExactlyOnce), h.publish("b", QoS.ExactlyOnce), h.publish("c", QoS.ExactlyOnce)];
  const ids = publishesOnTransport(h).map((p) => p.packetId as number);
  assert.equal(new Set(ids).size, 3);
  h.serverSends(pubrec(ids[2] as number), pubrec(ids[0] as number));
  h.serverSends(pubrec(ids[1] as number));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrel).map((p) => p.packetId), [ids[2], ids[0], ids[1]]);
  h.serverSends(...ids.map((id) => pubcomp(id)));
  for (const op of ops) settledValue(h, op);
  assert.equal(onTransportOfType(h, PacketType.Pubrel).length, 3, "no extra PUBREL");
  assert.equal(publishesOnTransport(h).length, 3, "the PUBLISH is never sent again after PUBREL [MQTT-4.3.3-6]");
});

test("a repeated PUBREC for a released flow is answered with the PUBREL again, not with the PUBLISH", () => {
  const h = connected();
  const op = h.publish("a", QoS.ExactlyOnce);
  const id = lastPacketId(h);
  h.serverSends(pubrec(id));
  h.serverSends(pubrec(id));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrel).map((p) => p.packetId), [id, id]);
  assert.equal(publishesOnTransport(h).length, 1);
  h.serverSends(pubcomp(id));
  settledValue(h, op);
});

test("SUBSCRIBE, UNSUBSCRIBE and QoS 1/2 PUBLISH in flight never share a packet id [MQTT-2.2.1-3]", () => {
  const h = connected();
  h.subscribe("s/1");
  h.publish("p", QoS.AtLeastOnce);
  h.unsubscribe("s/2");
  h.publish("p", QoS.ExactlyOnce);
  h.publish("p", QoS.AtMostOnce);
  h.subscribe("s/3");
  const ids = h.writtenOnTransport.filter((p) => p.type !== PacketType.Connect && "packetId" in p && p.packetId !== undefined);
  assert.equal(ids.length, 5);
  const values = ids.map((p) => (p as { packetId: number }).packetId);
  assert.equal(new Set(values).size, 5);
  for (const id of values) assert.ok(id >= 1 && id <= 65535);
});

test("packet ids wrap from 65535 to 1 and skip an id still in flight", () => {
  const h = connected();
  const held = h.publish("held", QoS.AtLeastOnce);
  const heldId = lastPacketId(h);
  assert.equal(heldId, 1);
  let lastId = heldId;
  for (let i = 0; i < 65534; i++) {
    h.subscribe("t");
    lastId = lastPacketId(h);
    h.serverSends(suback(lastId, SubackReasonCode.GrantedQoS1));
  }
  assert.equal(lastId, 65535);
  h.subscribe("after-wrap");
  assert.equal(lastPacketId(h), 2, "id 1 is still awaiting its PUBACK and must be skipped");
  h.serverSends(puback(heldId));
  settledValue(h, held);
});

test("with all 65,535 packet ids in flight the queue waits, then the freed id is used", () => {
  const h = connected();
  for (let i = 0; i < 65535; i++) h.subscribe("t");
  const sent = onTransportOfType(h, PacketType.Subscribe).length;
  assert.equal(sent, 65535);
  const waiting = h.subscribe("waiting");
  const qos0 = h.publish("q0", QoS.AtMostOnce);
  assert.equal(onTransportOfType(h, PacketType.Subscribe).length, 65535, "a 65,536th id was bound");
  assert.equal(h.result(waiting), undefined);
  assert.equal(h.core.isConnected(), true, "running out of ids is not a connection failure");
  h.serverSends(suback(4242, SubackReasonCode.GrantedQoS0));
  const last = onTransportOfType(h, PacketType.Subscribe).at(-1);
  assert.equal(last?.subscriptions[0]?.topicFilter, "waiting");
  assert.equal(last?.packetId, 4242);
  settledValue(h, qos0);
});

interface MismatchCase {
  name: string;
  submit: (h: CoreHarness) => number;
  answer: (id: number) => Packet[];
}

const mismatches: MismatchCase[] = [
  { name: "PUBACK for a QoS 2 publish", submit: (h) => h.publish("a", QoS.ExactlyOnce), answer: (id) => [puback(id)] },
  { name: "PUBREC for a QoS 1 publish", submit: (h) => h.publish("a", QoS.AtLeastOnce), answer: (id) => [pubrec(id)] },
  { name: "PUBCOMP before the PUBREC", submit: (h) => h.publish("a", QoS.ExactlyOnce), answer: (id) => [pubcomp(id)] },
  { name: "PUBACK for a released QoS 2 flow", submit: (h) => h.publish("a", QoS.ExactlyOnce), answer: (id) => [pubrec(id), puback(id)] },
  { name: "SUBACK for a QoS 1 publish", submit: (h) => h.publish("a", QoS.AtLeastOnce), answer: (id) => [suback(id, 0)] },
  { name: "PUBACK for a SUBSCRIBE", submit: (h) => h.subscribe("a"), answer: (id) => [puback(id)] },
  { name: "UNSUBACK for a SUBSCRIBE", submit: (h) => h.subscribe("a"), answer: (id) => [unsuback(id, 0)] },
  { name: "SUBACK for an UNSUBSCRIBE", submit: (h) => h.unsubscribe("a"), answer: (id) => [suback(id, 0)] },
];

for (const c of mismatches) {
  test(`acks are matched by id and type: ${c.name} → DISCONNECT 0x82, operation not completed by it`, () => {
    const h = connected();
    const op = c.submit(h);
    h.serverSends(...c.answer(lastPacketId(h)));
    assert.equal(disconnectWritten(h)?.reasonCode, 0x82);
    assert.equal(h.core.isConnected(), false);
    const disconnection = h.events.find((e) => e.kind === "disconnection");
    assert.ok(disconnection?.kind === "disconnection" && disconnection.error instanceof ProtocolError);
    const result = h.result(op);
    assert.ok(result === undefined || !result.ok, "the mismatched ack must not complete the operation");
  });
}

test("X-21: PUBREC for an unknown id → PUBREL 0x92; PUBREL for an unknown id → PUBCOMP 0x92", () => {
  const h = connected();
  h.serverSends(pubrec(77));
  h.serverSends(pubrel(78));
  assert.deepEqual(onTransportOfType(h, PacketType.Pubrel), [{ type: PacketType.Pubrel, packetId: 77, reasonCode: 0x92 }]);
  assert.deepEqual(onTransportOfType(h, PacketType.Pubcomp), [{ type: PacketType.Pubcomp, packetId: 78, reasonCode: 0x92 }]);
  assert.equal(h.core.isConnected(), true);
});

for (const [name, packet] of [
  ["PUBACK", puback(9)],
  ["PUBCOMP", pubcomp(9)],
  ["SUBACK", suback(9, 0)],
  ["UNSUBACK", unsuback(9, 0)],
] as const) {
  test(`X-21: ${name} for an unknown id is ignored`, () => {
    const h = connected();
    const op = h.publish("a", QoS.AtLeastOnce);
    const before = h.written.length;
    h.serverSends(packet);
    assert.equal(h.written.length, before, "nothing is written in answer");
    assert.equal(h.core.isConnected(), true);
    assert.equal(h.result(op), undefined, "the unrelated operation is untouched");
  });
}

for (const kind of ["SUBACK", "UNSUBACK"] as const) {
  for (const count of [1, 3]) {
    test(`${kind} with ${count} reason codes for 2 filters fails that operation and the connection (0x82)`, () => {
      const h = connected();
      const other = h.publish("other", QoS.AtLeastOnce);
      const op = kind === "SUBACK"
        ? h.submit({ kind: "subscribe", packet: { type: PacketType.Subscribe, packetId: 0, subscriptions: [{ topicFilter: "a", qos: 1 }, { topicFilter: "b", qos: 0 }] } })
        : h.unsubscribe("a", "b");
      const id = lastPacketId(h);
      const codes = Array.from({ length: count }, () => 0);
      h.serverSends(kind === "SUBACK" ? suback(id, ...codes) : unsuback(id, ...codes));
      const error = settledError(h, op);
      assert.ok(error instanceof ProtocolError);
      assert.equal(disconnectWritten(h)?.reasonCode, 0x82);
      assert.equal(h.result(other), undefined, "the QoS 1 publish waits for the next connection");
    });
  }
}

test("SUBACK reason codes are returned in filter order, whatever they are [MQTT-3.9.3-1]", () => {
  const h = connected();
  const op = h.submit({
    kind: "subscribe",
    packet: { type: PacketType.Subscribe, packetId: 0, subscriptions: [{ topicFilter: "a", qos: 2 }, { topicFilter: "b", qos: 1 }, { topicFilter: "c", qos: 0 }] },
  });
  h.serverSends(suback(lastPacketId(h), 0x87, 0x01, 0x00));
  const value = settledValue(h, op);
  assert.ok(value.kind === "subscribe");
  assert.deepEqual(value.suback.reasonCodes, [0x87, 0x01, 0x00]);
});
