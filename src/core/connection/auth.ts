// Enhanced authentication (MQTT 5 §4.12): the AUTH exchange inside the CONNECT handshake and re-authentication
// afterwards. The core stays pure: every step that needs the user's Authentication Data is an authChallenge
// event, and the data comes back as an authResponse input with the same id (io.ts).
//
//   CONNECT (method, data) ──▶ [server AUTH 0x18 ──▶ authChallenge ──▶ authResponse ──▶ AUTH 0x18]* ──▶ CONNACK
//   connected: reauthenticate ──▶ AUTH 0x19 ──▶ [server AUTH 0x18 ──▶ … ──▶ AUTH 0x18]* ──▶ server AUTH 0x00
//                                                                         (failure: the server's DISCONNECT)
// The exchange is lock-step: a server AUTH while our answer is still being prepared is a Protocol Error. Before
// CONNACK it is bounded by the CONNACK timeout (timers.ts); re-authentication by the ack timeout, re-armed at
// each step. Authentication Data never appears in an error message.
import { AuthReasonCode, ConnectReasonCode, DisconnectReasonCode, PacketType } from "../model/enums.js";
import type { AuthPacket, ConnackPacket, ConnectPacket, DisconnectPacket } from "../model/packet.js";
import { MqttClientError, PacketTooLargeError, ProtocolError } from "../errors.js";
import type { Input } from "../io.js";
import type { AuthExchange, ClientState, ConnectionState } from "../client-state.js";
import { packetSize } from "../codec/index.js";
import { validateAuthPacket, validateConnectPacket } from "../validate/outbound.js";
import { asClientError } from "../operations/operations.js";
import {
  authenticationRefused,
  enhancedAuthenticationNotConfigured,
  reauthenticationInProgress,
  reauthenticationNotConnected,
  reauthenticationRefused,
  reauthenticationTimeout,
} from "./auth-errors.js";
import { failConnection } from "./teardown.js";
import { service } from "./outbound-service.js";

/** The client gives up an exchange (its callback failed, a server proof was rejected, a timeout) with this code. */
const ABANDON_REASON = DisconnectReasonCode.UnspecifiedError;

/** The exchange state of a new connection: present iff CONNECT carries an Authentication Method. */
export function newAuthExchange(connect: ConnectPacket): AuthExchange | undefined {
  if (connect.authenticationMethod === undefined) return undefined;
  return { awaitingAnswerId: undefined, reauthenticationId: undefined, deadlineMs: undefined, verificationIds: new Set() };
}

/** With per-attempt initial data, the CONNECT waits for it (outbound-service.ts holds it while an answer is due). */
export function requestInitialAuthenticationData(state: ClientState, connection: ConnectionState): void {
  const exchange = connection.auth;
  if (exchange === undefined || state.config.authenticationDataPerAttempt !== true) return;
  const id = state.nextAuthEventId++;
  exchange.awaitingAnswerId = id;
  state.out.push({ kind: "emit", event: { kind: "authChallenge", id, reauthentication: false } });
}

/** A server AUTH, before or after CONNACK. */
export function onServerAuth(state: ClientState, connection: ConnectionState, auth: AuthPacket): void {
  const exchange = connection.auth;
  const method = connection.connectPacket.authenticationMethod;
  if (exchange === undefined) {
    protocolError(state, "AUTH received but the CONNECT carried no Authentication Method"); // [MQTT-4.12.0-6]
    return;
  }
  if (auth.authenticationMethod === undefined) {
    protocolError(state, "AUTH without Authentication Method"); // [MQTT-3.15.2-1 property rules, X-27]
    return;
  }
  if (auth.authenticationMethod !== method) {
    protocolError(state, "AUTH with an Authentication Method other than the CONNECT's"); // [MQTT-4.12.0-5]
    return;
  }
  if (!connection.connackReceived) {
    if (auth.reasonCode !== AuthReasonCode.ContinueAuthentication) {
      protocolError(state, `AUTH reason code 0x${hex(auth.reasonCode)} before CONNACK (only 0x18 is allowed)`); // [MQTT-4.12.0-2]
      return;
    }
  } else if (auth.reasonCode === AuthReasonCode.ReAuthenticate) {
    protocolError(state, "a server must not send AUTH 0x19 (Re-authenticate)"); // [MQTT-3.15.2-1]
    return;
  } else if (exchange.reauthenticationId === undefined) {
    protocolError(state, "AUTH received but no re-authentication is in progress");
    return;
  }
  if (exchange.awaitingAnswerId !== undefined) {
    protocolError(state, "server AUTH before the client answered the previous one"); // the exchange is lock-step
    return;
  }
  if (auth.reasonCode === AuthReasonCode.Success) {
    completeReauthentication(state, exchange, auth);
    return;
  }
  const id = state.nextAuthEventId++;
  exchange.awaitingAnswerId = id;
  armDeadline(state, connection, exchange);
  state.out.push({ kind: "emit", event: { kind: "authChallenge", id, reauthentication: connection.connackReceived, challenge: auth } });
}

