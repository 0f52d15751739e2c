// One test per "out-val" row of reference/mqtt5-conformance.md §7 (plus the matcher rows 195 and 199), named
// "[ID] #row rule". Row 68 (Maximum Packet Size, enforced by the encoder) is in outbound-validation-packet-size.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthReasonCode,
  DisconnectReasonCode,
  PacketType,
  PayloadFormatIndicator,
  QoS,
  RetainHandlingType,
} from "../../src/core/model/enums.js";
import type {
  ConnectPacket,
  PublishPacket,
  SubscribePacket,
  Subscription,
  UnsubscribePacket,
  WillMessage,
} from "../../src/core/model/packet.js";
import { type OutboundValidationContext, validateOutboundPacket } from "../../src/core/validate/outbound.js";
import { type NegotiatedLimits, validateAgainstNegotiated } from "../../src/core/validate/negotiated.js";
import { ValidationRule as Rule } from "../../src/core/validate/rules.js";
import { topicMatches } from "../../src/core/validate/topic.js";
import { expectValidationError } from "../unit/core/validate/expect-validation-error.js";

// ---- builders -------------------------------------------------------------------------------------------------
const bad = <T>(value: unknown): T => value as T;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const connect = (overrides: Partial<ConnectPacket> = {}): ConnectPacket => ({
  type: PacketType.Connect,
  clientId: "client-1",
  cleanStart: true,
  keepAliveIntervalSeconds: 60,
  ...overrides,
});
const will = (overrides: Partial<WillMessage> = {}): WillMessage => ({
  topicName: "clients/client-1/status",
  payload: utf8("offline"),
  qos: QoS.AtLeastOnce,
  retain: false,
  ...overrides,
});
const publish = (overrides: Partial<PublishPacket> = {}): PublishPacket => ({
  type: PacketType.Publish,
  topicName: "a/b",
  payload: utf8("hello"),
  qos: QoS.AtLeastOnce,
  retain: false,
  duplicate: false,
  packetId: 1,
  ...overrides,
});
const sub = (topicFilter: string, extra: Partial<Subscription> = {}): Subscription => ({ topicFilter, qos: QoS.AtLeastOnce, ...extra });
const subscribe = (subscriptions: Subscription[], overrides: Partial<SubscribePacket> = {}): SubscribePacket => ({
  type: PacketType.Subscribe,
  packetId: 2,
  subscriptions,
  ...overrides,
});
const unsubscribe = (topicFilters: string[]): UnsubscribePacket => ({ type: PacketType.Unsubscribe, packetId: 3, topicFilters });

const serverDefaults: NegotiatedLimits = {
  maximumQos: QoS.ExactlyOnce,
  retainAvailable: true,
  maximumPacketSizeToServer: 268_435_460,
  topicAliasMaximumToServer: 0,
  wildcardSubscriptionsAvailable: true,
  subscriptionIdentifiersAvailable: true,
  sharedSubscriptionsAvailable: true,
};

const check = (packet: Parameters<typeof validateOutboundPacket>[0], context?: OutboundValidationContext) => () =>
  validateOutboundPacket(packet, context);
const allCodes = Array.from({ length: 256 }, (_, code) => code);

// ---- data representation ---------------------------------------------------------------------------------------
test("[1.5.4-1] #1 outgoing strings with lone surrogates are refused before encoding", () => {
  expectValidationError(check(publish({ topicName: "a/\uD800" })), "topicName", Rule.loneSurrogate);
  expectValidationError(check(publish({ userProperties: [{ name: "k", value: "\uDC00" }] })), "userProperties[0].value", Rule.loneSurrogate);
  expectValidationError(check(connect({ username: "x\uDBFF" })), "username", Rule.loneSurrogate);
  validateOutboundPacket(publish({ topicName: "emoji/😀" })); // a proper pair is fine
});

test("[1.5.4-2] #3 outgoing strings containing U+0000 are refused", () => {
  expectValidationError(check(connect({ clientId: "a\u0000" })), "clientId", Rule.nullCharacter);
  expectValidationError(check(publish({ contentType: "\u0000" })), "contentType", Rule.nullCharacter);
  expectValidationError(check(subscribe([sub("a"), sub("b/\u0000")])), "subscriptions[1].topicFilter", Rule.nullCharacter);
});

