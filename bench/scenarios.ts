// The benchmark scenarios of issue 6, written once against BenchClient so every library runs the same code.
// Each runs in a fresh process (scenario-runner.ts) and returns numbers only; the orchestrator (client-bench.ts)
// repeats, alternates clients and computes medians and ratios.
//
// Measuring: throughput scenarios warm up, then take a window of fixed wall time; messages, this process's CPU
// (process.cpuUsage(), every thread: GC, libuv, native event loops) and the broker's CPU (/proc/<pid>/stat) are
// read at both ends of the window, so connection set-up and draining are not counted.
import { between, snapshot, type Snapshot } from "./proc-stat.js";
import { deferred, type BenchClient, type BenchClientFactory } from "./clients/bench-client.js";

export interface ScenarioContext {
  readonly factory: BenchClientFactory;
  readonly host: string;
  readonly port: number;
  readonly brokerPid: number | undefined;
  /** Unique per run: prefixes client ids and topics so runs never see each other's messages. */
  readonly runId: string;
  readonly smoke: boolean;
  readonly progress: (text: string) => void;
  /**
   * Reports the result so far. A library can block the event loop for minutes; the orchestrator then kills the
   * process at its time limit and reports the last partial result (marked as such).
   */
  readonly partial: (result: ScenarioResult) => void;
}

export interface ScenarioResult {
  readonly metrics: Record<string, number>;
  readonly notes: string[];
}

export interface Scenario {
  readonly name: string;
  readonly run: (context: ScenarioContext) => Promise<ScenarioResult>;
}

/** MQTT.js passes null for "no error", the promise-based adapters undefined. */
const isFailure = (error: unknown): boolean => error !== undefined && error !== null;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Durations {
  readonly warmupMs: number;
  readonly measureMs: number;
}

function durations(context: ScenarioContext): Durations {
  return context.smoke ? { warmupMs: 50, measureMs: 150 } : { warmupMs: 1_000, measureMs: 3_000 };
}

async function connected(context: ScenarioContext, role: string): Promise<BenchClient> {
  const client = context.factory({ host: context.host, port: context.port, clientId: `${context.runId}-${role}` });
  await client.connect();
  return client;
}

/** Waits until `condition()` holds (checked every 5 ms) or `timeoutMs` passed; returns whether it holds. */
async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** Runs `body` for the warm-up, then measures a window; `count()` is the scenario's progress counter. */
async function measureWindow(
  context: ScenarioContext,
  count: () => number,
): Promise<{ start: Snapshot; end: Snapshot; counted: number }> {
  const { warmupMs, measureMs } = durations(context);
  await sleep(warmupMs);
  const startCount = count();
  const start = snapshot(context.brokerPid);
  await sleep(measureMs);
  const end = snapshot(context.brokerPid);
  return { start, end, counted: count() - startCount };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] as number;
}

/** QoS 0, 64 B: a publisher keeps 1000 messages outstanding (published, not yet delivered to the subscriber). */
async function qos0Window(context: ScenarioContext): Promise<ScenarioResult> {
  const WINDOW = 1000;
  const topic = `bench/${context.runId}/q0`;
  const payload = Buffer.alloc(64, 0x61);
  const subscriber = await connected(context, "sub");
  const publisher = await connected(context, "pub");
  let sent = 0;
  let delivered = 0;
  let failed = 0;
  let running = true;
  const onPublished = (error?: unknown): void => {
    if (isFailure(error)) failed++;
  };
  const fill = (): void => {
    while (running && sent - delivered < WINDOW) {
      sent++;
      publisher.publish(topic, payload, 0, onPublished);
    }
  };
  await subscriber.subscribe(topic, 0, () => {
    delivered++;
    fill();
  });
  fill();
  const { start, end, counted } = await measureWindow(context, () => delivered);
  running = false;
  const drained = await waitUntil(() => delivered >= sent, 5_000);
  await Promise.all([publisher.close(), subscriber.close()]);
  const window = between(start, end);
  const notes: string[] = [];
  if (!drained) notes.push(`${sent - delivered} of ${sent} QoS 0 messages were not delivered`);
  if (failed > 0) notes.push(`${failed} publishes failed`);
  return {
    metrics: {
      msgPerSecond: counted / window.seconds,
      cpuUsPerMessage: window.cpuUs / counted,
      userCpuUsPerMessage: window.userUs / counted,
      ...(window.brokerCpuPercent === undefined ? {} : { brokerCpuPercent: window.brokerCpuPercent }),
    },
    notes,
  };
}

