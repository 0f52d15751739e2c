// AWS IoT Core limits applied when the client runs with ClientExtendedValidationAndFlowControl.AwsIotCoreDefaults
// (reference/behavior.md §7.8, the rules aws-crt documented for that mode):
//   1. at most 8 subscriptions per SUBSCRIBE;
//   2. topics and topic filters at most 8 levels (7 '/'), not counting an `$aws/rules/<rule-name>/` prefix (and,
//      for filters, a `$share/<group>/` prefix);
//   3. topic names at most 256 UTF-8 bytes, not counting that `$aws/rules/<rule-name>/` prefix;
//   4. client identifier at most 128 UTF-8 bytes.
// The `$aws/rules/` match ignores ASCII case and needs a non-empty rule name followed by '/'. Level count = '/' + 1.
// These run in addition to (after) the generic outbound validation, which guarantees well-formed strings.

import type { ConnectPacket, Packet, PublishPacket, SubscribePacket, UnsubscribePacket } from "../model/packet.js";
import { PacketType } from "../model/enums.js";
import { fail } from "./field-checks.js";
import { ValidationRule } from "./rules.js";
import { countSlashes, innerFilterStart } from "./topic.js";
import { utf8ByteLength } from "./mqtt-utf8.js";

export const AWS_IOT_CORE_MAXIMUM_SUBSCRIPTIONS_PER_SUBSCRIBE = 8;
export const AWS_IOT_CORE_MAXIMUM_TOPIC_SLASHES = 7;
export const AWS_IOT_CORE_MAXIMUM_TOPIC_BYTES = 256;
export const AWS_IOT_CORE_MAXIMUM_CLIENT_ID_BYTES = 128;

const RULES_PREFIX = "$aws/rules/";

/**
 * UTF-16 index after an `$aws/rules/<rule-name>/` prefix (case-insensitive, rule name non-empty), or 0 when the
 * topic does not start with one. `from` lets a filter skip its `$share/<group>/` prefix first.
 */
export function skipAwsIotRulesPrefix(topic: string, from = 0): number {
  const prefixLength = RULES_PREFIX.length;
  if (topic.length < from + prefixLength + 2) return from; // needs at least one rule-name character and '/'
  for (let i = 0; i < prefixLength; i++) {
    const expected = RULES_PREFIX.charCodeAt(i);
    const actual = topic.charCodeAt(from + i);
    // Letters compare case-insensitively ((code | 0x20) lowers ASCII A–Z); '$' and '/' must match exactly.
    const isLetter = expected >= 0x61 && expected <= 0x7a;
    if (actual !== expected && !(isLetter && (actual | 0x20) === expected)) return from;
  }
  const ruleNameStart = from + prefixLength;
  const slash = topic.indexOf("/", ruleNameStart);
  if (slash === -1 || slash === ruleNameStart) return from;
  return slash + 1;
}

/** Slashes that count against the IoT Core level limit in a Topic Name. */
export function awsIotTopicNameSlashes(topic: string): number {
  return countSlashes(topic, skipAwsIotRulesPrefix(topic));
}

/** Slashes that count against the IoT Core level limit in a Topic Filter (shared prefix also skipped). */
export function awsIotTopicFilterSlashes(filter: string): number {
  return countSlashes(filter, skipAwsIotRulesPrefix(filter, innerFilterStart(filter)));
}

/** Bytes that count against the 256-byte IoT Core Topic Name limit. */
export function awsIotTopicNameBytes(topic: string): number {
  return utf8ByteLength(topic, skipAwsIotRulesPrefix(topic));
}

/** Throws ValidationError when `packet` breaks an AWS IoT Core limit; other packet types pass unchecked. */
export function validateAwsIotCoreLimits(packet: Packet, fieldPrefix = ""): void {
  switch (packet.type) {
    case PacketType.Connect:
      validateConnect(packet, fieldPrefix);
      return;
    case PacketType.Publish:
      validateTopicName(packet.topicName, fieldPrefix, "topicName");
      return;
    case PacketType.Subscribe:
      validateSubscribe(packet, fieldPrefix);
      return;
    case PacketType.Unsubscribe:
      validateUnsubscribe(packet, fieldPrefix);
      return;
    default:
      return;
  }
}

function validateConnect(packet: ConnectPacket, prefix: string): void {
  if (utf8ByteLength(packet.clientId) > AWS_IOT_CORE_MAXIMUM_CLIENT_ID_BYTES) {
    fail(prefix, "clientId", ValidationRule.awsIotClientIdTooLong);
  }
  // The Will is published by IoT Core on the client's behalf, so its topic obeys the same limits as a PUBLISH.
  if (packet.will !== undefined) validateTopicName(packet.will.topicName, prefix, "will.topicName");
}

function validateTopicName(topic: PublishPacket["topicName"], prefix: string, name: string): void {
  if (awsIotTopicNameSlashes(topic) > AWS_IOT_CORE_MAXIMUM_TOPIC_SLASHES) {
    fail(prefix, name, ValidationRule.awsIotTooManyLevels);
  }
  if (awsIotTopicNameBytes(topic) > AWS_IOT_CORE_MAXIMUM_TOPIC_BYTES) {
    fail(prefix, name, ValidationRule.awsIotTopicTooLong);
  }
}

function validateSubscribe(packet: SubscribePacket, prefix: string): void {
  const subscriptions = packet.subscriptions;
  if (subscriptions.length > AWS_IOT_CORE_MAXIMUM_SUBSCRIPTIONS_PER_SUBSCRIBE) {
    fail(prefix, "subscriptions", ValidationRule.awsIotTooManySubscriptions);
  }
  for (let i = 0; i < subscriptions.length; i++) {
    const filter = subscriptions[i]?.topicFilter ?? "";
    if (awsIotTopicFilterSlashes(filter) > AWS_IOT_CORE_MAXIMUM_TOPIC_SLASHES) {
      fail(prefix, `subscriptions[${i}].topicFilter`, ValidationRule.awsIotTooManyLevels);
    }
  }
}

function validateUnsubscribe(packet: UnsubscribePacket, prefix: string): void {
  const filters = packet.topicFilters;
  for (let i = 0; i < filters.length; i++) {
    if (awsIotTopicFilterSlashes(filters[i] ?? "") > AWS_IOT_CORE_MAXIMUM_TOPIC_SLASHES) {
      fail(prefix, `topicFilters[${i}]`, ValidationRule.awsIotTooManyLevels);
    }
  }
}
