import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PacketType, PayloadFormatIndicator, QoS } from "../../../../src/core/model/enums.js";
import type { PublishPacket } from "../../../../src/core/model/packet.js";
import { validatePublishPacket } from "../../../../src/core/validate/outbound-publish.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function publish(overrides: Partial<PublishPacket> = {}): PublishPacket {
  return {
    type: PacketType.Publish,
    topicName: "sensors/1/temperature",
    payload: utf8("21.5"),
    qos: QoS.AtLeastOnce,
    retain: false,
    duplicate: false,
    packetId: 7,
    ...overrides,
  };
}

/** Casts a deliberately wrong value past the type checker, as a JavaScript caller could pass it. */
const bad = <T>(value: unknown): T => value as T;

describe("validatePublishPacket accepts", () => {
  const good: Array<[string, Partial<PublishPacket>]> = [
    ["a plain QoS 1 publish", {}],
    ["QoS 0 without packet id", { qos: QoS.AtMostOnce, packetId: undefined as unknown as number }],
    ["QoS 2 with DUP", { qos: QoS.ExactlyOnce, duplicate: true }],
    ["an empty topic with a topic alias", { topicName: "", topicAlias: 3 }],
    ["topic alias 65535", { topicAlias: 65_535 }],
    ["every property", {
      payloadFormat: PayloadFormatIndicator.Utf8,
      messageExpiryIntervalSeconds: 4_294_967_295,
      responseTopic: "replies/1",
      correlationData: new Uint8Array(65_535),
      contentType: "application/json",
      userProperties: [{ name: "", value: "" }, { name: "k", value: "v" }],
      subscriptionIdentifiers: [],
    }],
    ["a binary payload flagged Bytes", { payloadFormat: PayloadFormatIndicator.Bytes, payload: Uint8Array.of(0xff) }],
    ["a large payload (no 65,535 limit on PUBLISH payloads)", { payload: new Uint8Array(70_000) }],
    ["a UTF-8 payload holding U+0000", { payloadFormat: PayloadFormatIndicator.Utf8, payload: Uint8Array.of(0x61, 0) }],
  ];
  for (const [label, overrides] of good) {
    test(label, () => {
      const packet = publish(overrides);
      if ("packetId" in overrides && overrides.packetId === undefined) delete packet.packetId;
      validatePublishPacket(packet, true);
    });
  }

  test("QoS > 0 without packet id when ids are not assigned yet", () => {
    const packet = publish();
    delete packet.packetId;
    validatePublishPacket(packet, false);
    expectValidationError(() => validatePublishPacket(packet, true), "packetId", ValidationRule.packetIdRange);
  });
});

