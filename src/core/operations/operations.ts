// User operations: submission against the offline-queue policy, settlement (exactly once), statistics.
// Invariant: every submitted operation yields exactly one `settle` action — on ack, on failure, on stop/close.
import { ClientOperationQueueBehavior, OutboundTopicAliasBehaviorType, PacketType } from "../model/enums.js";
import { MqttClientError, OperationError } from "../errors.js";
import { packetSize } from "../codec/index.js";
import type { Packet } from "../model/packet.js";
import { validateAwsIotCoreLimits } from "../validate/aws-iot-limits.js";
import type { ClientState, OperationRecord } from "../client-state.js";
import type { ClientStatistics, Operation, OperationId, OperationResult, OperationValue } from "../io.js";

/** Whether an operation survives a disconnection (and may be accepted while offline) under the policy. */
export function isRetainedByPolicy(policy: ClientOperationQueueBehavior, record: OperationRecord): boolean {
  switch (policy) {
    case ClientOperationQueueBehavior.FailAllOnDisconnect:
      return false;
    case ClientOperationQueueBehavior.FailNonQos1PublishOnDisconnect:
      return record.kind === "publish" && record.qos > 0;
    case ClientOperationQueueBehavior.FailQos0PublishOnDisconnect:
    case ClientOperationQueueBehavior.Default:
      return !(record.kind === "publish" && record.qos === 0);
  }
}

/**
 * A fresh record for a submitted operation. `keepTopicAlias` is false unless outbound aliasing is Manual: the other
 * behaviours never send the user's alias, so it must not count in the size.
 */
export function createOperationRecord(opId: OperationId, op: Operation, keepTopicAlias = true): OperationRecord {
  const packet = op.packet;
  const qos = op.kind === "publish" ? op.packet.qos : 0;
  // The core owns a submitted packet. A QoS > 0 PUBLISH gets its Packet Identifier field now (0 until one is bound;
  // outbound-service.ts sets it in place when writing), so its size counts the id's 2 bytes without a sized copy and
  // every queued PUBLISH has the same object shape. SUBSCRIBE and UNSUBSCRIBE always carry the field.
  if (packet.type === PacketType.Publish && qos > 0 && packet.packetId === undefined) packet.packetId = 0;
  let sized: Packet = packet;
  if (!keepTopicAlias && sized.type === PacketType.Publish && sized.topicAlias !== undefined) {
    const { topicAlias: _stripped, ...rest } = sized;
    sized = rest;
  }
  // Size as written with the full topic and a packet id: aws-c-mqtt's statistics miss the id's 2 bytes (§14.14).
  const sizeBytes = packetSize(sized);
  return {
    opId,
    kind: op.kind,
    packet: op.packet,
    qos,
    phase: "queued",
    packetId: 0,
    sentOnce: false,
    sizeBytes,
    ackDeadlineMs: undefined,
  };
}

/**
 * Accepts a user operation into the queue, or settles it at once: when the client is closed, when IoT Core mode
 * refuses it (behavior.md §7.8), or when the offline policy refuses it while not connected.
 */
export function submitOperation(state: ClientState, opId: OperationId, op: Operation): void {
  if (state.lifecycle === "closed") {
    state.out.push({ kind: "settle", opId, result: { ok: false, error: new OperationError("clientClosed", "client is closed") } });
    return;
  }
  let record: OperationRecord;
  try {
    if (state.config.awsIotCoreLimits) validateAwsIotCoreLimits(op.packet);
    const keepTopicAlias = state.config.outboundTopicAliasBehavior === OutboundTopicAliasBehaviorType.Manual;
    record = createOperationRecord(opId, op, keepTopicAlias);
  } catch (error) {
    // Never let an exception out of the core: a packet the codec cannot even measure fails its own operation.
    state.out.push({ kind: "settle", opId, result: { ok: false, error: asClientError(error) } });
    return;
  }
  if (state.lifecycle !== "connected" && !isRetainedByPolicy(state.config.offlineQueueBehavior, record)) {
    const error = new OperationError("offlineQueuePolicy", "operation refused while offline by the offline queue policy");
    state.out.push({ kind: "settle", opId, result: { ok: false, error } });
    return;
  }
  state.operations.set(opId, record);
  state.queue.push(opId);
  if (record.kind !== "publish") markNonPublishQueued(state);
}

