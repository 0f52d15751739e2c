// ClientCore: the whole MQTT 5 client as a pure state machine (DESIGN.md §8.2b).
//
// Theory of operation: every input — a user call, transport news, or the timer — goes through handle(input, now),
// which updates one state record (client-state.ts) through the concern modules (lifecycle, connect, outbound
// service, inbound dispatch, publish flows, timers) and returns the actions the runtime must perform, in order.
// The runtime keeps one timer armed at nextDeadline(). No I/O, clock or randomness is used here except through
// the inputs and the injected `random`.
import type { CoreConfig } from "./core-config.js";
import type { Action, ClientStatistics, Input } from "./io.js";
import type { ClientState } from "./client-state.js";
import { assertNever } from "./model/packet.js";
import { PacketIdAllocator } from "./session/packet-id-allocator.js";
import { SendQuota } from "./session/send-quota.js";
import { createOutboundTopicAliasResolver } from "./session/topic-alias-send.js";
import { NO_INBOUND_TOPIC_ALIASES } from "./session/topic-alias-receive.js";
import { AwsIotCoreFlowControl } from "./flow/aws-iot-core-flow.js";
import { sharedEmptyMap } from "./lazy-map.js";
import { INITIAL_BACKOFF_STATE } from "./lifecycle/backoff.js";
import { beginAttempt, close, onTransportClosed, onTransportFailed, onTransportOpened, start, stop } from "./lifecycle/lifecycle.js";
import { computeStatistics, QOS0_PUBLISH_WRITTEN, submitOperation } from "./operations/operations.js";
import { onBytesReceived } from "./connection/inbound-dispatch.js";
import { acknowledge } from "./connection/publish-in.js";
import { service } from "./connection/outbound-service.js";
import { connectionDeadline, dropStaleAckTimeouts, onConnectionTimer } from "./connection/timers.js";
import { endConnection } from "./connection/teardown.js";
import { userRequestedStop } from "./connection/connection-errors.js";
import { onAuthResponse, onReauthenticate } from "./connection/auth.js";
import { IdTable } from "./operations/id-table.js";
import { PacketIdMap } from "./session/packet-id-map.js";

const NO_ACTIONS: Action[] = Object.freeze([]) as unknown as Action[];

export class ClientCore {
  private readonly state: ClientState;

  constructor(config: CoreConfig, random: () => number) {
    this.state = {
      config,
      random,
      nowMs: 0,
      out: NO_ACTIONS,
      lifecycle: "stopped",
      wantConnected: false,
      attempt: 0,
      backoff: INITIAL_BACKOFF_STATE,
      reconnectAtMs: undefined,
      hasConnectedSinceStart: false,
      owedFinalEvent: "none",
      clientId: config.connect.clientId,
      connection: undefined,
      nextConnectionId: 1,
      operations: new IdTable(),
      queue: [],
      nonPublishMayWaitBehindPublishes: true,
      unacked: new PacketIdMap(),
      ackTimeouts: [],
      packetIds: new PacketIdAllocator(),
      sendQuota: new SendQuota(),
      outboundAliases: createOutboundTopicAliasResolver(config.outboundTopicAliasBehavior, config.outboundTopicAliasCacheMaxSize),
      inboundAliases: NO_INBOUND_TOPIC_ALIASES,
      inboundQos2: sharedEmptyMap(),
      pendingAcknowledgements: sharedEmptyMap(),
      nextAcknowledgementId: 1,
      nextAuthEventId: 1,
      iotFlow: config.awsIotCoreLimits ? new AwsIotCoreFlowControl() : undefined,
    };
  }

  handle(input: Input, nowMs: number): Action[] {
    const state = this.state;
    state.nowMs = nowMs;
    state.out = [];
    switch (input.kind) {
      case "start":
        start(state);
        break;
      case "stop":
        stop(state, input.disconnect);
        break;
      case "close":
        close(state);
        break;
      case "transportOpened":
        onTransportOpened(state, input.attempt);
        break;
      case "transportFailed":
        onTransportFailed(state, input.attempt, input.error);
        break;
      case "bytesReceived":
        onBytesReceived(state, input.bytes);
        break;
      case "writeCompleted":
        this.onWriteCompleted();
        break;
      case "transportClosed":
        onTransportClosed(state, input.error);
        break;
      case "submit":
        submitOperation(state, input.opId, input.op);
        service(state);
        break;
      case "acknowledge":
        acknowledge(state, input.acknowledgementId);
        service(state);
        break;
      case "authResponse":
        onAuthResponse(state, input.id, input.authenticationData, input.error);
        break;
      case "reauthenticate":
        onReauthenticate(state, input);
        break;
      case "timer":
        this.onTimer();
        break;
      default:
        assertNever(input, "input");
    }
    dropStaleAckTimeouts(state); // keeps nextDeadline() a pure read
    // The actions belong to the caller now: not kept until the next input (an idle client would hold its last
    // step's events, e.g. the CONNACK, for as long as it stays idle). Frozen: nothing may be added between steps.
    const out = state.out;
    state.out = NO_ACTIONS;
    return out;
  }

  nextDeadline(): number | undefined {
    const state = this.state;
    if (state.lifecycle === "pendingReconnect") return state.reconnectAtMs;
    const connection = state.connection;
    if (connection === undefined) return undefined;
    return connectionDeadline(state, connection);
  }

  statistics(): ClientStatistics {
    return computeStatistics(this.state);
  }

  isConnected(): boolean {
    return this.state.lifecycle === "connected";
  }

  private onWriteCompleted(): void {
    const state = this.state;
    const connection = state.connection;
    if (connection === undefined || !connection.writeInFlight) return;
    connection.writeInFlight = false;
    for (const opId of connection.writingOps) {
      const record = state.operations.get(opId);
      if (record === undefined) continue;
      state.operations.delete(opId);
      state.out.push({ kind: "settle", opId, result: QOS0_PUBLISH_WRITTEN });
    }
    connection.writingOps.length = 0;
    if (connection.closeAfterWrite) {
      // Our DISCONNECT is out [MQTT-3.14.4-2]: close. stop(packet) ends as a user stop; a protocol error already
      // ended the connection when it was detected.
      endConnection(state, userRequestedStop(), {});
      return;
    }
    service(state);
  }

  private onTimer(): void {
    const state = this.state;
    if (state.lifecycle === "pendingReconnect") {
      if (state.reconnectAtMs !== undefined && state.nowMs >= state.reconnectAtMs) beginAttempt(state);
      return;
    }
    if (state.connection !== undefined) onConnectionTimer(state, state.connection);
  }
}
