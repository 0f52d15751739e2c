import { describe, test } from "node:test";
import { PacketType, PayloadFormatIndicator, QoS } from "../../../../src/core/model/enums.js";
import type { ConnectPacket, WillMessage } from "../../../../src/core/model/packet.js";
import { validateConnectPacket, validateWillMessage } from "../../../../src/core/validate/outbound-connect.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

function connect(overrides: Partial<ConnectPacket> = {}): ConnectPacket {
  return { type: PacketType.Connect, clientId: "device-1", cleanStart: true, keepAliveIntervalSeconds: 60, ...overrides };
}

function will(overrides: Partial<WillMessage> = {}): WillMessage {
  return { topicName: "status/device-1", payload: Uint8Array.of(0x6f, 0x66, 0x66), qos: QoS.AtLeastOnce, retain: true, ...overrides };
}

const bad = <T>(value: unknown): T => value as T;

describe("validateConnectPacket accepts", () => {
  const good: Array<[string, Partial<ConnectPacket>]> = [
    ["a minimal CONNECT", {}],
    ["an empty client id (server assigns one)", { clientId: "" }],
    ["keep-alive 0 and 65535", { keepAliveIntervalSeconds: 65_535 }],
    ["a password without user name", { password: Uint8Array.of(1, 2) }],
    ["an empty user name", { username: "" }],
    ["every property at its limit", {
      sessionExpiryIntervalSeconds: 4_294_967_295,
      receiveMaximum: 65_535,
      maximumPacketSizeBytes: 4_294_967_295,
      topicAliasMaximum: 65_535,
      requestResponseInformation: true,
      requestProblemInformation: false,
      authenticationMethod: "SCRAM-SHA-256",
      authenticationData: new Uint8Array(65_535),
      userProperties: [{ name: "a", value: "b" }],
    }],
    ["minimum non-zero values", { receiveMaximum: 1, maximumPacketSizeBytes: 1, topicAliasMaximum: 0, sessionExpiryIntervalSeconds: 0 }],
    ["a will with every property", {
      will: will({
        willDelayIntervalSeconds: 30,
        payloadFormat: PayloadFormatIndicator.Utf8,
        messageExpiryIntervalSeconds: 60,
        contentType: "text/plain",
        responseTopic: "r",
        correlationData: Uint8Array.of(1),
        userProperties: [{ name: "k", value: "v" }],
      }),
    }],
    ["a will with QoS 2 and a 65,535-byte payload", { will: will({ qos: QoS.ExactlyOnce, payload: new Uint8Array(65_535) }) }],
  ];
  for (const [label, overrides] of good) {
    test(label, () => validateConnectPacket(connect(overrides)));
  }
});

