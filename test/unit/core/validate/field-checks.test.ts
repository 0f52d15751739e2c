import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  checkBinary,
  checkInteger,
  checkOptionalBinary,
  checkOptionalBoolean,
  checkOptionalString,
  checkOptionalU32,
  checkQos,
  checkString,
  checkUserProperties,
  isIntegerInRange,
} from "../../../../src/core/validate/field-checks.js";
import { ValidationRule } from "../../../../src/core/validate/rules.js";
import { expectValidationError } from "./expect-validation-error.js";

describe("field checks", () => {
  test("checkString joins prefix and name only into the error", () => {
    checkString("ok", "p.", "name");
    expectValidationError(() => checkString("\u0000", "p.", "name"), "p.name", ValidationRule.nullCharacter);
    expectValidationError(() => checkString(undefined, "", "name"), "name", ValidationRule.notString);
  });

  test("optional checks skip undefined only", () => {
    checkOptionalString(undefined, "", "s");
    checkOptionalBinary(undefined, "", "b");
    checkOptionalBoolean(undefined, "", "f");
    checkOptionalU32(undefined, "", "u");
    expectValidationError(() => checkOptionalString(null, "", "s"), "s", ValidationRule.notString);
    expectValidationError(() => checkOptionalBinary(null, "", "b"), "b", ValidationRule.notBinary);
    expectValidationError(() => checkOptionalBoolean(null, "", "f"), "f", ValidationRule.notBoolean);
    expectValidationError(() => checkOptionalU32(null, "", "u"), "u", ValidationRule.u32);
  });

  test("binary data: Uint8Array up to 65,535 bytes", () => {
    checkBinary(new Uint8Array(65_535), "", "b");
    checkBinary(new Uint8Array(new ArrayBuffer(10), 2, 3), "", "b");
    expectValidationError(() => checkBinary(new Uint8Array(65_536), "", "b"), "b", ValidationRule.binaryTooLong);
    expectValidationError(() => checkBinary([1, 2], "", "b"), "b", ValidationRule.notBinary);
  });

  const integerCases: Array<[unknown, boolean]> = [
    [0, true],
    [65_535, true],
    [-1, false],
    [65_536, false],
    [1.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    ["1", false],
    [undefined, false],
  ];
  for (const [value, expected] of integerCases) {
    test(`isIntegerInRange(${String(value)}, 0, 65535) is ${expected}`, () => {
      assert.equal(isIntegerInRange(value, 0, 65_535), expected);
      if (!expected) expectValidationError(() => checkInteger(value, 0, 65_535, "", "n", ValidationRule.u16), "n", ValidationRule.u16);
    });
  }

  test("u32 bounds", () => {
    checkOptionalU32(0, "", "u");
    checkOptionalU32(4_294_967_295, "", "u");
    expectValidationError(() => checkOptionalU32(4_294_967_296, "", "u"), "u", ValidationRule.u32);
  });

  test("QoS 0..2 only", () => {
    for (const qos of [0, 1, 2]) checkQos(qos, "", "qos");
    for (const qos of [3, -1, 1.5, "1", undefined]) expectValidationError(() => checkQos(qos, "", "qos"), "qos", ValidationRule.qos);
  });

  test("user properties: order and index are reported", () => {
    checkUserProperties(undefined, "");
    checkUserProperties([], "");
    checkUserProperties([{ name: "a", value: "1" }, { name: "a", value: "2" }], "");
    expectValidationError(() => checkUserProperties("x", "w."), "w.userProperties", ValidationRule.notArray);
    expectValidationError(() => checkUserProperties([{ name: "a", value: "1" }, 3], ""), "userProperties[1]", ValidationRule.notUserProperty);
    expectValidationError(
      () => checkUserProperties([{ name: "a", value: "1" }, { name: "b", value: "2" }, { name: "c", value: "\uDFFF" }], ""),
      "userProperties[2].value",
      ValidationRule.loneSurrogate,
    );
  });
});
