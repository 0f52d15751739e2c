// Seeded fuzzing of the whole protocol core: random configs, a misbehaving server (valid packets for what the client
// sent, random valid packets of any type, mutated and garbage bytes, in random chunks), random timer advances, user
// operations, acknowledgements, stop/start and transport events. Checked on every step:
//   - handle() never throws, and no timer deadline is left in the past without progress (no busy loop);
//   - the harness invariants (one write outstanding, writes only on an open transport, settle at most once);
//   - the lifecycle pairing (LifecycleChecker), CONNECT first and once per transport, nothing after our DISCONNECT,
//     only CONNECT/DISCONNECT before the CONNACK;
//   - the number of actions per step is bounded; statistics count exactly the unsettled operations;
// and after a final close(): every operation settled exactly once, no deadline, no open attempt.
// Reproduce one case with CORE_FUZZ_SEED=<seed> (CORE_FUZZ_TRACE=1 prints every step); explore with CORE_FUZZ_RUNS and
// CORE_FUZZ_SEED_BASE.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../support/core-harness.js";
import { LifecycleChecker } from "../support/lifecycle-invariants.js";
import { SeededRandom, seedsFromEnvironment } from "../support/seeded-random.js";
import { randomPacket } from "../support/packet-generators.js";
import { encodePacket } from "../../src/core/codec/index.js";
import {
  ClientOperationQueueBehavior,
  ClientSessionBehavior,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  PacketType,
  QoS,
  RetryJitterType,
  type SubackReasonCode,
} from "../../src/core/model/enums.js";
import type { Action, Input } from "../../src/core/io.js";
import type { ConnackPacket, ConnectPacket, Packet, PublishPacket } from "../../src/core/model/packet.js";
import type { CoreConfig } from "../../src/core/core-config.js";

const DEFAULT_RUNS = 2500;
const RUNS = Number(process.env["CORE_FUZZ_RUNS"] ?? DEFAULT_RUNS);
/** First seed of the run (CORE_FUZZ_SEED_BASE explores other seeds in long runs). */
const SEED_BASE = Number(process.env["CORE_FUZZ_SEED_BASE"] ?? 0x5eed0000);
const STEPS_PER_RUN = 60;
const MAX_TIMER_FIRINGS_PER_ADVANCE = 5_000;
/** CORE_FUZZ_TRACE=1 prints every input and its actions (use with CORE_FUZZ_SEED). */
const TRACE = process.env["CORE_FUZZ_TRACE"] === "1";

/** CoreHarness that checks every core step as it happens. */
class CheckedHarness extends CoreHarness {
  readonly lifecycle = new LifecycleChecker();
  private submittedCount = 0;
  private checkedEvents = 0;
  stepCount = 0;

  override handle(input: Input): Action[] {
    if (input.kind === "submit") this.submittedCount += 1;
    const outstanding = this.submittedCount - this.settled.size;
    let actions: Action[];
    try {
      actions = super.handle(input);
    } catch (error) {
      throw new Error(`step ${this.stepCount}, input ${input.kind}: ${error instanceof Error ? error.stack : String(error)}`);
    }
    if (TRACE) console.error(`[${this.stepCount}] t=${this.nowMs} ${describeInput(input)} → ${this.describeActions(actions)}`);
    this.checkBounds(input, actions, outstanding);
    for (; this.checkedEvents < this.events.length; this.checkedEvents++) this.lifecycle.feed(this.events[this.checkedEvents]!);
    this.checkTransport();
    const stats = this.core.statistics();
    assert.equal(stats.incompleteOperationCount, this.submittedCount - this.settled.size, `statistics count unsettled operations (after ${input.kind})`);
    return actions;
  }

  private describeActions(actions: Action[]): string {
    return actions
      .map((a) => (a.kind === "emit" ? `emit:${a.event.kind}` : a.kind === "settle" ? `settle:${a.opId}:${a.result.ok ? "ok" : a.result.error.code}` : a.kind))
      .join(", ");
  }

