// Runs the compiled `mqtt5` binary (.test-build/src/cli/main.js) as a child process, the way a user would, with
// a hard time limit: a CLI that does not exit by itself (a dangling timer or socket) is killed and the test fails.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI_PATH = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

export interface CliResult {
  /** Exit code; null when the process was killed. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** True when the time limit ran out and the process had to be killed. */
  readonly timedOut: boolean;
}

export interface CliOptions {
  /** Variables added to (or, when undefined, removed from) the environment. MQTT_URL/MQTT_PASSWORD are removed by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the process after this long. Default 60 s. */
  readonly timeoutMs?: number;
}

export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  /** Resolves once stdout matches `pattern`; rejects when the process exits first or after `timeoutMs`. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly result: Promise<CliResult>;
}

export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env, MQTT_URL: undefined, MQTT_PASSWORD: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const startedAt = performance.now();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let exited = false;
  const watchers = new Set<() => void>();
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
    for (const wake of watchers) wake();
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 60_000);
  const result = new Promise<CliResult>((resolve) => {
    child.once("close", (code, signal) => {
      exited = true;
      clearTimeout(timer);
      for (const wake of watchers) wake();
      resolve({ code, signal, stdout, stderr, durationMs: performance.now() - startedAt, timedOut });
    });
  });
  const waitForStdout = (pattern: RegExp, timeoutMs = 20_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(stdout)) finish(resolve);
        else if (exited) finish(() => reject(new Error(`CLI exited before printing ${pattern}:\n${stdout}\n${stderr}`)));
      };
      const giveUp = setTimeout(() => finish(() => reject(new Error(`CLI did not print ${pattern} in ${timeoutMs} ms:\n${stdout}`))), timeoutMs);
      const finish = (action: () => void): void => {
        clearTimeout(giveUp);
        watchers.delete(check);
        action();
      };
      watchers.add(check);
      check();
    });
  return { child, stdout: () => stdout, waitForStdout, result };
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** Text for assertion messages: how the run ended and everything it printed. */
export function describeRun(run: CliResult): string {
  const ending = run.timedOut ? "killed after the time limit" : `exit ${run.code ?? run.signal}`;
  return `${ending} after ${Math.round(run.durationMs)} ms\n--- stdout ---\n${run.stdout}--- stderr ---\n${run.stderr}`;
}
