import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  countSlashes,
  countTopicLevels,
  hasWildcard,
  innerFilterStart,
  isSharedSubscription,
  isValidTopicFilter,
  isValidTopicName,
  parseSharedSubscription,
  topicFilterViolation,
  topicMatches,
  topicNameViolation,
  validateTopicFilter,
  validateTopicName,
} from "../../../../src/core/validate/topic.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

describe("topicNameViolation", () => {
  const valid = ["a", "/", "a/b", "/a/", "a//b", "$SYS/broker", "with space", "ÜTF/😀", "\uFEFFbom", "a".repeat(65_535)];
  for (const name of valid) {
    test(`accepts ${JSON.stringify(name.slice(0, 20))}`, () => assert.equal(topicNameViolation(name), undefined));
  }

  const invalid: Array<[string, unknown, string]> = [
    ["empty", "", ValidationRule.topicEmpty],
    ["'+'", "a/+", ValidationRule.topicNameWildcard],
    ["'#'", "a/#", ValidationRule.topicNameWildcard],
    ["'+' inside a level", "a+b", ValidationRule.topicNameWildcard],
    ["'#' inside a level", "a#b", ValidationRule.topicNameWildcard],
    ["U+0000", "a\u0000b", ValidationRule.nullCharacter],
    ["lone surrogate", "a/\uDC00", ValidationRule.loneSurrogate],
    ["65,536 bytes", "a".repeat(65_536), ValidationRule.stringTooLong],
    ["not a string", 7, ValidationRule.notString],
  ];
  for (const [label, name, rule] of invalid) {
    test(`refuses ${label}`, () => assert.equal(topicNameViolation(name), rule));
  }

  test("allowEmpty accepts only the empty name, still refusing wildcards", () => {
    assert.equal(topicNameViolation("", true), undefined);
    assert.equal(topicNameViolation("#", true), ValidationRule.topicNameWildcard);
  });

  test("validateTopicName throws with the given field; isValidTopicName mirrors it", () => {
    expectValidationError(() => validateTopicName("a/+", "will.topicName"), "will.topicName", ValidationRule.topicNameWildcard);
    validateTopicName("a/b", "topicName");
    assert.equal(isValidTopicName("a/b"), true);
    assert.equal(isValidTopicName("a/#"), false);
  });
});

describe("topicFilterViolation", () => {
  const valid = [
    "#",
    "+",
    "a/#",
    "+/a/#",
    "a/+/b",
    "+/+",
    "/+",
    "+/",
    "/#",
    "a//b",
    "/",
    "$SYS/#",
    "$share",
    "$share/g/#",
    "$share/g/a/+/b",
    "$share/g//finance",
    "$share/group-1/+",
    "$SHARE/g", // not the (case-sensitive) shared prefix: an ordinary filter
    "$share/g/$share/x",
  ];
  for (const filter of valid) {
    test(`accepts ${JSON.stringify(filter)}`, () => assert.equal(topicFilterViolation(filter), undefined));
  }

  const invalid: Array<[string, unknown, string]> = [
    ["empty", "", ValidationRule.topicEmpty],
    ["'#' not last", "a/#/b", ValidationRule.hashPlacement],
    ["'#' glued to a level", "a#", ValidationRule.hashPlacement],
    ["'#' glued after", "#a", ValidationRule.hashPlacement],
    ["'##'", "##", ValidationRule.hashPlacement],
    ["'+' glued before", "a+", ValidationRule.plusPlacement],
    ["'+' glued after", "a/+b", ValidationRule.plusPlacement],
    ["'++'", "++", ValidationRule.plusPlacement],
    ["'+#'", "+#", ValidationRule.plusPlacement],
    ["U+0000", "a/\u0000", ValidationRule.nullCharacter],
    ["lone surrogate", "\uD800/#", ValidationRule.loneSurrogate],
    ["65,536 bytes", `${"a".repeat(65_534)}/#`, ValidationRule.stringTooLong],
    ["not a string", null, ValidationRule.notString],
    ["'$share/' alone", "$share/", ValidationRule.shareNameEmpty],
    ["'$share//x'", "$share//x", ValidationRule.shareNameEmpty],
    ["'$share/g'", "$share/g", ValidationRule.sharedFilterMissing],
    ["'$share/g/'", "$share/g/", ValidationRule.sharedFilterMissing],
    ["'+' in ShareName", "$share/a+b/x", ValidationRule.shareNameWildcard],
    ["'#' in ShareName", "$share/#/x", ValidationRule.shareNameWildcard],
    ["'+' as ShareName without filter", "$share/+", ValidationRule.shareNameWildcard],
    ["bad inner filter", "$share/g/a#", ValidationRule.hashPlacement],
    ["bad inner '+'", "$share/g/a+", ValidationRule.plusPlacement],
  ];
  for (const [label, filter, rule] of invalid) {
    test(`refuses ${label}`, () => assert.equal(topicFilterViolation(filter), rule));
  }

  test("the inner filter's wildcard placement is judged from its own start", () => {
    // '#' right after the ShareName's '/' starts a level of the inner filter.
    assert.equal(topicFilterViolation("$share/g/#"), undefined);
    assert.equal(topicFilterViolation("$share/g/+/x"), undefined);
  });

  test("validateTopicFilter throws with the given field; isValidTopicFilter mirrors it", () => {
    expectValidationError(
      () => validateTopicFilter("a/#/b", "subscriptions[1].topicFilter"),
      "subscriptions[1].topicFilter",
      ValidationRule.hashPlacement,
    );
    assert.equal(isValidTopicFilter("a/#"), true);
    assert.equal(isValidTopicFilter("a#"), false);
  });
});

