// Outbound SUBSCRIBE and UNSUBSCRIBE validation (standard §3.8, §3.10, §4.7, §4.8).

import type { SubscribePacket, UnsubscribePacket } from "../model/packet.js";
import {
  checkOptionalBoolean,
  checkOptionalInteger,
  checkPacketId,
  checkQos,
  checkUserProperties,
  fail,
  MAXIMUM_VARIABLE_BYTE_INTEGER,
} from "./field-checks.js";
import { ValidationRule } from "./rules.js";
import { isSharedSubscription, topicFilterViolation } from "./topic.js";

/**
 * Validates a SUBSCRIBE the client is about to send. With `packetIdAssigned` = false a packet id of 0 (not assigned
 * yet) is accepted.
 */
export function validateSubscribePacket(packet: SubscribePacket, packetIdAssigned: boolean, prefix = ""): void {
  // [MQTT-2.2.1-3] a non-zero id; 0 only stands for "not assigned yet" while validating at submission.
  checkPacketId(packet.packetId, packetIdAssigned ? 1 : 0, prefix);
  const subscriptions: unknown = packet.subscriptions;
  if (!Array.isArray(subscriptions)) fail(prefix, "subscriptions", ValidationRule.notArray);
  if (subscriptions.length === 0) fail(prefix, "subscriptions", ValidationRule.subscriptionsEmpty); // [MQTT-3.8.3-2]
  for (let i = 0; i < subscriptions.length; i++) {
    const subscription = (subscriptions as SubscribePacket["subscriptions"])[i];
    if (subscription === undefined) continue; // unreachable for i < length; keeps the type narrow
    const filter = subscription.topicFilter;
    const filterRule = topicFilterViolation(filter); // [MQTT-3.8.3-1], §4.7.1, §4.8.2
    if (filterRule !== undefined) fail(prefix, `subscriptions[${i}].topicFilter`, filterRule);
    checkQos(subscription.qos, prefix, `subscriptions[${i}].qos`); // QoS 3 refused
    checkOptionalBoolean(subscription.noLocal, prefix, `subscriptions[${i}].noLocal`);
    checkOptionalBoolean(subscription.retainAsPublished, prefix, `subscriptions[${i}].retainAsPublished`);
    const retainHandling = subscription.retainHandlingType;
    if (retainHandling !== undefined && retainHandling !== 0 && retainHandling !== 1 && retainHandling !== 2) {
      fail(prefix, `subscriptions[${i}].retainHandlingType`, ValidationRule.retainHandling); // 3 refused
    }
    if (subscription.noLocal === true && isSharedSubscription(filter)) {
      fail(prefix, `subscriptions[${i}].noLocal`, ValidationRule.noLocalOnSharedSubscription); // [MQTT-3.8.3-4]
    }
  }
  // 1..268,435,455. At most once is structural: the packet holds a single optional value.
  checkOptionalInteger(
    packet.subscriptionIdentifier,
    1,
    MAXIMUM_VARIABLE_BYTE_INTEGER,
    prefix,
    "subscriptionIdentifier",
    ValidationRule.subscriptionIdentifierRange,
  );
  checkUserProperties(packet.userProperties, prefix);
}

/** Validates an UNSUBSCRIBE the client is about to send. */
export function validateUnsubscribePacket(packet: UnsubscribePacket, packetIdAssigned: boolean, prefix = ""): void {
  // [MQTT-2.2.1-3] a non-zero id; 0 only stands for "not assigned yet" while validating at submission.
  checkPacketId(packet.packetId, packetIdAssigned ? 1 : 0, prefix);
  const filters: unknown = packet.topicFilters;
  if (!Array.isArray(filters)) fail(prefix, "topicFilters", ValidationRule.notArray);
  if (filters.length === 0) fail(prefix, "topicFilters", ValidationRule.topicFiltersEmpty); // [MQTT-3.10.3-2]
  for (let i = 0; i < filters.length; i++) {
    const rule = topicFilterViolation(filters[i]); // [MQTT-3.10.3-1]
    if (rule !== undefined) fail(prefix, `topicFilters[${i}]`, rule);
  }
  checkUserProperties(packet.userProperties, prefix);
}
