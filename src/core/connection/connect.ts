// Opening a connection: the CONNECT we send, the CONNACK we get, the negotiated settings and what happens to the
// session (behavior.md §5–§6, MQTT 5 §3.1–§3.2).
import { ClientSessionBehavior, ConnectReasonCode, InboundTopicAliasBehaviorType, PacketType, QoS } from "../model/enums.js";
import type { ConnackPacket, ConnectPacket } from "../model/packet.js";
import { ProtocolError } from "../errors.js";
import { PacketDecoder } from "../codec/index.js";
import { PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES } from "../codec/codec-context.js";
import type { NegotiatedSettings } from "../negotiated-settings.js";
import type { ClientState, ConnectionState } from "../client-state.js";
import { keepAliveIntervalMs } from "./keep-alive.js";
import { connackRefused } from "./connection-errors.js";
import { resumeOrDiscardSession } from "./session-resume.js";
import { endConnection, failConnection } from "./teardown.js";
import { service } from "./outbound-service.js";
import { inboundTopicAliasesFor } from "../session/topic-alias-receive.js";
import {
  acceptConnackAuthentication,
  announceConnackAuthentication,
  authenticationRefusalError,
  newAuthExchange,
  requestInitialAuthenticationData,
} from "./auth.js";

const DEFAULT_INBOUND_ALIAS_CACHE_SIZE = 25;

/** Whether this attempt asks to resume the session (behavior.md §5); clean start is its negation. */
export function shouldResumeSession(state: ClientState): boolean {
  switch (state.config.sessionBehavior) {
    case ClientSessionBehavior.RejoinAlways:
      return true;
    case ClientSessionBehavior.RejoinPostSuccess:
      return state.hasConnectedSinceStart;
    case ClientSessionBehavior.Clean:
    case ClientSessionBehavior.Default:
      return false;
  }
}

/** Topic Alias Maximum we announce: the inbound cache size when inbound aliasing is enabled. */
export function inboundTopicAliasMaximum(state: ClientState): number {
  if (state.config.inboundTopicAliasBehavior === InboundTopicAliasBehaviorType.Enabled) {
    return state.config.inboundTopicAliasCacheMaxSize > 0 ? state.config.inboundTopicAliasCacheMaxSize : DEFAULT_INBOUND_ALIAS_CACHE_SIZE;
  }
  return state.config.connect.topicAliasMaximum ?? 0;
}

export function buildConnectPacket(state: ClientState): ConnectPacket {
  const connect: ConnectPacket = {
    ...state.config.connect,
    type: PacketType.Connect,
    clientId: state.clientId,
    cleanStart: !shouldResumeSession(state),
  };
  const aliasMaximum = inboundTopicAliasMaximum(state);
  if (aliasMaximum > 0) connect.topicAliasMaximum = aliasMaximum;
  else delete connect.topicAliasMaximum;
  return connect;
}

/** The transport is open: start the MQTT connection by writing CONNECT. */
export function openConnection(state: ClientState): void {
  const connect = buildConnectPacket(state);
  const maximumPacketSizeBytes = connect.maximumPacketSizeBytes ?? PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES;
  const connection: ConnectionState = {
    id: state.nextConnectionId++,
    decoder: new PacketDecoder({ maximumPacketSizeBytes }),
    connectSent: false,
    connectPacket: connect,
    connackReceived: false,
    connackDeadlineMs: state.nowMs + state.config.connackTimeoutMs,
    writeInFlight: false,
    writingOps: [],
    disconnectSent: false,
    closeAfterWrite: false,
    pendingDisconnect: undefined,
    settings: undefined,
    keepAliveMs: 0,
    lastWriteMs: state.nowMs,
    pingDeadlineMs: undefined,
    pingQueued: false,
    controlQueue: [],
    inboundUnacknowledged: 0,
    backoffResetDeadlineMs: undefined,
    cleanDisconnectDeadlineMs: undefined,
    auth: newAuthExchange(connect),
  };
  state.connection = connection;
  state.lifecycle = "mqttConnect";
  requestInitialAuthenticationData(state, connection); // holds the CONNECT until its Authentication Data arrives
  service(state);
}