test("[X-1] #9 strings and Binary Data longer than 65,535 bytes are refused before sending", () => {
  validateOutboundPacket(publish({ contentType: "c".repeat(65_535), correlationData: new Uint8Array(65_535) }));
  expectValidationError(check(publish({ contentType: "c".repeat(65_536) })), "contentType", Rule.stringTooLong);
  expectValidationError(check(publish({ correlationData: new Uint8Array(65_536) })), "correlationData", Rule.binaryTooLong);
  expectValidationError(check(connect({ password: new Uint8Array(65_536) })), "password", Rule.binaryTooLong);
  // Bytes, not UTF-16 units: 32,768 two-byte characters are 65,536 bytes.
  expectValidationError(check(connect({ username: "é".repeat(32_768) })), "username", Rule.stringTooLong);
});

test("[X-2] #10 Variable Byte Integer values above 268,435,455 are refused before sending", () => {
  validateOutboundPacket(subscribe([sub("a")], { subscriptionIdentifier: 268_435_455 }));
  expectValidationError(check(subscribe([sub("a")], { subscriptionIdentifier: 268_435_456 })), "subscriptionIdentifier", Rule.subscriptionIdentifierRange);
});

// ---- CONNECT ---------------------------------------------------------------------------------------------------
test("[3.1.2-12] #32 Will QoS outside 0..2 is refused", () => {
  validateOutboundPacket(connect({ will: will({ qos: QoS.ExactlyOnce }) }));
  expectValidationError(check(connect({ will: will({ qos: bad(3) }) })), "will.qos", Rule.qos);
});

test("[3.1.3-4] #50 Client ID must be a valid UTF-8 string", () => {
  validateOutboundPacket(connect({ clientId: "" }));
  expectValidationError(check(connect({ clientId: "\uDFFFid" })), "clientId", Rule.loneSurrogate);
  expectValidationError(check(connect({ clientId: bad(12) })), "clientId", Rule.notString);
});

test("[3.1.3-11] #53 Will Topic is valid UTF-8 and a legal Topic Name", () => {
  expectValidationError(check(connect({ will: will({ topicName: "" }) })), "will.topicName", Rule.topicEmpty);
  expectValidationError(check(connect({ will: will({ topicName: "status/#" }) })), "will.topicName", Rule.topicNameWildcard);
  expectValidationError(check(connect({ will: will({ topicName: "s/\uD800" }) })), "will.topicName", Rule.loneSurrogate);
});

test("[3.1.3-12] #54 User Name is valid UTF-8", () => {
  validateOutboundPacket(connect({ username: "" }));
  expectValidationError(check(connect({ username: "\uD800" })), "username", Rule.loneSurrogate);
});

test("[X-8] #55 CONNECT properties: RM ≠ 0, MPS ≠ 0, RRI/RPI ∈ {0,1}, Authentication Data only with a method", () => {
  expectValidationError(check(connect({ receiveMaximum: 0 })), "receiveMaximum", Rule.nonZeroU16);
  expectValidationError(check(connect({ maximumPacketSizeBytes: 0 })), "maximumPacketSizeBytes", Rule.nonZeroU32);
  expectValidationError(check(connect({ requestResponseInformation: bad(2) })), "requestResponseInformation", Rule.notBoolean);
  expectValidationError(check(connect({ requestProblemInformation: bad(2) })), "requestProblemInformation", Rule.notBoolean);
  expectValidationError(check(connect({ authenticationData: Uint8Array.of(1) })), "authenticationData", Rule.authenticationDataWithoutMethod);
  validateOutboundPacket(connect({ authenticationMethod: "m", authenticationData: Uint8Array.of(1), receiveMaximum: 1, maximumPacketSizeBytes: 1 }));
});

test("[X-9] #56 a Will flagged Payload Format Indicator 1 must have a well-formed UTF-8 payload", () => {
  validateOutboundPacket(connect({ will: will({ payloadFormat: PayloadFormatIndicator.Utf8, payload: utf8("gone ✝") }) }));
  validateOutboundPacket(connect({ will: will({ payloadFormat: PayloadFormatIndicator.Bytes, payload: Uint8Array.of(0xff) }) }));
  expectValidationError(
    check(connect({ will: will({ payloadFormat: PayloadFormatIndicator.Utf8, payload: Uint8Array.of(0xff) }) })),
    "will.payload",
    Rule.payloadNotUtf8,
  );
});

