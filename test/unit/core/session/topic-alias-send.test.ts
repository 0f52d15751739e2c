import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValidationError } from "../../../../src/core/errors.js";
import { OutboundTopicAliasBehaviorType } from "../../../../src/core/model/enums.js";
import { OutboundTopicAliasResolver, type ResolvedTopic } from "../../../../src/core/session/topic-alias-send.js";

const { Default, Disabled, Manual, LRU } = OutboundTopicAliasBehaviorType;

function isValidationError(field: string) {
  return (error: unknown) => error instanceof ValidationError && error.field === field;
}

describe("OutboundTopicAliasResolver — Default / Disabled", () => {
  for (const behavior of [Default, Disabled]) {
    it(`${OutboundTopicAliasBehaviorType[behavior]} strips any alias and always sends the full topic`, () => {
      const resolver = new OutboundTopicAliasResolver(behavior, 0);
      resolver.reset(10);
      assert.deepEqual(resolver.resolve("a/b"), { topicName: "a/b" });
      assert.deepEqual(resolver.resolve("a/b", 3), { topicName: "a/b" });
      assert.deepEqual(resolver.resolve("a/b", 3), { topicName: "a/b" });
      assert.deepEqual(resolver.resolve("a/b", 99), { topicName: "a/b" }); // even above the server max
    });
  }
});

describe("OutboundTopicAliasResolver — Manual", () => {
  it("without a requested alias sends the full topic", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(5);
    assert.deepEqual(resolver.resolve("t"), { topicName: "t" });
    assert.equal("topicAlias" in resolver.resolve("t"), false);
  });

  it("binds on first use, then sends the alias alone while it stays bound to the same topic", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(5);
    assert.deepEqual(resolver.resolve("t/1", 2), { topicName: "t/1", topicAlias: 2 });
    assert.deepEqual(resolver.resolve("t/1", 2), { topicName: "", topicAlias: 2 });
    assert.deepEqual(resolver.resolve("t/1"), { topicName: "t/1" }); // no alias requested: full topic
    assert.deepEqual(resolver.resolve("t/1", 2), { topicName: "", topicAlias: 2 });
  });

  it("rebinds an alias used for another topic, sending the full topic again", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(5);
    resolver.resolve("t/1", 1);
    assert.deepEqual(resolver.resolve("t/2", 1), { topicName: "t/2", topicAlias: 1 });
    assert.deepEqual(resolver.resolve("t/1", 1), { topicName: "t/1", topicAlias: 1 });
    assert.deepEqual(resolver.resolve("t/1", 1), { topicName: "", topicAlias: 1 });
  });

  it("accepts the server maximum itself", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(5);
    assert.deepEqual(resolver.resolve("t", 5), { topicName: "t", topicAlias: 5 });
  });

  it("throws ValidationError for an alias above the server maximum [MQTT-3.3.2-9] (§14.5)", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(5);
    assert.throws(() => resolver.resolve("t", 6), isValidationError("topicAlias"));
    // the failure leaves existing bindings alone
    resolver.resolve("t", 1);
    assert.throws(() => resolver.resolve("t", 6), isValidationError("topicAlias"));
    assert.deepEqual(resolver.resolve("t", 1), { topicName: "", topicAlias: 1 });
  });

  it("throws when the server allows no aliases (Topic Alias Maximum 0 or absent) [MQTT-3.2.2-17]", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(0);
    assert.throws(() => resolver.resolve("t", 1), isValidationError("topicAlias"));
    const neverReset = new OutboundTopicAliasResolver(Manual, 0);
    assert.throws(() => neverReset.resolve("t", 1), isValidationError("topicAlias"));
  });

  it("throws for alias 0 or a non-integer [MQTT-3.3.2-8]", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(5);
    assert.throws(() => resolver.resolve("t", 0), isValidationError("topicAlias"));
    assert.throws(() => resolver.resolve("t", 1.5), isValidationError("topicAlias"));
    assert.throws(() => resolver.resolve("t", -1), isValidationError("topicAlias"));
  });

  it("reset forgets bindings: the next use sends the full topic again [MQTT-3.3.2-7]", () => {
    const resolver = new OutboundTopicAliasResolver(Manual, 0);
    resolver.reset(5);
    resolver.resolve("t", 3);
    resolver.reset(5);
    assert.deepEqual(resolver.resolve("t", 3), { topicName: "t", topicAlias: 3 });
    resolver.reset(2);
    assert.throws(() => resolver.resolve("t", 3), isValidationError("topicAlias"));
  });
});

