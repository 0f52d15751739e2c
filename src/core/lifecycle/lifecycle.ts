// Lifecycle: start / stop / close, connection attempts, reconnect backoff (behavior.md §1–§2).
//
// Event pairing (checked by tests): every attemptingConnect is followed by exactly one connectionSuccess or
// connectionFailure; every connectionSuccess by exactly one disconnection; `stopped` on every entry to stopped.
// `owedFinalEvent` records which final event the current attempt still owes, so it is emitted exactly once,
// at the moment the failure is detected.
import { OperationError } from "../errors.js";
import type { MqttClientError } from "../errors.js";
import type { DisconnectPacket } from "../model/packet.js";
import type { ClientState } from "../client-state.js";
import { failAllOperations } from "../operations/operations.js";
import { sharedEmptyMap } from "../lazy-map.js";
import { INITIAL_BACKOFF_STATE, nextReconnectDelay } from "./backoff.js";
import { openConnection } from "../connection/connect.js";
import { endConnection, emitFinalEvent } from "../connection/teardown.js";
import { service } from "../connection/outbound-service.js";
import { clientClosed, unexpectedHangup, userRequestedStop } from "../connection/connection-errors.js";

export function start(state: ClientState): void {
  if (state.lifecycle === "closed") return;
  state.wantConnected = true;
  if (state.lifecycle === "stopped") beginAttempt(state);
  // pendingReconnect / connecting / connected: already running. cleanDisconnect: the stop completes first,
  // then a new attempt begins (afterConnectionEnded).
}

export function stop(state: ClientState, disconnect: DisconnectPacket | undefined): void {
  if (state.lifecycle === "closed") return;
  state.wantConnected = false;
  state.reconnectAtMs = undefined;
  switch (state.lifecycle) {
    case "stopped":
    case "cleanDisconnect":
      return;
    case "pendingReconnect":
      enterStopped(state);
      return;
    case "connecting":
      endConnection(state, userRequestedStop(), {});
      return;
    case "mqttConnect":
    case "connected": {
      const connection = state.connection;
      if (disconnect === undefined || connection === undefined) {
        endConnection(state, userRequestedStop(), {});
        return;
      }
      // stop(packet): the DISCONNECT is written (after any write in flight), then the transport closes.
      state.lifecycle = "cleanDisconnect";
      connection.pendingDisconnect = disconnect;
      connection.cleanDisconnectDeadlineMs = state.nowMs + state.config.pingTimeoutMs;
      service(state);
      return;
    }
  }
}

/** Releases everything: pending operations fail with clientClosed and no timer or transport remains. */
export function close(state: ClientState): void {
  if (state.lifecycle === "closed") return;
  if (state.lifecycle !== "stopped") {
    state.wantConnected = false;
    state.reconnectAtMs = undefined;
    if (state.connection !== undefined || state.lifecycle === "connecting") {
      state.connection = undefined;
      state.out.push({ kind: "closeTransport" });
      emitFinalEvent(state, clientClosed(), {});
    }
    state.out.push({ kind: "emit", event: { kind: "stopped" } });
  }
  failAllOperations(state, () => new OperationError("clientClosed", "client closed before the operation completed"));
  state.lifecycle = "closed";
}

export function beginAttempt(state: ClientState): void {
  state.attempt += 1;
  state.lifecycle = "connecting";
  state.reconnectAtMs = undefined;
  state.owedFinalEvent = "connectionFailure";
  state.out.push({ kind: "emit", event: { kind: "attemptingConnect" } });
  state.out.push({ kind: "openTransport", attempt: state.attempt });
}

export function onTransportOpened(state: ClientState, attempt: number): void {
  // An older attempt's transport is the runtime's to discard: closeTransport means "the current transport" and
  // would abort the attempt in progress.
  if (attempt !== state.attempt) return;
  if (state.lifecycle !== "connecting") {
    state.out.push({ kind: "closeTransport" }); // this attempt was abandoned (stop/close) while it was opening
    return;
  }
  openConnection(state);
}

export function onTransportFailed(state: ClientState, attempt: number, error: MqttClientError): void {
  if (attempt !== state.attempt || state.lifecycle !== "connecting") return;
  emitFinalEvent(state, error, {});
  afterConnectionEnded(state);
}

/** The open transport closed underneath us. */
export function onTransportClosed(state: ClientState, error: MqttClientError | undefined): void {
  if (state.connection === undefined) return;
  if (state.lifecycle === "cleanDisconnect") {
    endConnection(state, userRequestedStop(), {});
    return;
  }
  endConnection(state, error ?? unexpectedHangup(), {});
}

/** Called once the connection (or attempt) is gone: schedule the next attempt or stop. */
export function afterConnectionEnded(state: ClientState): void {
  if (state.lifecycle === "cleanDisconnect") {
    // A stop(DISCONNECT) has finished: it ends in stopped even if start() came meanwhile, so that the later
    // start() begins a new session with a fresh backoff like any start after a stop (api-surface: stop()).
    enterStopped(state);
    if (state.wantConnected) beginAttempt(state);
    return;
  }
  if (state.wantConnected) scheduleReconnect(state);
  else enterStopped(state);
}

function scheduleReconnect(state: ClientState): void {
  const next = nextReconnectDelay(
    state.backoff,
    {
      jitterMode: state.config.retryJitterMode,
      minDelayMs: state.config.minReconnectDelayMs,
      maxDelayMs: state.config.maxReconnectDelayMs,
    },
    state.random,
  );
  state.backoff = next.state;
  state.lifecycle = "pendingReconnect";
  state.reconnectAtMs = state.nowMs + next.delayMs;
}

function enterStopped(state: ClientState): void {
  state.lifecycle = "stopped";
  state.reconnectAtMs = undefined;
  state.hasConnectedSinceStart = false;
  // A later start() begins afresh: aws-c-mqtt keeps the grown backoff across stop/start (behavior.md §14.3).
  state.backoff = INITIAL_BACKOFF_STATE;
  // The next start() is a new session (Clean or RejoinPostSuccess): nothing in flight can be completed.
  failAllOperations(state, () => new OperationError("clientStopped", "client stopped before the operation completed"));
  state.inboundQos2 = sharedEmptyMap();
  state.pendingAcknowledgements = sharedEmptyMap();
  state.out.push({ kind: "emit", event: { kind: "stopped" } });
}