// ---- CONNACK limits --------------------------------------------------------------------------------------------
test("[3.2.2-11] #66 outgoing PUBLISH QoS never exceeds the server's Maximum QoS", () => {
  validateAgainstNegotiated(publish({ qos: QoS.AtLeastOnce }), { ...serverDefaults, maximumQos: QoS.AtLeastOnce });
  expectValidationError(
    () => validateAgainstNegotiated(publish({ qos: QoS.ExactlyOnce }), { ...serverDefaults, maximumQos: QoS.AtLeastOnce }),
    "qos",
    Rule.qosAboveMaximum,
  );
  expectValidationError(
    () => validateAgainstNegotiated(publish({ qos: QoS.AtLeastOnce }), { ...serverDefaults, maximumQos: QoS.AtMostOnce }),
    "qos",
    Rule.qosAboveMaximum,
  );
});

test("[3.2.2-14] #67 Retain Available 0 → no PUBLISH with RETAIN 1", () => {
  validateAgainstNegotiated(publish({ retain: true }), serverDefaults);
  expectValidationError(
    () => validateAgainstNegotiated(publish({ retain: true }), { ...serverDefaults, retainAvailable: false }),
    "retain",
    Rule.retainNotAvailable,
  );
});

test("[3.2.2-17] #70 outgoing Topic Alias ≤ the server's Topic Alias Maximum", () => {
  const limits = { ...serverDefaults, topicAliasMaximumToServer: 5 };
  validateAgainstNegotiated(publish({ topicAlias: 5 }), limits);
  expectValidationError(() => validateAgainstNegotiated(publish({ topicAlias: 6 }), limits), "topicAlias", Rule.topicAliasAboveMaximum);
});

test("[3.2.2-18] #71 server's Topic Alias Maximum absent or 0 → no outgoing Topic Alias", () => {
  expectValidationError(() => validateAgainstNegotiated(publish({ topicAlias: 1 }), serverDefaults), "topicAlias", Rule.topicAliasNotAllowed);
});

test("[X-12] #78 Wildcard / Subscription Identifier / Shared Subscription Available 0 → refused", () => {
  expectValidationError(
    () => validateAgainstNegotiated(subscribe([sub("a/+")]), { ...serverDefaults, wildcardSubscriptionsAvailable: false }),
    "subscriptions[0].topicFilter",
    Rule.wildcardSubscriptionsUnavailable,
  );
  expectValidationError(
    () => validateAgainstNegotiated(subscribe([sub("a")], { subscriptionIdentifier: 3 }), { ...serverDefaults, subscriptionIdentifiersAvailable: false }),
    "subscriptionIdentifier",
    Rule.subscriptionIdentifiersUnavailable,
  );
  expectValidationError(
    () => validateAgainstNegotiated(subscribe([sub("a"), sub("$share/g/a")]), { ...serverDefaults, sharedSubscriptionsAvailable: false }),
    "subscriptions[1].topicFilter",
    Rule.sharedSubscriptionsUnavailable,
  );
  validateAgainstNegotiated(subscribe([sub("a/+"), sub("$share/g/a")], { subscriptionIdentifier: 3 }), serverDefaults);
});

// ---- PUBLISH ---------------------------------------------------------------------------------------------------
test("[3.3.2-2] #87 outgoing Topic Name contains no '+' or '#'", () => {
  expectValidationError(check(publish({ topicName: "a/+/c" })), "topicName", Rule.topicNameWildcard);
  expectValidationError(check(publish({ topicName: "a/#" })), "topicName", Rule.topicNameWildcard);
});

test("[3.3.2-8] #91 outgoing Topic Alias is never 0", () => {
  validateOutboundPacket(publish({ topicAlias: 1 }));
  expectValidationError(check(publish({ topicAlias: 0 })), "topicAlias", Rule.topicAliasZero);
});

test("[3.3.2-9] #93 outgoing Topic Alias ≤ the server's Topic Alias Maximum", () => {
  const limits = { ...serverDefaults, topicAliasMaximumToServer: 65_535 };
  validateAgainstNegotiated(publish({ topicAlias: 65_535 }), limits);
  expectValidationError(
    () => validateAgainstNegotiated(publish({ topicAlias: 3 }), { ...serverDefaults, topicAliasMaximumToServer: 2 }),
    "topicAlias",
    Rule.topicAliasAboveMaximum,
  );
});

