// Outbound CONNECT validation, Will Message included (standard §3.1, conformance rows 32, 50, 53–56).

import type { ConnectPacket, WillMessage } from "../model/packet.js";
import {
  checkBinary,
  checkOptionalBinary,
  checkOptionalBoolean,
  checkOptionalInteger,
  checkOptionalString,
  checkOptionalU16,
  checkOptionalU32,
  checkQos,
  checkString,
  checkU16,
  checkUserProperties,
  fail,
  MAXIMUM_FOUR_BYTE_INTEGER,
} from "./field-checks.js";
import { checkMessageProperties } from "./outbound-publish.js";
import { ValidationRule } from "./rules.js";
import { topicNameViolation } from "./topic.js";

/**
 * Validates a CONNECT the client is about to send. `prefix` is prepended to every field path
 * (e.g. "connectProperties.").
 */
export function validateConnectPacket(packet: ConnectPacket, prefix = ""): void {
  checkString(packet.clientId, prefix, "clientId"); // [MQTT-3.1.3-4]; zero length is allowed (server assigns one)
  if (typeof packet.cleanStart !== "boolean") fail(prefix, "cleanStart", ValidationRule.notBoolean);
  checkU16(packet.keepAliveIntervalSeconds, 0, prefix, "keepAliveIntervalSeconds");
  checkOptionalString(packet.username, prefix, "username"); // [MQTT-3.1.3-12]
  checkOptionalBinary(packet.password, prefix, "password");
  checkOptionalU32(packet.sessionExpiryIntervalSeconds, prefix, "sessionExpiryIntervalSeconds");
  // Receive Maximum and Maximum Packet Size of 0 are Protocol Errors.
  checkOptionalU16(packet.receiveMaximum, 1, prefix, "receiveMaximum");
  checkOptionalInteger(
    packet.maximumPacketSizeBytes,
    1,
    MAXIMUM_FOUR_BYTE_INTEGER,
    prefix,
    "maximumPacketSizeBytes",
    ValidationRule.nonZeroU32,
  );
  checkOptionalU16(packet.topicAliasMaximum, 0, prefix, "topicAliasMaximum");
  // Encoded as a byte that must be 0 or 1: only a boolean maps onto exactly those two values.
  checkOptionalBoolean(packet.requestResponseInformation, prefix, "requestResponseInformation");
  checkOptionalBoolean(packet.requestProblemInformation, prefix, "requestProblemInformation");
  checkOptionalString(packet.authenticationMethod, prefix, "authenticationMethod");
  if (packet.authenticationData !== undefined) {
    // Authentication Data without an Authentication Method is a Protocol Error.
    if (packet.authenticationMethod === undefined) {
      fail(prefix, "authenticationData", ValidationRule.authenticationDataWithoutMethod);
    }
    checkBinary(packet.authenticationData, prefix, "authenticationData");
  }
  checkUserProperties(packet.userProperties, prefix);
  if (packet.will !== undefined) validateWillMessage(packet.will, prefix + "will.");
}

/** Validates the Will Message carried by CONNECT; `prefix` ends with "will.". */
export function validateWillMessage(will: WillMessage, prefix: string): void {
  // Will Topic: valid UTF-8 [MQTT-3.1.3-11], a legal non-empty Topic Name without wildcards [MQTT-4.7.0-1].
  const topicRule = topicNameViolation(will.topicName);
  if (topicRule !== undefined) fail(prefix, "topicName", topicRule);
  checkQos(will.qos, prefix, "qos"); // [MQTT-3.1.2-12]
  if (typeof will.retain !== "boolean") fail(prefix, "retain", ValidationRule.notBoolean);
  checkBinary(will.payload, prefix, "payload"); // the Will Payload is Binary Data: ≤ 65,535 bytes
  checkOptionalU32(will.willDelayIntervalSeconds, prefix, "willDelayIntervalSeconds");
  checkMessageProperties(will, prefix); // includes Payload Format Indicator 1 ⇒ UTF-8 payload
}
