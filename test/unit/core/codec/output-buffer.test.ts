import assert from "node:assert/strict";
import { test } from "node:test";
import { allocateOutput } from "../../../../src/core/codec/output-buffer.js";

test("buffers are exact-size, zero-filled and never overlap", () => {
  const buffers = Array.from({ length: 2_000 }, (_, i) => allocateOutput(1 + (i % 300)));
  for (const [i, buffer] of buffers.entries()) {
    assert.equal(buffer.length, 1 + (i % 300));
    assert.ok(buffer.every((b) => b === 0));
    buffer.fill(i & 0xff || 1);
  }
  for (const [i, buffer] of buffers.entries()) {
    assert.ok(buffer.every((b) => b === (i & 0xff || 1)), `buffer ${i} was overwritten`);
  }
});

test("large buffers get their own ArrayBuffer", () => {
  const big = allocateOutput(200_000);
  assert.equal(big.byteLength, 200_000);
  assert.equal(big.buffer.byteLength, 200_000);
  assert.equal(big.byteOffset, 0);
});