describe("validatePublishPacket refuses", () => {
  const cases: Array<[string, Partial<PublishPacket>, string, string]> = [
    ["an empty topic without alias", { topicName: "" }, "topicName", ValidationRule.topicEmptyWithoutAlias],
    ["'+' in the topic", { topicName: "a/+" }, "topicName", ValidationRule.topicNameWildcard],
    ["'#' in the topic", { topicName: "#" }, "topicName", ValidationRule.topicNameWildcard],
    ["U+0000 in the topic", { topicName: "a\u0000" }, "topicName", ValidationRule.nullCharacter],
    ["a lone surrogate in the topic", { topicName: "\uD800" }, "topicName", ValidationRule.loneSurrogate],
    ["a topic over 65,535 bytes", { topicName: "t".repeat(65_536) }, "topicName", ValidationRule.stringTooLong],
    ["QoS 3", { qos: bad(3) }, "qos", ValidationRule.qos],
    ["QoS -1", { qos: bad(-1) }, "qos", ValidationRule.qos],
    ["a non-boolean retain", { retain: bad(1) }, "retain", ValidationRule.notBoolean],
    ["a non-boolean duplicate", { duplicate: bad("no") }, "duplicate", ValidationRule.notBoolean],
    ["a packet id with QoS 0", { qos: QoS.AtMostOnce, packetId: 1 }, "packetId", ValidationRule.packetIdWithQos0],
    ["DUP with QoS 0", { qos: QoS.AtMostOnce, duplicate: true, packetId: bad(undefined) }, "duplicate", ValidationRule.duplicateWithQos0],
    ["packet id 0", { packetId: 0 }, "packetId", ValidationRule.packetIdRange],
    ["packet id 65536", { packetId: 65_536 }, "packetId", ValidationRule.packetIdRange],
    ["a fractional packet id", { packetId: 1.5 }, "packetId", ValidationRule.packetIdRange],
    ["topic alias 0", { topicAlias: 0 }, "topicAlias", ValidationRule.topicAliasZero],
    ["topic alias 65536", { topicAlias: 65_536 }, "topicAlias", ValidationRule.topicAliasZero],
    ["a subscription identifier", { subscriptionIdentifiers: [1] }, "subscriptionIdentifiers", ValidationRule.subscriptionIdentifierInPublish],
    ["a non-Uint8Array payload", { payload: bad("text") }, "payload", ValidationRule.notBinary],
    ["payload format 2", { payloadFormat: bad(2) }, "payloadFormat", ValidationRule.payloadFormat],
    ["a non-UTF-8 payload flagged Utf8", { payloadFormat: PayloadFormatIndicator.Utf8, payload: Uint8Array.of(0xc3) }, "payload", ValidationRule.payloadNotUtf8],
    ["message expiry above u32", { messageExpiryIntervalSeconds: 4_294_967_296 }, "messageExpiryIntervalSeconds", ValidationRule.u32],
    ["negative message expiry", { messageExpiryIntervalSeconds: -1 }, "messageExpiryIntervalSeconds", ValidationRule.u32],
    ["a wildcard in the response topic", { responseTopic: "replies/+" }, "responseTopic", ValidationRule.topicNameWildcard],
    ["an empty response topic", { responseTopic: "" }, "responseTopic", ValidationRule.topicEmpty],
    ["a lone surrogate in the response topic", { responseTopic: "r/\uDBFF" }, "responseTopic", ValidationRule.loneSurrogate],
    ["a lone surrogate in the content type", { contentType: "text/\uDC00" }, "contentType", ValidationRule.loneSurrogate],
    ["U+0000 in the content type", { contentType: "\u0000" }, "contentType", ValidationRule.nullCharacter],
    ["correlation data over 65,535 bytes", { correlationData: new Uint8Array(65_536) }, "correlationData", ValidationRule.binaryTooLong],
    ["correlation data as a string", { correlationData: bad("id") }, "correlationData", ValidationRule.notBinary],
    ["user properties not an array", { userProperties: bad({}) }, "userProperties", ValidationRule.notArray],
    ["a null user property", { userProperties: bad([{ name: "a", value: "b" }, null]) }, "userProperties[1]", ValidationRule.notUserProperty],
    ["a bad user property name", { userProperties: [{ name: "a", value: "b" }, { name: "\uD800", value: "v" }] }, "userProperties[1].name", ValidationRule.loneSurrogate],
    ["a bad user property value", { userProperties: [{ name: "n", value: "\u0000" }] }, "userProperties[0].value", ValidationRule.nullCharacter],
    ["a user property value over 65,535 bytes", { userProperties: [{ name: "n", value: "é".repeat(32_768) }] }, "userProperties[0].value", ValidationRule.stringTooLong],
    ["a missing user property value", { userProperties: bad([{ name: "n" }]) }, "userProperties[0].value", ValidationRule.notString],
  ];
  for (const [label, overrides, field, rule] of cases) {
    test(`${label} → ${field}`, () => expectValidationError(() => validatePublishPacket(publish(overrides), true), field, rule));
  }

  test("the field prefix is prepended to every path", () => {
    expectValidationError(
      () => validatePublishPacket(publish({ userProperties: [{ name: "\u0000", value: "" }] }), true, "publish."),
      "publish.userProperties[0].name",
      ValidationRule.nullCharacter,
    );
  });

  test("the message never contains the offending value", () => {
    const secret = "s3cr3t-token";
    try {
      validatePublishPacket(publish({ topicName: `${secret}/#` }), true);
      assert.fail("expected a ValidationError");
    } catch (error) {
      assert.ok(error instanceof Error);
      assert.equal(error.message.includes(secret), false);
      assert.match(error.message, /topicName/);
    }
  });
});
