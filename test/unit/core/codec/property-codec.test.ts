import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteReader } from "../../../../src/core/codec/byte-reader.js";
import { ByteWriter } from "../../../../src/core/codec/byte-writer.js";
import { OMIT_REASON_STRING, OMIT_USER_PROPERTIES, WILL_PROPERTIES, contextName, type PropertyContext } from "../../../../src/core/codec/properties.js";
import { decodeProperties, propertiesLength, writeProperties } from "../../../../src/core/codec/property-codec.js";
import { MalformedPacketError, ProtocolError, ValidationError } from "../../../../src/core/errors.js";
import { PacketType } from "../../../../src/core/model/enums.js";
import { hex, toHex } from "../../../support/hex.js";
import { EXPECTED_PROPERTIES, PROPERTY_CONTEXTS, sampleValue } from "./property-expectations.js";

function decodeBlock(context: PropertyContext, block: number[]): Record<string, unknown> {
  const bytes = Uint8Array.from(block);
  const reader = new ByteReader(bytes, 0, bytes.length);
  const target: Record<string, unknown> = {};
  decodeProperties(reader, context, target);
  assert.equal(reader.pos, bytes.length);
  return target;
}

const block = (...properties: number[][]): number[] => {
  const body = properties.flat();
  assert.ok(body.length < 128);
  return [body.length, ...body];
};

const isMalformed = (e: unknown): boolean => e instanceof MalformedPacketError;
const isProtocolError = (e: unknown): boolean => e instanceof ProtocolError && !(e instanceof MalformedPacketError) && e.reasonCode === 0x82;

test("every property decodes where it is allowed and is malformed everywhere else (X-5)", () => {
  for (const property of EXPECTED_PROPERTIES) {
    for (const context of PROPERTY_CONTEXTS) {
      const bytes = block([property.id, ...sampleValue(property.wireType)]);
      const where = `${property.name} in ${contextName(context)}`;
      if (property.allowedIn.includes(context)) {
        const decoded = decodeBlock(context, bytes);
        assert.equal(Object.keys(decoded).length, 1, where);
      } else if (context === PacketType.Publish && property.id === 0x18) {
        continue; // tolerated and dropped: see the next test
      } else {
        assert.throws(() => decodeBlock(context, bytes), isMalformed, where);
      }
    }
  }
});

test("Will Delay Interval inside a PUBLISH (as aedes 2.0 forwards wills) is read and dropped, not malformed", () => {
  const decoded = decodeBlock(PacketType.Publish, block([0x18, 0, 0, 0, 5], [0x01, 1]));
  assert.deepEqual(decoded, { payloadFormat: 1 });
  assert.throws(() => decodeBlock(PacketType.Puback, block([0x18, 0, 0, 0, 5])), isMalformed);
  assert.throws(() => decodeBlock(PacketType.Publish, block([0x11, 0, 0, 0, 5])), isMalformed); // others still refused
});

test("a non-repeatable property twice is a Protocol Error; repeatable ones collect in order (X-6)", () => {
  for (const property of EXPECTED_PROPERTIES) {
    for (const context of property.allowedIn) {
      const one = [property.id, ...sampleValue(property.wireType)];
      const where = `${property.name} in ${contextName(context)}`;
      if ((property.repeatableIn ?? []).includes(context)) {
        const decoded = decodeBlock(context, block(one, one, one));
        const values = Object.values(decoded)[0];
        assert.ok(Array.isArray(values) && values.length === 3, where);
      } else {
        assert.throws(() => decodeBlock(context, block(one, one)), isProtocolError, where);
      }
    }
  }
});

test("decoded values take the packet model's shape", () => {
  assert.deepEqual(decodeBlock(PacketType.Connack, block([0x25, 0x00], [0x28, 0x01], [0x24, 0x00], [0x13, 0x01, 0x00])), {
    retainAvailable: false, wildcardSubscriptionsAvailable: true, maximumQos: 0, serverKeepAlive: 256,
  });
  assert.deepEqual(decodeBlock(PacketType.Publish, block([0x0b, 0x05], [0x26, 0, 1, 0x6b, 0, 0], [0x0b, 0x80, 0x01])), {
    subscriptionIdentifiers: [5, 128], userProperties: [{ name: "k", value: "" }],
  });
  const decoded = decodeBlock(WILL_PROPERTIES, block([0x18, 0xff, 0xff, 0xff, 0xff], [0x09, 0, 0]));
  assert.equal(decoded["willDelayIntervalSeconds"], 0xffffffff);
  assert.equal((decoded["correlationData"] as Uint8Array).length, 0);
});

