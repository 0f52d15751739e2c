// Ending a connection, whatever the cause: one final lifecycle event, the offline-queue policy applied to the
// operations (behavior.md §4.6), then reconnect or stop.
import { DisconnectReasonCode, PacketType } from "../model/enums.js";
import { OperationError, type MqttClientError } from "../errors.js";
import type { ConnackPacket, DisconnectPacket } from "../model/packet.js";
import type { OperationId } from "../io.js";
import type { ClientState, ConnectionState, OperationRecord } from "../client-state.js";
import { failOperation, isRetainedByPolicy } from "../operations/operations.js";
import { afterConnectionEnded } from "../lifecycle/lifecycle.js";
import { service } from "./outbound-service.js";
import { abandonAuthentication } from "./auth.js";

/**
 * The connection must end because of `error`. When `disconnectReason` is given and the transport is free, a
 * DISCONNECT with that reason is written first [MQTT-4.13.1-1 analog for clients, X-29]; a write still in flight is
 * not waited for, so a half-open connection cannot delay the teardown.
 */
export function failConnection(state: ClientState, error: MqttClientError, disconnectReason: number | undefined): void {
  const connection = state.connection;
  if (connection === undefined) return;
  if (disconnectReason !== undefined && connection.connectSent && !connection.disconnectSent && !connection.writeInFlight) {
    connection.pendingDisconnect = { type: PacketType.Disconnect, reasonCode: clientDisconnectReason(disconnectReason) };
    service(state);
  }
  endConnection(state, error, {});
}

/**
 * DISCONNECT reason codes a client sends [MQTT-3.14.2-1]: 0x00, 0x04, 0x80–0x83, 0x90, 0x93–0x99, plus 0x8D
 * Keep Alive timeout, which the standard's table marks as a server code but which we send after a PINGRESP
 * timeout, as aws-c-mqtt does.
 */
const CLIENT_DISCONNECT_REASONS: ReadonlySet<number> = new Set([
  0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x8d, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
]);

/**
 * The reason code of a ProtocolError may be one a client cannot put in a DISCONNECT (the decoder reports a
 * server-sent CONNECT with a foreign protocol version as 0x84, a CONNACK code): such errors are sent as 0x82
 * Protocol Error. The error reported to the user keeps its own code.
 */
function clientDisconnectReason(reasonCode: number): DisconnectReasonCode {
  return (CLIENT_DISCONNECT_REASONS.has(reasonCode) ? reasonCode : DisconnectReasonCode.ProtocolError) as DisconnectReasonCode;
}

/** Closes the transport, reports the final event once, applies the queue policy, then reconnects or stops. */
export function endConnection(
  state: ClientState,
  error: MqttClientError,
  extras: { connack?: ConnackPacket; disconnect?: DisconnectPacket },
): void {
  const connection = state.connection;
  state.out.push({ kind: "closeTransport" });
  if (connection !== undefined) abandonAuthentication(state, connection, error, extras.disconnect); // a running re-authentication fails
  emitFinalEvent(state, error, extras);
  if (connection !== undefined) applyDisconnectPolicy(state, connection);
  state.connection = undefined;
  afterConnectionEnded(state);
}

export function emitFinalEvent(
  state: ClientState,
  error: MqttClientError,
  extras: { connack?: ConnackPacket; disconnect?: DisconnectPacket },
): void {
  const owed = state.owedFinalEvent;
  state.owedFinalEvent = "none";
  if (owed === "connectionFailure") {
    const event = extras.connack === undefined
      ? { kind: "connectionFailure" as const, error }
      : { kind: "connectionFailure" as const, error, connack: extras.connack };
    state.out.push({ kind: "emit", event });
  } else if (owed === "disconnection") {
    const event = extras.disconnect === undefined
      ? { kind: "disconnection" as const, error }
      : { kind: "disconnection" as const, error, disconnect: extras.disconnect };
    state.out.push({ kind: "emit", event });
  }
}

/** One pass over the queue: a long backlog failed on disconnect costs linear time, not quadratic. */
function failQueuedOperationsRefusedByPolicy(state: ClientState): void {
  const policy = state.config.offlineQueueBehavior;
  const kept: OperationId[] = [];
  const refused: OperationRecord[] = [];
  for (const opId of state.queue) {
    const record = state.operations.get(opId);
    if (record === undefined) continue;
    if (isRetainedByPolicy(policy, record)) kept.push(opId);
    else refused.push(record);
  }
  state.queue = kept;
  for (const record of refused) {
    failOperation(state, record, new OperationError("offlineQueuePolicy", "operation failed by the offline queue policy on disconnect"), true);
  }
}

function applyDisconnectPolicy(state: ClientState, connection: ConnectionState): void {
  const policy = state.config.offlineQueueBehavior;
  for (const opId of connection.writingOps) {
    const record = state.operations.get(opId);
    if (record !== undefined) failOperation(state, record, new OperationError("offlineQueuePolicy", "connection lost while the QoS 0 publish was being written"));
  }
  failQueuedOperationsRefusedByPolicy(state);
  const requeue: OperationId[] = [];
  for (const record of [...state.operations.values()]) {
    record.ackDeadlineMs = undefined;
    if (record.phase === "unacked" && record.kind !== "publish") {
      // SUBSCRIBE/UNSUBSCRIBE are not part of the session: they are sent again with a new id, or failed.
      state.unacked.delete(record.packetId);
      state.packetIds.release(record.packetId);
      record.packetId = 0;
      if (isRetainedByPolicy(policy, record)) {
        record.phase = "queued";
        requeue.push(record.opId);
      } else {
        failOperation(state, record, new OperationError("offlineQueuePolicy", "operation failed by the offline queue policy on disconnect"));
      }
    }
    // Unacknowledged QoS 1/2 publishes and released QoS 2 flows wait for the next CONNACK (session-resume.ts).
  }
  if (requeue.length > 0) state.queue.unshift(...requeue);
  state.ackTimeouts.length = 0;
  for (const [id, pending] of state.pendingAcknowledgements) {
    if (pending.qos === 1 && pending.connectionId === connection.id) state.pendingAcknowledgements.delete(id);
  }
}
