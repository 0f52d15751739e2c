// Deadlines of a connection and what happens when they pass: CONNACK timeout, PINGREQ due, PINGRESP timeout,
// per-operation ack timeouts, the backoff reset after a long enough connection, and the clean-disconnect bound.
import { DisconnectReasonCode, PacketType } from "../model/enums.js";
import { OperationError } from "../errors.js";
import type { ClientState, ConnectionState, OperationRecord } from "../client-state.js";
import { INITIAL_BACKOFF_STATE } from "../lifecycle/backoff.js";
import { failOperation } from "../operations/operations.js";
import { connackTimeout, pingTimeout, userRequestedStop } from "./connection-errors.js";
import { nextPingDueMs, pingResponseTimeoutMs } from "./keep-alive.js";
import { endConnection, failConnection } from "./teardown.js";
import { service } from "./outbound-service.js";
import { authenticationDeadline, expireReauthentication } from "./auth.js";

/** Packet ids 1..65,535 [MQTT-2.2.1-3]: when all are bound, the next SUBSCRIBE or QoS > 0 PUBLISH must wait. */
const PACKET_ID_COUNT = 65_535;

export function connectionDeadline(state: ClientState, connection: ConnectionState): number | undefined {
  let deadline = minDefined(connection.connackDeadlineMs, connection.cleanDisconnectDeadlineMs);
  if (state.lifecycle !== "connected") return deadline;
  deadline = minDefined(deadline, connection.pingDeadlineMs);
  deadline = minDefined(deadline, connection.backoffResetDeadlineMs);
  deadline = minDefined(deadline, authenticationDeadline(connection)); // re-authentication (auth.ts)
  // The PINGREQ falls due even while a write is in flight: see queuePingBehindStuckWrite.
  deadline = minDefined(deadline, nextPingDueMs(connection.keepAliveMs, connection.lastWriteMs, connection.pingQueued || connection.pingDeadlineMs !== undefined));
  if (!connection.writeInFlight && state.iotFlow !== undefined) {
    const candidate = firstOperationFreeOfOtherLimits(state);
    if (candidate !== undefined) {
      // The next operation that could leave waits for the IoT Core budgets (aws-iot-core-flow.ts).
      deadline = minDefined(deadline, state.iotFlow.nextAvailableMs(state.nowMs, candidate.sizeBytes, candidate.kind === "publish"));
    }
  }
  return minDefined(deadline, firstAckDeadline(state));
}

/**
 * The first queued operation that only the IoT Core budgets can hold back: the head, or — when the head is a
 * PUBLISH held by send quota — the first SUBSCRIBE/UNSUBSCRIBE behind it, which the outbound service lets pass
 * [MQTT-3.3.4-8]. PUBLISHes keep their order, so no later PUBLISH can be a candidate.
 */
function firstOperationFreeOfOtherLimits(state: ClientState): OperationRecord | undefined {
  const head = state.queue.length > 0 ? state.operations.get(state.queue[0] as number) : undefined;
  if (head === undefined) return undefined;
  if (!isHeldByOtherLimits(state, head)) return head;
  if (head.kind !== "publish" || !state.nonPublishMayWaitBehindPublishes) return undefined;
  for (const opId of state.queue) {
    const record = state.operations.get(opId);
    if (record !== undefined && record.kind !== "publish") return isHeldByOtherLimits(state, record) ? undefined : record;
  }
  return undefined;
}

/**
 * The queue head cannot leave whatever the IoT Core budgets say: a QoS > 0 PUBLISH without send quota
 * [MQTT-4.9.0-2], or no free packet id. The ack or completion that unblocks it is an input of its own; a timer
 * at the budget's time would find nothing to write, and once that time has passed it would fire again at once
 * for ever (a busy loop until the PUBACK arrives).
 */
function isHeldByOtherLimits(state: ClientState, head: OperationRecord): boolean {
  if (head.kind === "publish" && head.qos > 0 && state.sendQuota.available === 0) return true;
  return head.packetId === 0 && (head.kind !== "publish" || head.qos > 0) && state.packetIds.boundCount >= PACKET_ID_COUNT;
}

