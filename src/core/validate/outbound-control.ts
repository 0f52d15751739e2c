// Outbound validation of the packets the client builds itself or on the user's behalf with a reason code:
// PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT and AUTH. Each may carry only the codes the standard lets a client send.

import type {
  AuthPacket,
  ConnectPacket,
  DisconnectPacket,
  PubackPacket,
  PubcompPacket,
  PubrecPacket,
  PubrelPacket,
} from "../model/packet.js";
import { PacketType } from "../model/enums.js";
import {
  checkOptionalBinary,
  checkOptionalString,
  checkOptionalU32,
  checkPacketId,
  checkUserProperties,
  fail,
} from "./field-checks.js";
import { ValidationRule } from "./rules.js";

/** What DISCONNECT and AUTH validation needs to know about this connection's CONNECT. */
export type ConnectValuesForValidation = Pick<ConnectPacket, "sessionExpiryIntervalSeconds" | "authenticationMethod">;

// [MQTT-3.4.2-1] / [MQTT-3.5.2-1]: 0x10 No matching subscribers is the server's alone.
const PUBLISH_RESPONSE_CODES: ReadonlySet<number> = new Set([0x00, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99]);
// [MQTT-3.6.2-1] / [MQTT-3.7.2-1]
const PUBLISH_RELEASE_CODES: ReadonlySet<number> = new Set([0x00, 0x92]);
// [MQTT-3.14.2-1]: the DISCONNECT codes marked "Client" or "Client or Server" in the standard's table.
const CLIENT_DISCONNECT_CODES: ReadonlySet<number> = new Set([
  0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
]);
// [MQTT-3.15.2-1]: 0x18 continue an exchange, 0x19 start re-authentication; 0x00 is the server's.
const CLIENT_AUTH_CODES: ReadonlySet<number> = new Set([0x18, 0x19]);

type PublishAckPacket = PubackPacket | PubrecPacket | PubrelPacket | PubcompPacket;

/** Validates a PUBACK, PUBREC, PUBREL or PUBCOMP the client is about to send. */
export function validatePublishAckPacket(packet: PublishAckPacket, prefix = ""): void {
  // Acks always echo the id of a PUBLISH in flight [MQTT-2.2.1-5], so it is never 0.
  checkPacketId(packet.packetId, 1, prefix);
  const code = packet.reasonCode;
  switch (packet.type) {
    case PacketType.Puback:
      if (!PUBLISH_RESPONSE_CODES.has(code)) fail(prefix, "reasonCode", ValidationRule.pubackReasonCode);
      break;
    case PacketType.Pubrec:
      if (!PUBLISH_RESPONSE_CODES.has(code)) fail(prefix, "reasonCode", ValidationRule.pubrecReasonCode);
      break;
    case PacketType.Pubrel:
      if (!PUBLISH_RELEASE_CODES.has(code)) fail(prefix, "reasonCode", ValidationRule.pubrelReasonCode);
      break;
    case PacketType.Pubcomp:
      if (!PUBLISH_RELEASE_CODES.has(code)) fail(prefix, "reasonCode", ValidationRule.pubcompReasonCode);
      break;
  }
  checkOptionalString(packet.reasonString, prefix, "reasonString");
  checkUserProperties(packet.userProperties, prefix);
}

/**
 * Validates a DISCONNECT the client is about to send. `connect` is this connection's CONNECT; a non-zero Session
 * Expiry Interval is refused when the CONNECT's was 0 or absent, since the server treats that as a Protocol Error.
 */
export function validateDisconnectPacket(
  packet: DisconnectPacket,
  connect: ConnectValuesForValidation,
  prefix = "",
): void {
  if (!CLIENT_DISCONNECT_CODES.has(packet.reasonCode)) fail(prefix, "reasonCode", ValidationRule.disconnectReasonCode);
  const sessionExpiry = packet.sessionExpiryIntervalSeconds;
  checkOptionalU32(sessionExpiry, prefix, "sessionExpiryIntervalSeconds");
  if (sessionExpiry !== undefined && sessionExpiry !== 0 && (connect.sessionExpiryIntervalSeconds ?? 0) === 0) {
    fail(prefix, "sessionExpiryIntervalSeconds", ValidationRule.disconnectSessionExpiryAfterZero);
  }
  checkOptionalString(packet.reasonString, prefix, "reasonString");
  if (packet.serverReference !== undefined) fail(prefix, "serverReference", ValidationRule.serverReferenceFromClient);
  checkUserProperties(packet.userProperties, prefix);
}

/**
 * Validates an AUTH the client is about to send: allowed only when CONNECT carried an Authentication Method
 * [MQTT-4.12.0-7], always with that same method [MQTT-4.12.0-5], with code 0x18 or 0x19 [MQTT-3.15.2-1].
 */
export function validateAuthPacket(packet: AuthPacket, connect: ConnectValuesForValidation, prefix = ""): void {
  if (connect.authenticationMethod === undefined) fail(prefix, "type", ValidationRule.authWithoutConnectMethod);
  if (!CLIENT_AUTH_CODES.has(packet.reasonCode)) fail(prefix, "reasonCode", ValidationRule.authReasonCode);
  const method = packet.authenticationMethod;
  if (method === undefined) fail(prefix, "authenticationMethod", ValidationRule.authMethodMissing);
  checkOptionalString(method, prefix, "authenticationMethod");
  if (method !== connect.authenticationMethod) fail(prefix, "authenticationMethod", ValidationRule.authMethodMismatch);
  checkOptionalBinary(packet.authenticationData, prefix, "authenticationData");
  checkOptionalString(packet.reasonString, prefix, "reasonString");
  checkUserProperties(packet.userProperties, prefix);
}
