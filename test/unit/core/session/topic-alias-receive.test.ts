import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ProtocolError } from "../../../../src/core/errors.js";
import { InboundTopicAliasResolver } from "../../../../src/core/session/topic-alias-receive.js";

function protocolError(reasonCode: number) {
  return (error: unknown) => error instanceof ProtocolError && error.reasonCode === reasonCode;
}

function resolverWith(maximum: number): InboundTopicAliasResolver {
  const resolver = new InboundTopicAliasResolver();
  resolver.reset(maximum);
  return resolver;
}

describe("InboundTopicAliasResolver", () => {
  it("passes a plain topic through", () => {
    assert.equal(resolverWith(0).resolve("a/b"), "a/b");
    assert.equal(resolverWith(10).resolve("a/b"), "a/b");
  });

  it("binds on topic + alias and resolves an empty topic to the bound one [MQTT-3.3.2-10]", () => {
    const resolver = resolverWith(10);
    assert.equal(resolver.resolve("a/b", 3), "a/b");
    assert.equal(resolver.resolve("", 3), "a/b");
    assert.equal(resolver.resolve("", 3), "a/b");
  });

  it("rebinds when a new topic arrives with a bound alias [MQTT-3.3.2-10]", () => {
    const resolver = resolverWith(10);
    resolver.resolve("a/b", 3);
    assert.equal(resolver.resolve("c/d", 3), "c/d");
    assert.equal(resolver.resolve("", 3), "c/d");
  });

  it("accepts every alias 1..maximum [MQTT-3.3.2-10]", () => {
    const resolver = resolverWith(65535);
    for (const alias of [1, 2, 1000, 65535]) {
      assert.equal(resolver.resolve(`t/${alias}`, alias), `t/${alias}`);
    }
    for (const alias of [1, 2, 1000, 65535]) assert.equal(resolver.resolve("", alias), `t/${alias}`);
  });

  it("an alias while the client allowed none → 0x94 [MQTT-3.1.2-27]", () => {
    assert.throws(() => resolverWith(0).resolve("a", 1), protocolError(0x94));
    assert.throws(() => new InboundTopicAliasResolver().resolve("a", 1), protocolError(0x94));
  });

  it("alias 0 → 0x94 [MQTT-3.3.2-8]", () => {
    assert.throws(() => resolverWith(10).resolve("a", 0), protocolError(0x94));
  });

  it("alias above the maximum → 0x94 [MQTT-3.1.2-26] [MQTT-3.3.2-11]", () => {
    const resolver = resolverWith(10);
    assert.equal(resolver.resolve("a", 10), "a");
    assert.throws(() => resolver.resolve("a", 11), protocolError(0x94));
    assert.throws(() => resolver.resolve("", 11), protocolError(0x94));
  });

  it("empty topic with an unbound alias → 0x82 (X-15)", () => {
    const resolver = resolverWith(10);
    resolver.resolve("a", 1);
    assert.throws(() => resolver.resolve("", 2), protocolError(0x82));
  });

  it("empty topic without an alias → 0x82 (X-14)", () => {
    assert.throws(() => resolverWith(10).resolve(""), protocolError(0x82));
    assert.throws(() => resolverWith(0).resolve(""), protocolError(0x82));
  });

  it("reset forgets bindings made on the previous connection [MQTT-3.3.2-7] (X-15)", () => {
    const resolver = resolverWith(10);
    resolver.resolve("a", 1);
    resolver.reset(10);
    assert.throws(() => resolver.resolve("", 1), protocolError(0x82));
    resolver.reset(0);
    assert.throws(() => resolver.resolve("", 1), protocolError(0x94));
  });

  it("error messages do not contain the topic", () => {
    const resolver = resolverWith(2);
    resolver.resolve("secret/topic", 1);
    for (const attempt of [() => resolver.resolve("secret/topic", 3), () => resolver.resolve("secret/topic", 0)]) {
      assert.throws(attempt, (error: unknown) => error instanceof ProtocolError && !error.message.includes("secret"));
    }
  });
});
