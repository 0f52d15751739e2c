// Plays a scenario (dsl.ts) against one client implementation and returns its normalised trace: one entry per
// observing step, keyed `step(label)`, then the order of lifecycle events and the number of messages received.
import type { MosquittoBroker } from "../support/mosquitto.js";
import type { ClientAdapter, DifferentialClient } from "./adapters/adapter.js";
import type { LifecycleEvent, Scenario, ScenarioConfig, Step } from "./dsl.js";
import { normaliseError, normaliseString, normaliseValue, type Normal, type Replacements } from "./normalise.js";
import { publishFromServerSide, takeOverSession } from "./server-actions.js";

export interface RunEnvironment {
  readonly broker: MosquittoBroker;
  /** A loopback port with no listener (connection refused). */
  readonly closedPort: number;
}

export interface TraceEntry {
  readonly key: string;
  readonly value: Normal;
}

const EVENT_TIMEOUT_MS = 5_000;
const OPERATION_TIMEOUT_MS = 10_000;
const TIMEOUT = "<timeout>";
const PENDING = "<pending>";
const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ["attemptingConnect", "connectionSuccess", "connectionFailure", "disconnection", "stopped"];

let runCounter = 0;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every string inside `value` with `{id}`/`{clientId}` filled in; binary data and other values are kept. */
function fillPlaceholders<T>(value: T, names: Record<string, string>): T {
  if (typeof value === "string") return value.replace(/\{(id|clientId)\}/g, (_, name: string) => names[name] ?? "") as T;
  if (Array.isArray(value)) return value.map((item: unknown) => fillPlaceholders(item, names)) as T;
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, names)])) as T;
  }
  return value;
}

function buildClientConfig(config: ScenarioConfig, env: RunEnvironment, clientId: string): Record<string, unknown> {
  const { broker } = env;
  const port = config.listener === "closedPort" ? env.closedPort : broker.ports[config.listener];
  const credentials =
    config.listener === "auth"
      ? { username: broker.auth.username, password: new TextEncoder().encode(config.credentials === "wrongPassword" ? "wrong" : broker.auth.password) }
      : {};
  const base = {
    hostName: broker.host,
    port,
    // Deterministic retries: exactly 2 s before any reconnect, so no scenario sees a second attempt by chance.
    retryJitterMode: 1, // RetryJitterType.None
    minReconnectDelayMs: 2_000,
    maxReconnectDelayMs: 2_000,
    // aws-crt would append "?SDK=…" metrics to the CONNECT username (and break the password listener's login).
    disableMetrics: true,
    ...config.client,
  };
  if (config.connectProperties === "none") return base;
  return { ...base, connectProperties: { keepAliveIntervalSeconds: 30, clientId, ...credentials, ...config.connectProperties } };
}

/** Collects events; waiters are woken on every event. */
class Recorder {
  readonly lifecycle: LifecycleEvent[] = [];
  readonly payloads = new Map<LifecycleEvent, unknown[]>();
  readonly messages: Normal[] = [];
  /** NegotiatedSettings.clientId of the latest connection (a broker-assigned id, if any), as the client reported it. */
  negotiatedClientId: string | undefined;
  private readonly wakers = new Set<() => void>();

  constructor(client: DifferentialClient, replacements: Replacements) {
    for (const event of LIFECYCLE_EVENTS) {
      this.payloads.set(event, []);
      client.on(event, (payload) => {
        this.lifecycle.push(event);
        if (event === "connectionSuccess") {
          this.negotiatedClientId = (payload as { settings?: { clientId?: string } }).settings?.clientId;
        }
        this.payloads.get(event)?.push(normaliseEvent(payload, replacements));
        this.wake();
      });
    }
    client.on("messageReceived", (payload) => {
      const { message, acknowledgementControl } = payload as { message: unknown; acknowledgementControl?: unknown };
      this.messages.push({ message: normaliseValue(message, replacements), hasAcknowledgementControl: acknowledgementControl !== undefined });
      this.wake();
    });
  }

  /** Resolves true once `ready()` holds, false after `timeoutMs`. */
  async until(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const check = (): void => {
        if (ready()) finish(true);
      };
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.wakers.delete(check);
        resolve(result);
      };
      this.wakers.add(check);
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}

function normaliseEvent(payload: unknown, replacements: Replacements): Normal {
  if (payload === null || typeof payload !== "object") return normaliseValue(payload, replacements);
  const { error, ...rest } = payload as { error?: unknown };
  const normal = normaliseValue(rest, replacements) as { [key: string]: Normal };
  return "error" in payload ? { ...normal, error: normaliseError(error) } : normal;
}

interface Operation {
  readonly outcome: Promise<Normal>;
  settled?: Normal;
}

function submit(client: DifferentialClient, step: Extract<Step, { do: "publish" | "subscribe" | "unsubscribe" }>, packet: object, replacements: Replacements): Operation {
  let promise: Promise<unknown>;
  try {
    promise = client[step.do](packet);
  } catch (error) {
    promise = Promise.reject(new SynchronousThrow(error));
  }
  const operation: Operation = {
    outcome: promise.then(
      (value) => ({ resolved: normaliseValue(value, replacements) }),
      (error: unknown) =>
        error instanceof SynchronousThrow ? { threw: normaliseError(error.error) } : { rejected: normaliseError(error) },
    ),
  };
  void operation.outcome.then((value) => (operation.settled = value));
  return operation;
}

class SynchronousThrow {
  constructor(readonly error: unknown) {}
}

