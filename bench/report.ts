// Turns the runs of client-bench.ts into the Markdown results table: medians per client, ratios to MQTT.js and
// aws-crt, the broker's CPU use, and issue 6's targets with met/missed.
import { CLIENT_NAMES, type ClientName } from "./clients/bench-client.js";
import type { ScenarioResult } from "./scenarios.js";

/** One finished (or killed, or failed) scenario run. */
export interface RunRecord {
  readonly scenario: string;
  readonly client: ClientName;
  readonly repetition: number;
  readonly result: ScenarioResult | undefined;
  /** Set when the run did not produce a complete result (killed at its time limit, or failed). */
  readonly problem?: string;
}

type Better = "higher" | "lower";

interface Target {
  readonly text: string;
  /** Whether the target is met, from our median and the peers' medians (undefined: cannot tell). */
  readonly check: (ours: number, peers: { mqttjs?: number; awscrt?: number }, oursBrokerCpu?: number) => boolean | undefined;
}

interface RowSpec {
  readonly label: string;
  readonly scenario: string;
  readonly metric: string;
  readonly unit: string;
  readonly better: Better;
  readonly digits: number;
  readonly target?: Target;
}

/** Broker CPU (% of one core) from which a throughput result counts as limited by the broker. */
export const BROKER_BOUND_PERCENT = 90;

const ratioTo = (peer: number | undefined, ours: number): number | undefined =>
  peer === undefined || !Number.isFinite(peer) || peer === 0 ? undefined : ours / peer;

export const ROWS: readonly RowSpec[] = [
  {
    label: "QoS 0, 64 B, 1000 outstanding: delivered msg/s",
    scenario: "qos0-window", metric: "msgPerSecond", unit: "msg/s", better: "higher", digits: 0,
    target: {
      text: "≥ 2× MQTT.js or broker-bound",
      check: (ours, peers, brokerCpu) => {
        if (brokerCpu !== undefined && brokerCpu >= BROKER_BOUND_PERCENT) return true;
        const ratio = ratioTo(peers.mqttjs, ours);
        return ratio === undefined ? undefined : ratio >= 2;
      },
    },
  },
  {
    label: "same: client CPU µs per message (publisher + subscriber in one process)",
    scenario: "qos0-window", metric: "cpuUsPerMessage", unit: "µs", better: "lower", digits: 2,
    target: { text: "≤ 1/3 of MQTT.js", check: (ours, peers) => maybe(ratioTo(peers.mqttjs, ours), (r) => r <= 1 / 3) },
  },
  {
    label: "same: of which user time (JavaScript, GC), µs per message",
    scenario: "qos0-window", metric: "userCpuUsPerMessage", unit: "µs", better: "lower", digits: 2,
  },
  {
    label: "QoS 0, 200k publishes never awaited: msg/s",
    scenario: "qos0-flood", metric: "msgPerSecond", unit: "msg/s", better: "higher", digits: 0,
    target: { text: "≥ 150,000 msg/s", check: (ours) => ours >= 150_000 },
  },
  {
    label: "same: client CPU µs per message",
    scenario: "qos0-flood", metric: "cpuUsPerMessage", unit: "µs", better: "lower", digits: 2,
  },
  {
    label: "same: the submitting loop alone, µs per publish() call",
    scenario: "qos0-flood", metric: "submitUsPerPublish", unit: "µs", better: "lower", digits: 2,
  },
  {
    label: "same: heap bytes per queued publish (right after submitting)",
    scenario: "qos0-flood", metric: "queueHeapBytesPerMessage", unit: "B", better: "lower", digits: 0,
  },
  {
    label: "QoS 1, 64 B, 100 in flight: acknowledged msg/s",
    scenario: "qos1-window", metric: "msgPerSecond", unit: "msg/s", better: "higher", digits: 0,
  },
  {
    label: "QoS 1 CPU µs per message",
    scenario: "qos1-window", metric: "cpuUsPerMessage", unit: "µs", better: "lower", digits: 2,
    target: { text: "≤ 1/2.5 of MQTT.js", check: (ours, peers) => maybe(ratioTo(peers.mqttjs, ours), (r) => r <= 0.4) },
  },
  {
    label: "same: of which user time (JavaScript, GC), µs per message",
    scenario: "qos1-window", metric: "userCpuUsPerMessage", unit: "µs", better: "lower", digits: 2,
  },
  {
    label: "QoS 1, 256 KiB payloads, 16 in flight: MiB/s",
    scenario: "qos1-large", metric: "mibPerSecond", unit: "MiB/s", better: "higher", digits: 0,
    target: { text: "≥ 1.2× aws-crt", check: (ours, peers) => maybe(ratioTo(peers.awscrt, ours), (r) => r >= 1.2) },
  },
  {
    label: "1000 idle clients: heap KB per client",
    scenario: "idle-clients", metric: "heapKbPerClient", unit: "KB", better: "lower", digits: 1,
    target: { text: "≤ 2 KB", check: (ours) => ours <= 2 },
  },
  {
    label: "1000 idle clients: RSS KB per client",
    scenario: "idle-clients", metric: "rssKbPerClient", unit: "KB", better: "lower", digits: 1,
    target: { text: "≤ 25 KB", check: (ours) => ours <= 25 },
  },
  {
    label: "Sequential QoS 1 round trips as shipped: p50 µs",
    scenario: "latency", metric: "p50Us", unit: "µs", better: "lower", digits: 0,
    target: { text: "≤ 100 µs", check: (ours) => ours <= 100 },
  },
  {
    label: "same: p99 µs",
    scenario: "latency", metric: "p99Us", unit: "µs", better: "lower", digits: 0,
  },
];

