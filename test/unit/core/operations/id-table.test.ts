// IdTable against a Map as the model: the same contents and order through seeded random workloads (settling in
// and out of order, skipped ids, long-lived stragglers), plus the window mechanics that keep it allocation-light.
import { test } from "node:test";
import assert from "node:assert/strict";
import { IdTable } from "../../../../src/core/operations/id-table.js";
import { SeededRandom } from "../../../support/seeded-random.js";

function assertSame(table: IdTable<string>, model: Map<number, string>, context: string): void {
  assert.equal(table.size, model.size, `${context}: size`);
  assert.deepEqual(table.values(), [...model.values()], `${context}: values in insertion order`);
  assert.deepEqual(table.ids(), [...model.keys()], `${context}: ids in insertion order`);
}

test("behaves like a Map with increasing keys under random workloads (order kept)", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const random = new SeededRandom(seed);
    const table = new IdTable<string>();
    const model = new Map<number, string>();
    let nextId = 1;
    for (let step = 0; step < 4000; step++) {
      const roll = random.float();
      if (roll < 0.5) {
        const skip = random.float();
        // Sometimes ids are skipped (operations settled at submission), rarely thousands at once.
        nextId += skip < 0.005 ? 2_000 + Math.floor(random.float() * 3_000) : skip < 0.1 ? 1 + Math.floor(random.float() * 50) : 1;
        table.set(nextId, `v${nextId}`);
        model.set(nextId, `v${nextId}`);
      } else if (model.size > 0) {
        const keys = [...model.keys()];
        // Mostly the oldest (settled in order), sometimes any, sometimes an unknown id.
        const id = roll < 0.8 ? (keys[0] as number) : roll < 0.97 ? (keys[Math.floor(random.float() * keys.length)] as number) : nextId + 7;
        assert.equal(table.get(id), model.get(id), `seed ${seed} step ${step}: get(${id})`);
        const expected = model.get(id);
        assert.equal(table.take(id), expected, `seed ${seed} step ${step}: take(${id})`);
        model.delete(id);
      }
      if (step % 97 === 0) assertSame(table, model, `seed ${seed} step ${step}`);
    }
    assertSame(table, model, `seed ${seed} end`);
  }
});

test("an entry that outlives thousands of later ones is kept (as a straggler), in order, and can be taken", () => {
  const table = new IdTable<string>();
  table.set(1, "old");
  for (let id = 2; id < 10_000; id++) {
    table.set(id, `v${id}`);
    assert.equal(table.take(id), `v${id}`);
  }
  table.set(10_000, "new");
  assert.deepEqual(table.values(), ["old", "new"]);
  assert.equal(table.get(1), "old");
  assert.equal(table.delete(1), true);
  assert.equal(table.delete(1), false);
  assert.deepEqual(table.ids(), [10_000]);
});

test("a wide gap between ids does not keep thousands of holes alive", () => {
  const table = new IdTable<string>();
  table.set(1, "a");
  table.set(2, "a2");
  table.set(100_000, "b");
  table.set(100_001, "c");
  assert.deepEqual(table.values(), ["a", "a2", "b", "c"]);
  assert.ok((table as unknown as { slots: unknown[] }).slots.length <= 2, "the window restarted at the new id");
  assert.equal(table.take(2), "a2");
  assert.equal(table.take(100_001), "c");
  assert.equal(table.take(100_000), "b");
  assert.equal(table.take(1), "a");
  assert.equal(table.size, 0);
});