/**
 * A SUBSCRIBE/UNSUBSCRIBE may now sit behind PUBLISHes that wait for send quota: the outbound service scans past
 * those PUBLISHes [MQTT-3.3.4-8]. The flag is set only when that can have become true (a non-PUBLISH submission, a
 * new connection), so a long backlog of held PUBLISHes is not rescanned on every acknowledgement.
 */
export function markNonPublishQueued(state: ClientState): void {
  state.nonPublishMayWaitBehindPublishes = true;
}

export function mayHoldNonPublishBehindPublishes(state: ClientState): boolean {
  return state.nonPublishMayWaitBehindPublishes;
}

export function noNonPublishBehindPublishes(state: ClientState): void {
  state.nonPublishMayWaitBehindPublishes = false;
}

export function asClientError(error: unknown): MqttClientError {
  if (error instanceof MqttClientError) return error;
  return new MqttClientError("internal", error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * The result of every QoS 0 publish once written: one shared, frozen object instead of two fresh ones per message
 * (consumers only read it).
 */
export const QOS0_PUBLISH_WRITTEN: OperationResult = Object.freeze({ ok: true, value: Object.freeze({ kind: "publish", qos: 0 }) });

/** Settles an operation successfully and forgets it. */
export function completeOperation(state: ClientState, record: OperationRecord, value: OperationValue): void {
  forget(state, record);
  state.out.push({ kind: "settle", opId: record.opId, result: { ok: true, value } });
}

/**
 * Settles an operation with an error and forgets it. `dequeued`: the caller already took it out of the queue (bulk
 * failures filter the queue once instead of searching it per operation).
 */
export function failOperation(state: ClientState, record: OperationRecord, error: MqttClientError, dequeued = false): void {
  if (dequeued) record.phase = "writing"; // not "queued": forget() must not search the queue for it
  forget(state, record);
  state.out.push({ kind: "settle", opId: record.opId, result: { ok: false, error } });
}

function forget(state: ClientState, record: OperationRecord): void {
  state.operations.delete(record.opId);
  if (record.packetId !== 0) {
    if (state.unacked.get(record.packetId) === record.opId) state.unacked.delete(record.packetId);
    state.packetIds.release(record.packetId);
  }
  if (record.phase === "queued") removeFromQueue(state.queue, record.opId);
}

/**
 * Operations usually fail in queue order (a policy pass on disconnect, a stop), so the head is checked first:
 * shift() is O(1) where splice(0, 1) copies the whole queue, which made failing a long backlog quadratic.
 */
function removeFromQueue(queue: OperationId[], opId: OperationId): void {
  if (queue[0] === opId) {
    queue.shift();
    return;
  }
  const index = queue.indexOf(opId);
  if (index >= 0) queue.splice(index, 1);
}

/** Fails every operation still pending (stop, close). */
export function failAllOperations(state: ClientState, makeError: (record: OperationRecord) => MqttClientError): void {
  state.queue.length = 0; // emptied first: nothing to search when each operation is forgotten
  for (const record of [...state.operations.values()]) failOperation(state, record, makeError(record));
  // Nothing is left in flight: the tables and the arrays drop their storage.
  state.operations.releaseIfEmpty();
  state.unacked.releaseIfEmpty();
  state.ackTimeouts.length = 0;
}

export function computeStatistics(state: ClientState): ClientStatistics {
  const stats: ClientStatistics = {
    incompleteOperationCount: 0,
    incompleteOperationSize: 0,
    unackedOperationCount: 0,
    unackedOperationSize: 0,
  };
  for (const record of state.operations.values()) {
    stats.incompleteOperationCount += 1;
    stats.incompleteOperationSize += record.sizeBytes;
    if (record.phase === "unacked" || record.phase === "released") {
      stats.unackedOperationCount += 1;
      stats.unackedOperationSize += record.sizeBytes;
    }
  }
  return stats;
}

/** The packet type an operation's acknowledgement must have (acks are matched by id AND type, §14.10). */
export function expectedAckType(record: OperationRecord): PacketType {
  if (record.kind === "subscribe") return PacketType.Suback;
  if (record.kind === "unsubscribe") return PacketType.Unsuback;
  if (record.phase === "released") return PacketType.Pubcomp;
  return record.qos === 2 ? PacketType.Pubrec : PacketType.Puback;
}
