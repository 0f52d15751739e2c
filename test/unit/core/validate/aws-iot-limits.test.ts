import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PacketType, QoS } from "../../../../src/core/model/enums.js";
import type { ConnectPacket, PublishPacket, SubscribePacket, UnsubscribePacket } from "../../../../src/core/model/packet.js";
import {
  awsIotTopicFilterSlashes,
  awsIotTopicNameBytes,
  awsIotTopicNameSlashes,
  skipAwsIotRulesPrefix,
  validateAwsIotCoreLimits,
} from "../../../../src/core/validate/aws-iot-limits.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

const publish = (topicName: string): PublishPacket => ({
  type: PacketType.Publish,
  topicName,
  payload: new Uint8Array(0),
  qos: QoS.AtMostOnce,
  retain: false,
  duplicate: false,
});
const subscribe = (...filters: string[]): SubscribePacket => ({
  type: PacketType.Subscribe,
  packetId: 1,
  subscriptions: filters.map((topicFilter) => ({ topicFilter, qos: QoS.AtLeastOnce })),
});
const unsubscribe = (...topicFilters: string[]): UnsubscribePacket => ({
  type: PacketType.Unsubscribe,
  packetId: 1,
  topicFilters,
});
const connect = (clientId: string, willTopic?: string): ConnectPacket => ({
  type: PacketType.Connect,
  clientId,
  cleanStart: true,
  keepAliveIntervalSeconds: 60,
  ...(willTopic === undefined
    ? {}
    : { will: { topicName: willTopic, payload: new Uint8Array(0), qos: QoS.AtMostOnce, retain: false } }),
});

const eightLevels = "1/2/3/4/5/6/7/8";
const nineLevels = "1/2/3/4/5/6/7/8/9";

describe("skipAwsIotRulesPrefix", () => {
  const cases: Array<[string, number]> = [
    ["dont/skip/anything", 0],
    ["$aws/rules/rule/a/b", 16],
    ["$AWS/RULES/Rule/a", 16],
    ["$aWs/rUlEs/r/", 13],
    ["$aws/rules/", 0], // no rule name
    ["$aws/rules//a", 0], // empty rule name
    ["$aws/rules/rule", 0], // rule name not followed by '/'
    ["$aws/rulesX/r/a", 0],
    ["#aws/rules/r/a", 0], // '$' compared exactly
    ["$aws/things/x/shadow", 0],
  ];
  for (const [topic, index] of cases) {
    test(`${JSON.stringify(topic)} → ${index}`, () => assert.equal(skipAwsIotRulesPrefix(topic), index));
  }
});

describe("slash and byte counting", () => {
  test("rules prefix is not counted for names; shared and rules prefixes are not counted for filters", () => {
    assert.equal(awsIotTopicNameSlashes(`$aws/rules/r/${eightLevels}`), 7);
    assert.equal(awsIotTopicNameSlashes(eightLevels), 7);
    assert.equal(awsIotTopicFilterSlashes(`$share/g/${eightLevels}`), 7);
    assert.equal(awsIotTopicFilterSlashes(`$share/g/$aws/rules/r/${eightLevels}`), 7);
    assert.equal(awsIotTopicFilterSlashes(eightLevels), 7);
  });

  test("topic bytes exclude the rules prefix and count UTF-8 bytes", () => {
    assert.equal(awsIotTopicNameBytes("$aws/rules/r/abc"), 3);
    assert.equal(awsIotTopicNameBytes("€"), 3);
  });
});

describe("validateAwsIotCoreLimits", () => {
  test("PUBLISH: 8 levels accepted, 9 refused, rules prefix not counted", () => {
    validateAwsIotCoreLimits(publish(eightLevels));
    validateAwsIotCoreLimits(publish(`$aws/rules/my_rule/${eightLevels}`));
    expectValidationError(() => validateAwsIotCoreLimits(publish(nineLevels)), "topicName", ValidationRule.awsIotTooManyLevels);
    expectValidationError(
      () => validateAwsIotCoreLimits(publish(`$aws/rules/my_rule/${nineLevels}`)),
      "topicName",
      ValidationRule.awsIotTooManyLevels,
    );
  });

  test("PUBLISH: 256 bytes accepted, 257 refused, rules prefix not counted", () => {
    validateAwsIotCoreLimits(publish("a".repeat(256)));
    validateAwsIotCoreLimits(publish(`$aws/rules/r/${"a".repeat(256)}`));
    expectValidationError(() => validateAwsIotCoreLimits(publish("a".repeat(257))), "topicName", ValidationRule.awsIotTopicTooLong);
    // 86 × 3 bytes = 258 bytes with only 86 UTF-16 units.
    expectValidationError(() => validateAwsIotCoreLimits(publish("€".repeat(86))), "topicName", ValidationRule.awsIotTopicTooLong);
  });

  test("PUBLISH relying on a topic alias (empty name) passes", () => {
    validateAwsIotCoreLimits(publish(""));
  });

  test("SUBSCRIBE: at most 8 subscriptions", () => {
    const filters = Array.from({ length: 8 }, (_, i) => `t/${i}`);
    validateAwsIotCoreLimits(subscribe(...filters));
    expectValidationError(
      () => validateAwsIotCoreLimits(subscribe(...filters, "t/8")),
      "subscriptions",
      ValidationRule.awsIotTooManySubscriptions,
    );
  });

  test("SUBSCRIBE: filters limited to 8 levels, shared and rules prefixes not counted", () => {
    validateAwsIotCoreLimits(subscribe("a", eightLevels, `$share/g/${eightLevels}`));
    expectValidationError(
      () => validateAwsIotCoreLimits(subscribe("a", `${eightLevels}/#`)),
      "subscriptions[1].topicFilter",
      ValidationRule.awsIotTooManyLevels,
    );
    expectValidationError(
      () => validateAwsIotCoreLimits(subscribe(`$share/g/${nineLevels}`)),
      "subscriptions[0].topicFilter",
      ValidationRule.awsIotTooManyLevels,
    );
  });

  test("SUBSCRIBE: filters are not limited to 256 bytes (that limit is for topic names)", () => {
    validateAwsIotCoreLimits(subscribe("a".repeat(300)));
  });

  test("UNSUBSCRIBE: filters limited to 8 levels", () => {
    validateAwsIotCoreLimits(unsubscribe(eightLevels));
    expectValidationError(
      () => validateAwsIotCoreLimits(unsubscribe("x", nineLevels)),
      "topicFilters[1]",
      ValidationRule.awsIotTooManyLevels,
    );
  });

  test("CONNECT: client id at most 128 bytes", () => {
    validateAwsIotCoreLimits(connect("c".repeat(128)));
    validateAwsIotCoreLimits(connect(""));
    expectValidationError(() => validateAwsIotCoreLimits(connect("c".repeat(129))), "clientId", ValidationRule.awsIotClientIdTooLong);
    expectValidationError(() => validateAwsIotCoreLimits(connect("é".repeat(65))), "clientId", ValidationRule.awsIotClientIdTooLong);
  });

  test("CONNECT: will topic follows the topic-name limits; a field prefix is applied", () => {
    validateAwsIotCoreLimits(connect("id", eightLevels));
    expectValidationError(
      () => validateAwsIotCoreLimits(connect("id", nineLevels), "connectProperties."),
      "connectProperties.will.topicName",
      ValidationRule.awsIotTooManyLevels,
    );
  });

  test("other packets pass unchecked", () => {
    assert.doesNotThrow(() => validateAwsIotCoreLimits({ type: PacketType.Pingreq }));
  });
});
