// Topic Name and Topic Filter rules (standard §4.7), shared subscriptions (§4.8.2) and the client-side matcher used
// to dispatch incoming messages to local subscriptions.
//
// The checks return a rule text (a constant) or undefined instead of throwing, so callers decide the field path
// and the hot path (a PUBLISH with a short topic) allocates nothing: a few char-code loops and indexOf calls.

import { ValidationError } from "../errors.js";
import { mqttStringViolation } from "./mqtt-utf8.js";
import { ValidationRule } from "./rules.js";

const SLASH = 0x2f; // '/'
const PLUS = 0x2b; // '+'
const HASH = 0x23; // '#'
const DOLLAR = 0x24; // '$'

/** Every shared-subscription filter starts with this prefix [MQTT-4.8.2-1]. Matched case-sensitively. */
export const SHARED_SUBSCRIPTION_PREFIX = "$share/";
const SHARED_PREFIX_LENGTH = SHARED_SUBSCRIPTION_PREFIX.length;

/**
 * The rule a Topic Name breaks, or undefined. `allowEmpty` is for a PUBLISH that relies on a Topic Alias, the only
 * place an empty name is legal [MQTT-4.7.3-1].
 */
export function topicNameViolation(topic: unknown, allowEmpty = false): string | undefined {
  // Valid UTF-8 [MQTT-3.3.2-1], no U+0000 [MQTT-4.7.3-2], at most 65,535 bytes [MQTT-4.7.3-3].
  const stringRule = mqttStringViolation(topic);
  if (stringRule !== undefined) return stringRule;
  const name = topic as string;
  if (name.length === 0) return allowEmpty ? undefined : ValidationRule.topicEmpty;
  // Wildcards belong to filters only: PUBLISH topic, Will Topic and Response Topic [MQTT-4.7.0-1, MQTT-3.3.2-2].
  if (name.indexOf("+") !== -1 || name.indexOf("#") !== -1) return ValidationRule.topicNameWildcard;
  return undefined;
}

/** The rule a Topic Filter (plain or `$share/…`) breaks, or undefined. */
export function topicFilterViolation(filter: unknown): string | undefined {
  const stringRule = mqttStringViolation(filter); // [MQTT-3.8.3-1, MQTT-3.10.3-1, MQTT-4.7.3-2, MQTT-4.7.3-3]
  if (stringRule !== undefined) return stringRule;
  const text = filter as string;
  if (text.length === 0) return ValidationRule.topicEmpty; // [MQTT-4.7.3-1]
  if (!isSharedSubscription(text)) return wildcardPlacementViolation(text, 0);

  // $share/{ShareName}/{filter}: ShareName ≥ 1 character [MQTT-4.8.2-1], without '/', '+' or '#', followed by '/'
  // and a complete, non-empty filter [MQTT-4.8.2-2]. ShareName cannot hold '/' by construction: it ends at the first.
  const slash = text.indexOf("/", SHARED_PREFIX_LENGTH);
  if (slash === SHARED_PREFIX_LENGTH || text.length === SHARED_PREFIX_LENGTH) return ValidationRule.shareNameEmpty;
  const shareNameEnd = slash === -1 ? text.length : slash;
  for (let i = SHARED_PREFIX_LENGTH; i < shareNameEnd; i++) {
    const code = text.charCodeAt(i);
    if (code === PLUS || code === HASH) return ValidationRule.shareNameWildcard;
  }
  if (slash === -1 || slash === text.length - 1) return ValidationRule.sharedFilterMissing;
  return wildcardPlacementViolation(text, slash + 1);
}

/** Throws ValidationError(field, rule) unless `topic` is a legal Topic Name. */
export function validateTopicName(topic: unknown, field: string, allowEmpty = false): void {
  const rule = topicNameViolation(topic, allowEmpty);
  if (rule !== undefined) throw new ValidationError(field, rule);
}

/** Throws ValidationError(field, rule) unless `filter` is a legal Topic Filter (shared filters included). */
export function validateTopicFilter(filter: unknown, field: string): void {
  const rule = topicFilterViolation(filter);
  if (rule !== undefined) throw new ValidationError(field, rule);
}

export function isValidTopicName(topic: unknown): boolean {
  return topicNameViolation(topic) === undefined;
}

export function isValidTopicFilter(filter: unknown): boolean {
  return topicFilterViolation(filter) === undefined;
}

/** True when the filter uses the shared-subscription syntax (it may still be malformed; see topicFilterViolation). */
export function isSharedSubscription(filter: string): boolean {
  return filter.startsWith(SHARED_SUBSCRIPTION_PREFIX);
}

