// What the core must do when the server breaks the protocol (conformance X-29, §4.13): report a typed
// ProtocolError carrying the reason code, write DISCONNECT with that code when the transport is free, close the
// transport, and reconnect — without ever throwing out of handle(). Shared by the protocol-violation scenarios
// and the inbound-validation conformance rows. Also: hand-made frames for packets our encoder refuses to produce.
import assert from "node:assert/strict";
import type { CoreHarness } from "./core-harness.js";
import { assertLifecycleInvariants } from "./lifecycle-invariants.js";
import { PacketType } from "../../src/core/model/enums.js";
import { ProtocolError } from "../../src/core/errors.js";
import type { ClientEvent } from "../../src/core/io.js";

/** A frame: first byte, Remaining Length (VBI, computed), body. */
export function frame(firstByte: number, body: ArrayLike<number>): Uint8Array {
  const length = body.length;
  const vbi: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    vbi.push(byte);
  } while (rest > 0);
  return new Uint8Array([firstByte, ...vbi, ...Array.from(body)]);
}

/** A UTF-8 string field (2-byte length + bytes). */
export function utf8Field(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
}

/** CONNACK success with the given raw property bytes (property length computed; < 128 bytes). */
export function connackWithProperties(properties: number[], flags = 0, reasonCode = 0): Uint8Array {
  return frame(0x20, [flags, reasonCode, properties.length, ...properties]);
}

/** QoS 0 PUBLISH to `topic` with raw property bytes (< 128 bytes) and a one-byte payload. */
export function publishWithProperties(topic: string, properties: number[], firstByte = 0x30, packetId?: number): Uint8Array {
  const id = packetId === undefined ? [] : [packetId >> 8, packetId & 0xff];
  return frame(firstByte, [...utf8Field(topic), ...id, properties.length, ...properties, 0x41]);
}

export interface ViolationExpectation {
  /** Reason code of the ProtocolError (and of the DISCONNECT, when one is written). */
  reasonCode: number;
  /** Whether a DISCONNECT must be written (default true; false e.g. in answer to a server DISCONNECT). */
  writesDisconnect?: boolean;
}

type FinalEvent = Extract<ClientEvent, { kind: "connectionFailure" | "disconnection" }>;

/**
 * Runs `send` (which makes the server misbehave) and checks the reaction: the attempt/connection ends with a
 * ProtocolError carrying `reasonCode`, a DISCONNECT with that code is the last packet on the transport (or none),
 * the transport is closed, a reconnect is scheduled and the lifecycle pairing holds. Returns the final event.
 */
export function expectProtocolViolation(h: CoreHarness, send: () => void, expected: ViolationExpectation): FinalEvent {
  const wasConnected = h.core.isConnected();
  const eventsBefore = h.events.length;
  const closesBefore = h.closeCount;
  send();
  const finals = h.events.slice(eventsBefore).filter((e): e is FinalEvent => e.kind === "connectionFailure" || e.kind === "disconnection");
  assert.equal(finals.length, 1, `exactly one final event, got ${h.events.slice(eventsBefore).map((e) => e.kind).join(", ")}`);
  const final = finals[0] as FinalEvent;
  assert.equal(final.kind, wasConnected ? "disconnection" : "connectionFailure");
  assert.ok(final.error instanceof ProtocolError, `expected a ProtocolError, got ${final.error.constructor.name}: ${final.error.message}`);
  assert.equal(final.error.reasonCode, expected.reasonCode, final.error.message);
  const disconnects = h.writtenOnTransport.filter((p) => p.type === PacketType.Disconnect);
  if (expected.writesDisconnect ?? true) {
    assert.equal(disconnects.length, 1, "one DISCONNECT written");
    const last = h.writtenOnTransport.at(-1);
    assert.ok(last?.type === PacketType.Disconnect, "the DISCONNECT is the last packet written [MQTT-3.14.4-1]");
    assert.equal(last.reasonCode, expected.reasonCode);
  } else {
    assert.equal(disconnects.length, 0, "no DISCONNECT written");
  }
  assert.equal(h.closeCount, closesBefore + 1, "the transport is closed [MQTT-3.14.4-2]");
  assert.equal(h.core.isConnected(), false);
  assert.ok(h.core.nextDeadline() !== undefined, "a reconnect is scheduled");
  assertLifecycleInvariants(h.events);
  return final;
}
