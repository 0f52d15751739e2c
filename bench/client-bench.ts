// Client benchmark (issue 6): mqtt5-client against MQTT.js and aws-crt's mqtt5 client, side by side, against a
// private Mosquitto on loopback. `npm run bench` compiles into .bench-build/ and runs this file.
//
//   node .bench-build/bench/client-bench.js [--smoke] [--repetitions N] [--scenarios a,b] [--clients x,y]
//                                           [--out FILE] [--port P --broker-pid PID]
//
// Every scenario runs in a fresh Node process per client and repetition (scenario-runner.ts), clients alternate
// (the order rotates per repetition), and the table shows medians. Progress goes to stdout; the Markdown report
// goes to --out (default bench/results.md). --smoke uses tiny counts and one repetition (CI keeps the harness
// working with it; the numbers mean nothing). --port/--broker-pid use an already running broker.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startBenchBroker, type BenchBroker } from "./broker.js";
import { CLIENT_NAMES, type ClientName } from "./clients/bench-client.js";
import { BROKER_BOUND_PERCENT, buildTable, collectNotes, type RunRecord } from "./report.js";
import { SCENARIOS, type ScenarioResult } from "./scenarios.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root: this file runs from <root>/<build dir>/bench/. */
const root = resolve(here, "..", "..");

interface Options {
  readonly smoke: boolean;
  readonly repetitions: number;
  readonly scenarios: readonly string[];
  readonly clients: readonly ClientName[];
  readonly out: string;
  readonly port: number | undefined;
  readonly brokerPid: number | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index < 0 ? undefined : argv[index + 1];
  };
  const smoke = argv.includes("--smoke");
  const list = (name: string, all: readonly string[]): string[] => {
    const given = value(name)?.split(",").filter((item) => item !== "") ?? [...all];
    for (const item of given) if (!all.includes(item)) throw new Error(`unknown ${name} entry "${item}"; known: ${all.join(", ")}`);
    return given;
  };
  return {
    smoke,
    repetitions: Number(value("repetitions") ?? (smoke ? 1 : 3)),
    scenarios: list("scenarios", SCENARIOS.map((scenario) => scenario.name)),
    clients: list("clients", CLIENT_NAMES) as ClientName[],
    out: resolve(value("out") ?? join(root, "bench", "results.md")),
    port: value("port") === undefined ? undefined : Number(value("port")),
    brokerPid: value("broker-pid") === undefined ? undefined : Number(value("broker-pid")),
  };
}

/** Hard limit per child process; the scenario's own limits are shorter, this only catches a blocked event loop. */
function processTimeLimitMs(scenario: string, smoke: boolean): number {
  if (smoke) return 30_000;
  switch (scenario) {
    case "qos0-flood":
      return 40_000;
    case "idle-clients":
      return 120_000;
    default:
      return 45_000;
  }
}

interface ChildOutcome {
  readonly result: ScenarioResult | undefined;
  readonly problem?: string;
}

function runChild(options: Options, scenario: string, client: ClientName, port: number, brokerPid: number | undefined, runId: string): Promise<ChildOutcome> {
  const args = [
    "--expose-gc",
    join(here, "scenario-runner.js"),
    "--client", client, "--scenario", scenario, "--host", "127.0.0.1", "--port", String(port), "--run-id", runId,
    ...(brokerPid === undefined ? [] : ["--broker-pid", String(brokerPid)]),
    ...(options.smoke ? ["--smoke"] : []),
  ];
  // NODE_NO_WARNINGS: aws-crt prints a multi-line deprecation notice for Node 20 on load.
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_NO_WARNINGS: "1" } });
  let result: ScenarioResult | undefined;
  let partial: ScenarioResult | undefined;
  let error: string | undefined;
  let stderr = "";
  let pending = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    pending += text;
    for (let newline = pending.indexOf("\n"); newline >= 0; newline = pending.indexOf("\n")) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7)) as ScenarioResult;
      else if (line.startsWith("PARTIAL ")) partial = JSON.parse(line.slice(8)) as ScenarioResult;
      else if (line.startsWith("ERROR ")) error = line.slice(6);
      else if (line.startsWith("progress: ")) console.log(`      … ${line.slice(10)}`);
      else if (line.trim() !== "") error = `${error ?? ""}${line}\n`;
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    stderr = (stderr + text).slice(-4_000);
  });
  const limitMs = processTimeLimitMs(scenario, options.smoke);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, limitMs);
  return new Promise((resolveOutcome) => {
    child.once("close", (code) => {
      clearTimeout(timer);
      if (result !== undefined && code === 0) {
        resolveOutcome({ result });
      } else if (killed && partial !== undefined) {
        resolveOutcome({ result: partial, problem: `killed after ${limitMs / 1000} s (event loop blocked); last partial result used` });
      } else {
        const why = killed ? `killed after ${limitMs / 1000} s with no result` : `exit code ${String(code)}`;
        resolveOutcome({ result: undefined, problem: `${why}: ${(error ?? stderr).trim().split("\n").slice(0, 3).join(" / ")}` });
      }
    });
  });
}

function summarize(result: ScenarioResult | undefined): string {
  if (result === undefined) return "no result";
  const metrics = result.metrics;
  const parts: string[] = [];
  const add = (key: string, unit: string, digits = 0): void => {
    const value = metrics[key];
    if (value !== undefined && Number.isFinite(value)) parts.push(`${value.toLocaleString("en-US", { maximumFractionDigits: digits })} ${unit}`);
  };
  add("msgPerSecond", "msg/s");
  add("mibPerSecond", "MiB/s");
  add("cpuUsPerMessage", "µs CPU/msg", 2);
  add("userCpuUsPerMessage", "µs of it user", 2);
  add("heapKbPerClient", "KB heap/client", 1);
  add("rssKbPerClient", "KB RSS/client", 1);
  add("p50Us", "µs p50");
  add("p99Us", "µs p99");
  add("brokerCpuPercent", "% broker CPU");
  return parts.join(", ");
}