/** QoS 0, 64 B: N publishes submitted in one synchronous loop, never awaited; msg/s until every one completed. */
async function qos0Flood(context: ScenarioContext): Promise<ScenarioResult> {
  const COUNT = context.smoke ? 2_000 : 200_000;
  const TIME_LIMIT_MS = context.smoke ? 10_000 : 30_000;
  const topic = `bench/${context.runId}/flood`;
  const payload = Buffer.alloc(64, 0x62);
  const publisher = await connected(context, "pub");
  await sleep(context.smoke ? 20 : 200);
  let completed = 0;
  let failed = 0;
  let submitted = 0;
  let submitting = true;
  const finished = deferred<void>();
  const onPublished = (error?: unknown): void => {
    completed++;
    if (isFailure(error)) failed++;
    if (!submitting && completed === submitted) finished.resolve();
  };
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = snapshot(context.brokerPid);
  for (; submitted < COUNT; submitted++) {
    publisher.publish(topic, payload, 0, onPublished);
    // A client whose publish() costs grow with the backlog could run for minutes: stop submitting at the limit.
    if ((submitted & 1023) === 1023 && performance.now() - start.wallMs > TIME_LIMIT_MS) {
      submitted++;
      break;
    }
  }
  submitting = false;
  const submitMs = performance.now() - start.wallMs;
  const heapAfterSubmit = process.memoryUsage().heapUsed;
  if (completed === submitted) finished.resolve();
  const reportPartial = (): void => {
    const window = between(start, snapshot(context.brokerPid));
    context.partial({
      metrics: { msgPerSecond: completed / window.seconds, cpuUsPerMessage: window.cpuUs / Math.max(completed, 1), submitMs, completed },
      notes: [`stopped at the time limit with ${completed.toLocaleString("en-US")} of ${COUNT.toLocaleString("en-US")} completed after ${window.seconds.toFixed(1)} s`],
    });
    context.progress(`${completed.toLocaleString("en-US")} of ${submitted.toLocaleString("en-US")} completed`);
  };
  reportPartial();
  const progress = setInterval(reportPartial, 1_000);
  const remainingMs = Math.max(1_000, TIME_LIMIT_MS - submitMs);
  const timedOut = await Promise.race([finished.promise.then(() => false), sleep(remainingMs).then(() => true)]);
  clearInterval(progress);
  const end = snapshot(context.brokerPid);
  const window = between(start, end);
  const notes: string[] = [];
  if (submitted < COUNT || timedOut) {
    notes.push(`time limit ${TIME_LIMIT_MS / 1000} s: ${completed.toLocaleString("en-US")} of ${COUNT.toLocaleString("en-US")} completed`);
  }
  if (failed > 0) notes.push(`${failed} publishes failed`);
  if (!timedOut) await publisher.close();
  return {
    metrics: {
      msgPerSecond: completed / window.seconds,
      cpuUsPerMessage: window.cpuUs / Math.max(completed, 1),
      userCpuUsPerMessage: window.userUs / Math.max(completed, 1),
      submitMs,
      submitUsPerPublish: (submitMs * 1000) / submitted,
      completed,
      queueHeapBytesPerMessage: (heapAfterSubmit - heapBefore) / submitted,
      ...(window.brokerCpuPercent === undefined ? {} : { brokerCpuPercent: window.brokerCpuPercent }),
    },
    notes,
  };
}

/** QoS 1 publisher with a fixed number of publishes in flight; each acknowledgement starts the next one. */
async function qos1Window(context: ScenarioContext, payloadBytes: number, inFlight: number, tag: string): Promise<ScenarioResult> {
  const topic = `bench/${context.runId}/${tag}`;
  const payload = Buffer.alloc(payloadBytes, 0x63);
  const publisher = await connected(context, "pub");
  let acknowledged = 0;
  let outstanding = 0;
  let failed = 0;
  let running = true;
  const onAcknowledged = (error?: unknown): void => {
    outstanding--;
    if (isFailure(error)) failed++;
    else acknowledged++;
    if (running) publishOne();
  };
  const publishOne = (): void => {
    outstanding++;
    publisher.publish(topic, payload, 1, onAcknowledged);
  };
  for (let i = 0; i < inFlight; i++) publishOne();
  const { start, end, counted } = await measureWindow(context, () => acknowledged);
  running = false;
  await waitUntil(() => outstanding === 0, 10_000);
  await publisher.close();
  const window = between(start, end);
  const notes = failed > 0 ? [`${failed} publishes failed`] : [];
  return {
    metrics: {
      msgPerSecond: counted / window.seconds,
      ...(payloadBytes >= 1024 ? { mibPerSecond: (counted * payloadBytes) / (1024 * 1024) / window.seconds } : {}),
      cpuUsPerMessage: window.cpuUs / counted,
      userCpuUsPerMessage: window.userUs / counted,
      ...(window.brokerCpuPercent === undefined ? {} : { brokerCpuPercent: window.brokerCpuPercent }),
    },
    notes,
  };
}

