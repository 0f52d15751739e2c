// The offline queue (behavior.md §4.6–§4.7) as one parameterised table: every ClientOperationQueueBehavior ×
// operation kind × where the operation is when the connection is lost × whether the next CONNACK rejoins the session.
// Our documented departures from aws-c-mqtt: a QoS 2 flow whose session is lost settles with OperationError
// "sessionLost"; a QoS 1 PUBLISH whose session is lost is re-sent as a NEW message (DUP 0, fresh id; fixes §14.9).
// Every test ends with close() and checks that every operation settled exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { ClientOperationQueueBehavior, ClientSessionBehavior, PacketType, QoS } from "../../../src/core/model/enums.js";
import { OperationError } from "../../../src/core/errors.js";
import type { Packet } from "../../../src/core/model/packet.js";
import { puback, pubcomp, pubrec, settledError, settledValue, suback, unsuback } from "../../support/session-helpers.js";

type Kind = "qos0" | "qos1" | "qos2" | "subscribe" | "unsubscribe";
type Where = "offline:stopped" | "offline:connecting" | "offline:pendingReconnect" | "queued" | "writing" | "unacked";
type Outcome =
  | "refusedAtSubmit" // settled with offlineQueuePolicy at once
  | "failedOnDisconnect" // settled with offlineQueuePolicy when the connection is lost
  | "failedAtConnack" // settled with offlineQueuePolicy when the next CONNACK says the session is lost
  | "sessionLost" // settled with OperationError "sessionLost" at that CONNACK
  | "sentAsNew" // written on the next connection as a first transmission (DUP 0, newly bound id)
  | "resentDuplicate" // written on the next connection with DUP 1 and its old id [MQTT-4.4.0-1]
  | "doneBeforeLoss"; // a QoS 0 PUBLISH whose write completed: settled successfully already

const ALL_KINDS: Kind[] = ["qos0", "qos1", "qos2", "subscribe", "unsubscribe"];

/** behavior.md §4.6: which operations each policy keeps across a disconnection (and accepts while offline). */
const RETAINED: Array<[string, ClientOperationQueueBehavior, Kind[]]> = [
  ["Default", ClientOperationQueueBehavior.Default, ["qos1", "qos2", "subscribe", "unsubscribe"]],
  ["FailQos0PublishOnDisconnect", ClientOperationQueueBehavior.FailQos0PublishOnDisconnect, ["qos1", "qos2", "subscribe", "unsubscribe"]],
  ["FailNonQos1PublishOnDisconnect", ClientOperationQueueBehavior.FailNonQos1PublishOnDisconnect, ["qos1", "qos2"]],
  ["FailAllOnDisconnect", ClientOperationQueueBehavior.FailAllOnDisconnect, []],
];

function expectedOutcome(retained: Kind[], kind: Kind, where: Where, rejoined: boolean): Outcome {
  const kept = retained.includes(kind);
  if (where.startsWith("offline:")) return kept ? "sentAsNew" : "refusedAtSubmit";
  if (where === "queued") return kept ? "sentAsNew" : "failedOnDisconnect";
  if (kind === "qos0") return where === "writing" ? "failedOnDisconnect" : "doneBeforeLoss";
  // SUBSCRIBE/UNSUBSCRIBE are not session state: sent again with a new id, or failed at once.
  if (kind === "subscribe" || kind === "unsubscribe") return kept ? "sentAsNew" : "failedOnDisconnect";
  // Written QoS 1/2 PUBLISHes always wait for the next CONNACK, whatever the policy (behavior.md §4.6 step 5).
  if (rejoined) return "resentDuplicate";
  if (kind === "qos2") return "sessionLost";
  return kept ? "sentAsNew" : "failedAtConnack";
}

const TOPIC = "op/under/test";

function submit(h: CoreHarness, kind: Kind): number {
  switch (kind) {
    case "qos0":
      return h.publish(TOPIC, QoS.AtMostOnce);
    case "qos1":
      return h.publish(TOPIC, QoS.AtLeastOnce);
    case "qos2":
      return h.publish(TOPIC, QoS.ExactlyOnce);
    case "subscribe":
      return h.subscribe(TOPIC);
    case "unsubscribe":
      return h.unsubscribe(TOPIC);
  }
}

/** The packet of the operation under test among `packets`, if it was written there. */
function findOperationPacket(packets: Packet[], kind: Kind): (Packet & { packetId?: number; duplicate?: boolean }) | undefined {
  return packets.find((p) => {
    if (p.type === PacketType.Publish) return kind.startsWith("qos") && p.topicName === TOPIC;
    if (p.type === PacketType.Subscribe) return kind === "subscribe" && p.subscriptions[0]?.topicFilter === TOPIC;
    if (p.type === PacketType.Unsubscribe) return kind === "unsubscribe" && p.topicFilters[0] === TOPIC;
    return false;
  });
}