function packageVersion(name: string): string {
  try {
    const path = name === "." ? join(root, "package.json") : join(root, "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

function commandOutput(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: "utf8", cwd: root });
  if (result.error !== undefined) return undefined;
  return `${result.stdout}${result.stderr}`.trim();
}

function mosquittoVersion(): string {
  const text = commandOutput("/usr/sbin/mosquitto", ["-h"]) ?? "";
  return /mosquitto version (\S+)/.exec(text)?.[1] ?? "unknown";
}

function describeMachine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? "unknown CPU";
  return `${model}, ${cpu.length} cores, Node ${process.version}, ${platform()} ${release()}`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = loadavg();
  let broker: BenchBroker | undefined;
  let port = options.port;
  let brokerPid = options.brokerPid;
  if (port === undefined) {
    console.log("starting Mosquitto on loopback …");
    broker = await startBenchBroker();
    port = broker.port;
    brokerPid = broker.pid;
  }
  const total = options.scenarios.length * options.repetitions * options.clients.length;
  console.log(
    `${total} runs: ${options.scenarios.length} scenarios × ${options.clients.length} clients × ${options.repetitions} repetitions` +
      `${options.smoke ? " (smoke: tiny counts, numbers meaningless)" : ""}; broker port ${port}, pid ${brokerPid ?? "?"}`,
  );
  const runs: RunRecord[] = [];
  let index = 0;
  try {
    for (const [scenarioIndex, scenario] of options.scenarios.entries()) {
      for (let repetition = 1; repetition <= options.repetitions; repetition++) {
        // Alternate: the client order rotates with every repetition (and scenario), so none always goes first.
        const shift = (repetition - 1 + scenarioIndex) % options.clients.length;
        const order = [...options.clients.slice(shift), ...options.clients.slice(0, shift)];
        for (const client of order) {
          index++;
          const label = `[${String(index).padStart(String(total).length)}/${total}] ${scenario} · ${client} · run ${repetition}/${options.repetitions}`;
          console.log(`${label} …`);
          const started = performance.now();
          const runId = `b${process.pid}x${index}`;
          const outcome = await runChild(options, scenario, client, port, brokerPid, runId);
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          console.log(`    ${summarize(outcome.result)}${outcome.problem === undefined ? "" : ` (${outcome.problem})`} [${seconds} s]`);
          runs.push({ scenario, client, repetition, result: outcome.result, ...(outcome.problem === undefined ? {} : { problem: outcome.problem }) });
        }
      }
    }
  } finally {
    await broker?.stop();
  }
  const finishedAt = new Date();
  const { markdown, targets } = buildTable(runs);
  const notes = collectNotes(runs);
  const commit = commandOutput("git", ["rev-parse", "--short", "HEAD"]) ?? "unknown";
  const minutes = ((finishedAt.getTime() - startedAt.getTime()) / 60_000).toFixed(1);
  const report = [
    "# Client benchmark results",
    "",
    `${options.smoke ? "**Smoke run: tiny counts, the numbers mean nothing.**\n\n" : ""}` +
      `Date: ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (${minutes} min). ` +
      `mqtt5-client ${packageVersion(".")} (commit ${commit}), MQTT.js ${packageVersion("mqtt")}, ` +
      `aws-crt ${packageVersion("aws-crt")}, Mosquitto ${mosquittoVersion()}.`,
    "",
    `Machine: ${describeMachine()}; load average ${loadBefore[0]?.toFixed(2)} before, ${loadavg()[0]?.toFixed(2)} after.`,
    "",
    `Medians of ${options.repetitions} repetition${options.repetitions === 1 ? "" : "s"}; every run in a fresh process, ` +
      "client order rotating. Throughput windows: 1 s warm-up, then 3 s measured. CPU = user + system time of the whole " +
      "client process (all threads) per message, user + kernel (on loopback the kernel time includes the TCP stack's work for " +
      "the packets the client sends); broker CPU = Mosquitto's share of one core in the same window " +
      `(≥ ${BROKER_BOUND_PERCENT}% means the result is bound by the broker, not the client). Ratios are ours / theirs: ` +
      "above 1 is better for rates, below 1 is better for CPU, memory and latency. † = at least one run hit its time " +
      "limit (its partial result is used).",
    "",
    markdown,
    "",
    "Scenarios: QoS 0 window — a publisher and a subscriber in one process, at most 1000 messages published but not yet " +
      "delivered. Never-awaited — 200,000 QoS 0 publishes submitted in one synchronous loop, rate until the last one " +
      "completed (30 s limit). QoS 1 — a publisher alone, each PUBACK starts the next publish. Idle clients — heap and " +
      "RSS growth after GC with 1000 connected clients in one process. Latency — up to 5000 sequential QoS 1 publishes " +
      "(10 s limit), each awaited, default settings of every library. Broker: Mosquitto with one TCP listener on " +
      "loopback and its defaults (TCP_NODELAY off), max_inflight_messages 1000, max_queued_messages 100000.",
    "",
    ...(notes.length === 0 ? [] : ["Notes:", "", ...notes.map((note) => `- ${note}`), ""]),
  ].join("\n");
  writeFileSync(options.out, `${report}\n`);
  console.log(`\n${markdown}\n`);
  for (const target of targets) {
    console.log(`${target.met === undefined ? "?  " : target.met ? "met" : "MISSED"}  ${target.label}: ${target.ours} (target ${target.target})`);
  }
  console.log(`\nwrote ${options.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