describe("shared subscription helpers", () => {
  test("isSharedSubscription looks at the exact '$share/' prefix", () => {
    assert.equal(isSharedSubscription("$share/g/x"), true);
    assert.equal(isSharedSubscription("$share"), false);
    assert.equal(isSharedSubscription("$SHARE/g/x"), false);
    assert.equal(isSharedSubscription("a/$share/g"), false);
  });

  test("parseSharedSubscription splits well-formed filters only", () => {
    assert.deepEqual(parseSharedSubscription("$share/g//finance"), { shareName: "g", topicFilter: "/finance" });
    assert.deepEqual(parseSharedSubscription("$share/consumers/a/+"), { shareName: "consumers", topicFilter: "a/+" });
    assert.equal(parseSharedSubscription("$share/g"), undefined);
    assert.equal(parseSharedSubscription("a/b"), undefined);
  });

  test("innerFilterStart and hasWildcard look past the ShareName", () => {
    assert.equal(innerFilterStart("a/b"), 0);
    assert.equal(innerFilterStart("$share/g/a/b"), 9);
    assert.equal(hasWildcard("$share/g/a/b"), false);
    assert.equal(hasWildcard("$share/g/a/+"), true);
    assert.equal(hasWildcard("a/#"), true);
    assert.equal(hasWildcard("a/b"), false);
  });
});

describe("level counting", () => {
  const cases: Array<[string, number]> = [
    ["", 1],
    ["a", 1],
    ["/", 2],
    ["a/b/c", 3],
    ["//a//b/c//", 8],
  ];
  for (const [topic, levels] of cases) {
    test(`${JSON.stringify(topic)} has ${levels} levels`, () => {
      assert.equal(countTopicLevels(topic), levels);
      assert.equal(countSlashes(topic), levels - 1);
    });
  }

  test("counting from an index skips the prefix", () => {
    assert.equal(countSlashes("$aws/rules/r/a/b", 13), 1);
  });
});

describe("topicMatches", () => {
  const matches: Array<[string, string]> = [
    ["a/b", "a/b"],
    ["#", "a"],
    ["#", "a/b/c"],
    ["#", "/"],
    ["a/#", "a"],
    ["a/#", "a/"],
    ["a/#", "a/b/c"],
    ["a/+", "a/"],
    ["a/+", "a/b"],
    ["+/+", "/"],
    ["+", "a"],
    ["+/b/#", "a/b"],
    ["a/+/#", "a/b"],
    ["a/+/c", "a/b/c"],
    ["/+", "/x"],
    ["$SYS/#", "$SYS/broker/load"],
    ["$SYS/+", "$SYS/x"],
    ["a/$x", "a/$x"],
    ["+/$x", "a/$x"],
    ["$share/g/a/+", "a/b"],
    ["$share/g/#", "a/b"],
    ["$share/g//finance", "/finance"],
  ];
  for (const [filter, topic] of matches) {
    test(`${filter} matches ${topic}`, () => assert.equal(topicMatches(filter, topic), true));
  }

  const misses: Array<[string, string]> = [
    ["a/b", "a/c"],
    ["a/b", "a/b/c"],
    ["a/b/c", "a/b"],
    ["a/+", "a"],
    ["a/+", "a/b/c"],
    ["+", "/"],
    ["+", "a/b"],
    ["a/#", "b"],
    ["a/#", "ab"],
    ["a", "A"],
    ["a/b", "a/b/"],
    ["/a", "a"],
    ["#", "$SYS/x"],
    ["+/x", "$SYS/x"],
    ["+", "$"],
    ["$share/g/#", "$SYS/x"],
    ["$share/g/a", "$share/g/a"],
    ["é", "e\u0301"], // no Unicode normalisation [MQTT-4.7.3-4]
    ["ab", "abc"],
    ["abc", "ab"],
  ];
  for (const [filter, topic] of misses) {
    test(`${filter} does not match ${JSON.stringify(topic)}`, () => assert.equal(topicMatches(filter, topic), false));
  }
});
