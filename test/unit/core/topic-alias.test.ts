// Topic aliases through the core (behavior.md §9, MQTT 5 §3.3.2.3.4): outbound Disabled / Manual / LRU, maps reset on
// every connection [MQTT-3.3.2-7]; inbound Topic Alias Maximum in CONNECT and hostile aliases → DISCONNECT.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { InboundTopicAliasBehaviorType, OutboundTopicAliasBehaviorType, PacketType, QoS } from "../../../src/core/model/enums.js";
import { PacketTooLargeError, ValidationError } from "../../../src/core/errors.js";
import type { CoreConfig } from "../../../src/core/core-config.js";
import { disconnectWritten, messages, publishesOnTransport, reconnect, serverPublish, settledError, settledValue } from "../../support/session-helpers.js";

function outbound(behavior: OutboundTopicAliasBehaviorType, serverMaximum: number | undefined, extra: Partial<CoreConfig> = {}): CoreHarness {
  const h = new CoreHarness({ outboundTopicAliasBehavior: behavior, ...extra });
  h.connect(serverMaximum === undefined ? {} : { topicAliasMaximum: serverMaximum });
  return h;
}

/** [topic name, alias] of each PUBLISH written on the current transport. */
function wire(h: CoreHarness): Array<[string, number | undefined]> {
  return publishesOnTransport(h).map((p) => [p.topicName, p.topicAlias]);
}

for (const [name, behavior] of [
  ["Disabled", OutboundTopicAliasBehaviorType.Disabled],
  ["Default", OutboundTopicAliasBehaviorType.Default],
] as const) {
  test(`outbound ${name}: the user's alias is stripped and the full topic always sent`, () => {
    const h = outbound(behavior, 10);
    const ops = [h.publish("a/b", QoS.AtMostOnce, { topicAlias: 1 }), h.publish("a/b", QoS.AtLeastOnce, { topicAlias: 1 })];
    assert.deepEqual(wire(h), [["a/b", undefined], ["a/b", undefined]]);
    settledValue(h, ops[0] as number);
  });
}

test("outbound Manual: bind with alias + topic, reuse with an empty topic, rebind with a new topic", () => {
  const h = outbound(OutboundTopicAliasBehaviorType.Manual, 5);
  h.publish("a", QoS.AtMostOnce, { topicAlias: 1 });
  h.publish("a", QoS.AtMostOnce, { topicAlias: 1 });
  h.publish("b", QoS.AtMostOnce, { topicAlias: 1 });
  h.publish("b", QoS.AtMostOnce, { topicAlias: 1 });
  h.publish("a", QoS.AtMostOnce, { topicAlias: 5 });
  h.publish("c", QoS.AtMostOnce);
  assert.deepEqual(wire(h), [["a", 1], ["", 1], ["b", 1], ["", 1], ["a", 5], ["c", undefined]]);
});

for (const [serverMaximum, alias] of [[3, 4], [undefined, 1]] as const) {
  test(`outbound Manual: alias ${alias} with server maximum ${serverMaximum ?? "absent (0)"} fails only that publish with a ValidationError`, () => {
    const h = outbound(OutboundTopicAliasBehaviorType.Manual, serverMaximum);
    const bad = h.publish("a", QoS.AtLeastOnce, { topicAlias: alias });
    const good = h.publish("a", QoS.AtMostOnce);
    const error = settledError(h, bad);
    assert.ok(error instanceof ValidationError);
    assert.equal(error.field, "topicAlias");
    assert.deepEqual(wire(h), [["a", undefined]]);
    settledValue(h, good);
    assert.equal(h.core.isConnected(), true, "the connection survives (aws-c-mqtt tears it down: §14.5)");
    h.handle({ kind: "close" });
    h.assertAllSettled();
  });
}

