// Writing: decides what leaves next and packs it into ONE write (at most one write outstanding on the transport).
//
// Order on the wire: a pending DISCONNECT alone; CONNECT alone before CONNACK [MQTT-3.1.0-1] (nothing else until
// the CONNACK, except AUTH); then control packets (acks, PUBREL, PINGREQ) ahead of user operations, then the
// operation queue in order. A PUBLISH that finds no send quota (or, in IoT Core mode, no publish budget) holds
// every later PUBLISH behind it (no reordering of PUBLISHes), but never control packets, SUBSCRIBE or UNSUBSCRIBE
// [MQTT-3.3.4-8, 4.9.0-3]. A write carries at most maximumWriteBytes, except one larger packet, which goes alone.
import { OutboundTopicAliasBehaviorType, PacketType, QoS } from "../model/enums.js";
import type { Packet, PublishPacket } from "../model/packet.js";
import { allocateOutput, encodePacketInto, encodePublishHeaderInto, packetSize } from "../codec/index.js";
import { PacketTooLargeError } from "../errors.js";
import { validateAgainstNegotiated } from "../validate/negotiated.js";
import {
  asClientError,
  failOperation,
  mayHoldNonPublishBehindPublishes,
  noNonPublishBehindPublishes,
} from "../operations/operations.js";
import type { ClientState, ConnectionState, OperationRecord } from "../client-state.js";
import { pingResponseTimeoutMs } from "./keep-alive.js";
import { releaseIdleMemory } from "../session/idle-memory.js";

interface BatchEntry {
  packet: Packet;
  sizeBytes: number;
  record: OperationRecord | undefined;
  /** The queued PUBLISH itself is written: its packet id and DUP flag are set right before it is encoded. */
  inPlace?: boolean;
}

/** Writes whatever may be written now. Called after every input that could unblock output. */
export function service(state: ClientState): void {
  const connection = state.connection;
  if (connection === undefined || connection.writeInFlight || connection.disconnectSent) return;
  if (connection.pendingDisconnect !== undefined) {
    writeDisconnect(state, connection, connection.pendingDisconnect);
    return;
  }
  if (!connection.connectSent) {
    if (connection.auth?.awaitingAnswerId !== undefined) return; // CONNECT waits for its Authentication Data (auth.ts)
    connection.connectSent = true;
    writeBatch(state, connection, [entryFor(connection.connectPacket, undefined)]);
    return;
  }
  if (state.lifecycle !== "connected") {
    // Before CONNACK nothing but AUTH may follow the CONNECT [MQTT-3.1.2-30]; only auth.ts queues packets then.
    const auth = state.lifecycle === "mqttConnect" ? connection.controlQueue.shift() : undefined;
    if (auth !== undefined) writeBatch(state, connection, [entryFor(auth, undefined)]);
    return;
  }
  queuePingIfDue(state, connection);
  const batch = collectBatch(state, connection);
  if (batch.length > 0) writeBatch(state, connection, batch);
}

function writeDisconnect(state: ClientState, connection: ConnectionState, packet: Packet): void {
  connection.pendingDisconnect = undefined;
  connection.disconnectSent = true;
  connection.closeAfterWrite = true;
  const maximum = connection.settings?.maximumPacketSizeToServer;
  // DISCONNECT may shed its reason string and user properties to fit [MQTT-3.14.2-3/-4]: size after shedding.
  writeBatch(state, connection, [entryFor(packet, undefined, maximum)]);
}

function queuePingIfDue(state: ClientState, connection: ConnectionState): void {
  if (connection.keepAliveMs === 0 || connection.pingQueued || connection.pingDeadlineMs !== undefined) return;
  // [MQTT-3.1.2-20] PINGREQ when nothing was sent for Keep Alive.
  if (state.nowMs >= connection.lastWriteMs + connection.keepAliveMs) {
    connection.pingQueued = true;
    connection.controlQueue.push({ type: PacketType.Pingreq });
  }
}

function collectBatch(state: ClientState, connection: ConnectionState): BatchEntry[] {
  const batch: BatchEntry[] = [];
  const limit = state.config.maximumWriteBytes;
  const maximum = connection.settings?.maximumPacketSizeToServer;
  let total = 0;
  while (connection.controlQueue.length > 0) {
    const entry = entryFor(connection.controlQueue[0] as Packet, undefined, maximum);
    if (!fitsInWrite(batch, total, entry.sizeBytes, limit)) return batch;
    connection.controlQueue.shift();
    batch.push(entry);
    total += entry.sizeBytes;
  }
  // Once a PUBLISH has to wait (send quota, IoT Core publish rate), every later PUBLISH waits behind it (PUBLISH
  // order is kept), but SUBSCRIBE/UNSUBSCRIBE further back still go out: the quota must not delay any packet other
  // than PUBLISH [MQTT-3.3.4-8, 4.9.0-3].
  const taken = collectOperations(state, connection, batch, total);
  // Operations taken from the head of the queue leave it in one splice: removing them one by one moved the whole
  // backlog once per packet, which made a long queue (200k never-awaited publishes) quadratic.
  if (taken > 0) state.queue.splice(0, taken); // one memmove of the rest (copyWithin is element by element)
  return batch;
}

