// A private tinyproxy (HTTP CONNECT proxy) per caller, on a free loopback port, in the foreground (`-d`).
// peers.md facts it relies on: a wrong password is answered 401 (not 407), missing credentials 407, a target port
// outside the `ConnectPort` list 403 (no ConnectPort line = every port allowed); a target that refuses → 500.
// tinyproxy only speaks plain HTTP: stunnel.ts puts TLS in front of it.
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { makeSharedTempDir } from "./certificates.js";
import { freePort } from "./free-port.js";
import { startProcess, type ManagedProcess } from "./process.js";

export const TINYPROXY_BINARY = "tinyproxy";
export const PROXY_USER = { username: "proxyuser", password: "proxy-secret-Pa55" } as const;

export interface TinyproxyOptions {
  /** Require basic authentication with these credentials. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** Only these target ports may be tunnelled to (others → 403). Default: every port. */
  readonly connectPorts?: readonly number[];
  readonly startTimeoutMs?: number;
}

export interface Tinyproxy {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly basicAuth: { readonly username: string; readonly password: string } | undefined;
  readonly pid: number;
  isRunning(): boolean;
  logText(): string;
  stop(): Promise<void>;
}

function buildConfig(dir: string, port: number, options: TinyproxyOptions): string {
  return [
    `Port ${port}`,
    "Listen 127.0.0.1",
    "Allow 127.0.0.1",
    "MaxClients 200",
    // Idle tunnels stay up for the longest test (MQTT keep-alive traffic also keeps them busy).
    "Timeout 600",
    "LogLevel Info",
    `PidFile "${join(dir, "tinyproxy.pid")}"`,
    ...(options.basicAuth === undefined ? [] : [`BasicAuth ${options.basicAuth.username} ${options.basicAuth.password}`]),
    ...(options.connectPorts ?? []).map((allowed) => `ConnectPort ${allowed}`),
    "",
  ].join("\n");
}

export function canConnect(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `port` accepts connections while `child` runs; throws with `log()` otherwise. */
export async function waitForPort(child: ManagedProcess, port: number, timeoutMs: number, what: string, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (!child.isRunning() || Date.now() > deadline) {
      const why = child.isRunning() ? `port ${port} not accepting after ${timeoutMs} ms` : "it exited";
      await child.stop();
      throw new Error(`${what} did not start (${why}). Output:\n${log()}`);
    }
    await sleep(20);
  }
}

/** Starts tinyproxy; resolves once it accepts connections. Retries on a port taken meanwhile. */
export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  const dir = makeSharedTempDir("mqtt5-tinyproxy-");
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const configPath = join(dir, "tinyproxy.conf");
    writeFileSync(configPath, buildConfig(dir, port, options));
    let log = "";
    const child = startProcess(TINYPROXY_BINARY, ["-d", "-c", configPath], { onOutput: (text) => (log += text) });
    try {
      await waitForPort(child, port, options.startTimeoutMs ?? 10_000, "tinyproxy", () => log);
    } catch (error) {
      lastError = error as Error;
      if (/address already in use|Could not create listening/i.test(log)) continue;
      throw error;
    }
    return {
      host: "127.0.0.1",
      port,
      basicAuth: options.basicAuth,
      pid: child.pid,
      isRunning: () => child.isRunning(),
      logText: () => log,
      stop: async () => {
        await child.stop();
      },
    };
  }
  throw lastError ?? new Error("tinyproxy did not start");
}