export function computeNegotiatedSettings(state: ClientState, connect: ConnectPacket, connack: ConnackPacket): NegotiatedSettings {
  return {
    // QoS 2 is supported: no cap at 1 as in aws-crt.
    maximumQos: connack.maximumQos ?? QoS.ExactlyOnce,
    sessionExpiryInterval: connack.sessionExpiryInterval ?? connect.sessionExpiryIntervalSeconds ?? 0,
    receiveMaximumFromServer: connack.receiveMaximum ?? 65_535,
    maximumPacketSizeToServer: connack.maximumPacketSize ?? PROTOCOL_MAXIMUM_PACKET_SIZE_BYTES,
    topicAliasMaximumToServer: connack.topicAliasMaximum ?? 0,
    topicAliasMaximumToClient: connect.topicAliasMaximum ?? 0,
    serverKeepAlive: connack.serverKeepAlive ?? connect.keepAliveIntervalSeconds,
    retainAvailable: connack.retainAvailable ?? true,
    wildcardSubscriptionsAvailable: connack.wildcardSubscriptionsAvailable ?? true,
    subscriptionIdentifiersAvailable: connack.subscriptionIdentifiersAvailable ?? true,
    sharedSubscriptionsAvailable: connack.sharedSubscriptionsAvailable ?? true,
    rejoinedSession: connack.sessionPresent,
    clientId: connack.assignedClientIdentifier ?? state.clientId,
  };
}

export function onConnack(state: ClientState, connection: ConnectionState, connack: ConnackPacket): void {
  if (connection.connackReceived) {
    failConnection(state, new ProtocolError(0x82, "second CONNACK on one connection"), 0x82); // [MQTT-3.2.0-2]
    return;
  }
  connection.connackReceived = true;
  connection.connackDeadlineMs = undefined;
  if (connack.reasonCode >= 0x80) {
    if (connack.sessionPresent) {
      failConnection(state, new ProtocolError(0x82, "CONNACK with a failure reason code and Session Present 1"), undefined); // [MQTT-3.2.2-6]
      return;
    }
    // [MQTT-3.2.2-7] refused: nothing more is sent; close and report the CONNACK.
    const error = authenticationRefusalError(connection, connack) ?? connackRefused(connack.reasonCode, connack.reasonString);
    endConnection(state, error, { connack });
    return;
  }
  if (connack.reasonCode !== ConnectReasonCode.Success) {
    failConnection(state, new ProtocolError(0x82, `CONNACK reason code 0x${connack.reasonCode.toString(16)} is not valid in MQTT 5`), 0x82);
    return;
  }
  const connect = connection.connectPacket;
  if (connect.cleanStart && connack.sessionPresent) {
    // [MQTT-3.2.2-2] the server must not report a session after Clean Start; we hold none to rejoin [MQTT-3.2.2-4].
    failConnection(state, new ProtocolError(0x82, "Session Present 1 in answer to Clean Start 1"), 0x82);
    return;
  }
  if (connect.clientId === "" && connack.assignedClientIdentifier === undefined) {
    failConnection(state, new ProtocolError(0x82, "empty Client Identifier sent but no Assigned Client Identifier received"), 0x82); // [MQTT-3.2.2-16]
    return;
  }
  if (!acceptConnackAuthentication(state, connection, connack)) return; // [MQTT-4.12.0-5, 4.12.0-6]
  const settings = computeNegotiatedSettings(state, connect, connack);
  if (connack.assignedClientIdentifier !== undefined) state.clientId = connack.assignedClientIdentifier; // [MQTT-3.1.3-7]
  connection.settings = settings;
  connection.keepAliveMs = keepAliveIntervalMs(connect.keepAliveIntervalSeconds, connack.serverKeepAlive);
  connection.backoffResetDeadlineMs = state.nowMs + state.config.minConnectedTimeToResetReconnectDelayMs;
  state.lifecycle = "connected";
  state.hasConnectedSinceStart = true;
  state.owedFinalEvent = "disconnection";
  // [MQTT-3.3.2-7] alias maps start empty on every connection; quota restarts at the server's maximum [MQTT-4.9.0-1].
  state.sendQuota.reset(settings.receiveMaximumFromServer);
  state.outboundAliases.reset(settings.topicAliasMaximumToServer);
  state.inboundAliases = inboundTopicAliasesFor(state.inboundAliases, settings.topicAliasMaximumToClient);
  state.iotFlow?.reset(state.nowMs);
  resumeOrDiscardSession(state, connection, connack.sessionPresent);
  announceConnackAuthentication(state, connection, connack);
  state.out.push({ kind: "emit", event: { kind: "connectionSuccess", connack, settings } });
  service(state);
}
