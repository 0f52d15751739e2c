// The errors that end a connection attempt or a connection, with the aws-crt names users may match on.
import { ConnectionError } from "../errors.js";

export function userRequestedStop(): ConnectionError {
  return new ConnectionError("userRequestedStop", "connection closed by user request (stop)", {
    crtName: "AWS_ERROR_MQTT5_USER_REQUESTED_STOP",
    crtCode: 5153,
  });
}

export function clientClosed(): ConnectionError {
  return new ConnectionError("clientClosed", "client closed", { crtName: "AWS_ERROR_MQTT5_CLIENT_TERMINATED", crtCode: 5155 });
}

/** The transport closed without an error of its own (the peer closed the socket): aws-crt reports AWS_IO_SOCKET_CLOSED. */
export function unexpectedHangup(cause?: unknown): ConnectionError {
  return new ConnectionError("unexpectedHangup", "connection closed unexpectedly by the peer or the network", {
    cause,
    crtName: "AWS_IO_SOCKET_CLOSED",
    crtCode: 1051,
  });
}

export function connackTimeout(timeoutMs: number): ConnectionError {
  return new ConnectionError("connackTimeout", `no CONNACK within ${timeoutMs} ms`, {
    crtName: "AWS_ERROR_MQTT5_CONNACK_TIMEOUT",
    crtCode: 5151,
  });
}

/** `pingreqWritten` false: the PINGREQ was still queued behind a write that never completed (half-open). */
export function pingTimeout(timeoutMs: number, pingreqWritten = true): ConnectionError {
  const message = pingreqWritten
    ? `no PINGRESP within ${timeoutMs} ms`
    : `keep-alive: a write did not complete within Keep Alive + ${timeoutMs} ms (half-open connection)`;
  return new ConnectionError("pingTimeout", message, {
    crtName: "AWS_ERROR_MQTT5_PING_RESPONSE_TIMEOUT",
    crtCode: 5152,
  });
}

export function connackRefused(reasonCode: number, reasonString?: string): ConnectionError {
  const why = reasonString === undefined ? "" : ` (${reasonString})`;
  return new ConnectionError("connackRefused", `server refused the connection: CONNACK reason code 0x${hex(reasonCode)}${why}`, {
    reasonCode,
    crtName: "AWS_ERROR_MQTT5_CONNACK_CONNECTION_REFUSED",
    crtCode: 5150,
  });
}

export function disconnectReceived(reasonCode: number, reasonString?: string): ConnectionError {
  const why = reasonString === undefined ? "" : ` (${reasonString})`;
  return new ConnectionError("disconnectReceived", `server sent DISCONNECT with reason code 0x${hex(reasonCode)}${why}`, {
    reasonCode,
    crtName: "AWS_ERROR_MQTT5_DISCONNECT_RECEIVED",
    crtCode: 5154,
  });
}

function hex(code: number): string {
  return code.toString(16).padStart(2, "0");
}