/**
 * Adds queued operations to `batch` and returns how many were taken from the head of the queue; the caller
 * removes those. An operation taken further back (a SUBSCRIBE passing quota-held PUBLISHes) leaves at once.
 */
function collectOperations(state: ClientState, connection: ConnectionState, batch: BatchEntry[], totalBytes: number): number {
  const limit = state.config.maximumWriteBytes;
  const flow = state.iotFlow;
  const queue = state.queue;
  let total = totalBytes;
  let headTaken = 0; // queue[0 … headTaken) are in the batch and still in the queue
  let publishesHeld = false;
  let index = 0;
  while (index < queue.length) {
    const record = state.operations.get(queue[index] as number);
    if (record === undefined) {
      queue.splice(index, 1);
      continue;
    }
    const isPublish = record.kind === "publish";
    if (isPublish && !publishesHeld && mustHoldPublish(state, record)) {
      publishesHeld = true;
      if (!mayHoldNonPublishBehindPublishes(state)) return headTaken; // nothing but PUBLISHes behind: skip the scan
    }
    if (isPublish && publishesHeld) {
      index++;
      continue;
    }
    const boundBytes = sizeBound(state, connection, record);
    if (!fitsInWrite(batch, total, boundBytes, limit)) return headTaken;
    // Throughput is charged on every byte written, so an operation over budget stops the batch whatever its kind.
    if (flow !== undefined && !flow.canWrite(total + boundBytes, state.nowMs)) return headTaken;
    const entry = prepareOperation(state, connection, record, boundBytes);
    if (entry === "blocked") return headTaken; // no packet id free: everything waits, in order
    if (entry === undefined) continue; // failed and settled; failOperation removed it from the queue
    if (index === headTaken) {
      headTaken++;
      index++;
    } else {
      queue.splice(index, 1);
    }
    if (isPublish && record.qos > QoS.AtMostOnce) state.sendQuota.tryAcquire(); // [MQTT-3.3.4-7, 4.9.0-2]
    if (isPublish) flow?.onPublishWritten(state.nowMs);
    batch.push(entry);
    total += entry.sizeBytes;
  }
  // Scanned to the end: every SUBSCRIBE/UNSUBSCRIBE behind held PUBLISHes has gone out.
  if (publishesHeld) noNonPublishBehindPublishes(state);
  return headTaken;
}

/** A write holds packets up to maximumWriteBytes; a single larger packet still goes out, alone. */
function fitsInWrite(batch: BatchEntry[], totalBytes: number, sizeBytes: number, limitBytes: number): boolean {
  return batch.length === 0 || totalBytes + sizeBytes <= limitBytes;
}

/** A PUBLISH that may not be written now: no send quota left for QoS > 0, or the IoT Core publish rate is spent. */
function mustHoldPublish(state: ClientState, record: OperationRecord): boolean {
  if (record.qos > QoS.AtMostOnce && state.sendQuota.available === 0) return true; // [MQTT-3.3.4-7, 4.9.0-2]
  return state.iotFlow !== undefined && !state.iotFlow.canPublish(state.nowMs);
}

/**
 * The most bytes the operation can take on the wire on this connection: its size with the full topic, plus a
 * Topic Alias property when LRU aliasing may add one. Checked against the Maximum Packet Size before an alias is
 * bound, so a PUBLISH that does not go out never leaves a binding the server has not seen.
 */
function sizeBound(state: ClientState, connection: ConnectionState, record: OperationRecord): number {
  if (record.kind !== "publish") return record.sizeBytes;
  const publish = record.packet as PublishPacket;
  const lruMayAlias =
    state.config.outboundTopicAliasBehavior === OutboundTopicAliasBehaviorType.LRU &&
    (connection.settings?.topicAliasMaximumToServer ?? 0) > 0 &&
    publish.topicAlias === undefined;
  if (!lruMayAlias) return record.sizeBytes;
  return packetSize({ ...publish, topicAlias: 1, ...(record.qos > 0 ? { packetId: 1 } : {}) });
}

