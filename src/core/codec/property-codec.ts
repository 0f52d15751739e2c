// Reads and writes property blocks (Property Length + properties) driven by the table in properties.ts.
// Decoding enforces, once for every packet: identifier allowed in this context (else Malformed Packet, X-5),
// non-repeatable property at most once (else Protocol Error, X-6), and fixed value domains (else Protocol Error).
import { MalformedPacketError, ProtocolError, ValidationError } from "../errors.js";
import type { UserProperty } from "../model/packet.js";
import { PacketType } from "../model/enums.js";
import type { ByteReader } from "./byte-reader.js";
import type { ByteWriter } from "./byte-writer.js";
import {
  contextName,
  propertyBinding,
  propertyBindings,
  propertyDefinition,
  PropertyId,
  ValueDomain,
  WireType,
  type PropertyBinding,
  type PropertyContext,
} from "./properties.js";
import { MAXIMUM_STRING_BYTES, stringFieldLength } from "./utf8.js";
import { checkedVbiSize, vbiSize } from "./vbi.js";

type FieldRecord = Record<string, unknown>;

/**
 * Reads a property block into `target` (the packet or Will object). Values are stored under the table's field
 * names; repeatable properties are collected into arrays in wire order.
 */
export function decodeProperties(reader: ByteReader, context: PropertyContext, target: object): void {
  const length = reader.vbi("Property Length");
  if (length === 0) return;
  const end = reader.pos + length;
  if (end > reader.end) {
    throw new MalformedPacketError(`${contextName(context)}: Property Length runs past the end of the packet`);
  }
  const outerEnd = reader.end;
  reader.end = end; // a value may not run past its property block
  const record = target as FieldRecord;
  let seenBelow32 = 0;
  let seenFrom32 = 0;
  while (reader.pos < end) {
    // Identifiers are VBIs, but all defined ones fit in one byte; a byte >= 0x80 starts an unknown one.
    const id = reader.u8("property identifier");
    const binding = propertyBinding(context, id);
    if (binding === undefined) {
      if (isToleratedWillDelayInPublish(context, id)) {
        reader.u32("Will Delay Interval");
        continue;
      }
      throw notAllowed(id, context);
    }
    if (binding.repeatable) {
      const value = readValue(reader, binding, context);
      const list = record[binding.field] as unknown[] | undefined;
      if (list === undefined) record[binding.field] = [value];
      else list.push(value);
      continue;
    }
    const bit = 1 << (id & 31);
    if (id < 32) {
      if ((seenBelow32 & bit) !== 0) throw duplicate(binding, context);
      seenBelow32 |= bit;
    } else {
      if ((seenFrom32 & bit) !== 0) throw duplicate(binding, context);
      seenFrom32 |= bit;
    }
    record[binding.field] = readValue(reader, binding, context);
  }
  reader.end = outerEnd;
}

function readValue(reader: ByteReader, binding: PropertyBinding, context: PropertyContext): unknown {
  const path = binding.path;
  switch (binding.wireType) {
    case WireType.Byte:
      return checkDomain(reader.u8(path), binding, context);
    case WireType.BooleanByte:
      return checkDomain(reader.u8(path), binding, context) === 1;
    case WireType.TwoByteInteger:
      return checkDomain(reader.u16(path), binding, context);
    case WireType.FourByteInteger:
      return checkDomain(reader.u32(path), binding, context);
    case WireType.VariableByteInteger:
      return checkDomain(reader.vbi(path), binding, context);
    case WireType.Utf8String:
      return reader.utf8(path);
    case WireType.BinaryData:
      return reader.binary(path);
    case WireType.Utf8StringPair:
      return reader.utf8Pair(path);
  }
}

function checkDomain(value: number, binding: PropertyBinding, context: PropertyContext): number {
  const domain = binding.definition.domain;
  if ((domain === ValueDomain.ZeroOrOne && value > 1) || (domain === ValueDomain.NonZero && value === 0)) {
    throw new ProtocolError(
      0x82,
      `${contextName(context)}: ${binding.definition.name} has the value ${value}, which the standard forbids`,
    );
  }
  return value;
}

/**
 * aedes 2.0 forwards the will's Will Delay Interval inside the will PUBLISH, where the property is not allowed.
 * Rejecting it makes a subscriber with a persistent session disconnect, reconnect, receive the re-sent will
 * and disconnect again, for ever. The value has no meaning in a PUBLISH, so it is read and dropped; any other
 * property out of place is still a Malformed Packet.
 */
function isToleratedWillDelayInPublish(context: PropertyContext, id: number): boolean {
  return context === PacketType.Publish && id === PropertyId.WillDelayInterval;
}

