// Routing of decoded server packets by connection state, with the state-dependent checks of MQTT 5 §3–§4.
// Decode errors and protocol violations end the connection with DISCONNECT carrying the error's reason code.
import { PacketType } from "../model/enums.js";
import type { Packet } from "../model/packet.js";
import { MqttClientError, ProtocolError } from "../errors.js";
import type { ClientState, ConnectionState } from "../client-state.js";
import { onConnack } from "./connect.js";
import { acknowledgePingResponse } from "./keep-alive.js";
import { onPublish, onPubrel } from "./publish-in.js";
import { onPubcomp, onPuback, onPubrec, onSuback, onUnsuback } from "./publish-out.js";
import { disconnectReceived } from "./connection-errors.js";
import { endConnection, failConnection } from "./teardown.js";
import { service } from "./outbound-service.js";
import { onServerAuth } from "./auth.js";

export function onBytesReceived(state: ClientState, bytes: Uint8Array): void {
  const connection = state.connection;
  if (connection === undefined) return;
  let packets: Packet[];
  try {
    packets = connection.decoder.push(bytes);
  } catch (error) {
    const protocolError = error instanceof ProtocolError ? error : new ProtocolError(0x81, String(error));
    failConnection(state, protocolError, protocolError.reasonCode);
    return;
  }
  for (const packet of packets) {
    if (state.connection !== connection) return; // the connection ended while handling an earlier packet
    dispatch(state, connection, packet);
  }
  if (state.connection === connection) service(state);
}

function dispatch(state: ClientState, connection: ConnectionState, packet: Packet): void {
  if (state.lifecycle === "cleanDisconnect") return; // only our DISCONNECT matters now
  if (!connection.connackReceived) {
    dispatchBeforeConnack(state, connection, packet);
    return;
  }
  if (rejectsUnrequestedProblemInformation(state, connection, packet)) return;
  switch (packet.type) {
    case PacketType.Publish:
      onPublish(state, connection, packet);
      return;
    case PacketType.Puback:
      onPuback(state, packet);
      return;
    case PacketType.Pubrec:
      onPubrec(state, connection, packet);
      return;
    case PacketType.Pubrel:
      onPubrel(state, connection, packet);
      return;
    case PacketType.Pubcomp:
      onPubcomp(state, packet);
      return;
    case PacketType.Suback:
      onSuback(state, packet);
      return;
    case PacketType.Unsuback:
      onUnsuback(state, packet);
      return;
    case PacketType.Pingresp:
      acknowledgePingResponse(connection);
      return;
    case PacketType.Disconnect:
      endConnection(state, serverDisconnectError(packet.reasonCode, packet.reasonString, packet.sessionExpiryIntervalSeconds), { disconnect: packet });
      return;
    case PacketType.Connack:
      onConnack(state, connection, packet); // reports the second CONNACK [MQTT-3.2.0-2]
      return;
    case PacketType.Auth:
      onServerAuth(state, connection, packet); // re-authentication, or a Protocol Error [MQTT-4.12.0-6] (auth.ts)
      return;
    case PacketType.Connect:
    case PacketType.Subscribe:
    case PacketType.Unsubscribe:
    case PacketType.Pingreq:
      failConnection(state, new ProtocolError(0x82, `a server must not send ${PacketType[packet.type]}`), 0x82);
      return;
  }
}

function dispatchBeforeConnack(state: ClientState, connection: ConnectionState, packet: Packet): void {
  if (!connection.connectSent) {
    // The CONNECT still waits for its Authentication Data (auth.ts): nothing can be an answer yet.
    failConnection(state, new ProtocolError(0x82, `${PacketType[packet.type]} received before the CONNECT was sent`), 0x82);
    return;
  }
  if (packet.type === PacketType.Auth) {
    // The enhanced-authentication exchange [MQTT-4.12.0-2]; without a method in CONNECT a Protocol Error [MQTT-4.12.0-6].
    if (!rejectsUnrequestedProblemInformation(state, connection, packet)) onServerAuth(state, connection, packet);
    return;
  }
  if (packet.type === PacketType.Connack) {
    onConnack(state, connection, packet);
    return;
  }
  if (packet.type === PacketType.Disconnect) {
    // [MQTT-3.14.0-1] the server may not send DISCONNECT before its CONNACK: a Protocol Error that fails the attempt.
    // The server is closing anyway, so no DISCONNECT is sent back; the error names the reason it gave.
    const why = packet.reasonString === undefined ? "" : ` (${packet.reasonString})`;
    const hex = packet.reasonCode.toString(16).padStart(2, "0");
    endConnection(state, new ProtocolError(0x82, `server sent DISCONNECT with reason code 0x${hex}${why} before CONNACK`), { disconnect: packet });
    return;
  }
  // [MQTT-3.2.0-1] only CONNACK (or AUTH, after a method was sent) may come first.
  failConnection(state, new ProtocolError(0x82, `${PacketType[packet.type]} received before CONNACK`), 0x82);
}

function serverDisconnectError(reasonCode: number, reasonString: string | undefined, sessionExpiry: number | undefined): MqttClientError {
  if (sessionExpiry !== undefined) {
    return new ProtocolError(0x82, "server DISCONNECT carries a Session Expiry Interval"); // [MQTT-3.14.2-2]
  }
  return disconnectReceived(reasonCode, reasonString);
}

/** [MQTT-3.1.2-29] Request Problem Information 0: reason strings/user properties only on PUBLISH, CONNACK, DISCONNECT. */
function rejectsUnrequestedProblemInformation(state: ClientState, connection: ConnectionState, packet: Packet): boolean {
  if (!violatesProblemInformation(connection, packet)) return false;
  failConnection(state, new ProtocolError(0x82, `${PacketType[packet.type]} carries problem information that was not requested`), 0x82);
  return true;
}

function violatesProblemInformation(connection: ConnectionState, packet: Packet): boolean {
  if (connection.connectPacket.requestProblemInformation !== false) return false;
  if (packet.type === PacketType.Publish || packet.type === PacketType.Connack || packet.type === PacketType.Disconnect) return false;
  return ("reasonString" in packet && packet.reasonString !== undefined) || ("userProperties" in packet && packet.userProperties !== undefined);
}