test("[3.3.2-13] #96 Response Topic is valid UTF-8", () => {
  validateOutboundPacket(publish({ responseTopic: "replies/ü" }));
  expectValidationError(check(publish({ responseTopic: "replies/\uDC00" })), "responseTopic", Rule.loneSurrogate);
});

test("[3.3.2-14] #97 Response Topic contains no wildcards", () => {
  expectValidationError(check(publish({ responseTopic: "replies/+" })), "responseTopic", Rule.topicNameWildcard);
  expectValidationError(check(connect({ will: will({ responseTopic: "#" }) })), "will.responseTopic", Rule.topicNameWildcard);
});

test("[3.3.2-19] #98 Content Type is valid UTF-8", () => {
  validateOutboundPacket(publish({ contentType: "application/json; charset=utf-8" }));
  expectValidationError(check(publish({ contentType: "text/\uD800" })), "contentType", Rule.loneSurrogate);
});

test("[3.3.4-6] #100 a client PUBLISH never carries a Subscription Identifier", () => {
  expectValidationError(check(publish({ subscriptionIdentifiers: [1] })), "subscriptionIdentifiers", Rule.subscriptionIdentifierInPublish);
});

test("[X-17] #107 an outgoing payload flagged Payload Format Indicator 1 must be valid UTF-8", () => {
  validateOutboundPacket(publish({ payloadFormat: PayloadFormatIndicator.Utf8, payload: utf8("grüße 😀") }));
  expectValidationError(
    check(publish({ payloadFormat: PayloadFormatIndicator.Utf8, payload: Uint8Array.of(0xed, 0xa0, 0x80) })),
    "payload",
    Rule.payloadNotUtf8,
  );
});

// ---- acknowledgements -------------------------------------------------------------------------------------------
const ackCases: Array<[string, number, string, PacketType.Puback | PacketType.Pubrec | PacketType.Pubrel | PacketType.Pubcomp, number[], string]> = [
  ["3.4.2-1", 109, "PUBACK", PacketType.Puback, [0x00, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99], Rule.pubackReasonCode],
  ["3.5.2-1", 112, "PUBREC", PacketType.Pubrec, [0x00, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99], Rule.pubrecReasonCode],
  ["3.6.2-1", 116, "PUBREL", PacketType.Pubrel, [0x00, 0x92], Rule.pubrelReasonCode],
  ["3.7.2-1", 119, "PUBCOMP", PacketType.Pubcomp, [0x00, 0x92], Rule.pubcompReasonCode],
];
for (const [id, row, name, type, allowed, rule] of ackCases) {
  test(`[${id}] #${row} client ${name} codes ∈ {${allowed.map((c) => c.toString(16).padStart(2, "0")).join(", ")}}`, () => {
    for (const code of allCodes) {
      const packet = { type, packetId: 9, reasonCode: code } as Parameters<typeof validateOutboundPacket>[0];
      if (allowed.includes(code)) validateOutboundPacket(packet);
      else expectValidationError(check(packet), "reasonCode", rule);
    }
  });
}

// ---- SUBSCRIBE / UNSUBSCRIBE -----------------------------------------------------------------------------------
test("[3.8.3-1] #126 every SUBSCRIBE filter is valid UTF-8", () => {
  expectValidationError(check(subscribe([sub("ok"), sub("\uDC00")])), "subscriptions[1].topicFilter", Rule.loneSurrogate);
});

test("[3.8.3-2] #127 SUBSCRIBE has at least one filter/options pair", () => {
  expectValidationError(check(subscribe([])), "subscriptions", Rule.subscriptionsEmpty);
});

test("[3.8.3-4] #128 No Local 1 is refused on $share/ filters", () => {
  validateOutboundPacket(subscribe([sub("a", { noLocal: true }), sub("$share/g/a", { noLocal: false })]));
  expectValidationError(check(subscribe([sub("$share/g/a", { noLocal: true })])), "subscriptions[0].noLocal", Rule.noLocalOnSharedSubscription);
});

test("[X-22] #130 Subscription Options with QoS 3 or Retain Handling 3 are refused", () => {
  validateOutboundPacket(subscribe([sub("a", { qos: QoS.ExactlyOnce, retainHandlingType: RetainHandlingType.DontSend })]));
  expectValidationError(check(subscribe([sub("a", { qos: bad(3) })])), "subscriptions[0].qos", Rule.qos);
  expectValidationError(check(subscribe([sub("a", { retainHandlingType: bad(3) })])), "subscriptions[0].retainHandlingType", Rule.retainHandling);
});