async function withTimeout(promise: Promise<Normal>, timeoutMs: number): Promise<Normal> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Normal>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sortedMessages(messages: Normal[]): Normal[] {
  const sortKey = (message: Normal): string => {
    const packet = (message as { message: { topicName?: Normal; payload?: Normal } }).message;
    return `${JSON.stringify(packet.topicName)} ${JSON.stringify(packet.payload)}`;
  };
  return [...messages].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

export async function runScenario(scenario: Scenario, adapter: ClientAdapter, env: RunEnvironment): Promise<TraceEntry[]> {
  const id = `${adapter.tag}-${process.pid}-${++runCounter}`;
  const clientId = `diff-${id}`;
  const names = { id, clientId };
  // Broker-assigned client ids become auto-<1>, auto-<2>… in order of appearance (so reuse stays visible).
  const assigned = new Map<string, string>();
  const replacements: Replacements = [
    [clientId, "{clientId}"],
    [id, "{id}"],
    [
      /auto-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
      (match) => assigned.get(match) ?? assigned.set(match, `auto-<${assigned.size + 1}>`).get(match) ?? match,
    ],
  ];
  const logStart = env.broker.logText().length;
  const trace: TraceEntry[] = [];
  const keys = new Map<string, number>();
  const record = (base: string, value: Normal): void => {
    const count = (keys.get(base) ?? 0) + 1;
    keys.set(base, count);
    trace.push({ key: count === 1 ? base : `${base}#${count}`, value });
  };

  const client = adapter.create(fillPlaceholders(buildClientConfig(scenario.config, env, clientId), names));
  const recorder = new Recorder(client, replacements);
  const operations = new Map<string, Operation>();
  const awaited = new Map<LifecycleEvent, number>();
  let messagesTaken = 0;
  let started = false;

  try {
    for (const step of scenario.steps) {
      switch (step.do) {
        case "start":
          client.start();
          started = true;
          break;
        case "stop":
          try {
            client.stop(step.packet === undefined ? undefined : fillPlaceholders(step.packet, names));
          } catch (error) {
            record("stop", { threw: normaliseError(error) });
          }
          break;
        case "awaitEvent": {
          const index = awaited.get(step.event) ?? 0;
          awaited.set(step.event, index + 1);
          const seen = recorder.payloads.get(step.event) ?? [];
          const arrived = await recorder.until(() => seen.length > index, EVENT_TIMEOUT_MS);
          record(`awaitEvent(${step.event})`, arrived ? (seen[index] as Normal) : TIMEOUT);
          break;
        }
        case "publish":
        case "subscribe":
        case "unsubscribe": {
          const operation = submit(client, step, fillPlaceholders(step.packet, names), replacements);
          operations.set(step.label, operation);
          if ((step.settle ?? "now") === "now") record(`${step.do}(${step.label})`, await withTimeout(operation.outcome, OPERATION_TIMEOUT_MS));
          break;
        }
        case "settle": {
          const operation = operations.get(step.label);
          if (operation === undefined) throw new Error(`scenario ${scenario.name}: no operation labelled ${step.label}`);
          record(`settle(${step.label})`, await withTimeout(operation.outcome, OPERATION_TIMEOUT_MS));
          break;
        }
        case "peek":
          record(`peek(${step.label})`, operations.get(step.label)?.settled ?? PENDING);
          break;
        case "sleep":
          await new Promise((resolve) => setTimeout(resolve, step.ms));
          break;
        case "awaitMessages": {
          const want = messagesTaken + step.count;
          const arrived = await recorder.until(() => recorder.messages.length >= want, EVENT_TIMEOUT_MS);
          const taken = sortedMessages(recorder.messages.slice(messagesTaken, want));
          messagesTaken += taken.length;
          record("awaitMessages", arrived ? taken : [...taken, TIMEOUT]);
          break;
        }
        case "serverPublish":
          await publishFromServerSide(env.broker.ports.tcp, `diff-helper-${id}`, fillPlaceholders(step, names));
          break;
        case "serverTakeover":
          await takeOverSession(env.broker.ports.tcp, clientId);
          break;
        case "brokerLog": {
          const current = { ...names, clientId: recorder.negotiatedClientId ?? clientId };
          const escaped = Object.fromEntries(Object.entries(current).map(([key, value]) => [key, escapeRegExp(value)]));
          const pattern = new RegExp(fillPlaceholders(step.pattern, escaped));
          const found = await env.broker.waitForLog(pattern, step.timeoutMs ?? EVENT_TIMEOUT_MS, logStart).then(
            () => true,
            () => false,
          );
          const match = found ? pattern.exec(env.broker.logText().slice(logStart))?.[0] : undefined;
          record(`brokerLog(${step.label})`, match === undefined ? "<not found>" : normaliseString(match, replacements));
          break;
        }
      }
    }
  } finally {
    await shutDown(client, recorder, started);
  }
  record("events", recorder.lifecycle.join(","));
  record("messageCount", recorder.messages.length);
  return trace;
}

/** Stops the client if the script left it running, waits for `stopped`, closes it. */
async function shutDown(client: DifferentialClient, recorder: Recorder, started: boolean): Promise<void> {
  // Not "the last event is stopped": aws-crt may deliver `stopped` before `disconnection` (README.md).
  const stopped = (): boolean => recorder.lifecycle.lastIndexOf("stopped") > recorder.lifecycle.lastIndexOf("attemptingConnect");
  if (started && !stopped()) {
    client.stop();
    await recorder.until(stopped, EVENT_TIMEOUT_MS);
  }
  client.close();
}
