// A private Mosquitto broker per caller, on free loopback ports, with one listener of each kind:
//
//   tcp   plain MQTT                          anonymous
//   tls   TLS (server cert for localhost)     anonymous
//   mtls  TLS + client certificate required   username = certificate CN (use_identity_as_username)
//   ws    WebSocket, path /mqtt, sub-protocol mqtt     anonymous   (bound to interface `lo`, see peers.md)
//   wss   WebSocket over TLS                  anonymous
//   auth  plain MQTT, password file + ACL     AUTH_USER may use test/#, but not test/denied/#
//
// Mosquitto 2.0 facts this relies on (reference/peers.md): a websockets listener's address is an interface
// name; `per_listener_settings true` is needed to mix anonymous and password listeners; as root it drops to
// the `mosquitto` user, so every file it reads lives in a 0755 folder with 0644 files.
import { chmodSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { join } from "node:path";
import { getTestCertificates, makeReadableByAll, makeSharedTempDir, type TestCertificates } from "./certificates.js";
import { freePorts } from "./free-port.js";
import { startProcess, type ManagedProcess } from "./process.js";

export const MOSQUITTO_BINARY = "/usr/sbin/mosquitto";
export const AUTH_USER = { username: "testuser", password: "testpass" } as const;
/** Topics under this prefix are allowed for AUTH_USER on the auth listener… */
export const ALLOWED_TOPIC_PREFIX = "test/";
/** …except this subtree, which the ACL denies (QoS 1 PUBLISH → PUBACK 0x87; SUBSCRIBE granted, no delivery). */
export const DENIED_TOPIC_PREFIX = "test/denied/";

export const LISTENER_NAMES = ["tcp", "tls", "mtls", "ws", "wss", "auth"] as const;
export type ListenerName = (typeof LISTENER_NAMES)[number];
export type BrokerPorts = Readonly<Record<ListenerName, number>>;

export interface MosquittoOptions {
  /** Receive Maximum announced in CONNACK (Mosquitto's `max_inflight_messages`). Default 20. */
  readonly maxInflightMessages?: number;
  /** Default 1000. */
  readonly maxQueuedMessages?: number;
  /** `log_type` values; default ["all"] (every packet is logged, handy when a test fails). */
  readonly logTypes?: readonly string[];
  /** Extra global configuration lines (before the listeners). */
  readonly extraConfig?: readonly string[];
  /** Extra configuration lines appended to one listener's block. */
  readonly listenerConfig?: Partial<Record<ListenerName, readonly string[]>>;
  /** Replaces the ACL file's lines (default: AUTH_USER readwrite test/#, deny test/denied/#). */
  readonly aclLines?: readonly string[];
  /** Users of the auth listener. Default [AUTH_USER]. */
  readonly users?: readonly { readonly username: string; readonly password: string }[];
  /** Bound on start-up and restart. Default 15 s. */
  readonly startTimeoutMs?: number;
  /**
   * Persistence ON (default off): sessions, subscriptions and in-flight messages are saved to a fresh folder every
   * `autosaveIntervalSeconds` (default 1; the log says "Saving in-memory database") and on a clean shutdown, and
   * loaded again by restart(). Mosquitto 2.0.11 saves only sessions whose last CONNECT had Clean Start = 0, and logs
   * that line before writing: before a SIGKILL, wait for `mosquitto.db` in that folder to be replaced.
   */
  readonly persistence?: { readonly autosaveIntervalSeconds?: number };
}

export interface MosquittoBroker {
  readonly host: "127.0.0.1";
  readonly ports: BrokerPorts;
  readonly certs: TestCertificates;
  readonly auth: { readonly username: string; readonly password: string };
  readonly configPath: string;
  /** PID of the current broker process (changes on restart). */
  readonly pid: number;
  isRunning(): boolean;
  /** Everything the broker logged so far, across restarts (the oldest part is dropped beyond ~4 MB). */
  logText(): string;
  /**
   * Resolves once the log from character `fromOffset` on (default 0: the whole log, so a line that is already
   * there counts) matches `pattern`; rejects after `timeoutMs` (default 10 s). Take `logText().length` before
   * an action to wait only for what the action causes.
   */
  waitForLog(pattern: RegExp, timeoutMs?: number, fromOffset?: number): Promise<void>;
  /** SIGTERM, SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
  /** Stops (if running) and starts again with the same configuration and ports. */
  restart(): Promise<void>;
  /** Sends a signal to the broker process (SIGKILL to crash it, SIGSTOP/SIGCONT to freeze it). */
  kill(signal?: NodeJS.Signals): void;
}

const MAX_LOG_CHARS = 4_000_000;
const START_ATTEMPTS = 3;

function persistenceLines(options: MosquittoOptions): string[] {
  if (options.persistence === undefined) return ["persistence false"];
  const location = makeSharedTempDir("mqtt5-mosquitto-db-");
  chmodSync(location, 0o777); // written by the `mosquitto` user once it has dropped root
  return [
    "persistence true",
    `persistence_location ${location}/`,
    `autosave_interval ${options.persistence.autosaveIntervalSeconds ?? 1}`,
    "autosave_on_changes false",
  ];
}

function buildConfig(dir: string, ports: BrokerPorts, certs: TestCertificates, options: MosquittoOptions): string {
  const tlsFiles = [`cafile ${certs.ca.certPath}`, `certfile ${certs.server.certPath}`, `keyfile ${certs.server.keyPath}`];
  const extra = (name: ListenerName): readonly string[] => options.listenerConfig?.[name] ?? [];
  const lines = [
    "per_listener_settings true",
    ...persistenceLines(options),
    "log_dest stderr",
    ...(options.logTypes ?? ["all"]).map((type) => `log_type ${type}`),
    "log_timestamp true",
    "log_timestamp_format %H:%M:%S",
    "connection_messages true",
    "set_tcp_nodelay true",
    `max_inflight_messages ${options.maxInflightMessages ?? 20}`,
    `max_queued_messages ${options.maxQueuedMessages ?? 1000}`,
    ...(options.extraConfig ?? []),
    "",
    `listener ${ports.tcp} 127.0.0.1`, "allow_anonymous true", ...extra("tcp"), "",
    `listener ${ports.tls} 127.0.0.1`, "allow_anonymous true", ...tlsFiles, ...extra("tls"), "",
    `listener ${ports.mtls} 127.0.0.1`, "allow_anonymous true", ...tlsFiles,
    "require_certificate true", "use_identity_as_username true", ...extra("mtls"), "",
    `listener ${ports.ws} lo`, "protocol websockets", "allow_anonymous true", ...extra("ws"), "",
    `listener ${ports.wss} lo`, "protocol websockets", "allow_anonymous true", ...tlsFiles, ...extra("wss"), "",
    `listener ${ports.auth} 127.0.0.1`, "allow_anonymous false",
    `password_file ${join(dir, "passwords")}`, `acl_file ${join(dir, "acl")}`, ...extra("auth"), "",
  ];
  return lines.join("\n");
}

function writeAuthFiles(dir: string, options: MosquittoOptions): void {
  const passwordFile = join(dir, "passwords");
  const users = options.users ?? [AUTH_USER];
  users.forEach((user, index) => {
    const args = [...(index === 0 ? ["-c"] : []), "-b", passwordFile, user.username, user.password];
    const result = spawnSync("mosquitto_passwd", args, { encoding: "utf8" });
    if (result.error || result.status !== 0) {
      throw new Error(`mosquitto_passwd failed: ${result.error?.message ?? result.stderr}`);
    }
  });
  const acl = options.aclLines ?? [
    `user ${AUTH_USER.username}`,
    `topic readwrite ${ALLOWED_TOPIC_PREFIX}#`,
    `topic deny ${DENIED_TOPIC_PREFIX}#`,
  ];
  writeFileSync(join(dir, "acl"), `${acl.join("\n")}\n`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class LogBuffer {
  private text = "";
  private readonly waiters = new Set<() => void>();

  constructor(private readonly echoPrefix: string | undefined) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > MAX_LOG_CHARS) this.text = `[… log truncated …]\n${this.text.slice(-MAX_LOG_CHARS / 2)}`;
    if (this.echoPrefix !== undefined) {
      process.stderr.write(chunk.replace(/^(?=.)/gm, this.echoPrefix));
    }
    for (const wake of this.waiters) wake();
  }

  get(): string {
    return this.text;
  }

  async waitFor(pattern: RegExp, timeoutMs: number, fromOffset: number): Promise<void> {
    const once = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "")); // no lastIndex state
    const matches = (): boolean => once.test(this.text.slice(fromOffset));
    if (matches()) return;
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        if (!matches()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`broker log did not match ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }
}

/** Starts a broker; resolves once every listener accepts TCP connections. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const certs = getTestCertificates();
  const dir = makeSharedTempDir("mqtt5-mosquitto-");
  writeAuthFiles(dir, options);
  const configPath = join(dir, "mosquitto.conf");
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const [tcp, tls, mtls, ws, wss, auth] = await freePorts(LISTENER_NAMES.length);
    const ports = { tcp, tls, mtls, ws, wss, auth } as BrokerPorts;
    writeFileSync(configPath, buildConfig(dir, ports, certs, options));
    makeReadableByAll(dir);
    const log = new LogBuffer(process.env.MOSQUITTO_LOG === "1" ? `[mosquitto ${ports.tcp}] ` : undefined);
    try {
      const first = await launch(configPath, ports, log, startTimeoutMs);
      return makeBroker({ certs, configPath, ports, log, startTimeoutMs, first });
    } catch (error) {
      lastError = error as Error;
      // Another process took one of the ports between freePorts() and the bind: try fresh ports.
      if (!/address already in use/i.test(log.get())) break;
    }
  }
  throw lastError ?? new Error("mosquitto did not start");
}

async function launch(configPath: string, ports: BrokerPorts, log: LogBuffer, timeoutMs: number): Promise<ManagedProcess> {
  const logStart = log.get().length;
  const broker = startProcess(MOSQUITTO_BINARY, ["-c", configPath], { onOutput: (text) => log.append(text) });
  const deadline = Date.now() + timeoutMs;
  for (const port of Object.values(ports)) {
    while (!(await canConnect(port))) {
      if (!broker.isRunning() || Date.now() > deadline) {
        const why = broker.isRunning() ? `port ${port} not accepting after ${timeoutMs} ms` : "it exited";
        await broker.stop();
        throw new Error(`mosquitto did not start (${why}). Log:\n${log.get()}`);
      }
      await sleep(25);
    }
  }
  // A port could answer for another process that took it first; "running" means Mosquitto bound them all.
  try {
    await log.waitFor(/mosquitto version \S+ running/, Math.max(deadline - Date.now(), 1000), logStart);
  } catch {
    await broker.stop();
    throw new Error(`mosquitto did not report "running". Log:\n${log.get()}`);
  }
  return broker;
}

interface BrokerState {
  readonly certs: TestCertificates;
  readonly configPath: string;
  readonly ports: BrokerPorts;
  readonly log: LogBuffer;
  readonly startTimeoutMs: number;
  readonly first: ManagedProcess;
}

function makeBroker(state: BrokerState): MosquittoBroker {
  let current = state.first;
  const stop = async (): Promise<void> => {
    await current.stop();
  };
  return {
    host: "127.0.0.1",
    ports: state.ports,
    certs: state.certs,
    auth: AUTH_USER,
    configPath: state.configPath,
    get pid() {
      return current.pid;
    },
    isRunning: () => current.isRunning(),
    logText: () => state.log.get(),
    waitForLog: (pattern, timeoutMs = 10_000, fromOffset = 0) => state.log.waitFor(pattern, timeoutMs, fromOffset),
    stop,
    restart: async () => {
      await stop();
      state.log.append(`--- restart (previous pid ${current.pid}) ---\n`);
      current = await launch(state.configPath, state.ports, state.log, state.startTimeoutMs);
    },
    kill: (signal = "SIGTERM") => current.kill(signal),
  };
}

/**
 * Runs `body`; if it throws, writes the broker's log (last 200 lines) to stderr, which the test runner shows
 * next to the failure, then rethrows. Set MOSQUITTO_LOG=1 to stream every broker log line instead.
 */
export async function dumpLogOnFailure<T>(
  t: { readonly name: string },
  broker: MosquittoBroker,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const tail = broker.logText().split("\n").slice(-200).join("\n");
    process.stderr.write(`\n--- mosquitto log (${t.name}, last 200 lines) ---\n${tail}\n--- end of mosquitto log ---\n`);
    throw error;
  }
}
