// Helpers for the public client against real brokers: a client factory that closes every client after its test,
// an event recorder with bounded waits, a message collector, and statistics checks. Every wait has a bound;
// nothing here measures or asserts durations.
import assert from "node:assert/strict";
import { mqtt5 } from "../../src/index.js";

export const DEFAULT_WAIT_MS = 10_000;

export interface TestContextLike {
  after(fn: () => void | Promise<void>): void;
}

let counter = 0;
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** A client with short reconnect delays and a silent logger, closed after the test. */
export function newClient(t: TestContextLike, config: mqtt5.Mqtt5ClientConfig): mqtt5.Mqtt5Client {
  const client = new mqtt5.Mqtt5Client({
    minReconnectDelayMs: 50,
    maxReconnectDelayMs: 250,
    logger: mqtt5.silentLogger,
    ...config,
  });
  t.after(() => client.close());
  return client;
}

export const LIFECYCLE_EVENTS = ["attemptingConnect", "connectionSuccess", "connectionFailure", "disconnection", "stopped"] as const;
export type LifecycleEventName = (typeof LIFECYCLE_EVENTS)[number];
type Payload<N extends LifecycleEventName> = mqtt5.Mqtt5ClientEventMap[N];

/** Records a client's lifecycle events (and `error` events, which must never happen in these tests). */
export class EventRecorder {
  readonly log: { readonly name: LifecycleEventName; readonly data: unknown }[] = [];
  readonly errors: unknown[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(readonly client: mqtt5.Mqtt5Client) {
    for (const name of LIFECYCLE_EVENTS) {
      client.on(name as "stopped", (data: unknown) => {
        this.log.push({ name, data });
        for (const wake of [...this.waiters]) wake();
      });
    }
    client.on("error", (error) => this.errors.push(error));
  }

  names(): LifecycleEventName[] {
    return this.log.map((entry) => entry.name);
  }

  count(name: LifecycleEventName): number {
    return this.log.filter((entry) => entry.name === name).length;
  }

  all<N extends LifecycleEventName>(name: N): Payload<N>[] {
    return this.log.filter((entry) => entry.name === name).map((entry) => entry.data as Payload<N>);
  }

  /** The `nth` (1-based, counted from the client's creation) `name` event; default: the next one. */
  waitFor<N extends LifecycleEventName>(name: N, nth = this.count(name) + 1, timeoutMs = DEFAULT_WAIT_MS): Promise<Payload<N>> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.all(name)[nth - 1];
        if (found === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no "${name}" event #${nth} within ${timeoutMs} ms; events so far: ${this.names().join(", ")}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

/** start() and the connectionSuccess it leads to; a connectionFailure first fails the test. */
export async function startAndConnect(client: mqtt5.Mqtt5Client, events: EventRecorder): Promise<mqtt5.ConnectionSuccessEvent> {
  const nth = events.count("connectionSuccess") + 1;
  const failures = events.count("connectionFailure");
  client.start();
  const success = await events.waitFor("connectionSuccess", nth);
  assert.equal(events.count("connectionFailure"), failures, `connection failed: ${String(events.all("connectionFailure").at(-1)?.error)}`);
  return success;
}

/** stop(packet) and the `stopped` event. */
export async function stopClient(client: mqtt5.Mqtt5Client, events: EventRecorder, packet?: mqtt5.DisconnectPacket): Promise<void> {
  const nth = events.count("stopped") + 1;
  client.stop(packet);
  await events.waitFor("stopped", nth);
}

/** Collects received messages; waits for a count or a matching message, bounded. */
export class MessageCollector {
  readonly messages: mqtt5.PublishPacket[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(client: mqtt5.Mqtt5Client) {
    client.on("messageReceived", ({ message }) => {
      this.messages.push(message);
      for (const wake of [...this.waiters]) wake();
    });
  }

  waitUntil(what: string, condition: (messages: readonly mqtt5.PublishPacket[]) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition(this.messages)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${what}: not reached within ${timeoutMs} ms (${this.messages.length} messages)`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  waitForCount(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.waitUntil(`${count} messages`, (messages) => messages.length >= count, timeoutMs);
  }

  onTopic(topic: string): mqtt5.PublishPacket[] {
    return this.messages.filter((message) => message.topicName === topic);
  }
}

export function payloadText(message: mqtt5.PublishPacket | undefined): string {
  const payload = message?.payload;
  assert.ok(payload instanceof ArrayBuffer, "inbound payloads are ArrayBuffers");
  return new TextDecoder().decode(payload);
}

export function assertStatisticsZero(client: mqtt5.Mqtt5Client, label = "statistics"): void {
  assert.deepEqual(
    client.getOperationalStatistics(),
    { incompleteOperationCount: 0, incompleteOperationSize: 0, unackedOperationCount: 0, unackedOperationSize: 0 },
    label,
  );
}

/** Polls `condition` every 20 ms until it holds (bounded). */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Counts matches of `pattern` (global) in `text`. */
export function countMatches(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`))].length;
}
