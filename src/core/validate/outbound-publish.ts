// Outbound PUBLISH validation, plus the message-property checks a Will Message shares with PUBLISH.
// This is the hot path of the validator: for a typical PUBLISH (short ASCII topic, few or no properties) it runs a
// handful of comparisons and one pass over the topic, and allocates nothing.

import type { PublishPacket, WillMessage } from "../model/packet.js";
import {
  checkOptionalBinary,
  checkOptionalString,
  checkOptionalU32,
  checkPacketId,
  checkQos,
  checkUserProperties,
  fail,
  isIntegerInRange,
  MAXIMUM_TWO_BYTE_INTEGER,
} from "./field-checks.js";
import { isWellFormedUtf8 } from "./mqtt-utf8.js";
import { ValidationRule } from "./rules.js";
import { topicNameViolation } from "./topic.js";

/** The fields a PUBLISH and a Will Message have in common. */
export type MessageFields = Pick<
  PublishPacket & WillMessage,
  | "payload"
  | "payloadFormat"
  | "messageExpiryIntervalSeconds"
  | "contentType"
  | "responseTopic"
  | "correlationData"
  | "userProperties"
>;

/**
 * Validates a PUBLISH the client is about to send. `packetIdAssigned` = false allows a QoS > 0 PUBLISH without its
 * packet id yet (validation at submission, before the session assigns one).
 */
export function validatePublishPacket(packet: PublishPacket, packetIdAssigned: boolean, prefix = ""): void {
  const hasTopicAlias = packet.topicAlias !== undefined;
  // Only a PUBLISH relying on a Topic Alias may have an empty name [MQTT-4.7.3-1]; no wildcards [MQTT-3.3.2-2].
  const topicRule = topicNameViolation(packet.topicName, hasTopicAlias);
  if (topicRule !== undefined) {
    const rule = topicRule === ValidationRule.topicEmpty ? ValidationRule.topicEmptyWithoutAlias : topicRule;
    fail(prefix, "topicName", rule);
  }
  const qos = packet.qos;
  checkQos(qos, prefix, "qos"); // [MQTT-3.3.1-4]
  if (typeof packet.retain !== "boolean") fail(prefix, "retain", ValidationRule.notBoolean);
  if (typeof packet.duplicate !== "boolean") fail(prefix, "duplicate", ValidationRule.notBoolean);
  if (qos === 0) {
    if (packet.packetId !== undefined) fail(prefix, "packetId", ValidationRule.packetIdWithQos0); // [MQTT-2.2.1-2]
    if (packet.duplicate) fail(prefix, "duplicate", ValidationRule.duplicateWithQos0); // [MQTT-3.3.1-2]
  } else if (packet.packetId !== undefined || packetIdAssigned) {
    checkPacketId(packet.packetId, 1, prefix); // [MQTT-2.2.1-3]
  }
  if (hasTopicAlias && !isIntegerInRange(packet.topicAlias, 1, MAXIMUM_TWO_BYTE_INTEGER)) {
    fail(prefix, "topicAlias", ValidationRule.topicAliasZero); // [MQTT-3.3.2-8]
  }
  const subscriptionIdentifiers = packet.subscriptionIdentifiers;
  if (subscriptionIdentifiers !== undefined && subscriptionIdentifiers.length > 0) {
    fail(prefix, "subscriptionIdentifiers", ValidationRule.subscriptionIdentifierInPublish); // [MQTT-3.3.4-6]
  }
  if (!(packet.payload instanceof Uint8Array)) fail(prefix, "payload", ValidationRule.notBinary);
  checkMessageProperties(packet, prefix);
}

/**
 * Properties shared by PUBLISH and the Will: Payload Format Indicator (and the payload it describes), Message Expiry
 * Interval, Content Type, Response Topic, Correlation Data and User Properties.
 */
export function checkMessageProperties(message: MessageFields, prefix: string): void {
  const payloadFormat = message.payloadFormat;
  if (payloadFormat !== undefined) {
    if (payloadFormat !== 0 && payloadFormat !== 1) fail(prefix, "payloadFormat", ValidationRule.payloadFormat);
    // A payload announced as UTF-8 must be well-formed UTF-8 (X-17 for PUBLISH, X-9 for the Will).
    if (payloadFormat === 1 && !isWellFormedUtf8(message.payload)) {
      fail(prefix, "payload", ValidationRule.payloadNotUtf8);
    }
  }
  checkOptionalU32(message.messageExpiryIntervalSeconds, prefix, "messageExpiryIntervalSeconds");
  checkOptionalString(message.contentType, prefix, "contentType"); // [MQTT-3.3.2-19]
  if (message.responseTopic !== undefined) {
    // A Response Topic is a Topic Name: valid UTF-8 [MQTT-3.3.2-13], no wildcards [MQTT-3.3.2-14], non-empty.
    const rule = topicNameViolation(message.responseTopic);
    if (rule !== undefined) fail(prefix, "responseTopic", rule);
  }
  checkOptionalBinary(message.correlationData, prefix, "correlationData");
  checkUserProperties(message.userProperties, prefix);
}
