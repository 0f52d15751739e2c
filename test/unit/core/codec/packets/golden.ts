// Shared checks for the per-packet golden vectors: a vector is a packet and the bytes the standard says it
// encodes to, checked in both directions (and through the streaming decoder, one byte at a time).
import assert from "node:assert/strict";
import { decodePacket, encodePacket, packetSize, PacketDecoder } from "../../../../../src/core/codec/index.js";
import { MalformedPacketError, ProtocolError } from "../../../../../src/core/errors.js";
import type { Packet } from "../../../../../src/core/model/packet.js";
import { toHex } from "../../../../support/hex.js";

/** Splits a complete frame into its first byte and its body (after the Remaining Length). */
export function splitFrame(frame: Uint8Array): { firstByte: number; body: Uint8Array } {
  let index = 1;
  while ((frame[index]! & 0x80) !== 0) index++;
  return { firstByte: frame[0]!, body: frame.subarray(index + 1) };
}

export function decodeFrameBytes(frame: Uint8Array): Packet {
  const { firstByte, body } = splitFrame(frame);
  return decodePacket(firstByte, body);
}

/** Pushes `bytes` into a fresh PacketDecoder in chunks of `chunkSize`. */
export function decodeStream(bytes: Uint8Array, chunkSize = 1): Packet[] {
  const decoder = new PacketDecoder();
  const packets: Packet[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    packets.push(...decoder.push(bytes.subarray(offset, offset + chunkSize)));
  }
  assert.equal(decoder.bufferedBytes, 0, "decoder holds leftover bytes");
  return packets;
}

/** encode(packet) equals `bytes`, packetSize agrees, and decoding `bytes` gives `packet` back. */
export function assertGolden(packet: Packet, bytes: Uint8Array): void {
  assert.equal(toHex(encodePacket(packet)), toHex(bytes), "encoded bytes");
  assert.equal(packetSize(packet), bytes.length, "packetSize");
  assertDecodes(bytes, packet);
}

/** Decoding `bytes` (whole, and streamed one byte at a time) gives `packet`. */
export function assertDecodes(bytes: Uint8Array, packet: Packet): void {
  assert.deepStrictEqual(decodeFrameBytes(bytes), packet, "decodePacket");
  assert.deepStrictEqual(decodeStream(bytes, 1), [packet], "PacketDecoder, 1-byte chunks");
  assert.deepStrictEqual(decodeStream(bytes, bytes.length), [packet], "PacketDecoder, one chunk");
}

type ErrorKind = "malformed" | "protocol";

/**
 * Decoding `bytes` fails with MalformedPacketError (0x81) or with a plain ProtocolError carrying `reasonCode`,
 * both through decodePacket and through the streaming decoder.
 */
export function assertDecodeFails(bytes: Uint8Array, kind: ErrorKind, reasonCode = kind === "malformed" ? 0x81 : 0x82): void {
  const check = (error: unknown): boolean => {
    assert.ok(error instanceof ProtocolError, `expected a ProtocolError, got ${String(error)}`);
    assert.equal(error instanceof MalformedPacketError, kind === "malformed", `error kind: ${error.message}`);
    assert.equal(error.reasonCode, reasonCode, `reason code: ${error.message}`);
    return true;
  };
  assert.throws(() => decodeFrameBytes(bytes), check);
  assert.throws(() => decodeStream(bytes, 1), check);
}

/** Feeding `bytes` to a PacketDecoder (whole, and one byte at a time) fails with MalformedPacketError. */
export function assertStreamFails(bytes: Uint8Array, reasonCode = 0x81): void {
  const check = (error: unknown): boolean =>
    error instanceof ProtocolError && error.reasonCode === reasonCode && (reasonCode !== 0x81 || error instanceof MalformedPacketError);
  assert.throws(() => new PacketDecoder().push(bytes), check);
  assert.throws(() => decodeStream(bytes, 1), check);
}