test("values outside fixed domains are Protocol Errors", () => {
  const cases: [PropertyContext, number[]][] = [
    [PacketType.Publish, [0x01, 0x02]], // Payload Format Indicator 2
    [WILL_PROPERTIES, [0x01, 0xff]],
    [PacketType.Connect, [0x17, 0x02]],
    [PacketType.Connect, [0x19, 0x02]],
    [PacketType.Connect, [0x21, 0x00, 0x00]],
    [PacketType.Connect, [0x27, 0x00, 0x00, 0x00, 0x00]],
    [PacketType.Connack, [0x24, 0x02]],
    [PacketType.Connack, [0x25, 0x02]],
    [PacketType.Connack, [0x28, 0x05]],
    [PacketType.Connack, [0x29, 0x02]],
    [PacketType.Connack, [0x2a, 0x02]],
    [PacketType.Connack, [0x21, 0x00, 0x00]],
    [PacketType.Connack, [0x27, 0x00, 0x00, 0x00, 0x00]],
    [PacketType.Publish, [0x0b, 0x00]],
    [PacketType.Subscribe, [0x0b, 0x00]],
  ];
  for (const [context, property] of cases) {
    assert.throws(() => decodeBlock(context, block(property)), isProtocolError, `${contextName(context)} ${toHex(Uint8Array.from(property))}`);
  }
  // Topic Alias 0 is left to the core (0x94).
  assert.deepEqual(decodeBlock(PacketType.Publish, block([0x23, 0x00, 0x00])), { topicAlias: 0 });
});

test("framing errors inside a property block are malformed", () => {
  const malformed = (context: PropertyContext, bytes: number[], why: string): void => {
    assert.throws(() => decodeBlock(context, bytes), isMalformed, why);
  };
  malformed(PacketType.Publish, [0x05, 0x01, 0x01], "Property Length past the end");
  malformed(PacketType.Publish, [0x02, 0x02, 0x00, 0x00, 0x00, 0x01], "value runs past the property block");
  malformed(PacketType.Publish, [0x03, 0x03, 0x00, 0x05], "string length past the block");
  malformed(PacketType.Publish, [0x04, 0x03, 0x00, 0x01, 0x00], "U+0000 in Content Type");
  malformed(PacketType.Publish, [0x05, 0x03, 0x00, 0x02, 0xc0, 0xaf], "overlong UTF-8");
  malformed(PacketType.Publish, [0x07, 0x26, 0x00, 0x01, 0x6b, 0x00, 0x01, 0xff], "bad User Property value [MQTT-1.5.7-1]");
  malformed(PacketType.Publish, [0x02, 0x81, 0x01], "two-byte property identifier (unknown)");
  malformed(PacketType.Publish, [0x80, 0x00], "non-minimal Property Length");
  malformed(PacketType.Publish, [0x03, 0x0b, 0x80, 0x00], "non-minimal Subscription Identifier");
});

test("empty property block decodes to nothing", () => {
  assert.deepEqual(decodeBlock(PacketType.Puback, [0x00]), {});
});

function encodeBlock(source: object, context: PropertyContext, omit = 0): string {
  const length = propertiesLength(source, context, omit);
  const writer = new ByteWriter(new Uint8Array(length + 4), 0);
  writeProperties(writer, source, context, omit, length);
  return toHex(writer.bytes.subarray(0, writer.pos));
}

test("encoding writes table order, skips undefined fields and other packets' fields", () => {
  assert.equal(
    encodeBlock({ topicAlias: 3, payloadFormat: 0, unrelated: 1, reasonString: "x", contentType: undefined }, PacketType.Publish),
    "05 01 00 23 00 03",
  );
  assert.equal(encodeBlock({ retainAvailable: true, maximumPacketSize: 9 }, PacketType.Connack), "07 25 01 27 00 00 00 09");
});

test("omission drops the Reason String, then the User Properties", () => {
  const source = { reasonString: "why", userProperties: [{ name: "a", value: "b" }] };
  assert.equal(encodeBlock(source, PacketType.Puback), toHex(hex("0d 1f 00 03 \"why\" 26 00 01 \"a\" 00 01 \"b\"")));
  assert.equal(encodeBlock(source, PacketType.Puback, OMIT_REASON_STRING), toHex(hex("07 26 00 01 \"a\" 00 01 \"b\"")));
  assert.equal(encodeBlock(source, PacketType.Puback, OMIT_REASON_STRING | OMIT_USER_PROPERTIES), "00");
});

test("encoding refuses values that cannot be encoded, naming the field", () => {
  const refuses = (source: object, context: PropertyContext, field: string): void => {
    assert.throws(() => encodeBlock(source, context), (e: unknown) => e instanceof ValidationError && e.field === field, field);
  };
  refuses({ contentType: "\ud800" }, PacketType.Publish, "contentType");
  refuses({ correlationData: new Uint8Array(65_536) }, PacketType.Publish, "correlationData");
  refuses({ userProperties: [{ name: "ok", value: "a\u0000" }] }, PacketType.Publish, "userProperties");
  refuses({ messageExpiryIntervalSeconds: 2 ** 32 }, PacketType.Publish, "messageExpiryIntervalSeconds");
  refuses({ topicAlias: 65_536 }, PacketType.Publish, "topicAlias");
  refuses({ payloadFormat: 256 }, PacketType.Publish, "payloadFormat");
  refuses({ subscriptionIdentifier: -1 }, PacketType.Subscribe, "subscriptionIdentifier");
  refuses({ willDelayIntervalSeconds: -5 }, WILL_PROPERTIES, "will.willDelayIntervalSeconds");
});