function notAllowed(id: number, context: PropertyContext): MalformedPacketError {
  const definition = propertyDefinition(id);
  const what = definition === undefined ? `unknown property identifier 0x${hex(id)}` : `${definition.name} (0x${hex(id)})`;
  return new MalformedPacketError(`${contextName(context)}: ${what} is not allowed here`);
}

function duplicate(binding: PropertyBinding, context: PropertyContext): ProtocolError {
  return new ProtocolError(
    0x82,
    `${contextName(context)}: ${binding.definition.name} (0x${hex(binding.id)}) appears more than once`,
  );
}

function hex(value: number): string {
  return value.toString(16).padStart(2, "0");
}

/**
 * Byte length of the properties of `source` in `context` (without the Property Length prefix), skipping the
 * classes in `omit` (OMIT_* flags). Checks that every value can be encoded (lengths, VBI range).
 */
export function propertiesLength(source: object, context: PropertyContext, omit: number): number {
  const bindings = propertyBindings(context);
  const record = source as FieldRecord;
  let length = 0;
  for (let i = 0; i < bindings.length; i++) {
    const binding = bindings[i]!;
    if ((binding.omissible & omit) !== 0) continue;
    const value = record[binding.field];
    if (value === undefined) continue;
    if (binding.repeatable) {
      const list = value as readonly unknown[];
      for (let j = 0; j < list.length; j++) length += 1 + valueLength(binding, list[j]);
    } else {
      length += 1 + valueLength(binding, value);
    }
  }
  return length;
}

function valueLength(binding: PropertyBinding, value: unknown): number {
  switch (binding.wireType) {
    case WireType.Byte:
    case WireType.BooleanByte:
      return 1;
    case WireType.TwoByteInteger:
      return 2;
    case WireType.FourByteInteger:
      return 4;
    case WireType.VariableByteInteger:
      return checkedVbiSize(value as number, binding.path);
    case WireType.Utf8String:
      return 2 + stringFieldLength(value as string, binding.path);
    case WireType.BinaryData:
      return 2 + binaryFieldLength(value as Uint8Array, binding.path);
    case WireType.Utf8StringPair: {
      const pair = value as UserProperty;
      return 4 + stringFieldLength(pair.name, binding.path) + stringFieldLength(pair.value, binding.path);
    }
  }
}

/** Byte length of a Binary Data field body; refuses more than 65,535 bytes. */
export function binaryFieldLength(value: Uint8Array, field: string): number {
  if (value.length > MAXIMUM_STRING_BYTES) throw new ValidationError(field, "must be at most 65,535 bytes");
  return value.length;
}

/** Size of a property block including its Property Length prefix. */
export function propertyBlockSize(propertiesByteLength: number): number {
  return vbiSize(propertiesByteLength) + propertiesByteLength;
}

/** Writes Property Length `length` (from propertiesLength with the same `omit`) and the properties. */
export function writeProperties(
  writer: ByteWriter, source: object, context: PropertyContext, omit: number, length: number,
): void {
  writer.vbi(length);
  if (length === 0) return;
  const bindings = propertyBindings(context);
  const record = source as FieldRecord;
  for (let i = 0; i < bindings.length; i++) {
    const binding = bindings[i]!;
    if ((binding.omissible & omit) !== 0) continue;
    const value = record[binding.field];
    if (value === undefined) continue;
    if (binding.repeatable) {
      const list = value as readonly unknown[];
      for (let j = 0; j < list.length; j++) writeValue(writer, binding, list[j]);
    } else {
      writeValue(writer, binding, value);
    }
  }
}

function writeValue(writer: ByteWriter, binding: PropertyBinding, value: unknown): void {
  writer.bytes[writer.pos++] = binding.id; // every identifier fits in a one-byte VBI
  switch (binding.wireType) {
    case WireType.Byte:
      writer.u8(value as number, binding.path);
      return;
    case WireType.BooleanByte:
      writer.u8(value === true ? 1 : 0, binding.path);
      return;
    case WireType.TwoByteInteger:
      writer.u16(value as number, binding.path);
      return;
    case WireType.FourByteInteger:
      writer.u32(value as number, binding.path);
      return;
    case WireType.VariableByteInteger:
      writer.vbi(value as number);
      return;
    case WireType.Utf8String:
      writer.utf8(value as string);
      return;
    case WireType.BinaryData:
      writer.binary(value as Uint8Array);
      return;
    case WireType.Utf8StringPair: {
      const pair = value as UserProperty;
      writer.utf8(pair.name);
      writer.utf8(pair.value);
      return;
    }
  }
}
