// Throwing checks for single fields, shared by the packet validators. Each takes the field's path as a prefix and
// a name and joins them only when it throws, so validating a valid packet builds no strings. Values are typed
// `unknown` because packets may come from plain JavaScript callers that TypeScript never checked.

import { ValidationError } from "../errors.js";
import { MAXIMUM_STRING_BYTES, mqttStringViolation } from "./mqtt-utf8.js";
import { ValidationRule } from "./rules.js";

/** Largest value a Variable Byte Integer can carry. */
export const MAXIMUM_VARIABLE_BYTE_INTEGER = 268_435_455;
export const MAXIMUM_TWO_BYTE_INTEGER = 65_535;
export const MAXIMUM_FOUR_BYTE_INTEGER = 4_294_967_295;

export function fail(prefix: string, name: string, rule: string): never {
  throw new ValidationError(prefix + name, rule);
}

/** A required MQTT UTF-8 Encoded String [MQTT-1.5.4-1, -2], ≤ 65,535 bytes. */
export function checkString(value: unknown, prefix: string, name: string): void {
  const rule = mqttStringViolation(value);
  if (rule !== undefined) fail(prefix, name, rule);
}

export function checkOptionalString(value: unknown, prefix: string, name: string): void {
  if (value !== undefined) checkString(value, prefix, name);
}

/** Binary Data: a Uint8Array of at most 65,535 bytes. */
export function checkBinary(value: unknown, prefix: string, name: string): void {
  if (!(value instanceof Uint8Array)) fail(prefix, name, ValidationRule.notBinary);
  if (value.length > MAXIMUM_STRING_BYTES) fail(prefix, name, ValidationRule.binaryTooLong);
}

export function checkOptionalBinary(value: unknown, prefix: string, name: string): void {
  if (value !== undefined) checkBinary(value, prefix, name);
}

export function checkOptionalBoolean(value: unknown, prefix: string, name: string): void {
  if (value !== undefined && typeof value !== "boolean") fail(prefix, name, ValidationRule.notBoolean);
}

export function isIntegerInRange(value: unknown, minimum: number, maximum: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= minimum && value <= maximum;
}

export function checkInteger(
  value: unknown,
  minimum: number,
  maximum: number,
  prefix: string,
  name: string,
  rule: string,
): void {
  if (!isIntegerInRange(value, minimum, maximum)) fail(prefix, name, rule);
}

export function checkOptionalInteger(
  value: unknown,
  minimum: number,
  maximum: number,
  prefix: string,
  name: string,
  rule: string,
): void {
  if (value !== undefined && !isIntegerInRange(value, minimum, maximum)) fail(prefix, name, rule);
}

/** Optional Four Byte Integer property (Session Expiry, Message Expiry, Will Delay, …). */
export function checkOptionalU32(value: unknown, prefix: string, name: string): void {
  checkOptionalInteger(value, 0, MAXIMUM_FOUR_BYTE_INTEGER, prefix, name, ValidationRule.u32);
}

/** Two Byte Integer in `minimum`..65,535 (minimum 1 where the standard makes 0 a Protocol Error). */
export function checkU16(value: unknown, minimum: 0 | 1, prefix: string, name: string): void {
  const rule = minimum === 0 ? ValidationRule.u16 : ValidationRule.nonZeroU16;
  checkInteger(value, minimum, MAXIMUM_TWO_BYTE_INTEGER, prefix, name, rule);
}

export function checkOptionalU16(value: unknown, minimum: 0 | 1, prefix: string, name: string): void {
  if (value !== undefined) checkU16(value, minimum, prefix, name);
}

/** Packet Identifier: 1..65,535 [MQTT-2.2.1-3]; `minimum` 0 accepts "not assigned yet". */
export function checkPacketId(value: unknown, minimum: 0 | 1, prefix: string): void {
  checkInteger(value, minimum, MAXIMUM_TWO_BYTE_INTEGER, prefix, "packetId", ValidationRule.packetIdRange);
}

/** QoS ∈ 0..2; 3 is forbidden on the wire [MQTT-3.3.1-4, MQTT-3.1.2-12]. */
export function checkQos(value: unknown, prefix: string, name: string): void {
  if (value !== 0 && value !== 1 && value !== 2) fail(prefix, name, ValidationRule.qos);
}

/** User Property list: both strings of every pair follow the string rules [MQTT-1.5.7-1]. */
export function checkUserProperties(value: unknown, prefix: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(prefix, "userProperties", ValidationRule.notArray);
  for (let i = 0; i < value.length; i++) {
    const property: unknown = value[i];
    if (typeof property !== "object" || property === null) {
      fail(prefix, `userProperties[${i}]`, ValidationRule.notUserProperty);
    }
    const { name, value: propertyValue } = property as { name?: unknown; value?: unknown };
    const nameRule = mqttStringViolation(name);
    if (nameRule !== undefined) fail(prefix, `userProperties[${i}].name`, nameRule);
    const valueRule = mqttStringViolation(propertyValue);
    if (valueRule !== undefined) fail(prefix, `userProperties[${i}].value`, valueRule);
  }
}
