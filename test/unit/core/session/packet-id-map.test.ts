// PacketIdMap against a Map as the model: seeded random binds and unbinds over the whole id range and over
// consecutive ids (how the allocator hands them out), through growth and wrap-around.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PacketIdMap } from "../../../../src/core/session/packet-id-map.js";
import { SeededRandom } from "../../../support/seeded-random.js";

function check(map: PacketIdMap, model: Map<number, number>, context: string): void {
  assert.equal(map.size, model.size, `${context}: size`);
  for (const [id, opId] of model) assert.equal(map.get(id), opId, `${context}: get(${id})`);
}

test("behaves like a Map<packetId, opId> under random workloads", () => {
  for (let seed = 1; seed <= 30; seed++) {
    const random = new SeededRandom(seed);
    const map = new PacketIdMap();
    const model = new Map<number, number>();
    let consecutive = 1;
    let opId = 1;
    for (let step = 0; step < 6000; step++) {
      const roll = random.float();
      if (roll < 0.5) {
        // Consecutive ids wrapping at 65535, sometimes a random one (or a rebind of a bound id).
        const id = random.bool(0.8) ? consecutive : random.int(1, 65535);
        consecutive = consecutive === 65535 ? 1 : consecutive + 1;
        map.set(id, opId);
        model.set(id, opId++);
      } else if (roll < 0.95 && model.size > 0) {
        const id = random.pick([...model.keys()]);
        assert.equal(map.delete(id), true);
        model.delete(id);
      } else {
        const id = random.int(1, 65535);
        assert.equal(map.get(id), model.get(id));
        assert.equal(map.delete(id), model.delete(id));
      }
      if (step % 50 === 0) check(map, model, `seed ${seed} step ${step}`);
    }
    check(map, model, `seed ${seed} end`);
    map.clear();
    assert.equal(map.size, 0);
    for (const id of model.keys()) assert.equal(map.get(id), undefined);
  }
});

test("holds every id at once (65535 in flight) and gives back exactly what was bound", () => {
  const map = new PacketIdMap();
  for (let id = 1; id <= 65535; id++) map.set(id, id * 3);
  assert.equal(map.size, 65535);
  for (let id = 1; id <= 65535; id += 1) assert.equal(map.get(id), id * 3);
  for (let id = 1; id <= 65535; id += 2) assert.equal(map.delete(id), true);
  for (let id = 1; id <= 65535; id++) assert.equal(map.get(id), id % 2 === 0 ? id * 3 : undefined);
  assert.equal(map.get(0), undefined);
});
