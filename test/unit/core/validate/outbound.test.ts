import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthReasonCode,
  ConnectReasonCode,
  DisconnectReasonCode,
  PacketType,
  PubackReasonCode,
  PubrecReasonCode,
  QoS,
} from "../../../../src/core/model/enums.js";
import type { Packet, PublishPacket } from "../../../../src/core/model/packet.js";
import { validateOutboundPacket } from "../../../../src/core/validate/outbound.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

const publish: PublishPacket = {
  type: PacketType.Publish,
  topicName: "a/b",
  payload: new Uint8Array(0),
  qos: QoS.AtLeastOnce,
  retain: false,
  duplicate: false,
};

describe("validateOutboundPacket dispatch", () => {
  const valid: Array<[string, Packet]> = [
    ["CONNECT", { type: PacketType.Connect, clientId: "c", cleanStart: true, keepAliveIntervalSeconds: 30 }],
    ["PUBLISH", { ...publish, packetId: 1 }],
    ["PUBACK", { type: PacketType.Puback, packetId: 1, reasonCode: PubackReasonCode.Success }],
    ["SUBSCRIBE", { type: PacketType.Subscribe, packetId: 2, subscriptions: [{ topicFilter: "a/#", qos: QoS.AtMostOnce }] }],
    ["UNSUBSCRIBE", { type: PacketType.Unsubscribe, packetId: 3, topicFilters: ["a/#"] }],
    ["PINGREQ", { type: PacketType.Pingreq }],
    ["DISCONNECT", { type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.DisconnectWithWillMessage }],
  ];
  for (const [label, packet] of valid) {
    test(`a valid ${label} passes`, () => validateOutboundPacket(packet));
  }

  const serverOnly: Array<[string, Packet]> = [
    ["CONNACK", { type: PacketType.Connack, sessionPresent: false, reasonCode: ConnectReasonCode.Success }],
    ["SUBACK", { type: PacketType.Suback, packetId: 1, reasonCodes: [] }],
    ["UNSUBACK", { type: PacketType.Unsuback, packetId: 1, reasonCodes: [] }],
    ["PINGRESP", { type: PacketType.Pingresp }],
  ];
  for (const [label, packet] of serverOnly) {
    test(`${label} is refused: a client never sends it`, () => {
      expectValidationError(() => validateOutboundPacket(packet), "type", ValidationRule.notClientPacket);
    });
  }

  test("each packet type reaches its own rules", () => {
    expectValidationError(
      () => validateOutboundPacket({ type: PacketType.Connect, clientId: "c", cleanStart: true, keepAliveIntervalSeconds: 30, receiveMaximum: 0 }),
      "receiveMaximum",
      ValidationRule.nonZeroU16,
    );
    expectValidationError(() => validateOutboundPacket({ ...publish, packetId: 1, topicName: "+" }), "topicName", ValidationRule.topicNameWildcard);
    expectValidationError(
      () => validateOutboundPacket({ type: PacketType.Pubrec, packetId: 1, reasonCode: 0x92 as PubrecReasonCode }),
      "reasonCode",
      ValidationRule.pubrecReasonCode,
    );
    expectValidationError(
      () => validateOutboundPacket({ type: PacketType.Subscribe, packetId: 2, subscriptions: [] }),
      "subscriptions",
      ValidationRule.subscriptionsEmpty,
    );
    expectValidationError(
      () => validateOutboundPacket({ type: PacketType.Unsubscribe, packetId: 3, topicFilters: [] }),
      "topicFilters",
      ValidationRule.topicFiltersEmpty,
    );
  });
});

describe("validateOutboundPacket context", () => {
  test("packet ids are required by default and optional with packetIdsAssigned: false", () => {
    expectValidationError(() => validateOutboundPacket(publish), "packetId", ValidationRule.packetIdRange);
    validateOutboundPacket(publish, { packetIdsAssigned: false });
    const subscribe: Packet = { type: PacketType.Subscribe, packetId: 0, subscriptions: [{ topicFilter: "a", qos: QoS.AtMostOnce }] };
    expectValidationError(() => validateOutboundPacket(subscribe), "packetId", ValidationRule.packetIdRange);
    validateOutboundPacket(subscribe, { packetIdsAssigned: false });
  });

  test("fieldPrefix is applied", () => {
    expectValidationError(
      () => validateOutboundPacket({ ...publish, topicName: "" }, { fieldPrefix: "packet.", packetIdsAssigned: false }),
      "packet.topicName",
      ValidationRule.topicEmptyWithoutAlias,
    );
  });

  test("without a connect, DISCONNECT Session Expiry > 0 and every AUTH are refused (fail closed)", () => {
    const disconnect: Packet = { type: PacketType.Disconnect, reasonCode: DisconnectReasonCode.NormalDisconnection, sessionExpiryIntervalSeconds: 5 };
    expectValidationError(() => validateOutboundPacket(disconnect), "sessionExpiryIntervalSeconds", ValidationRule.disconnectSessionExpiryAfterZero);
    validateOutboundPacket(disconnect, { connect: { sessionExpiryIntervalSeconds: 10 } });

    const auth: Packet = { type: PacketType.Auth, reasonCode: AuthReasonCode.ReAuthenticate, authenticationMethod: "m" };
    expectValidationError(() => validateOutboundPacket(auth), "type", ValidationRule.authWithoutConnectMethod);
    validateOutboundPacket(auth, { connect: { authenticationMethod: "m" } });
  });

  test("validation does not modify the packet", () => {
    const packet: PublishPacket = { ...publish, packetId: 9, userProperties: [{ name: "a", value: "b" }] };
    const before = structuredClone(packet);
    validateOutboundPacket(packet);
    assert.deepEqual(packet, before);
  });
});
