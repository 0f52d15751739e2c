import { describe, test } from "node:test";
import { PacketType, QoS } from "../../../../src/core/model/enums.js";
import type { PublishPacket, SubscribePacket } from "../../../../src/core/model/packet.js";
import { type NegotiatedLimits, validateAgainstNegotiated } from "../../../../src/core/validate/negotiated.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

const permissive: NegotiatedLimits = {
  maximumQos: QoS.ExactlyOnce,
  retainAvailable: true,
  maximumPacketSizeToServer: 268_435_460,
  topicAliasMaximumToServer: 10,
  wildcardSubscriptionsAvailable: true,
  subscriptionIdentifiersAvailable: true,
  sharedSubscriptionsAvailable: true,
};
const limits = (overrides: Partial<NegotiatedLimits>): NegotiatedLimits => ({ ...permissive, ...overrides });

const publish = (overrides: Partial<PublishPacket> = {}): PublishPacket => ({
  type: PacketType.Publish,
  topicName: "a",
  payload: new Uint8Array(0),
  qos: QoS.AtMostOnce,
  retain: false,
  duplicate: false,
  ...overrides,
});
const subscribe = (filters: string[], overrides: Partial<SubscribePacket> = {}): SubscribePacket => ({
  type: PacketType.Subscribe,
  packetId: 1,
  subscriptions: filters.map((topicFilter) => ({ topicFilter, qos: QoS.AtLeastOnce })),
  ...overrides,
});

describe("PUBLISH against the negotiated limits", () => {
  test("QoS up to Maximum QoS is accepted, above it refused", () => {
    for (const maximumQos of [QoS.AtMostOnce, QoS.AtLeastOnce, QoS.ExactlyOnce]) {
      for (const qos of [QoS.AtMostOnce, QoS.AtLeastOnce, QoS.ExactlyOnce]) {
        const run = () => validateAgainstNegotiated(publish({ qos, packetId: 1 }), limits({ maximumQos }));
        if (qos <= maximumQos) run();
        else expectValidationError(run, "qos", ValidationRule.qosAboveMaximum);
      }
    }
  });

  test("retain only when Retain Available", () => {
    validateAgainstNegotiated(publish({ retain: true }), permissive);
    validateAgainstNegotiated(publish({ retain: false }), limits({ retainAvailable: false }));
    expectValidationError(
      () => validateAgainstNegotiated(publish({ retain: true }), limits({ retainAvailable: false })),
      "retain",
      ValidationRule.retainNotAvailable,
    );
  });

  test("topic alias up to the server's Topic Alias Maximum", () => {
    validateAgainstNegotiated(publish({ topicAlias: 1 }), permissive);
    validateAgainstNegotiated(publish({ topicAlias: 10 }), permissive);
    expectValidationError(() => validateAgainstNegotiated(publish({ topicAlias: 11 }), permissive), "topicAlias", ValidationRule.topicAliasAboveMaximum);
  });

  test("no topic alias at all when the server's maximum is 0", () => {
    validateAgainstNegotiated(publish(), limits({ topicAliasMaximumToServer: 0 }));
    expectValidationError(
      () => validateAgainstNegotiated(publish({ topicAlias: 1 }), limits({ topicAliasMaximumToServer: 0 })),
      "topicAlias",
      ValidationRule.topicAliasNotAllowed,
    );
  });

  test("the field prefix is applied", () => {
    expectValidationError(
      () => validateAgainstNegotiated(publish({ qos: QoS.ExactlyOnce }), limits({ maximumQos: QoS.AtLeastOnce }), "op."),
      "op.qos",
      ValidationRule.qosAboveMaximum,
    );
  });
});

describe("SUBSCRIBE against the negotiated limits", () => {
  test("everything passes when every feature is available", () => {
    validateAgainstNegotiated(subscribe(["a/#", "+/b", "$share/g/c"], { subscriptionIdentifier: 5 }), permissive);
  });

  test("wildcards refused when Wildcard Subscription Available is 0", () => {
    const noWildcards = limits({ wildcardSubscriptionsAvailable: false });
    validateAgainstNegotiated(subscribe(["a/b", "$share/g/c"]), noWildcards);
    expectValidationError(() => validateAgainstNegotiated(subscribe(["a/b", "a/#"]), noWildcards), "subscriptions[1].topicFilter", ValidationRule.wildcardSubscriptionsUnavailable);
    expectValidationError(() => validateAgainstNegotiated(subscribe(["+"]), noWildcards), "subscriptions[0].topicFilter", ValidationRule.wildcardSubscriptionsUnavailable);
    expectValidationError(() => validateAgainstNegotiated(subscribe(["$share/g/+"]), noWildcards), "subscriptions[0].topicFilter", ValidationRule.wildcardSubscriptionsUnavailable);
  });

  test("shared filters refused when Shared Subscription Available is 0", () => {
    const noShared = limits({ sharedSubscriptionsAvailable: false });
    validateAgainstNegotiated(subscribe(["a/#", "$SYS/x"]), noShared);
    expectValidationError(() => validateAgainstNegotiated(subscribe(["a", "b", "$share/g/c"]), noShared), "subscriptions[2].topicFilter", ValidationRule.sharedSubscriptionsUnavailable);
  });

  test("Subscription Identifier refused when Subscription Identifier Available is 0", () => {
    const noIds = limits({ subscriptionIdentifiersAvailable: false });
    validateAgainstNegotiated(subscribe(["a"]), noIds);
    expectValidationError(
      () => validateAgainstNegotiated(subscribe(["a"], { subscriptionIdentifier: 1 }), noIds),
      "subscriptionIdentifier",
      ValidationRule.subscriptionIdentifiersUnavailable,
    );
  });

  test("other packets are not affected", () => {
    const strict = limits({ wildcardSubscriptionsAvailable: false, sharedSubscriptionsAvailable: false, maximumQos: QoS.AtMostOnce });
    validateAgainstNegotiated({ type: PacketType.Unsubscribe, packetId: 1, topicFilters: ["a/#", "$share/g/x"] }, strict);
    validateAgainstNegotiated({ type: PacketType.Pingreq }, strict);
  });
});
