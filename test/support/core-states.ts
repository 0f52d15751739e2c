// Brings a CoreHarness into each lifecycle state of the core (client-state.ts) through public inputs only, so
// scenario tests can loop over states. Each state is checked by what the core did to get there.
import assert from "node:assert/strict";
import type { CoreHarness } from "./core-harness.js";
import { DisconnectReasonCode, PacketType, QoS } from "../../src/core/model/enums.js";
import type { DisconnectPacket } from "../../src/core/model/packet.js";

export const LIFECYCLE_STATES = ["stopped", "connecting", "mqttConnect", "connected", "cleanDisconnect", "pendingReconnect"] as const;
export type DrivenState = (typeof LIFECYCLE_STATES)[number];

export const NORMAL_DISCONNECT: DisconnectPacket = { type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NormalDisconnection };

/**
 * stopped: fresh client. connecting: start() (transport opening). mqttConnect: transport open, CONNECT written.
 * connected: CONNACK success. cleanDisconnect: stop(DISCONNECT) whose write has not completed (writes are held
 * from then on: autoCompleteWrites=false). pendingReconnect: the transport failed to open, backoff running.
 */
export function driveTo(h: CoreHarness, state: DrivenState): void {
  switch (state) {
    case "stopped":
      return;
    case "connecting":
      h.start();
      assert.ok(h.pendingOpenAttempt !== undefined);
      return;
    case "mqttConnect":
      h.start();
      h.openTransport();
      assert.equal(h.writtenOnTransport[0]?.type, PacketType.Connect);
      return;
    case "connected":
      h.connect();
      assert.equal(h.core.isConnected(), true);
      return;
    case "cleanDisconnect":
      h.connect();
      h.autoCompleteWrites = false;
      h.handle({ kind: "stop", disconnect: NORMAL_DISCONNECT });
      assert.equal(h.lastWritten()?.type, PacketType.Disconnect);
      assert.equal(h.writeInFlight, true);
      return;
    case "pendingReconnect":
      h.start();
      h.failTransport();
      assert.ok(h.core.nextDeadline() !== undefined);
      return;
  }
}

/** A queued QoS 0 publish, a QoS 1 publish and a subscription, submitted in whatever state the harness is in. */
export function submitMixedOperations(h: CoreHarness): number[] {
  return [h.publish("ops/qos0", QoS.AtMostOnce), h.publish("ops/qos1", QoS.AtLeastOnce), h.subscribe("ops/#")];
}
