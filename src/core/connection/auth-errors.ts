// The errors of enhanced authentication (auth.ts), with stable codes users may match on. Messages name reason
// codes and the server's Reason String, never Authentication Data.
import { ConnectionError, MqttClientError, ValidationError } from "../errors.js";
import type { ConnackPacket, DisconnectPacket } from "../model/packet.js";
import { ValidationRule } from "../validate/rules.js";

function why(reasonString: string | undefined): string {
  return reasonString === undefined ? "" : ` (${reasonString})`;
}

function hex(code: number): string {
  return code.toString(16).padStart(2, "0");
}

/** CONNACK 0x87 / 0x8C after a CONNECT with an Authentication Method [MQTT-4.12.0-1]. */
export function authenticationRefused(connack: ConnackPacket): ConnectionError {
  return new ConnectionError(
    "authenticationFailed",
    `server refused the authentication: CONNACK reason code 0x${hex(connack.reasonCode)}${why(connack.reasonString)}`,
    { reasonCode: connack.reasonCode, crtName: "AWS_ERROR_MQTT5_CONNACK_CONNECTION_REFUSED", crtCode: 5150 },
  );
}

/** The server ended a re-authentication with DISCONNECT [MQTT-4.12.1-2]. */
export function reauthenticationRefused(disconnect: DisconnectPacket): ConnectionError {
  return new ConnectionError(
    "authenticationFailed",
    `re-authentication failed: server sent DISCONNECT with reason code 0x${hex(disconnect.reasonCode)}${why(disconnect.reasonString)}`,
    { reasonCode: disconnect.reasonCode, crtName: "AWS_ERROR_MQTT5_DISCONNECT_RECEIVED", crtCode: 5154 },
  );
}

export function reauthenticationTimeout(timeoutMs: number): ConnectionError {
  return new ConnectionError("authenticationTimeout", `re-authentication made no progress within ${timeoutMs} ms`, {
    crtName: "AWS_ERROR_MQTT_TIMEOUT",
    crtCode: 5129,
  });
}

/**
 * A user callback of the enhanced authentication threw or rejected. The message does not quote the callback's
 * error (it may contain credentials); it is attached as `cause`.
 */
export function authenticationCallbackFailed(callback: string, cause: unknown): ConnectionError {
  return new ConnectionError("authenticationCallbackFailed", `enhanced authentication: ${callback} threw or rejected (see cause)`, { cause });
}

export function reauthenticationNotConnected(): ConnectionError {
  return new ConnectionError("notConnected", "re-authentication needs an established connection");
}

export function reauthenticationInProgress(): MqttClientError {
  return new MqttClientError("reauthenticationInProgress", "a re-authentication is already in progress on this connection");
}

/** No Authentication Method was configured: the client never sends AUTH then [MQTT-4.12.0-7]. */
export function enhancedAuthenticationNotConfigured(): ValidationError {
  return new ValidationError("enhancedAuthentication", ValidationRule.authWithoutConnectMethod);
}
