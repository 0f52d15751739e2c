import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteWriter } from "../../../../src/core/codec/byte-writer.js";
import { ValidationError } from "../../../../src/core/errors.js";
import { toHex } from "../../../support/hex.js";

test("writes big-endian integers, VBIs, strings with back-filled length, binary and raw bytes", () => {
  const w = new ByteWriter(new Uint8Array(48), 1);
  w.u8(0xab, "a");
  w.u16(0x0102, "b");
  w.u32(0xfffffffe, "c");
  w.vbi(321);
  w.utf8("é/x");
  w.binary(Uint8Array.of(9, 8));
  w.raw(Uint8Array.of(7));
  w.raw(new Uint8Array(20).fill(6));
  assert.equal(w.pos, 1 + 1 + 2 + 4 + 2 + 6 + 4 + 1 + 20);
  assert.equal(
    toHex(w.bytes.subarray(0, w.pos)),
    "00 ab 01 02 ff ff ff fe c1 02 00 04 c3 a9 2f 78 00 02 09 08 07" + " 06".repeat(20),
  );
});

test("integer writes refuse values their field cannot carry", () => {
  const w = new ByteWriter(new Uint8Array(8), 0);
  for (const [write, value] of [
    [(v: number) => w.u8(v, "f"), 256],
    [(v: number) => w.u8(v, "f"), -1],
    [(v: number) => w.u16(v, "f"), 65_536],
    [(v: number) => w.u16(v, "f"), 1.5],
    [(v: number) => w.u32(v, "f"), 2 ** 32],
    [(v: number) => w.u32(v, "f"), -1],
    [(v: number) => w.u32(v, "f"), Number.NaN],
  ] as const) {
    assert.throws(() => write(value), (e: unknown) => e instanceof ValidationError && e.field === "f", String(value));
  }
  assert.equal(w.pos, 0, "nothing written");
});

test("an empty string is just its zero length", () => {
  const w = new ByteWriter(new Uint8Array(2), 0);
  w.utf8("");
  assert.equal(toHex(w.bytes), "00 00");
});
