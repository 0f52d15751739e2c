// CPU time of another process (the broker) from /proc/<pid>/stat, and of this process from process.cpuUsage().
// Linux only; elsewhere the broker's CPU is reported as unknown.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const result = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    const parsed = Number.parseInt(result.stdout ?? "", 10);
    ticksPerSecond = Number.isFinite(parsed) && parsed > 0 ? parsed : 100;
  }
  return ticksPerSecond;
}

/** User + system CPU milliseconds used so far by process `pid`, or undefined when it cannot be read. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]); // field 14 overall
  const stime = Number(fields[12]); // field 15 overall
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / clockTicksPerSecond();
}

/** A point in time with this process's and the broker's CPU use, for measuring a window between two of them. */
export interface Snapshot {
  readonly wallMs: number;
  readonly cpuUs: number;
  /** User-mode part of cpuUs (JavaScript, GC, libraries); the rest is kernel time (syscalls, loopback TCP). */
  readonly userUs: number;
  readonly brokerCpuMs: number | undefined;
}

export function snapshot(brokerPid: number | undefined): Snapshot {
  const usage = process.cpuUsage();
  return { wallMs: performance.now(), cpuUs: usage.user + usage.system, userUs: usage.user, brokerCpuMs: processCpuMs(brokerPid) };
}

export interface Window {
  readonly seconds: number;
  readonly cpuUs: number;
  readonly userUs: number;
  /** Broker CPU as a percentage of one core over the window; undefined when unknown. */
  readonly brokerCpuPercent: number | undefined;
}

export function between(start: Snapshot, end: Snapshot): Window {
  const seconds = (end.wallMs - start.wallMs) / 1000;
  const brokerCpuPercent =
    start.brokerCpuMs === undefined || end.brokerCpuMs === undefined
      ? undefined
      : ((end.brokerCpuMs - start.brokerCpuMs) / 1000 / seconds) * 100;
  return { seconds, cpuUs: end.cpuUs - start.cpuUs, userUs: end.userUs - start.userUs, brokerCpuPercent };
}