/** N connected, idle clients in one process: heap and RSS growth per client after GC. */
async function idleClients(context: ScenarioContext): Promise<ScenarioResult> {
  const COUNT = context.smoke ? 20 : 1_000;
  const BATCH = 50;
  const gc = global.gc;
  const settle = async (): Promise<NodeJS.MemoryUsage> => {
    await sleep(context.smoke ? 50 : 1_000);
    for (let i = 0; i < 3; i++) gc?.();
    await sleep(context.smoke ? 10 : 200);
    gc?.();
    return process.memoryUsage();
  };
  const before = await settle();
  const clients: BenchClient[] = [];
  const startedMs = performance.now();
  for (let first = 0; first < COUNT; first += BATCH) {
    const batch: Promise<BenchClient>[] = [];
    for (let index = first; index < Math.min(COUNT, first + BATCH); index++) batch.push(connected(context, `idle${index}`));
    clients.push(...(await Promise.all(batch)));
    if (first % 250 === 0 && first > 0) context.progress(`${first} clients connected`);
  }
  const connectMs = performance.now() - startedMs;
  const after = await settle();
  for (let first = 0; first < clients.length; first += BATCH) {
    await Promise.all(clients.slice(first, first + BATCH).map((client) => client.close()));
  }
  return {
    metrics: {
      heapKbPerClient: (after.heapUsed - before.heapUsed) / 1024 / COUNT,
      rssKbPerClient: (after.rss - before.rss) / 1024 / COUNT,
      externalKbPerClient: (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / 1024 / COUNT,
      connectMs,
    },
    notes: gc === undefined ? ["run without --expose-gc: heap numbers include garbage"] : [],
  };
}

/** Sequential QoS 1 round trips (publish, await the PUBACK, repeat), with every library's shipped defaults. */
async function latency(context: ScenarioContext): Promise<ScenarioResult> {
  const COUNT = context.smoke ? 20 : 5_000;
  const TIME_LIMIT_MS = context.smoke ? 2_000 : 10_000;
  const WARMUP = context.smoke ? 5 : 100;
  const topic = `bench/${context.runId}/rtt`;
  const payload = Buffer.alloc(64, 0x64);
  const publisher = await connected(context, "pub");
  const roundTrip = (): Promise<number> => {
    const done = deferred<number>();
    const started = performance.now();
    publisher.publish(topic, payload, 1, (error) => (isFailure(error) ? done.reject(error) : done.resolve(performance.now() - started)));
    return done.promise;
  };
  const warmupEnd = performance.now() + 1_000;
  for (let i = 0; i < WARMUP && performance.now() < warmupEnd; i++) await roundTrip();
  const samplesMs: number[] = [];
  const start = snapshot(context.brokerPid);
  while (samplesMs.length < COUNT && performance.now() - start.wallMs < TIME_LIMIT_MS) samplesMs.push(await roundTrip());
  const end = snapshot(context.brokerPid);
  await publisher.close();
  samplesMs.sort((a, b) => a - b);
  const window = between(start, end);
  const notes = samplesMs.length < COUNT ? [`time limit ${TIME_LIMIT_MS / 1000} s: ${samplesMs.length} of ${COUNT} round trips`] : [];
  return {
    metrics: {
      p50Us: percentile(samplesMs, 0.5) * 1000,
      p99Us: percentile(samplesMs, 0.99) * 1000,
      roundTrips: samplesMs.length,
      cpuUsPerMessage: window.cpuUs / samplesMs.length,
      userCpuUsPerMessage: window.userUs / samplesMs.length,
    },
    notes,
  };
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "qos0-window", run: qos0Window },
  { name: "qos0-flood", run: qos0Flood },
  { name: "qos1-window", run: (context) => qos1Window(context, 64, 100, "q1") },
  { name: "qos1-large", run: (context) => qos1Window(context, 256 * 1024, 16, "q1big") },
  { name: "idle-clients", run: idleClients },
  { name: "latency", run: latency },
];

export function findScenario(name: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (scenario === undefined) throw new Error(`unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  return scenario;
}