/**
 * Runs an LRU script (behavior.md §9 notation): a topic letter sends that topic; "<letter>r" expects a reuse (alias
 * only); "reset" starts a new connection. `aliases` lists the expected alias of every publish, in order.
 */
function runLru(script: string, aliases: number[], capacity = 2, serverMaximum = capacity): void {
  const resolver = new OutboundTopicAliasResolver(LRU, capacity);
  resolver.reset(serverMaximum);
  const expectedAliases = aliases.slice();
  for (const step of script.split(" ")) {
    if (step === "reset") {
      resolver.reset(serverMaximum);
      continue;
    }
    const reuse = step.endsWith("r");
    const topicName = `topic/${step[0]}`;
    const expectedAlias = expectedAliases.shift();
    assert.ok(expectedAlias !== undefined, "script longer than the alias list");
    const expected: ResolvedTopic = { topicName: reuse ? "" : topicName, topicAlias: expectedAlias };
    assert.deepEqual(resolver.resolve(topicName, 7), expected, `step ${step} of "${script}"`);
  }
  assert.equal(expectedAliases.length, 0, "alias list longer than the script");
}

describe("OutboundTopicAliasResolver — LRU (behavior.md §9 sequences, capacity 2)", () => {
  it("a ar", () => runLru("a ar", [1, 1]));
  it("b a br", () => runLru("b a br", [1, 2, 1]));
  it("a b ar br", () => runLru("a b ar br", [1, 2, 1, 2]));
  it("a b c br cr br cr a", () => runLru("a b c br cr br cr a", [1, 2, 1, 2, 1, 2, 1, 2]));
  it("a b c a cr b", () => runLru("a b c a cr b", [1, 2, 1, 2, 1, 2]));
  it("a b reset a b", () => runLru("a b reset a b", [1, 2, 1, 2]));
});

describe("OutboundTopicAliasResolver — LRU capacity", () => {
  it("capacity is min(configured size, server maximum): configured size wins when smaller (§14.4)", () => {
    runLru("a b c a cr", [1, 2, 1, 2, 1], 2, 10); // c evicts a: only 2 slots although the server allows 10
  });

  it("capacity is min(configured size, server maximum): server maximum wins when smaller", () => {
    runLru("a b c a cr", [1, 2, 1, 2, 1], 25, 2);
  });

  it("cache size 0 means 25", () => {
    const resolver = new OutboundTopicAliasResolver(LRU, 0);
    resolver.reset(100);
    for (let i = 1; i <= 25; i++) assert.equal(resolver.resolve(`t/${i}`).topicAlias, i);
    assert.deepEqual(resolver.resolve("t/26"), { topicName: "t/26", topicAlias: 1 }); // evicts t/1
    assert.deepEqual(resolver.resolve("t/2"), { topicName: "", topicAlias: 2 });
  });

  it("no aliasing when the server maximum is 0", () => {
    const resolver = new OutboundTopicAliasResolver(LRU, 10);
    resolver.reset(0);
    assert.deepEqual(resolver.resolve("t"), { topicName: "t" });
    assert.deepEqual(resolver.resolve("t", 1), { topicName: "t" });
  });

  it("ignores user aliases", () => {
    const resolver = new OutboundTopicAliasResolver(LRU, 10);
    resolver.reset(10);
    assert.deepEqual(resolver.resolve("t", 9), { topicName: "t", topicAlias: 1 });
    assert.deepEqual(resolver.resolve("t", 9), { topicName: "", topicAlias: 1 });
  });

  it("aliases stay within 1..capacity and every reuse names the topic bound last to it", () => {
    const resolver = new OutboundTopicAliasResolver(LRU, 5);
    resolver.reset(5);
    const serverView = new Map<number, string>(); // what the server would have bound
    let state = 12345;
    for (let i = 0; i < 5000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const topic = `t/${(state >>> 16) % 9}`;
      const { topicName, topicAlias } = resolver.resolve(topic);
      assert.ok(topicAlias !== undefined && topicAlias >= 1 && topicAlias <= 5);
      if (topicName === "") assert.equal(serverView.get(topicAlias), topic);
      else serverView.set(topicAlias, topicName);
    }
  });
});