test("[X-23] #131 SUBSCRIBE Subscription Identifier is 1..268,435,455 and appears at most once", () => {
  validateOutboundPacket(subscribe([sub("a")], { subscriptionIdentifier: 1 }));
  expectValidationError(check(subscribe([sub("a")], { subscriptionIdentifier: 0 })), "subscriptionIdentifier", Rule.subscriptionIdentifierRange);
  expectValidationError(check(subscribe([sub("a")], { subscriptionIdentifier: bad([1, 2]) })), "subscriptionIdentifier", Rule.subscriptionIdentifierRange);
});

test("[3.10.3-1] #140 every UNSUBSCRIBE filter is valid UTF-8", () => {
  expectValidationError(check(unsubscribe(["a", "b\uD800"])), "topicFilters[1]", Rule.loneSurrogate);
});

test("[3.10.3-2] #141 UNSUBSCRIBE has at least one filter", () => {
  expectValidationError(check(unsubscribe([])), "topicFilters", Rule.topicFiltersEmpty);
});

// ---- DISCONNECT / AUTH -----------------------------------------------------------------------------------------
test("[3.14.2-1] #151 client DISCONNECT codes ∈ {00, 04, 80, 81, 82, 83, 90, 93, 94, 95, 96, 97, 98, 99}", () => {
  const allowed = [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99];
  for (const code of allCodes) {
    const packet = { type: PacketType.Disconnect, reasonCode: code as DisconnectReasonCode } as const;
    if (allowed.includes(code)) validateOutboundPacket(packet);
    else expectValidationError(check(packet), "reasonCode", Rule.disconnectReasonCode);
  }
});

test("[X-25] #157 client DISCONNECT never sets a non-zero Session Expiry when CONNECT's was 0 or absent", () => {
  const packet = { type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NormalDisconnection, sessionExpiryIntervalSeconds: 3600 } as const;
  validateOutboundPacket(packet, { connect: { sessionExpiryIntervalSeconds: 60 } });
  expectValidationError(check(packet, { connect: {} }), "sessionExpiryIntervalSeconds", Rule.disconnectSessionExpiryAfterZero);
  expectValidationError(check(packet, { connect: { sessionExpiryIntervalSeconds: 0 } }), "sessionExpiryIntervalSeconds", Rule.disconnectSessionExpiryAfterZero);
});

test("[3.15.2-1] #160 client AUTH codes ∈ {18, 19}", () => {
  const context = { connect: { authenticationMethod: "SCRAM-SHA-256" } };
  for (const code of allCodes) {
    const packet = { type: PacketType.Auth, reasonCode: code as AuthReasonCode, authenticationMethod: "SCRAM-SHA-256" } as const;
    if (code === 0x18 || code === 0x19) validateOutboundPacket(packet, context);
    else expectValidationError(check(packet, context), "reasonCode", Rule.authReasonCode);
  }
});

test("[4.12.0-7] #213 no method in CONNECT → the client never sends AUTH", () => {
  const packet = { type: PacketType.Auth, reasonCode: AuthReasonCode.ReAuthenticate, authenticationMethod: "SCRAM-SHA-256" } as const;
  expectValidationError(check(packet, { connect: { sessionExpiryIntervalSeconds: 10 } }), "type", Rule.authWithoutConnectMethod);
  validateOutboundPacket(packet, { connect: { authenticationMethod: "SCRAM-SHA-256" } });
});

// ---- topic names and filters -----------------------------------------------------------------------------------
test("[4.7.0-1] #192 no wildcard in any topic name the client sends (PUBLISH, Will Topic, Response Topic)", () => {
  expectValidationError(check(publish({ topicName: "+" })), "topicName", Rule.topicNameWildcard);
  expectValidationError(check(connect({ will: will({ topicName: "a/+" }) })), "will.topicName", Rule.topicNameWildcard);
  expectValidationError(check(publish({ responseTopic: "a/#" })), "responseTopic", Rule.topicNameWildcard);
});

test("[4.7.1-1] #193 '#' only alone or after '/' and last", () => {
  for (const filter of ["#", "a/#", "/#", "$share/g/#"]) validateOutboundPacket(subscribe([sub(filter)]));
  for (const filter of ["a#", "a/#/b", "#/", "##", "a/b#"]) {
    expectValidationError(check(subscribe([sub(filter)])), "subscriptions[0].topicFilter", Rule.hashPlacement);
  }
});

