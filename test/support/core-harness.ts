// Drives a ClientCore deterministically: a manual clock, a scripted "server" that decodes what the core writes
// (with our codec) and encodes what it answers, and bookkeeping of every event and settlement. The invariant
// "every submitted operation settles exactly once" is checked on every step.
import assert from "node:assert/strict";
import { ClientCore } from "../../src/core/client-core.js";
import type { CoreConfig } from "../../src/core/core-config.js";
import type { Action, ClientEvent, Operation, OperationResult } from "../../src/core/io.js";
import {
  ClientOperationQueueBehavior,
  ClientSessionBehavior,
  ConnectReasonCode,
  InboundTopicAliasBehaviorType,
  OutboundTopicAliasBehaviorType,
  PacketType,
  QoS,
  RetryJitterType,
} from "../../src/core/model/enums.js";
import type { ConnackPacket, Packet, PublishPacket, SubscribePacket, UnsubscribePacket } from "../../src/core/model/packet.js";
import { PacketDecoder, encodePacket } from "../../src/core/codec/index.js";
import { ConnectionError } from "../../src/core/errors.js";

export function coreConfig(overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    connect: { clientId: "test-client", keepAliveIntervalSeconds: 60 },
    sessionBehavior: ClientSessionBehavior.Clean,
    offlineQueueBehavior: ClientOperationQueueBehavior.Default,
    retryJitterMode: RetryJitterType.None,
    minReconnectDelayMs: 1000,
    maxReconnectDelayMs: 120_000,
    minConnectedTimeToResetReconnectDelayMs: 30_000,
    connackTimeoutMs: 20_000,
    pingTimeoutMs: 30_000,
    ackTimeoutMs: 60_000,
    outboundTopicAliasBehavior: OutboundTopicAliasBehaviorType.Disabled,
    outboundTopicAliasCacheMaxSize: 25,
    inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Disabled,
    inboundTopicAliasCacheMaxSize: 25,
    awsIotCoreLimits: false,
    maximumWriteBytes: 64 * 1024,
    ...overrides,
  };
}

export class CoreHarness {
  readonly core: ClientCore;
  nowMs = 1000;
  /** Every event emitted, in order. */
  readonly events: ClientEvent[] = [];
  /** Every action the core returned, in order, with the harness time of the step that produced it. */
  readonly actionLog: { atMs: number; action: Action }[] = [];
  /** Every packet the client wrote, decoded, in order, across connections. */
  readonly written: Packet[] = [];
  /** Packets written on the current transport only. */
  writtenOnTransport: Packet[] = [];
  /** The bytes of every write the core issued, in order (one entry per write action). */
  readonly writes: Uint8Array[] = [];
  readonly settled = new Map<number, OperationResult>();
  transportOpen = false;
  pendingOpenAttempt: number | undefined;
  writeInFlight = false;
  /** Auto-complete writes as soon as they are issued (default true). */
  autoCompleteWrites = true;
  closeCount = 0;
  private nextOpId = 1;
  private readonly submitted = new Set<number>();
  private serverDecoder = new PacketDecoder();

  constructor(config: Partial<CoreConfig> = {}, random: () => number = () => 0.5) {
    this.core = new ClientCore(coreConfig(config), random);
  }

  handle(input: Parameters<ClientCore["handle"]>[0]): Action[] {
    const actions = this.core.handle(input, this.nowMs);
    this.apply(actions);
    return actions;
  }

  private apply(actions: Action[]): void {
    let completeWrite = false;
    for (const action of actions) {
      this.actionLog.push({ atMs: this.nowMs, action });
      switch (action.kind) {
        case "openTransport":
          this.pendingOpenAttempt = action.attempt;
          break;
        case "write": {
          assert.equal(this.writeInFlight, false, "core issued a second write while one was outstanding");
          assert.equal(this.transportOpen, true, "core wrote without an open transport");
          this.writeInFlight = true;
          this.writes.push(action.bytes);
          for (const packet of this.serverDecoder.push(action.bytes)) {
            this.written.push(packet);
            this.writtenOnTransport.push(packet);
          }
          if (this.autoCompleteWrites) completeWrite = true;
          break;
        }
        case "closeTransport":
          this.transportOpen = false;
          this.writeInFlight = false;
          this.pendingOpenAttempt = undefined;
          this.closeCount += 1;
          break;
        case "settle":
          assert.ok(this.submitted.has(action.opId), `settle for unknown operation ${action.opId}`);
          assert.ok(!this.settled.has(action.opId), `operation ${action.opId} settled twice`);
          this.settled.set(action.opId, action.result);
          break;
        case "emit":
          this.events.push(action.event);
          break;
      }
    }
    if (completeWrite && this.writeInFlight && this.transportOpen) this.completeWrite();
  }

  completeWrite(): void {
    assert.ok(this.writeInFlight, "no write in flight");
    this.writeInFlight = false;
    this.handle({ kind: "writeCompleted" });
  }