test("outbound Manual: the bindings start empty on a new connection [MQTT-3.3.2-7]", () => {
  const h = outbound(OutboundTopicAliasBehaviorType.Manual, 5);
  h.publish("a", QoS.AtMostOnce, { topicAlias: 2 });
  h.publish("a", QoS.AtMostOnce, { topicAlias: 2 });
  reconnect(h, false, { topicAliasMaximum: 5 });
  h.publish("a", QoS.AtMostOnce, { topicAlias: 2 });
  assert.deepEqual(wire(h), [["a", 2]]);
});

test("a QoS 1 PUBLISH resent after a rejoin carries its full topic again", () => {
  const h = outbound(OutboundTopicAliasBehaviorType.Manual, 5, { sessionBehavior: 3, ackTimeoutMs: 0 });
  h.publish("a", QoS.AtMostOnce, { topicAlias: 2 });
  h.publish("a", QoS.AtLeastOnce, { topicAlias: 2 });
  assert.deepEqual(wire(h), [["a", 2], ["", 2]]);
  reconnect(h, true, { topicAliasMaximum: 5 });
  assert.deepEqual(wire(h), [["a", 2]]);
  assert.equal(publishesOnTransport(h)[0]?.duplicate, true);
});

// behavior.md §9 LRU sequences, capacity 2: a letter is a publish to that topic; "r" marks that only the alias is
// sent (reuse); "reset" is a new connection. Expected: [topic on the wire, alias] per publish.
const LRU_SEQUENCES: Array<[string, Array<[string, number]>]> = [
  ["a ar", [["a", 1], ["", 1]]],
  ["b a br", [["b", 1], ["a", 2], ["", 1]]],
  ["a b ar br", [["a", 1], ["b", 2], ["", 1], ["", 2]]],
  ["a b c br cr br cr a", [["a", 1], ["b", 2], ["c", 1], ["", 2], ["", 1], ["", 2], ["", 1], ["a", 2]]],
  ["a b c a cr b", [["a", 1], ["b", 2], ["c", 1], ["a", 2], ["", 1], ["b", 2]]],
  ["a b reset a b", [["a", 1], ["b", 2], ["a", 1], ["b", 2]]],
];

for (const [cacheMaxSize, serverMaximum] of [[2, 10], [25, 2]] as const) {
  for (const [sequence, expected] of LRU_SEQUENCES) {
    test(`outbound LRU, capacity min(${cacheMaxSize}, server ${serverMaximum}) = 2: ${sequence}`, () => {
      const h = outbound(OutboundTopicAliasBehaviorType.LRU, serverMaximum, { outboundTopicAliasCacheMaxSize: cacheMaxSize });
      const collected: Array<[string, number | undefined]> = [];
      for (const token of sequence.split(" ")) {
        if (token === "reset") {
          collected.push(...wire(h));
          reconnect(h, false, { topicAliasMaximum: serverMaximum });
          continue;
        }
        h.publish(token.replace("r", ""), QoS.AtMostOnce, { topicAlias: 60 }); // user aliases are ignored by LRU
      }
      collected.push(...wire(h));
      assert.deepEqual(collected, expected);
    });
  }
}

test("outbound LRU with server Topic Alias Maximum 0: no aliases at all", () => {
  const h = outbound(OutboundTopicAliasBehaviorType.LRU, undefined);
  h.publish("a", QoS.AtMostOnce);
  h.publish("a", QoS.AtMostOnce);
  assert.deepEqual(wire(h), [["a", undefined], ["a", undefined]]);
});

test("outbound LRU: a publish that fits only without an alias goes out without one and binds nothing", () => {
  const h = new CoreHarness({ outboundTopicAliasBehavior: OutboundTopicAliasBehaviorType.LRU });
  h.connect({ topicAliasMaximum: 5, maximumPacketSize: 40 });
  // 2 header + 2+5 topic + 1 property length + payload 30 = 40 bytes without an alias, 43 with one.
  const exact = h.publish("topic", QoS.AtMostOnce, { payload: new Uint8Array(30) });
  const tooBig = h.publish("topic", QoS.AtMostOnce, { payload: new Uint8Array(31) });
  h.publish("topic", QoS.AtMostOnce);
  h.publish("topic", QoS.AtMostOnce);
  settledValue(h, exact);
  assert.ok(settledError(h, tooBig) instanceof PacketTooLargeError);
  assert.deepEqual(wire(h), [["topic", undefined], ["topic", 1], ["", 1]], "the first binding is made by the small one");
});