/**
 * Checks a queued operation against the negotiated limits, binds its packet id and builds the wire packet.
 * Returns undefined when the operation failed (and was settled), "blocked" when no packet id is free.
 */
function prepareOperation(
  state: ClientState,
  connection: ConnectionState,
  record: OperationRecord,
  boundBytes: number,
): BatchEntry | undefined | "blocked" {
  const settings = connection.settings;
  if (settings === undefined) return "blocked";
  // Size with the full topic (before aliasing) and a packet id: conservative and stable across reconnects. When only
  // an LRU alias would push it over the Maximum Packet Size, the PUBLISH goes out without one.
  const aliasFits = boundBytes <= settings.maximumPacketSizeToServer;
  try {
    // Topic aliases are the alias resolver's business (it strips, keeps or refuses them per behaviour).
    validateAgainstNegotiated(withoutTopicAlias(record.packet), settings);
    if (!aliasFits && record.sizeBytes > settings.maximumPacketSizeToServer) {
      throw new PacketTooLargeError(record.sizeBytes, settings.maximumPacketSizeToServer, PacketType[record.packet.type]);
    }
  } catch (error) {
    failOperation(state, record, asClientError(error));
    return undefined;
  }
  if (record.packetId === 0 && (record.kind !== "publish" || record.qos > 0)) {
    const packetId = state.packetIds.allocate();
    if (packetId === undefined) return "blocked";
    record.packetId = packetId;
  }
  let packet: Packet;
  if (record.kind === "publish") {
    const publish = record.packet as PublishPacket;
    if (publish.topicAlias === undefined && state.config.outboundTopicAliasBehavior !== OutboundTopicAliasBehaviorType.LRU) {
      // No alias to strip, keep or choose: the queued PUBLISH goes out as it is (no resolver result, no copy).
      return { packet: publish, sizeBytes: record.sizeBytes, record, inPlace: true };
    }
    let aliased: { topicName: string; topicAlias?: number };
    try {
      aliased = aliasFits ? state.outboundAliases.resolve(publish.topicName, publish.topicAlias) : { topicName: publish.topicName };
    } catch (error) {
      failOperation(state, record, asClientError(error));
      return undefined;
    }
    packet = buildWirePublish(publish, record, aliased);
    // The queued PUBLISH itself goes out unless aliasing changed it: then its size is the one measured at submission.
    if (packet === publish) return { packet, sizeBytes: record.sizeBytes, record, inPlace: true };
  } else {
    packet = { ...record.packet, packetId: record.packetId };
  }
  return entryFor(packet, record);
}

function withoutTopicAlias(packet: Packet): Packet {
  if (packet.type !== PacketType.Publish || packet.topicAlias === undefined) return packet;
  const { topicAlias: _alias, ...rest } = packet;
  return rest;
}

/**
 * The PUBLISH as written. Without a topic alias the queued packet itself is used (the core owns it from submission
 * on): writeBatch sets its packet id and DUP flag just before encoding it. That saves a copy per message and keeps
 * every queued PUBLISH in one object shape, which the encoder's property reads depend on for speed. With an alias the
 * wire packet is a copy, so the queued one keeps the full topic for later connections.
 */
function buildWirePublish(
  publish: PublishPacket,
  record: OperationRecord,
  aliased: { topicName: string; topicAlias?: number },
): PublishPacket {
  if (aliased.topicAlias === undefined && publish.topicAlias === undefined && aliased.topicName === publish.topicName) {
    return publish;
  }
  const { topicAlias: _alias, packetId: _packetId, ...fields } = publish;
  const wire: PublishPacket = { ...fields, topicName: aliased.topicName, duplicate: record.qos > 0 && record.sentOnce };
  if (aliased.topicAlias !== undefined) wire.topicAlias = aliased.topicAlias;
  if (record.qos > 0) wire.packetId = record.packetId;
  return wire;
}

function entryFor(packet: Packet, record: OperationRecord | undefined, maximumBytes?: number): BatchEntry {
  const shrunk = maximumBytes === undefined ? packet : shrinkToFit(packet, maximumBytes);
  return { packet: shrunk, sizeBytes: packetSize(shrunk), record };
}

/** Acks, DISCONNECT and AUTH may drop the Reason String, then User Properties, to fit the peer's maximum. */
function shrinkToFit(packet: Packet, maximumBytes: number): Packet {
  if (packet.type === PacketType.Publish || packet.type === PacketType.Pingreq) return packet;
  if (packetSize(packet) <= maximumBytes) return packet;
  if ("reasonString" in packet) {
    const { reasonString: _dropped, ...rest } = packet;
    if (packetSize(rest as Packet) <= maximumBytes) return rest as Packet;
  }
  if ("userProperties" in packet || "reasonString" in packet) {
    const { reasonString: _r, userProperties: _u, ...rest } = packet as Packet & { reasonString?: string; userProperties?: unknown };
    return rest as Packet;
  }
  return packet;
}