function acksFor(kind: Kind, packetId: number): Packet[] {
  switch (kind) {
    case "qos1":
      return [puback(packetId)];
    case "qos2":
      return [pubrec(packetId), pubcomp(packetId)];
    case "subscribe":
      return [suback(packetId, 1)];
    case "unsubscribe":
      return [unsuback(packetId, 0)];
    default:
      return [];
  }
}

function reasonOf(h: CoreHarness, opId: number): string {
  const error = settledError(h, opId);
  assert.ok(error instanceof OperationError, `expected an OperationError, got ${error.constructor.name}`);
  return error.reason;
}

function runScenario(policy: ClientOperationQueueBehavior, kind: Kind, where: Where, rejoined: boolean, outcome: Outcome): void {
  const h = new CoreHarness({ offlineQueueBehavior: policy, sessionBehavior: ClientSessionBehavior.RejoinPostSuccess, ackTimeoutMs: 0 });
  let opId: number;
  let firstWrite: (Packet & { packetId?: number }) | undefined;
  if (where.startsWith("offline:")) {
    if (where === "offline:stopped") opId = submit(h, kind);
    if (where === "offline:connecting") {
      h.start();
      opId = submit(h, kind);
    }
    if (where === "offline:pendingReconnect") {
      h.connect();
      h.transportCloses();
      opId = submit(h, kind);
    }
    opId = opId!;
    if (outcome === "refusedAtSubmit") {
      assert.equal(reasonOf(h, opId), "offlineQueuePolicy");
    } else {
      assert.equal(h.result(opId), undefined, "accepted operations wait for a connection");
    }
    if (where === "offline:stopped") h.start();
    if (where === "offline:pendingReconnect") h.advanceBy(200_000);
    h.openTransport();
    h.connack({ sessionPresent: false });
  } else {
    h.connect();
    if (where === "queued") {
      h.autoCompleteWrites = false;
      h.publish("blocker", QoS.AtMostOnce); // holds the transport: the operation under test stays queued
    }
    if (where === "writing") h.autoCompleteWrites = false;
    opId = submit(h, kind);
    firstWrite = findOperationPacket(h.writtenOnTransport, kind);
    assert.equal(firstWrite === undefined, where === "queued", "the operation is written unless it is queued");
    h.transportCloses();
    h.autoCompleteWrites = true;
    if (outcome === "failedOnDisconnect") assert.equal(reasonOf(h, opId), "offlineQueuePolicy");
    else if (outcome === "doneBeforeLoss") assert.deepEqual(settledValue(h, opId), { kind: "publish", qos: 0 });
    else assert.equal(h.result(opId), undefined, "nothing is decided before the next CONNACK");
    h.advanceBy(200_000);
    h.openTransport();
    h.connack({ sessionPresent: rejoined });
  }
  const resent = findOperationPacket(h.writtenOnTransport, kind);
  switch (outcome) {
    case "refusedAtSubmit":
    case "failedOnDisconnect":
    case "doneBeforeLoss":
      assert.equal(resent, undefined, "written again on the new connection");
      break;
    case "failedAtConnack":
    case "sessionLost":
      assert.equal(reasonOf(h, opId), outcome === "sessionLost" ? "sessionLost" : "offlineQueuePolicy");
      assert.equal(resent, undefined, "written again although its session is gone");
      break;
    case "sentAsNew":
    case "resentDuplicate": {
      assert.ok(resent !== undefined, "not written on the new connection");
      if (resent.type === PacketType.Publish) assert.equal(resent.duplicate, outcome === "resentDuplicate", "DUP flag");
      if (outcome === "resentDuplicate") assert.equal(resent.packetId, firstWrite?.packetId, "same packet id");
      else if (firstWrite?.packetId !== undefined && kind !== "qos0") {
        assert.notEqual(resent.packetId, firstWrite.packetId, "a new message gets a fresh packet id");
      }
      h.serverSends(...acksFor(kind, resent.packetId ?? 0));
      settledValue(h, opId);
      break;
    }
  }
  h.handle({ kind: "close" });
  h.assertAllSettled();
}

const WHERE_OFFLINE: Where[] = ["offline:stopped", "offline:connecting", "offline:pendingReconnect"];
const WHERE_IN_FLIGHT: Where[] = ["queued", "writing", "unacked"];