test("[4.7.1-2] #194 '+' only as an entire filter level", () => {
  for (const filter of ["+", "+/a/#", "a/+/b", "a/+", "+/+"]) validateOutboundPacket(subscribe([sub(filter)]));
  for (const filter of ["a+", "a/+b", "+a/b", "a/b+/c"]) {
    expectValidationError(check(subscribe([sub(filter)])), "subscriptions[0].topicFilter", Rule.plusPlacement);
  }
});

test("[4.7.2-1] #195 matcher: filters starting with a wildcard do not match topics starting with '$'", () => {
  assert.equal(topicMatches("#", "$SYS/broker/uptime"), false);
  assert.equal(topicMatches("+/broker/uptime", "$SYS/broker/uptime"), false);
  assert.equal(topicMatches("$share/g/#", "$SYS/x"), false);
  assert.equal(topicMatches("$SYS/#", "$SYS/broker/uptime"), true);
  assert.equal(topicMatches("#", "SYS/broker/uptime"), true);
});

test("[4.7.3-1] #196 topic names and filters are at least one character (except an alias-only PUBLISH)", () => {
  expectValidationError(check(publish({ topicName: "" })), "topicName", Rule.topicEmptyWithoutAlias);
  validateOutboundPacket(publish({ topicName: "", topicAlias: 4 }));
  expectValidationError(check(subscribe([sub("")])), "subscriptions[0].topicFilter", Rule.topicEmpty);
  expectValidationError(check(unsubscribe([""])), "topicFilters[0]", Rule.topicEmpty);
});

test("[4.7.3-2] #197 topic names and filters contain no U+0000", () => {
  expectValidationError(check(publish({ topicName: "a\u0000b" })), "topicName", Rule.nullCharacter);
  expectValidationError(check(subscribe([sub("a/\u0000/#")])), "subscriptions[0].topicFilter", Rule.nullCharacter);
});

test("[4.7.3-3] #198 topic names and filters encode to at most 65,535 bytes", () => {
  validateOutboundPacket(publish({ topicName: "t".repeat(65_535) }));
  expectValidationError(check(publish({ topicName: "t".repeat(65_536) })), "topicName", Rule.stringTooLong);
  expectValidationError(check(subscribe([sub("€".repeat(21_846))])), "subscriptions[0].topicFilter", Rule.stringTooLong);
});

test("[4.7.3-4] #199 matcher compares levels character for character, without normalisation", () => {
  assert.equal(topicMatches("caf\u00e9/x", "cafe\u0301/x"), false); // NFC vs NFD
  assert.equal(topicMatches("Room/1", "room/1"), false);
  assert.equal(topicMatches("a /b", "a/b"), false);
  assert.equal(topicMatches("caf\u00e9/+", "caf\u00e9/x"), true);
});

test("[4.8.2-1] #200 shared filter: '$share/' followed by a ShareName of at least one character", () => {
  validateOutboundPacket(subscribe([sub("$share/g/a")]));
  expectValidationError(check(subscribe([sub("$share//a")])), "subscriptions[0].topicFilter", Rule.shareNameEmpty);
  expectValidationError(check(subscribe([sub("$share/")])), "subscriptions[0].topicFilter", Rule.shareNameEmpty);
});

test("[4.8.2-2] #201 ShareName has no '/', '+', '#' and is followed by '/' and a valid non-empty filter", () => {
  validateOutboundPacket(subscribe([sub("$share/g//finance")]));
  expectValidationError(check(subscribe([sub("$share/a+b/x")])), "subscriptions[0].topicFilter", Rule.shareNameWildcard);
  expectValidationError(check(subscribe([sub("$share/a#/x")])), "subscriptions[0].topicFilter", Rule.shareNameWildcard);
  expectValidationError(check(subscribe([sub("$share/g")])), "subscriptions[0].topicFilter", Rule.sharedFilterMissing);
  expectValidationError(check(subscribe([sub("$share/g/")])), "subscriptions[0].topicFilter", Rule.sharedFilterMissing);
  expectValidationError(check(subscribe([sub("$share/g/a/#/b")])), "subscriptions[0].topicFilter", Rule.hashPlacement);
});