  start(): void {
    this.handle({ kind: "start" });
  }

  /** Answers the pending openTransport with success; the core then writes CONNECT. */
  openTransport(): void {
    const attempt = this.pendingOpenAttempt;
    assert.ok(attempt !== undefined, "no transport is being opened");
    this.pendingOpenAttempt = undefined;
    this.transportOpen = true;
    this.writtenOnTransport = [];
    this.serverDecoder = new PacketDecoder();
    this.handle({ kind: "transportOpened", attempt });
  }

  failTransport(message = "connection refused"): void {
    const attempt = this.pendingOpenAttempt;
    assert.ok(attempt !== undefined, "no transport is being opened");
    this.pendingOpenAttempt = undefined;
    this.handle({ kind: "transportFailed", attempt, error: new ConnectionError("connectionRefused", message) });
  }

  /** The server sends packets (encoded with our codec, delivered as one chunk). */
  serverSends(...packets: Packet[]): void {
    const chunks = packets.map((p) => encodePacket(p));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    this.handle({ kind: "bytesReceived", bytes });
  }

  serverSendsBytes(bytes: Uint8Array): void {
    this.handle({ kind: "bytesReceived", bytes });
  }

  connack(fields: Partial<ConnackPacket> = {}): void {
    this.serverSends({ type: PacketType.Connack, sessionPresent: false, reasonCode: ConnectReasonCode.Success, ...fields });
  }

  /** start → open → CONNECT → CONNACK. */
  connect(connackFields: Partial<ConnackPacket> = {}): void {
    if (this.pendingOpenAttempt === undefined) this.start();
    this.openTransport();
    this.connack(connackFields);
  }

  transportCloses(): void {
    this.transportOpen = false;
    this.writeInFlight = false;
    this.handle({ kind: "transportClosed" });
  }

  submit(op: Operation): number {
    const opId = this.nextOpId++;
    this.submitted.add(opId);
    this.handle({ kind: "submit", opId, op });
    return opId;
  }

  publish(topicName: string, qos: QoS, extra: Partial<PublishPacket> = {}): number {
    const packet: PublishPacket = {
      type: PacketType.Publish,
      topicName,
      payload: new TextEncoder().encode("hello"),
      qos,
      retain: false,
      duplicate: false,
      ...extra,
    };
    return this.submit({ kind: "publish", packet });
  }

  subscribe(topicFilter: string, qos: QoS = QoS.AtLeastOnce, extra: Partial<SubscribePacket> = {}): number {
    const packet: SubscribePacket = { type: PacketType.Subscribe, packetId: 0, subscriptions: [{ topicFilter, qos }], ...extra };
    return this.submit({ kind: "subscribe", packet });
  }

  unsubscribe(...topicFilters: string[]): number {
    const packet: UnsubscribePacket = { type: PacketType.Unsubscribe, packetId: 0, topicFilters };
    return this.submit({ kind: "unsubscribe", packet });
  }

  /** Moves the clock forward, firing the core's timer at each deadline on the way. */
  advanceBy(ms: number): void {
    const target = this.nowMs + ms;
    for (let guard = 0; guard < 100_000; guard++) {
      const deadline = this.core.nextDeadline();
      if (deadline === undefined || deadline > target) break;
      this.nowMs = Math.max(this.nowMs, deadline);
      this.handle({ kind: "timer" });
    }
    this.nowMs = target;
  }

  lastWritten(): Packet | undefined {
    return this.written[this.written.length - 1];
  }

  writtenOfType<T extends Packet["type"]>(type: T): Extract<Packet, { type: T }>[] {
    return this.written.filter((p): p is Extract<Packet, { type: T }> => p.type === type);
  }

  eventKinds(): string[] {
    return this.events.map((e) => e.kind);
  }

  /** Emitted events with the harness time at which they were emitted. */
  timedEvents(): { atMs: number; event: ClientEvent }[] {
    const out: { atMs: number; event: ClientEvent }[] = [];
    for (const { atMs, action } of this.actionLog) if (action.kind === "emit") out.push({ atMs, event: action.event });
    return out;
  }

  /** Action kinds logged since index `from` of actionLog ("emit:<event kind>", "write:<packet names>", …). */
  actionKindsSince(from: number): string[] {
    return this.actionLog.slice(from).map(({ action }) => {
      if (action.kind === "emit") return `emit:${action.event.kind}`;
      if (action.kind === "write") return `write:${new PacketDecoder().push(action.bytes).map((p) => PacketType[p.type]).join("+")}`;
      return action.kind;
    });
  }

  result(opId: number): OperationResult | undefined {
    return this.settled.get(opId);
  }

  /** Every operation submitted so far has settled exactly once. */
  assertAllSettled(): void {
    for (const opId of this.submitted) assert.ok(this.settled.has(opId), `operation ${opId} never settled`);
  }
}
