// Negotiated settings (behavior.md §6, conformance X-11): every field, with and without each CONNACK property,
// recomputed on every connection. Differences from aws-crt on purpose: Maximum QoS is 2 when absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreHarness } from "../../support/core-harness.js";
import { ClientSessionBehavior, InboundTopicAliasBehaviorType, PacketType, QoS } from "../../../src/core/model/enums.js";
import type { ConnackPacket } from "../../../src/core/model/packet.js";
import type { NegotiatedSettings } from "../../../src/core/negotiated-settings.js";
import type { CoreConfig } from "../../../src/core/core-config.js";

const PROTOCOL_MAXIMUM_PACKET_SIZE = 268_435_460;

const DEFAULTS: NegotiatedSettings = {
  maximumQos: QoS.ExactlyOnce,
  sessionExpiryInterval: 0,
  receiveMaximumFromServer: 65_535,
  maximumPacketSizeToServer: PROTOCOL_MAXIMUM_PACKET_SIZE,
  topicAliasMaximumToServer: 0,
  topicAliasMaximumToClient: 0,
  serverKeepAlive: 60,
  retainAvailable: true,
  wildcardSubscriptionsAvailable: true,
  subscriptionIdentifiersAvailable: true,
  sharedSubscriptionsAvailable: true,
  rejoinedSession: false,
  clientId: "test-client",
};

function settingsAfter(connack: Partial<ConnackPacket>, config: Partial<CoreConfig> = {}): NegotiatedSettings {
  const h = new CoreHarness(config);
  h.connect(connack);
  const success = h.events.find((e) => e.kind === "connectionSuccess");
  assert.ok(success?.kind === "connectionSuccess", `connection failed: ${JSON.stringify(h.events.at(-1))}`);
  return success.settings;
}

test("X-11: a CONNACK without properties yields the defaults (Maximum QoS 2, RM 65,535, MPS protocol maximum, …)", () => {
  assert.deepEqual(settingsAfter({}), DEFAULTS);
});

/** [CONNACK property, value, settings field, expected value] — one property at a time, everything else default. */
const PROPERTY_CASES: ReadonlyArray<[keyof ConnackPacket, unknown, keyof NegotiatedSettings, unknown]> = [
  ["maximumQos", QoS.AtMostOnce, "maximumQos", QoS.AtMostOnce],
  ["maximumQos", QoS.AtLeastOnce, "maximumQos", QoS.AtLeastOnce],
  ["sessionExpiryInterval", 0, "sessionExpiryInterval", 0],
  ["sessionExpiryInterval", 77, "sessionExpiryInterval", 77],
  ["receiveMaximum", 1, "receiveMaximumFromServer", 1],
  ["receiveMaximum", 10, "receiveMaximumFromServer", 10],
  ["maximumPacketSize", 1024, "maximumPacketSizeToServer", 1024],
  ["topicAliasMaximum", 0, "topicAliasMaximumToServer", 0],
  ["topicAliasMaximum", 8, "topicAliasMaximumToServer", 8],
  ["serverKeepAlive", 0, "serverKeepAlive", 0],
  ["serverKeepAlive", 5, "serverKeepAlive", 5],
  ["retainAvailable", false, "retainAvailable", false],
  ["retainAvailable", true, "retainAvailable", true],
  ["wildcardSubscriptionsAvailable", false, "wildcardSubscriptionsAvailable", false],
  ["wildcardSubscriptionsAvailable", true, "wildcardSubscriptionsAvailable", true],
  ["subscriptionIdentifiersAvailable", false, "subscriptionIdentifiersAvailable", false],
  ["subscriptionIdentifiersAvailable", true, "subscriptionIdentifiersAvailable", true],
  ["sharedSubscriptionsAvailable", false, "sharedSubscriptionsAvailable", false],
  ["sharedSubscriptionsAvailable", true, "sharedSubscriptionsAvailable", true],
  ["assignedClientIdentifier", "server-chosen", "clientId", "server-chosen"],
];

for (const [property, value, field, expected] of PROPERTY_CASES) {
  test(`CONNACK ${property} = ${JSON.stringify(value)} → ${field} = ${JSON.stringify(expected)}, every other field default`, () => {
    const settings = settingsAfter({ [property]: value });
    assert.deepEqual(settings, { ...DEFAULTS, [field]: expected });
  });
}

test("properties that do not affect settings (Reason String, Response Information, Server Reference, User Properties) change nothing", () => {
  const settings = settingsAfter({
    reasonString: "welcome",
    responseInformation: "resp/",
    serverReference: "other:1883",
    userProperties: [{ name: "a", value: "b" }],
  });
  assert.deepEqual(settings, DEFAULTS);
});