/** The runtime's answer to an authChallenge or authSuccess. Answers for other connections are stale: ignored. */
export function onAuthResponse(state: ClientState, id: number, data: Uint8Array | undefined, error: MqttClientError | undefined): void {
  const connection = state.connection;
  const exchange = connection?.auth;
  if (connection === undefined || exchange === undefined) return;
  if (exchange.verificationIds.delete(id)) {
    if (error !== undefined) failConnection(state, error, ABANDON_REASON); // the server's final data was rejected
    return;
  }
  if (exchange.awaitingAnswerId !== id) return;
  exchange.awaitingAnswerId = undefined;
  if (error !== undefined) {
    // The client may abandon the exchange at any point, with a DISCONNECT first when CONNECT is out (§4.12).
    failConnection(state, error, ABANDON_REASON);
    return;
  }
  if (!connection.connectSent) {
    supplyConnectData(state, connection, data);
    return;
  }
  const answer: AuthPacket = {
    type: PacketType.Auth,
    reasonCode: AuthReasonCode.ContinueAuthentication, // [MQTT-4.12.0-3]
    authenticationMethod: connection.connectPacket.authenticationMethod as string, // the same method [MQTT-4.12.0-5]
    ...(data === undefined ? {} : { authenticationData: data }),
  };
  const refused = queueAuth(connection, answer);
  if (refused !== undefined) {
    failConnection(state, refused, ABANDON_REASON);
    return;
  }
  armDeadline(state, connection, exchange);
  service(state);
}

/** reauthenticate input: AUTH 0x19 with the CONNECT's method [MQTT-4.12.1-1], only on an established connection. */
export function onReauthenticate(state: ClientState, input: Extract<Input, { kind: "reauthenticate" }>): void {
  const refuse = (error: MqttClientError): void => {
    state.out.push({ kind: "emit", event: { kind: "reauthenticationFailed", reauthenticationId: input.id, error } });
  };
  const method = state.config.connect.authenticationMethod;
  if (method === undefined) {
    refuse(enhancedAuthenticationNotConfigured()); // the client never sends AUTH without a method [MQTT-4.12.0-7]
    return;
  }
  const connection = state.connection;
  const exchange = connection?.auth;
  if (connection === undefined || exchange === undefined || state.lifecycle !== "connected" || connection.pendingDisconnect !== undefined) {
    refuse(reauthenticationNotConnected());
    return;
  }
  if (exchange.reauthenticationId !== undefined) {
    refuse(reauthenticationInProgress());
    return;
  }
  const auth: AuthPacket = { type: PacketType.Auth, reasonCode: AuthReasonCode.ReAuthenticate, authenticationMethod: method };
  if (input.authenticationData !== undefined) auth.authenticationData = input.authenticationData;
  if (input.reasonString !== undefined) auth.reasonString = input.reasonString;
  if (input.userProperties !== undefined) auth.userProperties = input.userProperties;
  const refused = queueAuth(connection, auth);
  if (refused !== undefined) {
    refuse(refused); // nothing was sent: the connection carries on under its current authentication
    return;
  }
  exchange.reauthenticationId = input.id;
  armDeadline(state, connection, exchange);
  service(state);
}

/**
 * A CONNACK success after a CONNECT with or without a method: its Authentication Method must be absent without
 * one [MQTT-4.12.0-6] and identical with one [MQTT-4.12.0-5]. Returns false when the connection was failed.
 */
export function acceptConnackAuthentication(state: ClientState, connection: ConnectionState, connack: ConnackPacket): boolean {
  const method = connection.connectPacket.authenticationMethod;
  if (method === undefined && connack.authenticationMethod !== undefined) {
    protocolError(state, "Authentication Method in CONNACK although none was sent"); // [MQTT-4.12.0-6]
    return false;
  }
  if (method !== undefined && connack.authenticationMethod !== method) {
    const what = connack.authenticationMethod === undefined ? "without the" : "with another";
    protocolError(state, `successful CONNACK ${what} Authentication Method than the CONNECT's`); // [MQTT-4.12.0-5]
    return false;
  }
  return true;
}

/** The CONNACK ended the CONNECT exchange successfully: the user may still verify the server's final data. */
export function announceConnackAuthentication(state: ClientState, connection: ConnectionState, connack: ConnackPacket): void {
  const exchange = connection.auth;
  if (exchange === undefined) return;
  exchange.awaitingAnswerId = undefined; // the server decided without waiting for an answer still being prepared
  const id = state.nextAuthEventId++;
  exchange.verificationIds.add(id);
  state.out.push({ kind: "emit", event: { kind: "authSuccess", id, reauthentication: false, final: connack } });
}