export function onConnectionTimer(state: ClientState, connection: ConnectionState): void {
  const now = state.nowMs;
  if (connection.connackDeadlineMs !== undefined && now >= connection.connackDeadlineMs) {
    endConnection(state, connackTimeout(state.config.connackTimeoutMs), {}); // no DISCONNECT before CONNACK
    return;
  }
  if (connection.cleanDisconnectDeadlineMs !== undefined && now >= connection.cleanDisconnectDeadlineMs) {
    endConnection(state, userRequestedStop(), {}); // the DISCONNECT could not be written in time
    return;
  }
  if (state.lifecycle !== "connected") return;
  if (connection.pingDeadlineMs !== undefined && now >= connection.pingDeadlineMs) {
    const timeoutMs = pingResponseTimeoutMs(state.config.pingTimeoutMs, connection.keepAliveMs);
    failConnection(state, pingTimeout(timeoutMs, !connection.pingQueued), DisconnectReasonCode.KeepAliveTimeout);
    return;
  }
  if (expireReauthentication(state, connection)) return;
  if (connection.backoffResetDeadlineMs !== undefined && now >= connection.backoffResetDeadlineMs) {
    connection.backoffResetDeadlineMs = undefined;
    state.backoff = INITIAL_BACKOFF_STATE;
  }
  queuePingBehindStuckWrite(state, connection);
  expireAcks(state);
  if (state.connection === connection) service(state);
}

/**
 * Keep Alive has passed since our last write began, but that write has not completed: the PINGREQ cannot leave
 * yet [MQTT-3.1.2-20]. It is queued behind the write and the PINGRESP clock starts now, so a connection whose
 * writes never complete (half-open: dead peer, pulled cable, no TCP error for minutes) is given up after
 * Keep Alive + the ping timeout, like one whose PINGRESP never comes. By then (≤ 1.5 × Keep Alive) the server
 * has dropped us anyway [MQTT-3.1.2-22]. If the write does complete, the PINGREQ is written and its own timeout
 * re-armed from that moment (outbound-service.ts), so a slow but live link is not mistaken for a dead one.
 */
function queuePingBehindStuckWrite(state: ClientState, connection: ConnectionState): void {
  if (!connection.writeInFlight) return; // service() writes the PINGREQ itself
  const dueMs = nextPingDueMs(connection.keepAliveMs, connection.lastWriteMs, connection.pingQueued || connection.pingDeadlineMs !== undefined);
  if (dueMs === undefined || state.nowMs < dueMs) return;
  connection.pingQueued = true;
  connection.controlQueue.push({ type: PacketType.Pingreq });
  connection.pingDeadlineMs = dueMs + pingResponseTimeoutMs(state.config.pingTimeoutMs, connection.keepAliveMs);
}

/** Ack-timeout entries whose operation was settled or re-queued since are dropped here, lazily, after each step. */
export function dropStaleAckTimeouts(state: ClientState): void {
  while (state.ackTimeouts.length > 0 && liveAckDeadline(state, state.ackTimeouts[0] as number) === undefined) {
    state.ackTimeouts.shift();
  }
}

/** The earliest ack deadline; read-only (stale entries at the front are skipped, not removed). */
function firstAckDeadline(state: ClientState): number | undefined {
  for (const opId of state.ackTimeouts) {
    const deadline = liveAckDeadline(state, opId);
    if (deadline !== undefined) return deadline;
  }
  return undefined;
}

function liveAckDeadline(state: ClientState, opId: number): number | undefined {
  const record = state.operations.get(opId);
  if (record?.ackDeadlineMs === undefined || (record.phase !== "unacked" && record.phase !== "released")) return undefined;
  return record.ackDeadlineMs;
}

function expireAcks(state: ClientState): void {
  for (;;) {
    dropStaleAckTimeouts(state);
    const deadline = firstAckDeadline(state);
    if (deadline === undefined || deadline > state.nowMs) return;
    const record = state.operations.get(state.ackTimeouts.shift() as number);
    if (record === undefined) continue;
    if (record.kind === "publish") state.sendQuota.release();
    failOperation(state, record, new OperationError("timeout", `no acknowledgement within ${state.config.ackTimeoutMs} ms`));
  }
}

export function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
