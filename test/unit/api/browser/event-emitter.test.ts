// The browser client's built-in event emitter: Node EventEmitter semantics for what users call, checked side by
// side with node:events where the behaviour must match.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter, once } from "node:events";
import { TypedEventEmitter } from "../../../../src/api/browser/event-emitter.js";

interface Events {
  data: number;
  error: Error;
  other: string;
}

class Emitter extends TypedEventEmitter<Events> {}

test("on/addListener keep registration order; emit passes the payload with `this` = the emitter and reports listeners", () => {
  const emitter = new Emitter();
  const calls: string[] = [];
  const selves: unknown[] = [];
  emitter.on("data", function (this: unknown, value) {
    selves.push(this);
    calls.push(`a${value}`);
  });
  emitter.addListener("data", (value) => calls.push(`b${value}`));
  emitter.prependListener("data", (value) => calls.push(`p${value}`));
  assert.equal(emitter.emit("data", 1), true);
  assert.equal(emitter.emit("other", "x"), false);
  assert.deepEqual(calls, ["p1", "a1", "b1"]);
  assert.deepEqual(selves, [emitter]);
  assert.equal(emitter.listenerCount("data"), 3);
  assert.deepEqual(emitter.eventNames(), ["data"]);
});

test("once runs a single time and is removed before it runs (a re-entrant emit does not call it again), as in node:events", () => {
  for (const make of [() => new Emitter(), () => new EventEmitter()]) {
    const emitter = make() as unknown as Emitter;
    const calls: number[] = [];
    emitter.once("data", (value) => {
      calls.push(value);
      emitter.emit("data", value + 1);
    });
    emitter.prependOnceListener("data", (value) => calls.push(value * 10));
    emitter.emit("data", 1);
    emitter.emit("data", 5);
    assert.deepEqual(calls, [10, 1], make.name);
    assert.equal(emitter.listenerCount("data"), 0);
  }
});

test("off/removeListener remove the last registration of that listener, also a once registration", () => {
  const emitter = new Emitter();
  const calls: string[] = [];
  const listener = (value: number): void => {
    calls.push(`l${value}`);
  };
  emitter.on("data", listener);
  emitter.on("data", (value) => calls.push(`x${value}`));
  emitter.on("data", listener);
  emitter.off("data", listener);
  emitter.emit("data", 1);
  assert.deepEqual(calls, ["l1", "x1"]);
  const onceListener = (): void => {
    calls.push("once");
  };
  emitter.once("data", onceListener);
  emitter.removeListener("data", onceListener);
  emitter.removeListener("other", () => undefined); // unknown: no effect
  emitter.emit("data", 2);
  assert.deepEqual(calls, ["l1", "x1", "l2", "x2"]);
});

test("an emission works on a snapshot: listeners added or removed during it take effect for the next one", () => {
  for (const make of [() => new Emitter(), () => new EventEmitter()]) {
    const emitter = make() as unknown as Emitter;
    const calls: string[] = [];
    const second = (): void => {
      calls.push("second");
    };
    emitter.on("data", () => {
      calls.push("first");
      emitter.off("data", second);
      emitter.on("data", () => calls.push("added"));
    });
    emitter.on("data", second);
    emitter.emit("data", 0);
    emitter.emit("data", 0);
    assert.deepEqual(calls, ["first", "second", "first", "added"], make.name);
  }
});

test("removeAllListeners with and without an event; listeners() hides once wrappers, rawListeners() shows them", () => {
  const emitter = new Emitter();
  const listener = (): void => undefined;
  emitter.once("data", listener);
  emitter.on("other", listener);
  assert.deepEqual(emitter.listeners("data"), [listener]);
  const [raw] = emitter.rawListeners("data");
  assert.notEqual(raw, listener);
  assert.equal((raw as unknown as { listener: unknown }).listener, listener);
  raw?.(1);
  assert.equal(emitter.listenerCount("data"), 0, "calling the raw once wrapper removes it");
  emitter.removeAllListeners("other");
  assert.equal(emitter.listenerCount("other"), 0);
  emitter.on("data", listener).on("other", listener);
  emitter.removeAllListeners();
  assert.deepEqual(emitter.eventNames(), []);
});

test("an unhandled 'error' event throws, as in Node; a throwing listener stops the emission", () => {
  const emitter = new Emitter();
  const failure = new Error("boom");
  assert.throws(() => emitter.emit("error", failure), (error) => error === failure);
  emitter.on("data", () => {
    throw new Error("listener failed");
  });
  const later: number[] = [];
  emitter.on("data", (value) => later.push(value));
  assert.throws(() => emitter.emit("data", 1), /listener failed/);
  assert.deepEqual(later, []);
  assert.throws(() => emitter.on("data", "not a function" as unknown as () => void), TypeError);
});

test("node:events once() works with it; setMaxListeners/getMaxListeners are accepted", async () => {
  const emitter = new Emitter();
  assert.equal(emitter.setMaxListeners(50), emitter);
  assert.equal(emitter.getMaxListeners(), 50);
  const waiting = once(emitter as unknown as EventEmitter, "data");
  emitter.emit("data", 42);
  assert.deepEqual(await waiting, [42]);
  assert.equal(emitter.listenerCount("data"), 0);
  assert.equal(emitter.listenerCount("error"), 0, "once() removed its error listener too");
});