  private checkBounds(input: Input, actions: Action[], outstanding: number): void {
    const count = (kind: Action["kind"]): number => actions.filter((a) => a.kind === kind).length;
    const messages = actions.filter((a) => a.kind === "emit" && a.event.kind === "messageReceived").length;
    const lifecycleEvents = count("emit") - messages;
    const context = `input ${input.kind}: ${actions.map((a) => a.kind).join(",")}`;
    assert.ok(count("write") <= 1, `at most one write per step (${context})`);
    assert.ok(count("closeTransport") <= 1, context);
    assert.ok(count("openTransport") <= 1, context);
    assert.ok(lifecycleEvents <= 3, `at most 3 lifecycle events per step (${context})`);
    // A packet is ≥ 2 bytes; one more may complete from bytes buffered by earlier chunks.
    assert.ok(messages <= (input.kind === "bytesReceived" ? 1 + input.bytes.length / 2 : 0), context);
    assert.ok(count("settle") <= outstanding, `no more settles than outstanding operations (${context})`);
  }

  private checkTransport(): void {
    const sent = this.writtenOnTransport; // reset when a transport opens: only meaningful while it is open
    if (!this.transportOpen || sent.length === 0) return;
    assert.equal(sent[0]?.type, PacketType.Connect, "CONNECT is the first packet on a connection [MQTT-3.1.0-1]");
    assert.equal(sent.filter((p) => p.type === PacketType.Connect).length, 1, "one CONNECT per connection [MQTT-3.1.0-2]");
    const disconnectAt = sent.findIndex((p) => p.type === PacketType.Disconnect);
    if (disconnectAt >= 0) assert.equal(disconnectAt, sent.length - 1, "nothing after our DISCONNECT [MQTT-3.14.4-1]");
    if (this.lifecycle.summary.phase === "attempting") {
      assert.ok(sent.every((p) => p.type === PacketType.Connect || p.type === PacketType.Disconnect), "only CONNECT/DISCONNECT before CONNACK");
    }
  }
}