/** PUBLISH payloads from this size on are written as they are (their own part of the write), not copied. */
const ZERO_COPY_PAYLOAD_BYTES = 16 * 1024;

function writeBatch(state: ClientState, connection: ConnectionState, batch: BatchEntry[]): void {
  let total = 0;
  let copiedBytes = 0;
  for (const entry of batch) {
    total += entry.sizeBytes;
    copiedBytes += entry.sizeBytes - zeroCopyPayloadBytes(entry.packet);
  }
  // Carved from the codec's shared slab when small (no ArrayBuffer allocation per write); never reused.
  const bytes = allocateOutput(copiedBytes);
  let offset = 0;
  let parts: Uint8Array[] | undefined;
  let partStart = 0;
  for (const entry of batch) {
    if (entry.inPlace === true) bindInPlace(entry.packet as PublishPacket, entry.record as OperationRecord);
    if (zeroCopyPayloadBytes(entry.packet) === 0) {
      offset = encodePacketInto(entry.packet, bytes, offset);
    } else {
      // Header into the buffer, then the payload itself as the next part: a large payload is not copied again
      // (a 256 KiB copy plus a fresh 256 KiB buffer cost more than everything else of a publish).
      const publish = entry.packet as PublishPacket;
      offset = encodePublishHeaderInto(publish, bytes, offset);
      (parts ??= []).push(bytes.subarray(partStart, offset), publish.payload);
      partStart = offset;
    }
    afterWrite(state, connection, entry);
  }
  connection.writeInFlight = true;
  connection.lastWriteMs = state.nowMs;
  state.iotFlow?.onBytesWritten(total, state.nowMs);
  if (parts === undefined) {
    state.out.push({ kind: "write", bytes });
    return;
  }
  if (partStart < offset) parts.push(bytes.subarray(partStart, offset));
  state.out.push(partsWriteAction(parts));
}

function zeroCopyPayloadBytes(packet: Packet): number {
  return packet.type === PacketType.Publish && packet.payload.length >= ZERO_COPY_PAYLOAD_BYTES ? packet.payload.length : 0;
}

/** A write in parts; `bytes` (the parts joined) is only built for a reader that does not use `parts`. */
function partsWriteAction(parts: readonly Uint8Array[]): { kind: "write"; bytes: Uint8Array; parts: readonly Uint8Array[] } {
  let joined: Uint8Array | undefined;
  return {
    kind: "write",
    parts,
    get bytes(): Uint8Array {
      if (joined === undefined) {
        let length = 0;
        for (const part of parts) length += part.length;
        joined = new Uint8Array(length);
        let at = 0;
        for (const part of parts) {
          joined.set(part, at);
          at += part.length;
        }
      }
      return joined;
    },
  };
}

/**
 * Sets the wire fields of a queued PUBLISH written as it is. Done right before encoding, so that even a packet
 * object submitted twice is encoded with each operation's own id. QoS 0 carries neither a packet id nor DUP on the
 * wire whatever the packet holds [MQTT-2.2.1-2, 3.3.1-2]: the encoder ignores both.
 */
function bindInPlace(publish: PublishPacket, record: OperationRecord): void {
  if (record.qos === 0) return;
  publish.packetId = record.packetId;
  publish.duplicate = record.sentOnce;
}

function afterWrite(state: ClientState, connection: ConnectionState, entry: BatchEntry): void {
  const record = entry.record;
  if (record === undefined) {
    if (entry.packet.type === PacketType.Pingreq) {
      connection.pingQueued = false;
      // Armed when the PINGREQ is written, so a long write ahead of it cannot cause a false timeout.
      connection.pingDeadlineMs = state.nowMs + pingResponseTimeoutMs(state.config.pingTimeoutMs, connection.keepAliveMs);
      releaseIdleMemory(state, connection); // nothing else was written for Keep Alive: the connection is idle
    }
    return;
  }
  if (record.kind === "publish" && record.qos === 0) {
    record.phase = "writing";
    connection.writingOps.push(record.opId);
    return;
  }
  record.phase = "unacked";
  record.sentOnce = true;
  state.unacked.set(record.packetId, record.opId);
  if (state.config.ackTimeoutMs > 0) {
    record.ackDeadlineMs = state.nowMs + state.config.ackTimeoutMs;
    state.ackTimeouts.push(record.opId);
  }
}