test("Session Expiry: the CONNECT value stands without a CONNACK property, the CONNACK value replaces it (X-13)", () => {
  const connect = { clientId: "c", keepAliveIntervalSeconds: 60, sessionExpiryIntervalSeconds: 3600 };
  assert.equal(settingsAfter({}, { connect }).sessionExpiryInterval, 3600);
  assert.equal(settingsAfter({ sessionExpiryInterval: 30 }, { connect }).sessionExpiryInterval, 30);
});

test("Server Keep Alive: the CONNECT Keep Alive stands without the property [MQTT-3.2.2-22]", () => {
  assert.equal(settingsAfter({}, { connect: { clientId: "c", keepAliveIntervalSeconds: 17 } }).serverKeepAlive, 17);
  assert.equal(settingsAfter({ serverKeepAlive: 3 }, { connect: { clientId: "c", keepAliveIntervalSeconds: 17 } }).serverKeepAlive, 3);
});

for (const [name, config, expectedMaximum] of [
  ["inbound aliasing enabled, cache 10", { inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Enabled, inboundTopicAliasCacheMaxSize: 10 }, 10],
  ["inbound aliasing enabled, cache size 0 → default 25", { inboundTopicAliasBehavior: InboundTopicAliasBehaviorType.Enabled, inboundTopicAliasCacheMaxSize: 0 }, 25],
  ["inbound aliasing disabled, CONNECT Topic Alias Maximum 5", { connect: { clientId: "c", keepAliveIntervalSeconds: 60, topicAliasMaximum: 5 } }, 5],
  ["inbound aliasing disabled, no Topic Alias Maximum", {}, 0],
] as const) {
  test(`topicAliasMaximumToClient comes from the CONNECT we sent: ${name}`, () => {
    const h = new CoreHarness(config);
    h.connect();
    const connect = h.written[0];
    assert.ok(connect?.type === PacketType.Connect);
    assert.equal(connect.topicAliasMaximum, expectedMaximum === 0 ? undefined : expectedMaximum);
    const success = h.events.find((e) => e.kind === "connectionSuccess");
    assert.equal(success?.kind === "connectionSuccess" ? success.settings.topicAliasMaximumToClient : -1, expectedMaximum);
  });
}

test("rejoinedSession mirrors Session Present when we asked to resume", () => {
  const config = { sessionBehavior: ClientSessionBehavior.RejoinAlways };
  assert.equal(settingsAfter({ sessionPresent: true }, config).rejoinedSession, true);
  assert.equal(settingsAfter({ sessionPresent: false }, config).rejoinedSession, false);
});

test("the connectionSuccess event carries the CONNACK exactly as received", () => {
  const h = new CoreHarness();
  const connack = { receiveMaximum: 5, reasonString: "hi", userProperties: [{ name: "k", value: "v" }] };
  h.connect(connack);
  const success = h.events.find((e) => e.kind === "connectionSuccess");
  assert.ok(success?.kind === "connectionSuccess");
  assert.deepEqual(success.connack, { type: PacketType.Connack, sessionPresent: false, reasonCode: 0, ...connack });
});

test("settings are recomputed on every connection: nothing leaks from the previous CONNACK", () => {
  const h = new CoreHarness();
  h.connect({ receiveMaximum: 3, maximumQos: QoS.AtMostOnce, retainAvailable: false, serverKeepAlive: 5, topicAliasMaximum: 4 });
  h.transportCloses();
  h.advanceBy(h.core.nextDeadline()! - h.nowMs);
  h.openTransport();
  h.connack();
  const successes = h.events.filter((e) => e.kind === "connectionSuccess");
  assert.equal(successes.length, 2);
  assert.deepEqual(successes[1]?.kind === "connectionSuccess" ? successes[1].settings : undefined, DEFAULTS);
});

test("Maximum QoS absent: a QoS 2 publish is sent as QoS 2 (no cap at 1 as in aws-crt)", () => {
  const h = new CoreHarness();
  h.connect();
  h.publish("q2", QoS.ExactlyOnce);
  const publish = h.lastWritten();
  assert.ok(publish?.type === PacketType.Publish);
  assert.equal(publish.qos, QoS.ExactlyOnce);
});

test("Server Keep Alive 0 in the settings means no PINGREQ at all", () => {
  const h = new CoreHarness();
  h.connect({ serverKeepAlive: 0 });
  h.advanceBy(10 * 60_000);
  assert.equal(h.writtenOfType(PacketType.Pingreq).length, 0);
});
