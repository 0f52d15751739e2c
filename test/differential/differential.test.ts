// Differential suite: every scenario (scenarios.ts) runs against aws-crt 1.33.2's native mqtt5 client and against
// ours on one Mosquitto; the normalised traces must be equal field by field except for the intended differences
// (intended-differences.ts, explained in README.md). Set DIFF_DUMP=1 to print both traces of every scenario.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../support/free-port.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { awsCrtAdapter, releaseNativeClients } from "./adapters/aws-crt.js";
import { oursAdapter } from "./adapters/ours.js";
import { ABSENT, checkIntended, diffTraces, traceLeaves, type Difference, type IntendedDifference } from "./compare.js";
import { intendedDifferences } from "./intended-differences.js";
import { runScenario, type RunEnvironment, type TraceEntry } from "./runner.js";
import { scenarios } from "./scenarios.js";

let broker: MosquittoBroker;
let environment: RunEnvironment;

before(async () => {
  broker = await startMosquitto();
  environment = { broker, closedPort: await freePort() };
});

after(async () => {
  await broker.stop();
  releaseNativeClients();
});

const show = (differences: readonly Difference[]): string =>
  differences.map(({ path, crt, ours }) => `  ${path}\n    aws-crt: ${crt}\n    ours:    ${ours}`).join("\n");

const showTrace = (trace: readonly TraceEntry[]): string =>
  [...traceLeaves(trace)].map(([path, value]) => `  ${path} = ${value}`).join("\n");

/** A step that timed out on both sides would compare equal: refuse it. */
function assertNoTimeouts(name: string, trace: readonly TraceEntry[]): void {
  const timedOut = [...traceLeaves(trace)].filter(([, value]) => value === '"<timeout>"').map(([path]) => path);
  assert.deepEqual(timedOut, [], `${name}: steps timed out`);
}

describe("aws-crt 1.33.2 vs ours, same scripts on the same Mosquitto", () => {
  for (const scenario of scenarios) {
    test(scenario.name, { timeout: 30_000 }, async (t) => {
      await dumpLogOnFailure(t, broker, async () => {
        const crt = await runScenario(scenario, awsCrtAdapter, environment);
        const ours = await runScenario(scenario, oursAdapter, environment);
        if (process.env.DIFF_DUMP === "1") {
          process.stderr.write(`\n### ${scenario.name}\n--- aws-crt\n${showTrace(crt)}\n--- ours\n${showTrace(ours)}\n`);
        }
        assertNoTimeouts("aws-crt", crt);
        assertNoTimeouts("ours", ours);
        const { unexpected, disappeared } = checkIntended(scenario.name, crt, ours, intendedDifferences);
        assert.deepEqual(unexpected, [], `differences not in the intended table:\n${show(unexpected)}`);
        assert.deepEqual(
          disappeared.map((row) => row.id),
          [],
          "intended differences that no longer appear (update intended-differences.ts and README.md)",
        );
      });
    });
  }
});

describe("the intended-differences table", () => {
  test("every row names existing scenarios, has a reason, and a unique id", () => {
    const names = new Set(scenarios.map((scenario) => scenario.name));
    const ids = intendedDifferences.map((row) => row.id);
    assert.equal(new Set(ids).size, ids.length, "duplicate ids");
    for (const row of intendedDifferences) {
      assert.ok(row.scenarios.length > 0, `${row.id}: no scenario`);
      for (const name of row.scenarios) assert.ok(names.has(name), `${row.id}: unknown scenario "${name}"`);
      assert.ok(row.reason.length > 20, `${row.id}: give the reason`);
    }
  });

  test("README.md lists every row", () => {
    let folder = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(folder, "package.json"))) folder = dirname(folder);
    const readme = readFileSync(join(folder, "test", "differential", "README.md"), "utf8");
    const missing = intendedDifferences.filter((row) => !readme.includes(`\`${row.id}\``)).map((row) => row.id);
    assert.deepEqual(missing, []);
  });
});

describe("the comparison itself", () => {
  const trace = (code: number, extra?: TraceEntry): TraceEntry[] => [
    { key: "subscribe(sub)", value: { resolved: { reasonCodes: [code], type: 9 } } },
    ...(extra === undefined ? [] : [extra]),
  ];
  const row: IntendedDifference = {
    id: "example",
    scenarios: ["s"],
    at: /subscribe\(sub\)\.resolved/,
    crt: { reasonCodes: [1], type: 9 },
    ours: { reasonCodes: [2], type: 9 },
    reason: "an example row for the self-test",
  };

  test("finds a changed leaf and a leaf only one side has", () => {
    assert.deepEqual(diffTraces(trace(1), trace(1)), []);
    assert.deepEqual(diffTraces(trace(1, { key: "events", value: "stopped" }), trace(2)), [
      { path: "subscribe(sub).resolved.reasonCodes.0", crt: "1", ours: "2" },
      { path: "events", crt: '"stopped"', ours: ABSENT },
    ]);
  });

  test("a row explains exactly its subtree; unlisted or vanished differences are reported", () => {
    const none = { unexpected: [], disappeared: [] };
    const { differences: _ignored, ...same } = checkIntended("s", trace(1), trace(2), [row]);
    assert.deepEqual(same, none);
    assert.deepEqual(checkIntended("s", trace(1), trace(1), [row]).disappeared, [row]);
    assert.deepEqual(checkIntended("s", trace(1), trace(1), [{ ...row, sometimes: true }]).disappeared, []);
    const other = checkIntended("s", trace(1), trace(3), [row]);
    assert.deepEqual([other.unexpected.length, other.disappeared], [1, [row]]);
    assert.equal(checkIntended("t", trace(1), trace(2), [row]).unexpected.length, 1, "row of another scenario");
    const extra = checkIntended("s", trace(1, { key: "events", value: "a" }), trace(2, { key: "events", value: "b" }), [row]);
    assert.deepEqual(extra.unexpected, [{ path: "events", crt: '"a"', ours: '"b"' }]);
    const absent = { ...row, at: /events/, crt: "a", ours: ABSENT };
    assert.deepEqual(checkIntended("s", trace(1, { key: "events", value: "a" }), trace(1), [absent]).unexpected, []);
  });
});
