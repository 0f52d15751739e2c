// Spawning and stopping helper programs (brokers, proxies) by PID, with no orphans left behind.
//
// Every started child is remembered until it exits; if the test process ends first (normal exit, uncaught
// error, SIGINT/SIGTERM from the test runner), the children are SIGKILLed. Children and their pipes are
// unref'd, so a test that forgets to stop a peer does not hang its file: the exit hook cleans up instead.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { constants } from "node:os";

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartProcessOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with every chunk the program writes to stdout or stderr. */
  readonly onOutput?: (text: string) => void;
}

export interface ManagedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves when the program has exited (never rejects). */
  readonly exited: Promise<ExitStatus>;
  isRunning(): boolean;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if the program has not exited after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<ExitStatus>;
}

const livePids = new Set<number>();
let exitHookInstalled = false;

function killAllLive(): void {
  for (const pid of livePids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  livePids.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", killAllLive);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      // process.exit runs the 'exit' hooks (killAllLive, temp-folder removal); 128+n is the shell's convention.
      process.exit(128 + (constants.signals[signal] ?? 0));
    });
  }
}

/** True when a process with this PID exists (and is not a zombie we have already reaped). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function startProcess(command: string, args: readonly string[], options: StartProcessOptions = {}): ManagedProcess {
  installExitHook();
  const spawnOptions: SpawnOptions = { stdio: ["ignore", "pipe", "pipe"], detached: false };
  if (options.cwd !== undefined) spawnOptions.cwd = options.cwd;
  if (options.env !== undefined) spawnOptions.env = options.env;
  const child = spawn(command, args, spawnOptions);
  const pid = child.pid;
  if (pid === undefined) {
    // spawn() reports ENOENT asynchronously; the missing PID is the synchronous signal of the same failure.
    throw new Error(`could not start ${command}: is it installed? (run: node scripts/ensure-peers.mjs)`);
  }
  livePids.add(pid);
  let running = true;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => {
      running = false;
      livePids.delete(pid);
      resolve({ code, signal });
    });
  });
  child.on("error", () => {
    // Errors after a successful spawn (e.g. kill on a dead PID) show up through `exited`.
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    stream.setEncoding("utf8");
    stream.on("data", (text: string) => options.onOutput?.(text));
    (stream as unknown as { unref?: () => void }).unref?.();
  }
  child.unref();

  const kill = (signal: NodeJS.Signals = "SIGTERM"): void => {
    if (!running) return;
    try {
      process.kill(pid, signal);
    } catch {
      // Exited between the check and the signal.
    }
  };

  const stop = async (graceMs = 5000): Promise<ExitStatus> => {
    if (!running) return exited;
    kill("SIGTERM");
    if (await exitsWithin(exited, graceMs)) return exited;
    kill("SIGKILL");
    if (await exitsWithin(exited, 5000)) return exited;
    throw new Error(`process ${pid} (${command}) did not exit after SIGKILL`);
  };

  return { pid, child, exited, isRunning: () => running, kill, stop };
}

async function exitsWithin(exited: Promise<ExitStatus>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([exited.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
