// Output buffers for encoded packets. Allocating an ArrayBuffer is expensive in V8 (each one is a separately
// tracked backing store, ~1 µs even for 100 bytes), so small and medium packets are carved out of a shared slab,
// the way Node's Buffer pool works. Each region is handed out exactly once and never reused, so a returned view
// is never overwritten; the cost is that a live view keeps its whole slab alive until it is dropped.
//
// Consequence for callers: an encoded packet is an exact-size *view*. Send `bytes` itself (or
// `bytes.buffer` together with `bytes.byteOffset` and `bytes.byteLength`), never `bytes.buffer` alone.

const SLAB_BYTES = 256 * 1024;
/** Larger packets get their own buffer, so a slab never wastes more than an eighth of itself. */
const LARGEST_POOLED_BYTES = SLAB_BYTES / 8;

let slab: ArrayBuffer | undefined;
let slabOffset = SLAB_BYTES;

/** A zero-filled, never-before-used Uint8Array of exactly `size` bytes. */
export function allocateOutput(size: number): Uint8Array {
  if (size > LARGEST_POOLED_BYTES) return new Uint8Array(size);
  if (slab === undefined || slabOffset + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabOffset = 0;
  }
  const view = new Uint8Array(slab, slabOffset, size);
  slabOffset += size;
  return view;
}
