// Giving back memory that a burst of traffic left behind, once the connection is idle. Emptied Maps keep their hash
// table and arrays emptied by shift()/splice() keep their storage (~150–190 B each); for a connection that stays
// idle for hours that is memory for nothing. Done when a PINGREQ is written: by definition nothing else was written
// for Keep Alive, so this runs at most once per Keep Alive and never on a busy connection's per-message path.
import type { ClientState, ConnectionState } from "../client-state.js";
import { releaseIfEmpty } from "../lazy-map.js";

export function releaseIdleMemory(state: ClientState, connection: ConnectionState): void {
  state.operations.releaseIfEmpty();
  state.unacked.releaseIfEmpty();
  state.inboundQos2 = releaseIfEmpty(state.inboundQos2);
  state.pendingAcknowledgements = releaseIfEmpty(state.pendingAcknowledgements);
  dropStorageIfEmpty(state.queue);
  dropStorageIfEmpty(state.ackTimeouts);
  dropStorageIfEmpty(connection.writingOps);
  dropStorageIfEmpty(connection.controlQueue);
  if (state.packetIds.boundCount === 0) state.packetIds.releaseAll();
}

/** Setting the length of an empty array to 0 frees the storage it kept (V8 keeps it after shift() or splice()). */
function dropStorageIfEmpty(array: unknown[]): void {
  if (array.length === 0) array.length = 0;
}
