import { describe, test } from "node:test";
import { PacketType, QoS, RetainHandlingType } from "../../../../src/core/model/enums.js";
import type { SubscribePacket, Subscription, UnsubscribePacket } from "../../../../src/core/model/packet.js";
import { validateSubscribePacket, validateUnsubscribePacket } from "../../../../src/core/validate/outbound-subscribe.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

const bad = <T>(value: unknown): T => value as T;

function subscribe(subscriptions: Subscription[], overrides: Partial<SubscribePacket> = {}): SubscribePacket {
  return { type: PacketType.Subscribe, packetId: 10, subscriptions, ...overrides };
}
const sub = (topicFilter: string, extra: Partial<Subscription> = {}): Subscription => ({ topicFilter, qos: QoS.AtLeastOnce, ...extra });

function unsubscribe(topicFilters: string[], overrides: Partial<UnsubscribePacket> = {}): UnsubscribePacket {
  return { type: PacketType.Unsubscribe, packetId: 11, topicFilters, ...overrides };
}

describe("validateSubscribePacket accepts", () => {
  const good: Array<[string, SubscribePacket]> = [
    ["one plain filter", subscribe([sub("a/b")])],
    ["wildcards and shared filters", subscribe([sub("#"), sub("+/x/#"), sub("$share/g/a/+")])],
    ["every option", subscribe([sub("a", { qos: QoS.ExactlyOnce, noLocal: true, retainAsPublished: true, retainHandlingType: RetainHandlingType.DontSend })])],
    ["No Local false on a shared filter", subscribe([sub("$share/g/x", { noLocal: false })])],
    ["subscription identifier 1", subscribe([sub("a")], { subscriptionIdentifier: 1 })],
    ["subscription identifier 268,435,455", subscribe([sub("a")], { subscriptionIdentifier: 268_435_455 })],
    ["user properties", subscribe([sub("a")], { userProperties: [{ name: "n", value: "v" }] })],
    ["packet id 65535", subscribe([sub("a")], { packetId: 65_535 })],
  ];
  for (const [label, packet] of good) {
    test(label, () => validateSubscribePacket(packet, true));
  }

  test("packet id 0 only while ids are not assigned", () => {
    const packet = subscribe([sub("a")], { packetId: 0 });
    validateSubscribePacket(packet, false);
    expectValidationError(() => validateSubscribePacket(packet, true), "packetId", ValidationRule.packetIdRange);
  });
});

describe("validateSubscribePacket refuses", () => {
  const cases: Array<[string, SubscribePacket, string, string]> = [
    ["no subscriptions", subscribe([]), "subscriptions", ValidationRule.subscriptionsEmpty],
    ["subscriptions not an array", subscribe(bad("a/b")), "subscriptions", ValidationRule.notArray],
    ["an empty filter", subscribe([sub("a"), sub("")]), "subscriptions[1].topicFilter", ValidationRule.topicEmpty],
    ["a lone surrogate in a filter", subscribe([sub("a"), sub("b"), sub("\uD800/#")]), "subscriptions[2].topicFilter", ValidationRule.loneSurrogate],
    ["'#' not last", subscribe([sub("a/#/b")]), "subscriptions[0].topicFilter", ValidationRule.hashPlacement],
    ["'+' inside a level", subscribe([sub("a/b+")]), "subscriptions[0].topicFilter", ValidationRule.plusPlacement],
    ["an empty ShareName", subscribe([sub("$share//a")]), "subscriptions[0].topicFilter", ValidationRule.shareNameEmpty],
    ["a shared filter without filter", subscribe([sub("$share/g")]), "subscriptions[0].topicFilter", ValidationRule.sharedFilterMissing],
    ["QoS 3", subscribe([sub("a", { qos: bad(3) })]), "subscriptions[0].qos", ValidationRule.qos],
    ["Retain Handling 3", subscribe([sub("a", { retainHandlingType: bad(3) })]), "subscriptions[0].retainHandlingType", ValidationRule.retainHandling],
    ["a non-boolean No Local", subscribe([sub("a", { noLocal: bad(1) })]), "subscriptions[0].noLocal", ValidationRule.notBoolean],
    ["a non-boolean Retain As Published", subscribe([sub("a", { retainAsPublished: bad("y") })]), "subscriptions[0].retainAsPublished", ValidationRule.notBoolean],
    ["No Local on a shared filter", subscribe([sub("a"), sub("$share/g/a", { noLocal: true })]), "subscriptions[1].noLocal", ValidationRule.noLocalOnSharedSubscription],
    ["subscription identifier 0", subscribe([sub("a")], { subscriptionIdentifier: 0 }), "subscriptionIdentifier", ValidationRule.subscriptionIdentifierRange],
    ["subscription identifier 268,435,456", subscribe([sub("a")], { subscriptionIdentifier: 268_435_456 }), "subscriptionIdentifier", ValidationRule.subscriptionIdentifierRange],
    ["packet id 65536", subscribe([sub("a")], { packetId: 65_536 }), "packetId", ValidationRule.packetIdRange],
    ["a bad user property", subscribe([sub("a")], { userProperties: [{ name: "\u0000", value: "" }] }), "userProperties[0].name", ValidationRule.nullCharacter],
  ];
  for (const [label, packet, field, rule] of cases) {
    test(`${label} → ${field}`, () => expectValidationError(() => validateSubscribePacket(packet, true), field, rule));
  }
});

describe("validateUnsubscribePacket", () => {
  test("accepts plain, wildcard and shared filters", () => {
    validateUnsubscribePacket(unsubscribe(["a", "a/#", "$share/g/+"]), true);
  });

  test("packet id 0 only while ids are not assigned", () => {
    validateUnsubscribePacket(unsubscribe(["a"], { packetId: 0 }), false);
    expectValidationError(() => validateUnsubscribePacket(unsubscribe(["a"], { packetId: 0 }), true), "packetId", ValidationRule.packetIdRange);
  });

  const cases: Array<[string, UnsubscribePacket, string, string]> = [
    ["no filters", unsubscribe([]), "topicFilters", ValidationRule.topicFiltersEmpty],
    ["filters not an array", unsubscribe(bad("a")), "topicFilters", ValidationRule.notArray],
    ["a lone surrogate", unsubscribe(["a", "\uDC00"]), "topicFilters[1]", ValidationRule.loneSurrogate],
    ["U+0000", unsubscribe(["\u0000"]), "topicFilters[0]", ValidationRule.nullCharacter],
    ["an empty filter", unsubscribe(["a", "b", ""]), "topicFilters[2]", ValidationRule.topicEmpty],
    ["a misplaced '#'", unsubscribe(["a#"]), "topicFilters[0]", ValidationRule.hashPlacement],
    ["a non-string filter", unsubscribe(bad([1])), "topicFilters[0]", ValidationRule.notString],
    ["a bad user property", unsubscribe(["a"], { userProperties: [{ name: "n", value: "\uD800" }] }), "userProperties[0].value", ValidationRule.loneSurrogate],
  ];
  for (const [label, packet, field, rule] of cases) {
    test(`refuses ${label} → ${field}`, () => expectValidationError(() => validateUnsubscribePacket(packet, true), field, rule));
  }
});
