import { describe, test } from "node:test";
import {
  AuthReasonCode,
  DisconnectReasonCode,
  PacketType,
  PubackReasonCode,
  PubcompReasonCode,
  PubrecReasonCode,
  PubrelReasonCode,
} from "../../../../src/core/model/enums.js";
import type { AuthPacket, DisconnectPacket } from "../../../../src/core/model/packet.js";
import {
  validateAuthPacket,
  validateDisconnectPacket,
  validatePublishAckPacket,
} from "../../../../src/core/validate/outbound-control.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

type AckType = PacketType.Puback | PacketType.Pubrec | PacketType.Pubrel | PacketType.Pubcomp;
const ack = (type: AckType, reasonCode: number, extra: object = {}) =>
  ({ type, packetId: 1, reasonCode, ...extra }) as Parameters<typeof validatePublishAckPacket>[0];

const allCodes = Array.from({ length: 256 }, (_, code) => code);
const hex = (code: number): string => `0x${code.toString(16).padStart(2, "0")}`;

const ackRules: Array<[AckType, string, number[], string]> = [
  [PacketType.Puback, "PUBACK", [0x00, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99], ValidationRule.pubackReasonCode],
  [PacketType.Pubrec, "PUBREC", [0x00, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99], ValidationRule.pubrecReasonCode],
  [PacketType.Pubrel, "PUBREL", [0x00, 0x92], ValidationRule.pubrelReasonCode],
  [PacketType.Pubcomp, "PUBCOMP", [0x00, 0x92], ValidationRule.pubcompReasonCode],
];

describe("validatePublishAckPacket", () => {
  for (const [type, name, allowed, rule] of ackRules) {
    test(`${name}: exactly the client codes ${allowed.map(hex).join(", ")} are accepted`, () => {
      for (const code of allCodes) {
        if (allowed.includes(code)) validatePublishAckPacket(ack(type, code));
        else expectValidationError(() => validatePublishAckPacket(ack(type, code)), "reasonCode", rule);
      }
    });
  }

  test("0x10 No matching subscribers is the server's alone", () => {
    expectValidationError(
      () => validatePublishAckPacket(ack(PacketType.Puback, PubackReasonCode.NoMatchingSubscribers)),
      "reasonCode",
      ValidationRule.pubackReasonCode,
    );
    expectValidationError(
      () => validatePublishAckPacket(ack(PacketType.Pubrec, PubrecReasonCode.NoMatchingSubscribers)),
      "reasonCode",
      ValidationRule.pubrecReasonCode,
    );
  });

  const fieldCases: Array<[string, object, string, string]> = [
    ["packet id 0", { packetId: 0 }, "packetId", ValidationRule.packetIdRange],
    ["packet id 65536", { packetId: 65_536 }, "packetId", ValidationRule.packetIdRange],
    ["a lone surrogate in the reason string", { reasonString: "\uD800" }, "reasonString", ValidationRule.loneSurrogate],
    ["a bad user property", { userProperties: [{ name: "a", value: "\u0000" }] }, "userProperties[0].value", ValidationRule.nullCharacter],
  ];
  for (const [label, extra, field, rule] of fieldCases) {
    test(`refuses ${label}`, () => {
      expectValidationError(
        () => validatePublishAckPacket(ack(PacketType.Pubrel, PubrelReasonCode.Success, extra)),
        field,
        rule,
      );
    });
  }

  test("accepts a reason string and user properties", () => {
    validatePublishAckPacket(
      ack(PacketType.Pubcomp, PubcompReasonCode.PacketIdentifierNotFound, {
        reasonString: "unknown id",
        userProperties: [{ name: "n", value: "v" }],
      }),
    );
  });
});

const disconnect = (overrides: Partial<DisconnectPacket> = {}): DisconnectPacket => ({
  type: PacketType.Disconnect,
  reasonCode: DisconnectReasonCode.NormalDisconnection,
  ...overrides,
});