/**
 * UTF-16 index where the topic-filter part of a filter starts: after `$share/{ShareName}/` for a shared filter,
 * 0 otherwise. For a malformed shared filter without the second '/', the filter's length.
 */
export function innerFilterStart(filter: string): number {
  if (!isSharedSubscription(filter)) return 0;
  const slash = filter.indexOf("/", SHARED_PREFIX_LENGTH);
  return slash === -1 ? filter.length : slash + 1;
}

/** Splits a shared filter into ShareName and inner filter; undefined when it is not a well-formed shared filter. */
export function parseSharedSubscription(filter: string): { shareName: string; topicFilter: string } | undefined {
  if (!isSharedSubscription(filter) || topicFilterViolation(filter) !== undefined) return undefined;
  const slash = filter.indexOf("/", SHARED_PREFIX_LENGTH);
  return { shareName: filter.slice(SHARED_PREFIX_LENGTH, slash), topicFilter: filter.slice(slash + 1) };
}

/** True when the filter (the inner filter, for a shared one) contains '+' or '#'. */
export function hasWildcard(filter: string): boolean {
  const start = innerFilterStart(filter);
  return filter.indexOf("+", start) !== -1 || filter.indexOf("#", start) !== -1;
}

/** Number of '/' characters from `start`. */
export function countSlashes(topic: string, start = 0): number {
  let slashes = 0;
  for (let index = topic.indexOf("/", start); index !== -1; index = topic.indexOf("/", index + 1)) slashes++;
  return slashes;
}

/** Number of topic levels from `start`: slashes + 1, so "" has 1 level and "a//b" has 3. */
export function countTopicLevels(topic: string, start = 0): number {
  return countSlashes(topic, start) + 1;
}

function wildcardPlacementViolation(filter: string, start: number): string | undefined {
  const length = filter.length;
  for (let i = start; i < length; i++) {
    const code = filter.charCodeAt(i);
    if (code !== PLUS && code !== HASH) continue;
    const levelStart = i === start || filter.charCodeAt(i - 1) === SLASH;
    if (code === HASH) {
      // '#' alone or after '/', and last [MQTT-4.7.1-1]
      if (!levelStart || i !== length - 1) return ValidationRule.hashPlacement;
    } else if (!levelStart || (i + 1 < length && filter.charCodeAt(i + 1) !== SLASH)) {
      return ValidationRule.plusPlacement; // '+' fills a whole level [MQTT-4.7.1-2]
    }
  }
  return undefined;
}

/**
 * Does the Topic Name match the Topic Filter? A shared filter matches by its inner filter. Levels are compared
 * character for character, without any Unicode normalisation or case folding [MQTT-4.7.3-4]. Filters starting with a
 * wildcard never match names starting with '$' [MQTT-4.7.2-1]. `a/#` also matches `a`; `a/+` matches `a/` but not
 * `a`. Expects a valid filter (see topicFilterViolation); for an invalid one the result is unspecified.
 */
export function topicMatches(filter: string, topic: string): boolean {
  let f = innerFilterStart(filter);
  const filterLength = filter.length;
  const topicLength = topic.length;
  const firstFilterCode = filter.charCodeAt(f);
  if ((firstFilterCode === PLUS || firstFilterCode === HASH) && topic.charCodeAt(0) === DOLLAR) {
    return false; // [MQTT-4.7.2-1]
  }
  let t = 0;
  for (;;) {
    // Both cursors are at the start of a level here.
    if (f === filterLength - 1 && filter.charCodeAt(f) === HASH) return true; // '#' takes this level and all below
    let filterEnd = filter.indexOf("/", f);
    if (filterEnd === -1) filterEnd = filterLength;
    let topicEnd = topic.indexOf("/", t);
    if (topicEnd === -1) topicEnd = topicLength;
    const isPlusLevel = filterEnd - f === 1 && filter.charCodeAt(f) === PLUS;
    if (!isPlusLevel && !levelsEqual(filter, f, filterEnd, topic, t, topicEnd)) return false;
    const filterDone = filterEnd === filterLength;
    const topicDone = topicEnd === topicLength;
    if (filterDone) return topicDone;
    if (topicDone) {
      // The name ran out of levels: only a trailing "/#" still matches (it covers the parent level too).
      return filterEnd + 2 === filterLength && filter.charCodeAt(filterEnd + 1) === HASH;
    }
    f = filterEnd + 1;
    t = topicEnd + 1;
  }
}

function levelsEqual(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) {
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  }
  return true;
}
