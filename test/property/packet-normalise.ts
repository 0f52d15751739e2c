// Puts a Packet into the one representation the decoder is expected to produce, so that round-trip tests can
// compare with assert.deepStrictEqual. Each rule below is a representation difference the wire cannot carry —
// never a difference in content:
//  - An empty `userProperties` (or `subscriptionIdentifiers`) list and an absent one encode to the same bytes
//    (no property at all), and the decoder reports absence [preamble: "userProperties absent when there are none"].
//  - Subscription options are bits that are always on the wire, so an absent noLocal / retainAsPublished /
//    retainHandlingType means false / false / SendOnSubscribe; we write the explicit value on both sides because
//    the decoder may report either form.
//  - Binary fields are copied into plain Uint8Arrays: the decoder may hand out views into its input buffer (or a
//    Uint8Array subclass), and deepStrictEqual also compares prototypes.
// Keys whose value is `undefined` are kept on purpose: the decoder must omit absent fields, not set them to
// undefined, and deepStrictEqual({ a: undefined }, {}) fails.
import { RetainHandlingType } from "../../src/core/model/enums.js";
import type { Packet, Subscription, UserProperty } from "../../src/core/model/packet.js";

type Plain = { [key: string]: unknown };

function normaliseValue(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (key === "subscriptions" && Array.isArray(value)) return value.map((s: Subscription) => normaliseSubscription(s));
  if (key === "userProperties" && Array.isArray(value)) {
    return value.map((u: UserProperty) => ({ name: u.name, value: u.value }));
  }
  if (Array.isArray(value)) return value.slice();
  if (value !== null && typeof value === "object") return normaliseObject(value as Plain);
  return value;
}

function normaliseObject(source: Plain): Plain {
  const out: Plain = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    if ((key === "userProperties" || key === "subscriptionIdentifiers") && Array.isArray(value) && value.length === 0) {
      continue;
    }
    out[key] = normaliseValue(key, value);
  }
  return out;
}

function normaliseSubscription(s: Subscription): Subscription {
  return {
    ...s,
    noLocal: s.noLocal ?? false,
    retainAsPublished: s.retainAsPublished ?? false,
    retainHandlingType: s.retainHandlingType ?? RetainHandlingType.SendOnSubscribe,
  };
}

/** A deep copy of `packet` in canonical representation (see the header comment). */
export function normalisePacket(packet: Packet): Packet {
  return normaliseObject(packet as unknown as Plain) as unknown as Packet;
}

/** Own keys whose value is `undefined` anywhere in the packet (the decoder must not produce any). */
export function undefinedKeys(value: unknown, path = "packet"): string[] {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return [];
  const found: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) found.push(`${path}.${key}`);
    else found.push(...undefinedKeys(inner, `${path}.${key}`));
  }
  return found;
}

/** One-line description of a packet for failure messages (type and sizes, not the full content). */
export function describePacket(packet: Packet): string {
  return JSON.stringify(packet, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return `<${value.length} bytes>`;
    if (typeof value === "string" && value.length > 80) return `${value.slice(0, 40)}…<${value.length} chars>`;
    return value;
  }).slice(0, 2000);
}