function describeInput(input: Input): string {
  if (input.kind === "bytesReceived") return `bytes ${Array.from(input.bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  if (input.kind === "submit") return `submit ${input.opId} ${input.op.kind}`;
  return input.kind;
}

function pickOptional<T>(rng: SeededRandom, values: readonly T[], pAbsent = 0.5): T | undefined {
  return rng.bool(pAbsent) ? undefined : rng.pick(values);
}

function randomConfig(rng: SeededRandom): Partial<CoreConfig> {
  const connect: Omit<ConnectPacket, "type" | "cleanStart"> = { clientId: rng.pick(["fuzz", "fuzz", ""]), keepAliveIntervalSeconds: rng.pick([0, 1, 5, 30]) };
  const receiveMaximum = pickOptional(rng, [1, 2, 10]);
  if (receiveMaximum !== undefined) connect.receiveMaximum = receiveMaximum;
  const maximumPacketSize = pickOptional(rng, [64, 300, 5000], 0.6);
  if (maximumPacketSize !== undefined) connect.maximumPacketSizeBytes = maximumPacketSize;
  const aliasMaximum = pickOptional(rng, [0, 2]);
  if (aliasMaximum !== undefined) connect.topicAliasMaximum = aliasMaximum;
  const sessionExpiry = pickOptional(rng, [0, 60]);
  if (sessionExpiry !== undefined) connect.sessionExpiryIntervalSeconds = sessionExpiry;
  if (rng.bool(0.2)) connect.requestProblemInformation = false;
  return {
    connect,
    sessionBehavior: rng.pick([ClientSessionBehavior.Default, ClientSessionBehavior.Clean, ClientSessionBehavior.RejoinPostSuccess, ClientSessionBehavior.RejoinAlways]),
    offlineQueueBehavior: rng.pick([ClientOperationQueueBehavior.Default, ClientOperationQueueBehavior.FailNonQos1PublishOnDisconnect, ClientOperationQueueBehavior.FailQos0PublishOnDisconnect, ClientOperationQueueBehavior.FailAllOnDisconnect]),
    retryJitterMode: rng.pick([RetryJitterType.Default, RetryJitterType.None, RetryJitterType.Full, RetryJitterType.Decorrelated]),
    minReconnectDelayMs: rng.pick([1, 100, 1000]),
    maxReconnectDelayMs: rng.pick([1000, 5000]),
    minConnectedTimeToResetReconnectDelayMs: rng.pick([1, 1000, 30_000]),
    connackTimeoutMs: rng.pick([500, 5000]),
    pingTimeoutMs: rng.pick([100, 1000, 30_000]),
    ackTimeoutMs: rng.pick([0, 5000, 60_000]),
    outboundTopicAliasBehavior: rng.pick([OutboundTopicAliasBehaviorType.Default, OutboundTopicAliasBehaviorType.Manual, OutboundTopicAliasBehaviorType.LRU, OutboundTopicAliasBehaviorType.Disabled]),
    outboundTopicAliasCacheMaxSize: rng.pick([1, 25]),
    inboundTopicAliasBehavior: rng.pick([InboundTopicAliasBehaviorType.Default, InboundTopicAliasBehaviorType.Enabled, InboundTopicAliasBehaviorType.Disabled]),
    inboundTopicAliasCacheMaxSize: rng.pick([0, 3]),
    awsIotCoreLimits: rng.bool(0.15),
    maximumWriteBytes: rng.pick([32, 4096, 65_536]),
  };
}

/** A plausible server packet, answering what the client sent on this connection where possible. */
function serverPacket(rng: SeededRandom, h: CheckedHarness, chaos: number): Packet {
  const sent = h.writtenOnTransport;
  const idsOf = (type: PacketType, qos?: QoS): number[] =>
    sent.flatMap((p) => (p.type === type && "packetId" in p && p.packetId !== undefined && (qos === undefined || ("qos" in p && p.qos === qos)) ? [p.packetId] : []));
  // Mostly an id the client is waiting on (with the right ack type); with probability `chaos` any id.
  const someId = (type: PacketType, qos?: QoS): number => {
    const ids = idsOf(type, qos);
    return ids.length > 0 && !rng.bool(chaos) ? rng.pick(ids) : rng.int(1, 6);
  };
  const kind = rng.weighted<string>([[10 * chaos, "connack"], [4, "puback"], [3, "pubrec"], [3, "pubcomp"], [3, "suback"], [2, "unsuback"], [5, "publish"], [2, "pubrel"], [3, "pingresp"], [10 * chaos, "disconnect"], [20 * chaos, "random"]]);
  switch (kind) {
    case "connack": {
      const connack: ConnackPacket = { type: PacketType.Connack, sessionPresent: rng.bool(0.25), reasonCode: rng.weighted([[10, 0], [1, 0x80], [1, 0x87], [1, 0x9c]]) };
      if (rng.bool(0.3)) connack.receiveMaximum = rng.pick([1, 2, 100]);
      if (rng.bool(0.3)) connack.topicAliasMaximum = rng.pick([0, 1, 3]);
      if (rng.bool(0.2)) connack.maximumPacketSize = rng.pick([40, 200, 10_000]);
      if (rng.bool(0.3)) connack.serverKeepAlive = rng.pick([0, 1, 2, 60]);
      if (rng.bool(0.3)) connack.assignedClientIdentifier = "assigned";
      if (rng.bool(0.2)) connack.maximumQos = rng.pick([0, 1]);
      if (rng.bool(0.2)) connack.retainAvailable = rng.bool();
      return connack;
    }
    case "puback":
      return { type: PacketType.Puback, packetId: someId(PacketType.Publish, QoS.AtLeastOnce), reasonCode: rng.pick([0, 0x10, 0x80, 0x97]) };
    case "pubrec":
      return { type: PacketType.Pubrec, packetId: someId(PacketType.Publish, QoS.ExactlyOnce), reasonCode: rng.pick([0, 0, 0x80, 0x91]) };
    case "pubcomp":
      return { type: PacketType.Pubcomp, packetId: someId(PacketType.Pubrel), reasonCode: rng.pick([0, 0x92]) };
    case "suback": {
      const packetId = someId(PacketType.Subscribe);
      const request = sent.find((p) => p.type === PacketType.Subscribe && p.packetId === packetId);
      const count = request?.type === PacketType.Subscribe && rng.bool(0.9) ? request.subscriptions.length : rng.int(1, 3);
      return { type: PacketType.Suback, packetId, reasonCodes: Array.from({ length: count }, () => rng.pick([0, 1, 2, 0x80, 0x87])) };
    }
    case "unsuback": {
      const packetId = someId(PacketType.Unsubscribe);
      const request = sent.find((p) => p.type === PacketType.Unsubscribe && p.packetId === packetId);
      const count = request?.type === PacketType.Unsubscribe && rng.bool(0.9) ? request.topicFilters.length : rng.int(1, 3);
      return { type: PacketType.Unsuback, packetId, reasonCodes: Array.from({ length: count }, () => rng.pick([0, 0x11, 0x80])) };
    }
    case "publish": {
      const qos = rng.pick([QoS.AtMostOnce, QoS.AtLeastOnce, QoS.ExactlyOnce]);
      const publish: PublishPacket = { type: PacketType.Publish, topicName: rng.pick(["in/a", "in/b", ""]), payload: rng.bytes(rng.int(0, 40)), qos, retain: rng.bool(0.1), duplicate: qos > 0 && rng.bool(0.2) };
      if (qos > 0) publish.packetId = rng.int(1, 4);
      if (rng.bool(chaos)) publish.topicAlias = rng.int(1, 3);
      if (publish.topicName === "" && publish.topicAlias === undefined && rng.bool(0.8)) publish.topicName = "in/c";
      return publish;
    }
    case "pubrel":
      return { type: PacketType.Pubrel, packetId: rng.int(1, 4), reasonCode: rng.pick([0, 0x92]) };
    case "pingresp":
      return { type: PacketType.Pingresp };
    case "disconnect":
      return { type: PacketType.Disconnect, reasonCode: rng.pick([0, 0x80, 0x8b, 0x9c]) };
    default:
      return randomPacket(rng, undefined, { maxShortLength: 6, maxPayloadBytes: 64, hugeFieldProbability: 0 });
  }
}

function mutate(rng: SeededRandom, bytes: Uint8Array): Uint8Array {
  const copy = Array.from(bytes);
  switch (rng.int(0, 3)) {
    case 0:
      if (copy.length > 0) copy[rng.int(0, copy.length - 1)] = rng.int(0, 255);
      break;
    case 1:
      copy.length = rng.int(0, copy.length);
      break;
    case 2:
      copy.splice(rng.int(0, copy.length), 0, rng.int(0, 255));
      break;
    default:
      copy.push(...rng.bytes(rng.int(1, 8)));
  }
  return new Uint8Array(copy);
}

/** A CONNACK a well-behaved server would send for the CONNECT on this transport. */
function goodConnack(rng: SeededRandom, h: CheckedHarness): ConnackPacket {
  const connect = h.writtenOnTransport[0];
  const resumed = connect?.type === PacketType.Connect && !connect.cleanStart;
  const connack: ConnackPacket = { type: PacketType.Connack, sessionPresent: resumed && rng.bool(0.6), reasonCode: 0 };
  if (connect?.type === PacketType.Connect && connect.clientId === "") connack.assignedClientIdentifier = "assigned";
  if (rng.bool(0.3)) connack.receiveMaximum = rng.pick([1, 2, 100]);
  if (rng.bool(0.3)) connack.topicAliasMaximum = rng.pick([0, 1, 3]);
  if (rng.bool(0.3)) connack.serverKeepAlive = rng.pick([0, 1, 2, 60]);
  if (rng.bool(0.1)) connack.maximumPacketSize = rng.pick([40, 200]);
  return connack;
}

/** What a well-behaved server answers to the last few packets the client wrote on this transport. */
function properAnswers(h: CheckedHarness): Packet[] {
  const answers: Packet[] = [];
  for (const p of h.writtenOnTransport.slice(-4)) {
    if (p.type === PacketType.Publish && p.qos === QoS.AtLeastOnce) answers.push({ type: PacketType.Puback, packetId: p.packetId ?? 0, reasonCode: 0 });
    if (p.type === PacketType.Publish && p.qos === QoS.ExactlyOnce) answers.push({ type: PacketType.Pubrec, packetId: p.packetId ?? 0, reasonCode: 0 });
    if (p.type === PacketType.Pubrel) answers.push({ type: PacketType.Pubcomp, packetId: p.packetId, reasonCode: 0 });
    if (p.type === PacketType.Subscribe) answers.push({ type: PacketType.Suback, packetId: p.packetId, reasonCodes: p.subscriptions.map((s) => s.qos as number as SubackReasonCode) });
    if (p.type === PacketType.Unsubscribe) answers.push({ type: PacketType.Unsuback, packetId: p.packetId, reasonCodes: p.topicFilters.map(() => 0) });
    if (p.type === PacketType.Pingreq) answers.push({ type: PacketType.Pingresp });
  }
  return answers;
}

function serverSendsSomething(rng: SeededRandom, h: CheckedHarness, chaos: number): void {
  const awaitingConnack = h.lifecycle.summary.phase === "attempting";
  let packets: Packet[];
  if (awaitingConnack && rng.bool(0.8)) packets = [goodConnack(rng, h), ...(rng.bool(0.3) ? [serverPacket(rng, h, chaos)] : [])];
  else if (!awaitingConnack && rng.bool(0.4)) packets = properAnswers(h);
  else packets = Array.from({ length: rng.weighted([[6, 1], [3, 2], [1, 4]]) }, () => serverPacket(rng, h, chaos));
  if (packets.length === 0) return;
  let bytes: Uint8Array = new Uint8Array(packets.flatMap((p) => Array.from(encodePacket(p))));
  const roll = rng.float();
  if (roll < chaos) bytes = mutate(rng, bytes);
  else if (roll < chaos * 1.3) bytes = rng.bytes(rng.int(1, 12));
  let offset = 0;
  while (offset < bytes.length && h.transportOpen) {
    const size = rng.bool(0.7) ? bytes.length - offset : rng.int(1, bytes.length - offset);
    h.serverSendsBytes(bytes.subarray(offset, offset + size));
    offset += size;
  }
}

function userOperation(rng: SeededRandom, h: CheckedHarness, config: Partial<CoreConfig>): void {
  const kind = rng.weighted<string>([[5, "publish"], [2, "subscribe"], [1, "unsubscribe"]]);
  if (kind === "publish") {
    const qos = rng.pick([QoS.AtMostOnce, QoS.AtLeastOnce, QoS.ExactlyOnce]);
    const extra: Partial<PublishPacket> = { payload: rng.bytes(rng.bool(0.1) ? 400 : rng.int(0, 20)), retain: rng.bool(0.1) };
    if (config.outboundTopicAliasBehavior === OutboundTopicAliasBehaviorType.Manual && rng.bool(0.5)) extra.topicAlias = rng.int(1, 3);
    if (rng.bool(0.1)) extra.messageExpiryIntervalSeconds = rng.int(1, 100);
    h.publish(rng.pick(["f/a", "f/b/c", "f/d"]), qos, extra);
  } else if (kind === "subscribe") {
    const filter = rng.pick(["f/#", "f/+", "f/a", "$share/g/f/a"]);
    h.subscribe(filter, rng.pick([QoS.AtMostOnce, QoS.AtLeastOnce, QoS.ExactlyOnce]), rng.bool(0.2) ? { subscriptionIdentifier: rng.int(1, 100) } : {});
  } else {
    h.unsubscribe(...(rng.bool() ? ["f/#"] : ["f/a", "f/+"]));
  }
}

/** Advances time firing every deadline on the way, failing on a deadline that stays in the past (busy loop). */
function advance(h: CheckedHarness, ms: number): void {
  const target = h.nowMs + ms;
  let idle = 0;
  for (let firings = 0; ; firings++) {
    assert.ok(firings < MAX_TIMER_FIRINGS_PER_ADVANCE, "too many timer firings in one advance");
    const deadline = h.core.nextDeadline();
    if (deadline === undefined || deadline > target) break;
    h.nowMs = Math.max(h.nowMs, deadline);
    const actions = h.handle({ kind: "timer" });
    const next = h.core.nextDeadline();
    idle = actions.length === 0 && next !== undefined && next <= h.nowMs ? idle + 1 : 0;
    assert.ok(idle < 3, `timer busy loop: deadline ${next} stays due at ${h.nowMs} without any action`);
  }
  h.nowMs = target;
}

function acknowledgementIds(h: CheckedHarness): number[] {
  return h.events.flatMap((e) => (e.kind === "messageReceived" && e.acknowledgementId !== undefined ? [e.acknowledgementId] : []));
}

interface Coverage {
  attempts: number;
  successes: number;
  failures: number;
  disconnections: number;
  messages: number;
  protocolErrors: number;
  settledOk: number;
  settledFailed: number;
  failureCodes: Record<string, number>;
}

function runCase(seed: number, coverage: Coverage): void {
  const rng = new SeededRandom(seed);
  const config = randomConfig(rng);
  const coreRandom = rng.fork();
  const h = new CheckedHarness(config, () => coreRandom.float());
  h.autoCompleteWrites = rng.bool(0.8);
  // How hostile this run's server is: low chaos reaches deep states, high chaos hammers the error paths.
  const chaos = rng.pick([0.01, 0.05, 0.15, 0.4]);
  if (TRACE) console.error(`config ${JSON.stringify(config)} autoCompleteWrites=${h.autoCompleteWrites} chaos=${chaos}`);
  const sessionExpiry = config.connect?.sessionExpiryIntervalSeconds ?? 0;
  for (let step = 0; step < STEPS_PER_RUN; step++) {
    h.stepCount = step;
    if (h.pendingOpenAttempt !== undefined && rng.bool(0.7)) {
      if (rng.bool(0.9)) h.openTransport();
      else h.failTransport();
      continue;
    }
    const action = rng.weighted<string>([[14, "server"], [5, "advance"], [5, "operation"], [2, "acknowledge"], [1, "stop"], [2, "start"], [1, "transportCloses"], [2, "completeWrite"]]);
    switch (action) {
      case "server":
        if (h.transportOpen) serverSendsSomething(rng, h, chaos);
        break;
      case "advance":
        advance(h, rng.weighted([[5, rng.int(0, 500)], [2, rng.int(500, 5000)], [1, rng.int(5000, 70_000)]]));
        break;
      case "operation":
        userOperation(rng, h, config);
        break;
      case "acknowledge": {
        const ids = acknowledgementIds(h);
        h.handle({ kind: "acknowledge", acknowledgementId: ids.length > 0 && rng.bool(0.9) ? rng.pick(ids) : rng.int(1, 50) });
        break;
      }
      case "stop":
        if (rng.bool(0.5)) h.handle({ kind: "stop" });
        else h.handle({ kind: "stop", disconnect: { type: PacketType.Disconnect, reasonCode: rng.pick([0, 4, 0x80]), ...(sessionExpiry > 0 && rng.bool() ? { sessionExpiryIntervalSeconds: rng.int(0, 100) } : {}) } });
        break;
      case "start":
        h.start();
        break;
      case "transportCloses":
        if (h.transportOpen) h.transportCloses();
        break;
      case "completeWrite":
        if (h.writeInFlight && h.transportOpen) h.completeWrite();
        break;
    }
  }
  h.handle({ kind: "close" });
  h.assertAllSettled();
  const summary = h.lifecycle.summary;
  coverage.attempts += summary.attempts;
  coverage.successes += summary.successes;
  coverage.failures += summary.failures;
  coverage.disconnections += summary.disconnections;
  coverage.messages += summary.messages;
  coverage.protocolErrors += h.events.filter((e) => (e.kind === "disconnection" || e.kind === "connectionFailure") && e.error.code === "protocolError").length;
  for (const result of h.settled.values()) {
    if (result.ok) coverage.settledOk += 1;
    else {
      coverage.settledFailed += 1;
      coverage.failureCodes[result.error.code] = (coverage.failureCodes[result.error.code] ?? 0) + 1;
    }
  }
  assert.equal(h.core.nextDeadline(), undefined, "no deadline after close()");
  h.lifecycle.assertComplete();
  assert.deepEqual(h.handle({ kind: "timer" }), []);
  assert.deepEqual(h.handle({ kind: "start" }), []);
}

test(`core machine fuzz: ${RUNS} seeded runs of ${STEPS_PER_RUN} steps`, (t) => {
  const coverage: Coverage = { attempts: 0, successes: 0, failures: 0, disconnections: 0, messages: 0, protocolErrors: 0, settledOk: 0, settledFailed: 0, failureCodes: {} };
  const seeds = seedsFromEnvironment("CORE_FUZZ_SEED", Array.from({ length: RUNS }, (_, i) => (SEED_BASE + i) >>> 0));
  const started = Date.now();
  for (const seed of seeds) {
    try {
      runCase(seed, coverage);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      assert.fail(`seed ${seed} (reproduce: CORE_FUZZ_SEED=${seed}): ${detail}`);
    }
  }
  const elapsedMs = Date.now() - started;
  t.diagnostic(`coverage: ${JSON.stringify(coverage)} in ${elapsedMs} ms`);
  // The fuzzer must actually reach the interesting states, or it proves nothing.
  if (seeds.length === DEFAULT_RUNS) {
    assert.ok(coverage.successes > RUNS && coverage.disconnections > RUNS / 2 && coverage.messages > RUNS / 4, "fuzz coverage collapsed");
    assert.ok(coverage.protocolErrors > RUNS / 10 && coverage.settledOk > RUNS / 2 && coverage.settledFailed > RUNS, "fuzz coverage collapsed");
  }
  if (seeds.length === DEFAULT_RUNS) assert.ok(elapsedMs < 20_000, `fuzz took ${elapsedMs} ms`);
});