describe("validateDisconnectPacket", () => {
  const clientCodes = [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99];
  test(`exactly the client codes ${clientCodes.map(hex).join(", ")} are accepted`, () => {
    for (const code of allCodes) {
      const packet = disconnect({ reasonCode: code as DisconnectReasonCode });
      if (clientCodes.includes(code)) validateDisconnectPacket(packet, {});
      else expectValidationError(() => validateDisconnectPacket(packet, {}), "reasonCode", ValidationRule.disconnectReasonCode);
    }
  });

  test("Session Expiry may change from non-zero to anything, never from 0/absent to non-zero", () => {
    validateDisconnectPacket(disconnect({ sessionExpiryIntervalSeconds: 0 }), {});
    validateDisconnectPacket(disconnect({ sessionExpiryIntervalSeconds: 0 }), { sessionExpiryIntervalSeconds: 0 });
    validateDisconnectPacket(disconnect({ sessionExpiryIntervalSeconds: 10 }), { sessionExpiryIntervalSeconds: 60 });
    validateDisconnectPacket(disconnect({ sessionExpiryIntervalSeconds: 0 }), { sessionExpiryIntervalSeconds: 60 });
    for (const connect of [{}, { sessionExpiryIntervalSeconds: 0 }]) {
      expectValidationError(
        () => validateDisconnectPacket(disconnect({ sessionExpiryIntervalSeconds: 1 }), connect),
        "sessionExpiryIntervalSeconds",
        ValidationRule.disconnectSessionExpiryAfterZero,
      );
    }
  });

  const cases: Array<[string, Partial<DisconnectPacket>, string, string]> = [
    ["session expiry above u32", { sessionExpiryIntervalSeconds: 2 ** 32 }, "sessionExpiryIntervalSeconds", ValidationRule.u32],
    ["a server reference", { serverReference: "other.example.com" }, "serverReference", ValidationRule.serverReferenceFromClient],
    ["U+0000 in the reason string", { reasonString: "\u0000" }, "reasonString", ValidationRule.nullCharacter],
    ["a bad user property", { userProperties: [{ name: "\uDC00", value: "" }] }, "userProperties[0].name", ValidationRule.loneSurrogate],
  ];
  for (const [label, overrides, field, rule] of cases) {
    test(`refuses ${label}`, () => {
      expectValidationError(() => validateDisconnectPacket(disconnect(overrides), { sessionExpiryIntervalSeconds: 60 }), field, rule);
    });
  }
});

const auth = (overrides: Partial<AuthPacket> = {}): AuthPacket => ({
  type: PacketType.Auth,
  reasonCode: AuthReasonCode.ContinueAuthentication,
  authenticationMethod: "SCRAM-SHA-1",
  ...overrides,
});

describe("validateAuthPacket", () => {
  const withMethod = { authenticationMethod: "SCRAM-SHA-1" };

  test("accepts 0x18 and 0x19 with the CONNECT's method, and nothing else", () => {
    for (const code of allCodes) {
      const packet = auth({ reasonCode: code as AuthReasonCode });
      if (code === 0x18 || code === 0x19) validateAuthPacket(packet, withMethod);
      else expectValidationError(() => validateAuthPacket(packet, withMethod), "reasonCode", ValidationRule.authReasonCode);
    }
  });

  test("refused when CONNECT carried no Authentication Method", () => {
    expectValidationError(() => validateAuthPacket(auth(), {}), "type", ValidationRule.authWithoutConnectMethod);
  });

  const cases: Array<[string, Partial<AuthPacket>, string, string]> = [
    ["a missing method", { authenticationMethod: undefined as unknown as string }, "authenticationMethod", ValidationRule.authMethodMissing],
    ["a different method", { authenticationMethod: "SCRAM-SHA-256" }, "authenticationMethod", ValidationRule.authMethodMismatch],
    ["a method differing only in case", { authenticationMethod: "scram-sha-1" }, "authenticationMethod", ValidationRule.authMethodMismatch],
    ["authentication data over 65,535 bytes", { authenticationData: new Uint8Array(65_536) }, "authenticationData", ValidationRule.binaryTooLong],
    ["a lone surrogate in the reason string", { reasonString: "\uD800" }, "reasonString", ValidationRule.loneSurrogate],
    ["a bad user property", { userProperties: [{ name: "a", value: "\u0000" }] }, "userProperties[0].value", ValidationRule.nullCharacter],
  ];
  for (const [label, overrides, field, rule] of cases) {
    test(`refuses ${label}`, () => expectValidationError(() => validateAuthPacket(auth(overrides), withMethod), field, rule));
  }

  test("accepts authentication data, a reason string and user properties", () => {
    validateAuthPacket(
      auth({ reasonCode: AuthReasonCode.ReAuthenticate, authenticationData: Uint8Array.of(1), reasonString: "r", userProperties: [] }),
      withMethod,
    );
  });
});