test("inbound Enabled: CONNECT carries Topic Alias Maximum = inbound cache size; Disabled: none", () => {
  const enabled = new CoreHarness({ inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Enabled, inboundTopicAliasCacheMaxSize: 7 });
  enabled.connect();
  assert.equal(enabled.writtenOfType(PacketType.Connect)[0]?.topicAliasMaximum, 7);
  const disabled = new CoreHarness({ inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Disabled });
  disabled.connect();
  assert.equal(disabled.writtenOfType(PacketType.Connect)[0]?.topicAliasMaximum, undefined);
});

function inbound(maximum: number): CoreHarness {
  const h = new CoreHarness({ inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Enabled, inboundTopicAliasCacheMaxSize: maximum });
  h.connect();
  return h;
}

test("inbound aliases 1..max: bind with topic + alias, resolve an empty topic, rebind with a new topic [MQTT-3.3.2-10]", () => {
  const h = inbound(3);
  h.serverSends(serverPublish("x/1", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  h.serverSends(serverPublish("x/3", QoS.AtLeastOnce, 5, { topicAlias: 3 }));
  h.serverSends(serverPublish("", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  h.serverSends(serverPublish("", QoS.ExactlyOnce, 6, { topicAlias: 3 }));
  h.serverSends(serverPublish("y", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  h.serverSends(serverPublish("", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
  assert.deepEqual(messages(h).map((m) => m.message.topicName), ["x/1", "x/3", "x/1", "x/3", "y", "y"]);
  assert.equal(h.core.isConnected(), true);
});

const HOSTILE: Array<[string, number, (h: CoreHarness) => void, number]> = [
  ["alias 0", 3, (h) => h.serverSends(serverPublish("t", QoS.AtMostOnce, undefined, { topicAlias: 0 })), 0x94],
  ["alias above our maximum", 3, (h) => h.serverSends(serverPublish("t", QoS.AtLeastOnce, 1, { topicAlias: 4 })), 0x94],
  ["alias while inbound aliasing is disabled", 0, (h) => h.serverSends(serverPublish("t", QoS.AtMostOnce, undefined, { topicAlias: 1 })), 0x94],
  ["empty topic with an unbound alias (X-15)", 3, (h) => h.serverSends(serverPublish("", QoS.AtMostOnce, undefined, { topicAlias: 2 })), 0x82],
  ["empty topic without an alias (X-14)", 3, (h) => h.serverSends(serverPublish("", QoS.AtLeastOnce, 1)), 0x82],
  [
    "empty topic with an alias bound on the previous connection",
    3,
    (h) => {
      h.serverSends(serverPublish("t", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
      reconnect(h, false);
      h.serverSends(serverPublish("", QoS.AtMostOnce, undefined, { topicAlias: 1 }));
    },
    0x82,
  ],
];

for (const [name, maximum, act, reasonCode] of HOSTILE) {
  test(`hostile inbound alias: ${name} → DISCONNECT 0x${reasonCode.toString(16)}, nothing delivered`, () => {
    const h = maximum === 0 ? new CoreHarness() : inbound(maximum);
    if (maximum === 0) h.connect();
    const delivered = messages(h).length;
    act(h);
    assert.equal(disconnectWritten(h)?.reasonCode, reasonCode);
    assert.equal(h.core.isConnected(), false);
    assert.ok(messages(h).length <= delivered + (name.includes("previous") ? 1 : 0), "the offending message was delivered");
    assert.equal(h.events.at(-1)?.kind, "disconnection");
  });
}
