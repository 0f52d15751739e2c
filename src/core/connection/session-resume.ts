// What the CONNACK's Session Present flag does to in-flight state (MQTT 5 §4.4, behavior.md §4.7).
//
// Rejoined: unacknowledged PUBLISHes are re-sent first, in their original order, with DUP=1 and the same packet
// id; PUBRELs are re-sent for QoS 2 flows past PUBREC [MQTT-4.4.0-1, 4.3.3-6, 4.6.0-1]; inbound QoS 2 state stays.
// Not rejoined [MQTT-3.2.2-5]: the server forgot the session. A QoS 1 publish is sent again as a new message
// (fresh id, DUP=0: at-least-once still holds; aws-c-mqtt keeps DUP and the old id, §14.9); a QoS 2 flow cannot
// be completed without risking a duplicate, so it settles with OperationError("sessionLost"); inbound QoS 2
// state is dropped.
import { PacketType, PubrelReasonCode } from "../model/enums.js";
import { OperationError } from "../errors.js";
import type { OperationId } from "../io.js";
import type { ClientState, ConnectionState } from "../client-state.js";
import { failOperation, isRetainedByPolicy, markNonPublishQueued } from "../operations/operations.js";
import { sharedEmptyMap } from "../lazy-map.js";

export function resumeOrDiscardSession(state: ClientState, connection: ConnectionState, sessionPresent: boolean): void {
  const resend: OperationId[] = [];
  for (const record of [...state.operations.values()]) {
    if (record.phase === "released") {
      if (sessionPresent) {
        connection.controlQueue.push({ type: PacketType.Pubrel, packetId: record.packetId, reasonCode: PubrelReasonCode.Success });
        if (state.config.ackTimeoutMs > 0) {
          record.ackDeadlineMs = state.nowMs + state.config.ackTimeoutMs;
          state.ackTimeouts.push(record.opId);
        }
      } else {
        failOperation(state, record, sessionLost());
      }
      continue;
    }
    if (record.phase !== "unacked" || record.kind !== "publish") continue;
    if (sessionPresent) {
      state.unacked.delete(record.packetId); // id stays bound: the resend reuses it
      record.phase = "queued";
      resend.push(record.opId);
    } else if (record.qos === 2) {
      failOperation(state, record, sessionLost());
    } else if (isRetainedByPolicy(state.config.offlineQueueBehavior, record)) {
      state.unacked.delete(record.packetId);
      state.packetIds.release(record.packetId);
      record.packetId = 0;
      record.sentOnce = false;
      record.phase = "queued";
      resend.push(record.opId);
    } else {
      failOperation(state, record, new OperationError("offlineQueuePolicy", "unacknowledged publish failed by the offline queue policy"));
    }
  }
  if (resend.length > 0) state.queue.unshift(...resend);
  markNonPublishQueued(state); // the disconnect may have re-queued SUBSCRIBE/UNSUBSCRIBE anywhere in the queue
  if (sessionPresent) {
    // The server still counts every unfinished QoS 2 message toward our Receive Maximum [MQTT-3.3.4-9]: those we
    // have not PUBREC'd yet ("pending": it resends the PUBLISH, which is not counted again) and those awaiting PUBREL.
    connection.inboundUnacknowledged = state.inboundQos2.size;
  } else {
    state.inboundQos2 = sharedEmptyMap();
    for (const [id, pending] of state.pendingAcknowledgements) if (pending.qos === 2) state.pendingAcknowledgements.delete(id);
  }
}

function sessionLost(): OperationError {
  return new OperationError("sessionLost", "the server did not resume the session; the QoS 2 exchange cannot be completed");
}