/** The error for a refusing CONNACK: 0x87/0x8C after a CONNECT with a method is an authentication failure [MQTT-4.12.0-1]. */
export function authenticationRefusalError(connection: ConnectionState, connack: ConnackPacket): MqttClientError | undefined {
  if (connection.auth === undefined) return undefined;
  const code = connack.reasonCode;
  if (code !== ConnectReasonCode.NotAuthorized && code !== ConnectReasonCode.BadAuthenticationMethod) return undefined;
  return authenticationRefused(connack);
}

export function authenticationDeadline(connection: ConnectionState): number | undefined {
  return connection.auth?.deadlineMs;
}

/** Timer: a re-authentication that made no progress within the ack timeout ends the connection. */
export function expireReauthentication(state: ClientState, connection: ConnectionState): boolean {
  const deadline = connection.auth?.deadlineMs;
  if (deadline === undefined || state.nowMs < deadline) return false;
  failConnection(state, reauthenticationTimeout(state.config.ackTimeoutMs), ABANDON_REASON);
  return true;
}

/**
 * The connection is ending (teardown.ts): a re-authentication still running fails with it. Ended by the server's
 * DISCONNECT, that is the server's verdict on the re-authentication [MQTT-4.12.1-2].
 */
export function abandonAuthentication(state: ClientState, connection: ConnectionState, error: MqttClientError, disconnect: DisconnectPacket | undefined): void {
  const exchange = connection.auth;
  const id = exchange?.reauthenticationId;
  if (exchange === undefined || id === undefined) return;
  exchange.reauthenticationId = undefined;
  exchange.deadlineMs = undefined;
  const reason = disconnect !== undefined && error.code === "disconnectReceived" ? reauthenticationRefused(disconnect) : error;
  state.out.push({ kind: "emit", event: { kind: "reauthenticationFailed", reauthenticationId: id, error: reason } });
}

function completeReauthentication(state: ClientState, exchange: AuthExchange, auth: AuthPacket): void {
  const reauthenticationId = exchange.reauthenticationId;
  exchange.reauthenticationId = undefined;
  exchange.deadlineMs = undefined;
  const id = state.nextAuthEventId++;
  exchange.verificationIds.add(id);
  state.out.push({ kind: "emit", event: { kind: "authSuccess", id, reauthentication: true, final: auth, ...(reauthenticationId === undefined ? {} : { reauthenticationId }) } });
}

/** The answer to the initial-data request: CONNECT may now be written (service() does it). */
function supplyConnectData(state: ClientState, connection: ConnectionState, data: Uint8Array | undefined): void {
  const connect = connection.connectPacket;
  if (data === undefined) delete connect.authenticationData;
  else connect.authenticationData = data;
  try {
    validateConnectPacket(connect, "enhancedAuthentication."); // e.g. data over 65,535 bytes
  } catch (error) {
    failConnection(state, asClientError(error), undefined); // nothing was sent yet
    return;
  }
  service(state);
}

/**
 * Validates our AUTH (code, same method, field sizes [MQTT-4.12.0-5, 3.15.2-1]) and, once the server's Maximum
 * Packet Size is known, its size without the Reason String and User Properties it may shed. Queues it in the
 * control queue (before CONNACK, outbound-service.ts writes nothing else [MQTT-3.1.2-30]). Returns why not.
 */
function queueAuth(connection: ConnectionState, auth: AuthPacket): MqttClientError | undefined {
  try {
    validateAuthPacket(auth, connection.connectPacket, "auth.");
  } catch (error) {
    return asClientError(error);
  }
  const maximum = connection.settings?.maximumPacketSizeToServer;
  if (maximum !== undefined) {
    const { reasonString: _reason, userProperties: _properties, ...essential } = auth;
    const size = packetSize(essential);
    if (size > maximum) return new PacketTooLargeError(size, maximum, "AUTH");
  }
  connection.controlQueue.push(auth);
  return undefined;
}

/** Re-authentication only: each step must be followed by the next within the ack timeout (0 = no bound). */
function armDeadline(state: ClientState, connection: ConnectionState, exchange: AuthExchange): void {
  if (!connection.connackReceived || state.config.ackTimeoutMs <= 0) return;
  exchange.deadlineMs = state.nowMs + state.config.ackTimeoutMs;
}

function protocolError(state: ClientState, message: string): void {
  failConnection(state, new ProtocolError(0x82, message), 0x82);
}

function hex(code: number): string {
  return code.toString(16).padStart(2, "0");
}
