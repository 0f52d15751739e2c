import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PacketIdAllocator } from "../../../../src/core/session/packet-id-allocator.js";
import { SeededRandom } from "../../../support/seeded-random.js";

describe("PacketIdAllocator", () => {
  it("starts at 1 and walks forward", () => {
    const ids = new PacketIdAllocator();
    assert.deepEqual([ids.allocate(), ids.allocate(), ids.allocate()], [1, 2, 3]);
    assert.equal(ids.boundCount, 3);
    assert.ok(ids.isBound(2));
  });

  it("does not reuse a just-released id at once", () => {
    const ids = new PacketIdAllocator();
    const first = ids.allocate();
    assert.equal(first, 1);
    ids.release(1);
    assert.equal(ids.isBound(1), false);
    assert.equal(ids.allocate(), 2);
  });

  it("wraps 65535 → 1 and never hands out 0 [MQTT-2.2.1-3]", () => {
    const ids = new PacketIdAllocator();
    for (let i = 1; i <= 65534; i++) {
      const id = ids.allocate();
      assert.equal(id, i);
      ids.release(i);
    }
    assert.equal(ids.allocate(), 65535);
    assert.equal(ids.allocate(), 1);
    assert.equal(ids.allocate(), 2);
    assert.equal(ids.isBound(0), false);
  });

  it("skips ids that are still bound, across the wrap", () => {
    const ids = new PacketIdAllocator();
    for (let i = 0; i < 10; i++) ids.allocate(); // 1..10 bound
    for (let id = 11; id <= 65533; id++) ids.bind(id);
    ids.release(65533);
    ids.release(4);
    ids.release(7);
    // next walk position is 65534
    assert.equal(ids.allocate(), 65534);
    assert.equal(ids.allocate(), 65535);
    assert.equal(ids.allocate(), 4);
    assert.equal(ids.allocate(), 7);
    assert.equal(ids.allocate(), 65533);
    assert.equal(ids.allocate(), undefined);
  });

  it("returns undefined when all 65,535 ids are bound, and recovers after a release", () => {
    const ids = new PacketIdAllocator();
    const seen = new Set<number>();
    for (let i = 0; i < 65535; i++) {
      const id = ids.allocate();
      assert.ok(id !== undefined && id >= 1 && id <= 65535);
      seen.add(id);
    }
    assert.equal(seen.size, 65535);
    assert.equal(ids.boundCount, 65535);
    assert.equal(ids.allocate(), undefined);
    assert.equal(ids.boundCount, 65535);
    ids.release(31337);
    assert.equal(ids.allocate(), 31337);
    assert.equal(ids.allocate(), undefined);
  });

  it("ignores releases of unbound or invalid ids", () => {
    const ids = new PacketIdAllocator();
    ids.allocate();
    for (const id of [0, 2, 65536, -1, 1.5, NaN]) ids.release(id);
    assert.equal(ids.boundCount, 1);
    ids.release(1);
    ids.release(1);
    assert.equal(ids.boundCount, 0);
  });

  it("bind marks a specific id and refuses duplicates and invalid ids", () => {
    const ids = new PacketIdAllocator();
    assert.equal(ids.bind(500), true);
    assert.equal(ids.bind(500), false);
    assert.equal(ids.bind(0), false);
    assert.equal(ids.bind(65536), false);
    assert.equal(ids.boundCount, 1);
    assert.equal(ids.allocate(), 501);
  });

  it("releaseAll frees everything", () => {
    const ids = new PacketIdAllocator();
    for (let i = 0; i < 100; i++) ids.allocate();
    ids.releaseAll();
    assert.equal(ids.boundCount, 0);
    assert.equal(ids.isBound(50), false);
    const next = ids.allocate();
    assert.ok(next !== undefined && next >= 1);
    assert.equal(ids.boundCount, 1);
  });

  it("never hands out an id that is still bound (seeded random workload)", () => {
    const random = new SeededRandom(99);
    const ids = new PacketIdAllocator();
    const model = new Set<number>();
    for (let step = 0; step < 200_000; step++) {
      if (model.size > 0 && random.bool(model.size / 70_000)) {
        // release a random bound id: pick from a small window to keep it cheap
        const target = random.int(1, 65535);
        if (model.has(target)) {
          ids.release(target);
          model.delete(target);
        }
        continue;
      }
      const id = ids.allocate();
      if (model.size === 65535) {
        assert.equal(id, undefined);
        continue;
      }
      assert.ok(id !== undefined && id >= 1 && id <= 65535);
      assert.equal(model.has(id), false, `id ${id} handed out twice`);
      model.add(id);
      assert.equal(ids.boundCount, model.size);
    }
  });
});