function maybe(value: number | undefined, test: (value: number) => boolean): boolean | undefined {
  return value === undefined ? undefined : test(value);
}

export function median(values: readonly number[]): number | undefined {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle] : ((finite[middle - 1] as number) + (finite[middle] as number)) / 2;
}

/** Median of one metric over the repetitions of (scenario, client); partial results count, failures do not. */
export function medianOf(runs: readonly RunRecord[], scenario: string, client: ClientName, metric: string): number | undefined {
  return median(
    runs
      .filter((run) => run.scenario === scenario && run.client === client && run.result !== undefined)
      .map((run) => run.result?.metrics[metric] ?? Number.NaN),
  );
}

function format(value: number | undefined, digits: number): string {
  if (value === undefined) return "–";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatRatio(ratio: number | undefined): string {
  return ratio === undefined ? "–" : `${ratio.toFixed(2)}×`;
}

function formatPercent(value: number | undefined): string {
  return value === undefined ? "–" : `${value.toFixed(0)}%`;
}

/** Whether any run of (scenario, client) is partial; marks the value with a dagger. */
function isPartial(runs: readonly RunRecord[], scenario: string, client: ClientName): boolean {
  return runs.some((run) => run.scenario === scenario && run.client === client && run.problem !== undefined);
}

export interface TargetStatus {
  readonly label: string;
  readonly target: string;
  readonly met: boolean | undefined;
  readonly ours: string;
}

export function buildTable(runs: readonly RunRecord[]): { markdown: string; targets: TargetStatus[] } {
  const lines = [
    "| scenario | mqtt5-client | MQTT.js | aws-crt | floor | ours / MQTT.js | ours / aws-crt | ours / floor | broker CPU (ours / MQTT.js / aws-crt / floor) | target | met |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
  ];
  const targets: TargetStatus[] = [];
  for (const row of ROWS) {
    const value = (client: ClientName): number | undefined => medianOf(runs, row.scenario, client, row.metric);
    const cell = (client: ClientName): string =>
      `${format(value(client), row.digits)}${isPartial(runs, row.scenario, client) ? " †" : ""}`;
    const ours = value("mqtt5-client");
    const mqttjs = value("MQTT.js");
    const awscrt = value("aws-crt");
    const floor = value("floor");
    const broker = (client: ClientName): number | undefined => medianOf(runs, row.scenario, client, "brokerCpuPercent");
    const brokerCell = CLIENT_NAMES.every((client) => broker(client) === undefined)
      ? "–"
      : CLIENT_NAMES.map((client) => formatPercent(broker(client))).join(" / ");
    let met: boolean | undefined;
    if (row.target !== undefined && ours !== undefined) {
      const peers: { mqttjs?: number; awscrt?: number } = {};
      if (mqttjs !== undefined) peers.mqttjs = mqttjs;
      if (awscrt !== undefined) peers.awscrt = awscrt;
      met = row.target.check(ours, peers, broker("mqtt5-client"));
      targets.push({ label: row.label, target: row.target.text, met, ours: `${format(ours, row.digits)} ${row.unit}` });
    }
    const metCell = row.target === undefined ? "" : met === undefined ? "?" : met ? "yes" : "**no**";
    // A ratio to a peer's partial result (killed at its time limit) would be a meaningless number: "–" instead.
    const ratioCell = (peer: ClientName, value: number | undefined): string =>
      isPartial(runs, row.scenario, peer) ? "–" : formatRatio(ratioTo(value, ours ?? Number.NaN));
    lines.push(
      `| ${row.label} | ${cell("mqtt5-client")} | ${cell("MQTT.js")} | ${cell("aws-crt")} | ${cell("floor")} | ` +
        `${ratioCell("MQTT.js", mqttjs)} | ${ratioCell("aws-crt", awscrt)} | ${ratioCell("floor", floor)} | ${brokerCell} | ` +
        `${row.target?.text ?? ""} | ${metCell} |`,
    );
  }
  return { markdown: lines.join("\n"), targets };
}

/** Every distinct note and problem, per scenario and client. */
export function collectNotes(runs: readonly RunRecord[]): string[] {
  const notes = new Set<string>();
  for (const run of runs) {
    const prefix = `${run.scenario}, ${run.client}, run ${run.repetition}`;
    if (run.problem !== undefined) notes.add(`${prefix}: ${run.problem}`);
    for (const note of run.result?.notes ?? []) notes.add(`${prefix}: ${note}`);
  }
  return [...notes];
}
