// Driver obligations (client-core contract) against a scripted fake core: transport attempts and stale results,
// closeTransport semantics, one timer at the core's deadline, deliveries after the pump, listener faults, close().
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionError, MqttClientError, OperationError } from "../../../src/core/errors.js";
import type { Action, ClientEvent, ClientStatistics, Input, Operation, OperationResult } from "../../../src/core/io.js";
import { Driver, SUBMITS_PER_ACCEPTED_WRITE, type ProtocolCore } from "../../../src/runtime/driver.js";
import { LogWriter, type Logger, type LogLevel } from "../../../src/runtime/logger.js";
import { ManualClock } from "../../support/manual-clock.js";
import { MemoryTransportFactory } from "../../support/memory-transport.js";

/** A core whose reactions the test scripts; it fails loudly if the driver ever re-enters handle(). */
class FakeCore implements ProtocolCore {
  readonly inputs: { input: Input; nowMs: number }[] = [];
  deadline: number | undefined;
  react: (input: Input) => Action[] = () => [];
  private inHandle = false;

  handle(input: Input, nowMs: number): Action[] {
    assert.equal(this.inHandle, false, "handle() re-entered");
    this.inHandle = true;
    try {
      this.inputs.push({ input, nowMs });
      return this.react(input);
    } finally {
      this.inHandle = false;
    }
  }
  nextDeadline(): number | undefined {
    return this.deadline;
  }
  statistics(): ClientStatistics {
    return { incompleteOperationCount: 1, incompleteOperationSize: 2, unackedOperationCount: 3, unackedOperationSize: 4 };
  }
  isConnected(): boolean {
    return true;
  }
  kinds(): string[] {
    return this.inputs.map(({ input }) => input.kind);
  }
}

class RecordingLogger implements Logger {
  readonly level = "debug" as const;
  readonly lines: { level: LogLevel; message: string }[] = [];
  log(level: LogLevel, message: string): void {
    this.lines.push({ level, message });
  }
}