describe("validateConnectPacket refuses", () => {
  const cases: Array<[string, Partial<ConnectPacket>, string, string]> = [
    ["a lone surrogate in the client id", { clientId: "dev\uD800" }, "clientId", ValidationRule.loneSurrogate],
    ["U+0000 in the client id", { clientId: "\u0000" }, "clientId", ValidationRule.nullCharacter],
    ["a client id over 65,535 bytes", { clientId: "c".repeat(65_536) }, "clientId", ValidationRule.stringTooLong],
    ["a non-string client id", { clientId: bad(5) }, "clientId", ValidationRule.notString],
    ["a non-boolean clean start", { cleanStart: bad(1) }, "cleanStart", ValidationRule.notBoolean],
    ["keep-alive 65536", { keepAliveIntervalSeconds: 65_536 }, "keepAliveIntervalSeconds", ValidationRule.u16],
    ["negative keep-alive", { keepAliveIntervalSeconds: -1 }, "keepAliveIntervalSeconds", ValidationRule.u16],
    ["a lone surrogate in the user name", { username: "\uDFFF" }, "username", ValidationRule.loneSurrogate],
    ["a password over 65,535 bytes", { password: new Uint8Array(65_536) }, "password", ValidationRule.binaryTooLong],
    ["a string password", { password: bad("hunter2") }, "password", ValidationRule.notBinary],
    ["session expiry above u32", { sessionExpiryIntervalSeconds: 2 ** 32 }, "sessionExpiryIntervalSeconds", ValidationRule.u32],
    ["receive maximum 0", { receiveMaximum: 0 }, "receiveMaximum", ValidationRule.nonZeroU16],
    ["receive maximum 65536", { receiveMaximum: 65_536 }, "receiveMaximum", ValidationRule.nonZeroU16],
    ["maximum packet size 0", { maximumPacketSizeBytes: 0 }, "maximumPacketSizeBytes", ValidationRule.nonZeroU32],
    ["maximum packet size above u32", { maximumPacketSizeBytes: 2 ** 32 }, "maximumPacketSizeBytes", ValidationRule.nonZeroU32],
    ["topic alias maximum 65536", { topicAliasMaximum: 65_536 }, "topicAliasMaximum", ValidationRule.u16],
    ["request response information 2", { requestResponseInformation: bad(2) }, "requestResponseInformation", ValidationRule.notBoolean],
    ["request problem information 1", { requestProblemInformation: bad(1) }, "requestProblemInformation", ValidationRule.notBoolean],
    ["authentication data without method", { authenticationData: Uint8Array.of(1) }, "authenticationData", ValidationRule.authenticationDataWithoutMethod],
    ["authentication data over 65,535 bytes", { authenticationMethod: "m", authenticationData: new Uint8Array(65_536) }, "authenticationData", ValidationRule.binaryTooLong],
    ["U+0000 in the authentication method", { authenticationMethod: "\u0000" }, "authenticationMethod", ValidationRule.nullCharacter],
    ["a bad user property", { userProperties: [{ name: "ok", value: "\uD800" }] }, "userProperties[0].value", ValidationRule.loneSurrogate],
    ["an empty will topic", { will: will({ topicName: "" }) }, "will.topicName", ValidationRule.topicEmpty],
    ["a wildcard in the will topic", { will: will({ topicName: "status/+" }) }, "will.topicName", ValidationRule.topicNameWildcard],
    ["a lone surrogate in the will topic", { will: will({ topicName: "\uD800" }) }, "will.topicName", ValidationRule.loneSurrogate],
    ["will QoS 3", { will: will({ qos: bad(3) }) }, "will.qos", ValidationRule.qos],
    ["a non-boolean will retain", { will: will({ retain: bad(0) }) }, "will.retain", ValidationRule.notBoolean],
    ["a will payload over 65,535 bytes", { will: will({ payload: new Uint8Array(65_536) }) }, "will.payload", ValidationRule.binaryTooLong],
    ["a string will payload", { will: will({ payload: bad("offline") }) }, "will.payload", ValidationRule.notBinary],
    ["will delay above u32", { will: will({ willDelayIntervalSeconds: 2 ** 32 }) }, "will.willDelayIntervalSeconds", ValidationRule.u32],
    ["a non-UTF-8 will payload flagged Utf8", { will: will({ payloadFormat: PayloadFormatIndicator.Utf8, payload: Uint8Array.of(0xed, 0xa0, 0x80) }) }, "will.payload", ValidationRule.payloadNotUtf8],
    ["a wildcard in the will response topic", { will: will({ responseTopic: "r/#" }) }, "will.responseTopic", ValidationRule.topicNameWildcard],
    ["a lone surrogate in the will content type", { will: will({ contentType: "\uDC00" }) }, "will.contentType", ValidationRule.loneSurrogate],
    ["a bad will user property", { will: will({ userProperties: [{ name: "\u0000", value: "" }] }) }, "will.userProperties[0].name", ValidationRule.nullCharacter],
  ];
  for (const [label, overrides, field, rule] of cases) {
    test(`${label} → ${field}`, () => expectValidationError(() => validateConnectPacket(connect(overrides)), field, rule));
  }

  test("the field prefix names configuration paths", () => {
    expectValidationError(
      () => validateConnectPacket(connect({ receiveMaximum: 0 }), "connectProperties."),
      "connectProperties.receiveMaximum",
      ValidationRule.nonZeroU16,
    );
    expectValidationError(
      () => validateConnectPacket(connect({ will: will({ topicName: "#" }) }), "connectProperties."),
      "connectProperties.will.topicName",
      ValidationRule.topicNameWildcard,
    );
  });

  test("validateWillMessage uses the prefix it is given", () => {
    expectValidationError(() => validateWillMessage(will({ qos: bad(7) }), "lastWill."), "lastWill.qos", ValidationRule.qos);
  });
});