for (const [policyName, policy, retained] of RETAINED) {
  for (const kind of ALL_KINDS) {
    for (const where of WHERE_OFFLINE) {
      const outcome = expectedOutcome(retained, kind, where, false);
      test(`${policyName}: ${kind} submitted while ${where.slice(8)} → ${outcome}`, () => runScenario(policy, kind, where, false, outcome));
    }
    for (const where of WHERE_IN_FLIGHT) {
      for (const rejoined of [false, true]) {
        const outcome = expectedOutcome(retained, kind, where, rejoined);
        const session = rejoined ? "session rejoined" : "session lost";
        test(`${policyName}: ${kind} ${where} at disconnect, ${session} → ${outcome}`, () => runScenario(policy, kind, where, rejoined, outcome));
      }
    }
  }
}

for (const [policyName, policy, retained] of RETAINED) {
  for (const kind of ALL_KINDS.filter((k) => k !== "qos0")) {
    test(`${policyName}: ${kind} pending at stop() fails with ${retained.includes(kind) ? "clientStopped" : "offlineQueuePolicy"} (queued) / clientStopped (unacknowledged PUBLISH)`, () => {
      const h = new CoreHarness({ offlineQueueBehavior: policy, ackTimeoutMs: 0 });
      h.connect();
      const unacked = submit(h, kind);
      h.autoCompleteWrites = false;
      h.publish("blocker", QoS.AtMostOnce);
      const queued = submit(h, kind);
      h.handle({ kind: "stop" });
      assert.equal(reasonOf(h, queued), retained.includes(kind) ? "clientStopped" : "offlineQueuePolicy");
      const publishKept = kind === "qos1" || kind === "qos2";
      assert.equal(reasonOf(h, unacked), publishKept || retained.includes(kind) ? "clientStopped" : "offlineQueuePolicy");
      assert.deepEqual(h.eventKinds().slice(-2), ["disconnection", "stopped"]);
      h.handle({ kind: "close" });
      h.assertAllSettled();
    });
  }
}

test("operations accepted while stopped wait for start(), then go out in submission order", () => {
  const h = new CoreHarness();
  const ops = [h.subscribe("s"), h.publish("p1", QoS.AtLeastOnce), h.unsubscribe("u"), h.publish("p2", QoS.ExactlyOnce)];
  h.advanceBy(3_600_000);
  assert.equal(h.written.length, 0, "nothing is written while stopped");
  h.connect();
  const order = h.writtenOnTransport.filter((p) => p.type !== PacketType.Connect).map((p) => PacketType[p.type]);
  assert.deepEqual(order, ["Subscribe", "Publish", "Unsubscribe", "Publish"]);
  for (const op of ops) assert.equal(h.result(op), undefined);
});

test("close() settles every pending operation once with clientClosed, and later submissions at once", () => {
  const h = new CoreHarness();
  h.connect();
  h.autoCompleteWrites = false;
  const ops = [h.publish("a", QoS.AtMostOnce), h.publish("b", QoS.AtLeastOnce), h.subscribe("c"), h.publish("d", QoS.ExactlyOnce)];
  h.handle({ kind: "close" });
  for (const op of ops) assert.equal(reasonOf(h, op), "clientClosed");
  const late = h.publish("late", QoS.AtLeastOnce);
  assert.equal(reasonOf(h, late), "clientClosed");
  h.assertAllSettled();
});

for (const rejoined of [true, false]) {
  test(`after a reconnect (session ${rejoined ? "rejoined" : "lost"}) the order is: resent PUBLISHes, SUBSCRIBEs, then the queue`, () => {
    const h = new CoreHarness({ sessionBehavior: ClientSessionBehavior.RejoinPostSuccess, ackTimeoutMs: 0 });
    h.connect();
    h.subscribe("sub1");
    h.publish("pub1", QoS.AtLeastOnce);
    h.publish("pub2", QoS.AtLeastOnce);
    h.subscribe("sub2");
    h.transportCloses();
    h.publish("pub3", QoS.AtLeastOnce);
    h.advanceBy(200_000);
    h.openTransport();
    h.connack({ sessionPresent: rejoined });
    const names = h.writtenOnTransport.filter((p) => p.type !== PacketType.Connect).map((p) =>
      p.type === PacketType.Publish ? `${p.topicName}${p.duplicate ? "(dup)" : ""}` : p.type === PacketType.Subscribe ? p.subscriptions[0]?.topicFilter : "?",
    );
    const resent = rejoined ? ["pub1(dup)", "pub2(dup)"] : ["pub1", "pub2"];
    assert.deepEqual(names, [...resent, "sub1", "sub2", "pub3"], "behavior.md §4.7");
  });
}