function setup(mode: "auto" | "manual" = "auto") {
  const core = new FakeCore();
  const clock = new ManualClock(1000);
  const transports = new MemoryTransportFactory(mode);
  const events: ClientEvent[] = [];
  const faults: { error: unknown; context: string }[] = [];
  const logger = new RecordingLogger();
  let onEvent = (event: ClientEvent): void => void events.push(event);
  const driver = new Driver({
    core,
    transportFactory: transports.factory,
    clock,
    log: new LogWriter(logger, "test"),
    host: {
      onEvent: (event) => onEvent(event),
      onFault: (error, context) => void faults.push({ error, context }),
    },
  });
  return {
    core,
    clock,
    transports,
    events,
    faults,
    logger,
    driver,
    setOnEvent: (fn: (event: ClientEvent) => void) => (onEvent = fn),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test("openTransport calls the factory and answers transportOpened with the same attempt", async () => {
  const { core, driver, transports } = setup();
  core.react = (input) => (input.kind === "start" ? [{ kind: "openTransport", attempt: 7 }] : []);
  driver.feed({ kind: "start" });
  await tick();
  assert.equal(transports.opens.length, 1);
  assert.deepEqual(core.inputs[1]?.input, { kind: "transportOpened", attempt: 7 });
});

test("a failing factory answers transportFailed with an MqttClientError", async () => {
  const { core, driver, transports } = setup("manual");
  core.react = (input) => (input.kind === "start" ? [{ kind: "openTransport", attempt: 1 }] : []);
  driver.feed({ kind: "start" });
  (await transports.open(0)).fail(new Error("boom"));
  await tick();
  const failed = core.inputs[1]?.input;
  assert.equal(failed?.kind, "transportFailed");
  assert.ok(failed.kind === "transportFailed" && failed.attempt === 1);
  assert.ok(failed.error instanceof MqttClientError);
  assert.match(failed.error.message, /boom/);
});

test("a factory that throws synchronously is treated like a rejection", async () => {
  const core = new FakeCore();
  core.react = (input) => (input.kind === "start" ? [{ kind: "openTransport", attempt: 1 }] : []);
  const driver = new Driver({
    core,
    transportFactory: () => {
      throw new ConnectionError("hostNotFound", "no such host");
    },
    clock: new ManualClock(),
    log: new LogWriter(new RecordingLogger(), "t"),
    host: { onEvent: () => undefined, onFault: () => undefined },
  });
  driver.feed({ kind: "start" });
  await tick();
  const failed = core.inputs[1]?.input;
  assert.ok(failed?.kind === "transportFailed" && failed.error.code === "hostNotFound");
});

test("closeTransport while opening aborts the signal; a late transport is closed and never reported", async () => {
  const { core, driver, transports } = setup("manual");
  core.react = (input) => {
    if (input.kind === "start") return [{ kind: "openTransport", attempt: 1 }];
    if (input.kind === "stop") return [{ kind: "closeTransport" }];
    return [];
  };
  driver.feed({ kind: "start" });
  const pending = await transports.open(0);
  driver.feed({ kind: "stop" });
  assert.equal(pending.signal.aborted, true);
  const server = pending.accept();
  await tick();
  assert.equal(server.clientClosed, true);
  assert.deepEqual(core.kinds(), ["start", "stop"]);
});

test("a superseded attempt's failure is ignored and only the current attempt is answered", async () => {
  const { core, driver, transports } = setup("manual");
  let attempt = 0;
  core.react = (input) => (input.kind === "start" ? [{ kind: "openTransport", attempt: ++attempt }] : []);
  driver.feed({ kind: "start" });
  driver.feed({ kind: "start" }); // opens attempt 2 while 1 is pending
  const first = await transports.open(0);
  const second = await transports.open(1);
  assert.equal(first.signal.aborted, true);
  first.fail(new Error("late failure"));
  second.accept();
  await tick();
  assert.deepEqual(core.inputs.slice(2).map(({ input }) => input), [{ kind: "transportOpened", attempt: 2 }]);
});

test("write forwards bytes and answers writeCompleted only when the write resolves", async () => {
  const { core, driver, transports } = setup("manual");
  core.react = (input) => {
    if (input.kind === "start") return [{ kind: "openTransport", attempt: 1 }];
    if (input.kind === "transportOpened") return [{ kind: "write", bytes: Uint8Array.of(1, 2, 3) }];
    return [];
  };
  driver.feed({ kind: "start" });
  const server = (await transports.open(0)).accept();
  server.holdWrites = true;
  await tick();
  assert.deepEqual([...server.writtenBytes()], [1, 2, 3]);
  assert.ok(!core.kinds().includes("writeCompleted"));
  server.completeWrites();
  await tick();
  assert.equal(core.kinds().at(-1), "writeCompleted");
});

/**
 * A core with the one-write-outstanding rule: a submit is written at once when no write is outstanding, otherwise
 * it waits and goes out with the others on the next writeCompleted.
 */
function batchingCore(core: FakeCore): { batches: number[] } {
  const batches: number[] = [];
  let waiting = 0;
  let writing = false;
  const writeBatch = (): Action[] => {
    batches.push(waiting);
    const bytes = new Uint8Array(waiting);
    waiting = 0;
    writing = true;
    return [{ kind: "write", bytes }];
  };
  core.react = (input) => {
    if (input.kind === "start") return [{ kind: "openTransport", attempt: 1 }];
    if (input.kind === "submit") {
      waiting++;
      return writing ? [] : writeBatch();
    }
    if (input.kind === "writeCompleted") {
      assert.equal(writing, true, "writeCompleted without an outstanding write");
      writing = false;
      return waiting > 0 ? writeBatch() : [];
    }
    return [];
  };
  return { batches };
}

const anyOperation = { kind: "publish", packet: {} } as unknown as Operation;

test("a write accepted at once completes after SUBMITS_PER_ACCEPTED_WRITE submits, inside a synchronous loop", async () => {
  const { core, driver, transports } = setup("manual");
  const { batches } = batchingCore(core);
  driver.feed({ kind: "start" });
  const server = (await transports.open(0)).accept();
  server.acceptWritesAtOnce = true;
  await tick();
  const count = 3 * SUBMITS_PER_ACCEPTED_WRITE + 10;
  for (let i = 0; i < count; i++) void driver.submit(anyOperation);
  // Still inside the loop's turn (no microtask ran): the backlog already left in batches.
  const n = SUBMITS_PER_ACCEPTED_WRITE;
  assert.deepEqual(batches, [1, n - 1, n, n]);
  assert.equal(server.written.length, 4);
  await tick();
  // The rest went out after the loop, and every write was completed exactly once (batchingCore asserts it).
  assert.equal(batches.reduce((sum, size) => sum + size, 0), count);
  assert.equal(core.kinds().filter((kind) => kind === "writeCompleted").length, batches.length);
});

test("a write that is not accepted at once is completed only when its promise resolves, never by submits", async () => {
  const { core, driver, transports } = setup("manual");
  const { batches } = batchingCore(core);
  driver.feed({ kind: "start" });
  const server = (await transports.open(0)).accept();
  await tick();
  for (let i = 0; i < 2 * SUBMITS_PER_ACCEPTED_WRITE; i++) void driver.submit(anyOperation);
  assert.deepEqual(batches, [1]);
  await tick();
  assert.deepEqual(batches, [1, 2 * SUBMITS_PER_ACCEPTED_WRITE - 1]);
  assert.equal(server.written.length, 2);
});

test("a rejected write closes the transport and feeds transportClosed once", async () => {
  const { core, driver, transports } = setup("manual");
  core.react = (input) => {
    if (input.kind === "start") return [{ kind: "openTransport", attempt: 1 }];
    if (input.kind === "transportOpened") return [{ kind: "write", bytes: Uint8Array.of(9) }];
    return [];
  };
  driver.feed({ kind: "start" });
  const server = (await transports.open(0)).accept();
  server.failNextWrite(new Error("EPIPE-ish"));
  await tick();
  await tick();
  const closed = core.inputs.filter(({ input }) => input.kind === "transportClosed");
  assert.equal(closed.length, 1);
  const input = closed[0]?.input;
  assert.ok(input?.kind === "transportClosed" && input.error instanceof MqttClientError);
  assert.equal(server.clientClosed, true);
  assert.ok(!core.kinds().includes("writeCompleted"));
});

test("received bytes and a server close are fed; after our closeTransport nothing more is fed", async () => {
  const { core, driver, transports } = setup();
  core.react = (input) => {
    if (input.kind === "start") return [{ kind: "openTransport", attempt: 1 }];
    if (input.kind === "stop") return [{ kind: "closeTransport" }];
    return [];
  };
  driver.feed({ kind: "start" });
  const server = await transports.server(0);
  await tick();
  server.push(Uint8Array.of(0x20, 0x00));
  const received = core.inputs.at(-1)?.input;
  assert.ok(received?.kind === "bytesReceived");
  assert.deepEqual([...received.bytes], [0x20, 0x00]);
  driver.feed({ kind: "stop" });
  assert.equal(server.clientClosed, true);
  await tick();
  assert.deepEqual(core.kinds(), ["start", "transportOpened", "bytesReceived", "stop"]);
});

test("a server close is reported as transportClosed, with the cause wrapped as MqttClientError", async () => {
  for (const cause of [undefined, new Error("reset")]) {
    const { core, driver, transports } = setup();
    core.react = (input) => (input.kind === "start" ? [{ kind: "openTransport", attempt: 1 }] : []);
    driver.feed({ kind: "start" });
    const server = await transports.server(0);
    await tick();
    server.close(cause);
    const closed = core.inputs.at(-1)?.input;
    assert.ok(closed?.kind === "transportClosed");
    if (cause === undefined) assert.equal(closed.error, undefined);
    else assert.ok(closed.error instanceof MqttClientError && /reset/.test(closed.error.message));
  }
});

test("exactly one timer is armed at nextDeadline(), re-armed on change, cleared when undefined", () => {
  const { core, driver, clock } = setup();
  core.deadline = 5000;
  driver.feed({ kind: "start" });
  assert.deepEqual(clock.pendingDeadlines(), [5000]);
  core.deadline = 3000;
  driver.feed({ kind: "writeCompleted" });
  assert.deepEqual(clock.pendingDeadlines(), [3000]);
  driver.feed({ kind: "writeCompleted" }); // unchanged deadline: still one timer
  assert.deepEqual(clock.pendingDeadlines(), [3000]);
  clock.advanceTo(2999);
  assert.ok(!core.kinds().includes("timer"));
  core.deadline = undefined;
  clock.advanceTo(3000);
  assert.equal(core.inputs.at(-1)?.input.kind, "timer");
  assert.equal(core.inputs.at(-1)?.nowMs, 3000);
  assert.equal(clock.pendingTimerCount, 0);
});

test("settles and events are delivered after the pump, in order, and a listener may feed new inputs", async () => {
  const { core, driver, events, setOnEvent } = setup();
  const order: string[] = [];
  core.react = (input) => {
    order.push(`handle ${input.kind}`);
    if (input.kind === "submit") {
      return [
        { kind: "emit", event: { kind: "attemptingConnect" } },
        { kind: "settle", opId: input.opId, result: { ok: true, value: { kind: "publish", qos: 0 } } },
        { kind: "emit", event: { kind: "stopped" } },
      ];
    }
    return [];
  };
  setOnEvent((event) => {
    order.push(`event ${event.kind}`);
    events.push(event);
    if (event.kind === "attemptingConnect") driver.feed({ kind: "stop" }); // pumped on its own, not re-entrant
  });
  const result = driver.submit({ kind: "publish", packet: undefined as never }).then((value) => order.push(`settled ${value.kind}`));
  assert.deepEqual(order, ["handle submit"], "nothing is delivered synchronously");
  await result;
  assert.deepEqual(order, ["handle submit", "event attemptingConnect", "handle stop", "event stopped", "settled publish"]);
});

test("a settlement with nothing queued before it is settled in the pump: reactions still run after it, in core order", async () => {
  const { core, driver, setOnEvent } = setup();
  const order: string[] = [];
  let opId = 0;
  core.react = (input) => {
    if (input.kind === "submit") opId = input.opId;
    if (input.kind !== "timer") return [];
    // A later step settles the operation, then emits: like a PUBACK and a PUBLISH read in one chunk.
    return [
      { kind: "settle", opId, result: { ok: true, value: { kind: "publish", qos: 0 } } },
      { kind: "emit", event: { kind: "stopped" } },
    ];
  };
  setOnEvent((event) => void order.push(`event ${event.kind}`));
  const result = driver.submit({ kind: "publish", packet: undefined as never }).then((value) => order.push(`settled ${value.kind}`));
  await tick();
  driver.feed({ kind: "timer" });
  assert.deepEqual(order, [], "no user code runs synchronously");
  await result;
  await tick();
  assert.deepEqual(order, ["settled publish", "event stopped"]);
});

test("a throwing event listener is reported through onFault and later deliveries still happen", async () => {
  const { core, driver, faults, events, setOnEvent } = setup();
  core.react = (input) =>
    input.kind === "start"
      ? [
          { kind: "emit", event: { kind: "attemptingConnect" } },
          { kind: "emit", event: { kind: "stopped" } },
        ]
      : [];
  setOnEvent((event) => {
    events.push(event);
    if (event.kind === "attemptingConnect") throw new Error("listener bug");
  });
  driver.feed({ kind: "start" });
  await tick();
  assert.deepEqual(events.map((event) => event.kind), ["attemptingConnect", "stopped"]);
  assert.equal(faults.length, 1);
  assert.match(String((faults[0]?.error as Error).message), /listener bug/);
});

test("submit resolves and rejects with what the core settles; unknown ids are logged, not fatal", async () => {
  const { core, driver, logger } = setup();
  const error = new OperationError("timeout", "no ack");
  core.react = (input) => {
    if (input.kind !== "submit") return [];
    const result: OperationResult =
      input.op.kind === "subscribe"
        ? { ok: false, error }
        : { ok: true, value: { kind: "publish", qos: 0 } };
    return [
      { kind: "settle", opId: input.opId, result },
      { kind: "settle", opId: 999, result },
    ];
  };
  assert.deepEqual(await driver.submit({ kind: "publish", packet: undefined as never }), { kind: "publish", qos: 0 });
  await assert.rejects(driver.submit({ kind: "subscribe", packet: undefined as never }), (e) => e === error);
  assert.ok(logger.lines.some((line) => line.level === "warn" && /unknown operation 999/.test(line.message)));
});

test("operations settle across timers, which drop the idle operation table (one still pending is kept)", async () => {
  const { core, driver, clock } = setup();
  const held: number[] = [];
  core.react = (input) => {
    if (input.kind === "timer") core.deadline = undefined; // the deadline was served
    if (input.kind !== "submit") return [];
    if (input.op.kind === "subscribe") {
      held.push(input.opId); // settled later, by the acknowledge input below
      return [];
    }
    return [{ kind: "settle", opId: input.opId, result: { ok: true, value: { kind: "publish", qos: 0 } } }];
  };
  const publish = { kind: "publish", packet: undefined as never } as const;
  assert.deepEqual(await driver.submit(publish), { kind: "publish", qos: 0 });
  core.deadline = 2000;
  driver.feed({ kind: "writeCompleted" });
  clock.advanceTo(2000); // nothing pending: the table goes
  const subscribed = driver.submit({ kind: "subscribe", packet: undefined as never });
  core.deadline = 3000;
  driver.feed({ kind: "writeCompleted" });
  clock.advanceTo(3000); // the SUBSCRIBE is pending: the table stays
  assert.deepEqual(await driver.submit(publish), { kind: "publish", qos: 0 });
  core.react = (input) =>
    input.kind === "acknowledge"
      ? held.map((opId) => ({ kind: "settle", opId, result: { ok: true, value: { kind: "publish", qos: 0 } } }) as const)
      : [];
  driver.feed({ kind: "acknowledge", acknowledgementId: 1 });
  assert.deepEqual(await subscribed, { kind: "publish", qos: 0 });
});

test("a core that throws is reported, and a submit it choked on rejects instead of hanging", async () => {
  const { core, driver, faults } = setup();
  core.react = () => {
    throw new TypeError("core bug");
  };
  await assert.rejects(driver.submit({ kind: "publish", packet: undefined as never }), (e) => e instanceof MqttClientError);
  assert.equal(faults.length, 1);
  driver.feed({ kind: "start" }); // the driver keeps working
  assert.equal(core.kinds().length, 2);
});

test("close releases timer, transport and opening attempt, rejects unsettled operations, then ignores inputs", async () => {
  const { core, driver, transports, clock } = setup("manual");
  core.deadline = 10_000;
  core.react = (input) => (input.kind === "start" ? [{ kind: "openTransport", attempt: 1 }] : []);
  driver.feed({ kind: "start" });
  const pending = await transports.open(0);
  const operation = driver.submit({ kind: "publish", packet: undefined as never });
  driver.close();
  assert.equal(core.inputs.at(-1)?.input.kind, "close");
  assert.equal(pending.signal.aborted, true);
  assert.equal(clock.pendingTimerCount, 0);
  await assert.rejects(operation, (e) => e instanceof OperationError && e.reason === "clientClosed");
  await assert.rejects(driver.submit({ kind: "publish", packet: undefined as never }), (e) => e instanceof OperationError);
  driver.feed({ kind: "start" });
  assert.equal(core.inputs.at(-1)?.input.kind, "close");
  const server = pending.accept();
  await tick();
  assert.equal(server.clientClosed, true, "a transport that opens after close() is closed at once");
});

test("statistics and isConnected come from the core", () => {
  const { driver } = setup();
  assert.deepEqual(driver.statistics(), {
    incompleteOperationCount: 1,
    incompleteOperationSize: 2,
    unackedOperationCount: 3,
    unackedOperationSize: 4,
  });
  assert.equal(driver.isConnected(), true);
});
