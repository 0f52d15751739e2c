import assert from "node:assert/strict";
import { test } from "node:test";
import {
  contextName,
  OMIT_REASON_STRING,
  OMIT_USER_PROPERTIES,
  PROPERTY_DEFINITIONS,
  propertyBinding,
  propertyBindings,
  propertyDefinition,
  PropertyId,
  ValueDomain,
  WILL_PROPERTIES,
  WireType,
} from "../../../../src/core/codec/properties.js";
import { PacketType } from "../../../../src/core/model/enums.js";
import { EXPECTED_PROPERTIES, PROPERTY_CONTEXTS } from "./property-expectations.js";

test("the table holds exactly the 27 properties of MQTT 5, ascending by identifier", () => {
  const ids = PROPERTY_DEFINITIONS.map((d) => d.id);
  assert.deepEqual(ids, EXPECTED_PROPERTIES.map((p) => p.id));
  assert.equal(new Set(Object.values(PropertyId)).size, 27);
  assert.deepEqual([...ids].sort((a, b) => a - b), ids);
});

for (const expected of EXPECTED_PROPERTIES) {
  test(`property 0x${expected.id.toString(16).padStart(2, "0")} ${expected.name}: type, packets, repeatability`, () => {
    const definition = propertyDefinition(expected.id);
    assert.ok(definition);
    assert.equal(definition.name, expected.name);
    assert.equal(definition.wireType, expected.wireType);
    assert.deepEqual([...definition.allowedIn].sort(), [...expected.allowedIn].sort());
    for (const context of PROPERTY_CONTEXTS) {
      const binding = propertyBinding(context, expected.id);
      assert.equal(binding !== undefined, expected.allowedIn.includes(context), `${expected.name} in ${contextName(context)}`);
      if (binding !== undefined) {
        assert.equal(binding.repeatable, (expected.repeatableIn ?? []).includes(context), `repeatable in ${contextName(context)}`);
      }
    }
  });
}

test("identifiers the standard does not define are unknown everywhere", () => {
  for (const id of [0x00, 0x04, 0x05, 0x06, 0x07, 0x0a, 0x0c, 0x10, 0x14, 0x1b, 0x1d, 0x1e, 0x20, 0x2b, 0x7f, 0x80, 0xff]) {
    assert.equal(propertyDefinition(id), undefined, `0x${id.toString(16)}`);
    for (const context of PROPERTY_CONTEXTS) assert.equal(propertyBinding(context, id), undefined);
  }
});

test("Will Properties may contain exactly 0x01, 0x02, 0x03, 0x08, 0x09, 0x18, 0x26", () => {
  assert.deepEqual(propertyBindings(WILL_PROPERTIES).map((b) => b.id), [0x01, 0x02, 0x03, 0x08, 0x09, 0x18, 0x26]);
  assert.deepEqual(propertyBindings(WILL_PROPERTIES).map((b) => b.path), [
    "will.payloadFormat", "will.messageExpiryIntervalSeconds", "will.contentType", "will.responseTopic",
    "will.correlationData", "will.willDelayIntervalSeconds", "will.userProperties",
  ]);
});

test("PINGREQ and PINGRESP have no properties", () => {
  assert.equal(propertyBindings(PacketType.Pingreq).length, 0);
  assert.equal(propertyBindings(PacketType.Pingresp).length, 0);
});

test("fields follow the packet model's per-packet names", () => {
  assert.equal(propertyBinding(PacketType.Connect, 0x11)?.field, "sessionExpiryIntervalSeconds");
  assert.equal(propertyBinding(PacketType.Connack, 0x11)?.field, "sessionExpiryInterval");
  assert.equal(propertyBinding(PacketType.Disconnect, 0x11)?.field, "sessionExpiryIntervalSeconds");
  assert.equal(propertyBinding(PacketType.Connect, 0x27)?.field, "maximumPacketSizeBytes");
  assert.equal(propertyBinding(PacketType.Connack, 0x27)?.field, "maximumPacketSize");
  assert.equal(propertyBinding(PacketType.Publish, 0x0b)?.field, "subscriptionIdentifiers");
  assert.equal(propertyBinding(PacketType.Subscribe, 0x0b)?.field, "subscriptionIdentifier");
});

test("value domains: 0/1 bytes, non-zero Receive Maximum / Maximum Packet Size / Subscription Identifier", () => {
  const domain = (id: number): ValueDomain | undefined => propertyDefinition(id)?.domain;
  for (const id of [0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2a]) assert.equal(domain(id), ValueDomain.ZeroOrOne, `0x${id.toString(16)}`);
  for (const id of [0x0b, 0x21, 0x27]) assert.equal(domain(id), ValueDomain.NonZero, `0x${id.toString(16)}`);
  // Topic Alias 0 is the core's business (DISCONNECT 0x94), not the codec's.
  assert.equal(domain(0x23), ValueDomain.Any);
  assert.equal(PROPERTY_DEFINITIONS.filter((d) => d.wireType === WireType.BooleanByte).length, 6);
});

test("only Reason String and User Property are omissible, in that order", () => {
  assert.equal(propertyDefinition(0x1f)?.omissible, OMIT_REASON_STRING);
  assert.equal(propertyDefinition(0x26)?.omissible, OMIT_USER_PROPERTIES);
  assert.equal(PROPERTY_DEFINITIONS.filter((d) => d.omissible !== 0).length, 2);
});
