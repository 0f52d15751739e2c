// Keeps the client benchmark runnable: `client-bench.js --smoke` starts its own Mosquitto, runs every scenario once
// per client (mqtt5-client, MQTT.js, aws-crt and the raw-socket floor) with tiny counts, and writes the Markdown report. Only the harness is
// checked — that every scenario produced a number for every client and the report has its parts; never a timing.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ROWS } from "../../bench/report.js";

const benchScript = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "client-bench.js");

test("client benchmark runs in --smoke mode and writes a complete report", () => {
  const dir = mkdtempSync(join(tmpdir(), "mqtt5-bench-smoke-"));
  try {
    const out = join(dir, "results.md");
    const result = spawnSync(process.execPath, [benchScript, "--smoke", "--out", out], { encoding: "utf8", timeout: 120_000 });
    assert.equal(result.error, undefined);
    assert.equal(result.status, 0, `bench exited ${String(result.status)}\n${result.stdout}\n${result.stderr}`);
    // Progress: one line per run (6 scenarios × 4 clients × 1 repetition).
    assert.equal(result.stdout.match(/^\[\s*\d+\/24\] /gm)?.length, 24, result.stdout);
    const report = readFileSync(out, "utf8");
    assert.match(report, /^# Client benchmark results$/m);
    assert.match(report, /Smoke run/);
    assert.match(report, /MQTT\.js 5\.\d+\.\d+, aws-crt 1\.\d+\.\d+, Mosquitto \d/);
    assert.match(report, /^Machine: .+ cores, Node v\d+/m);
    assert.match(report, /^\| scenario \| mqtt5-client \| MQTT\.js \| aws-crt \| floor \| ours \/ MQTT\.js \|/m);
    for (const row of ROWS) {
      const line = report.split("\n").find((candidate) => candidate.startsWith(`| ${row.label} |`));
      assert.ok(line !== undefined, `row "${row.label}" missing:\n${report}`);
      const cells = line.split("|").slice(2, 6).map((cell) => cell.trim());
      // A number for every client (a dagger marks a run that hit its time limit; its partial number still counts).
      // Smoke counts are tiny, so a memory delta can come out slightly negative after GC: a sign is allowed.
      for (const cell of cells) assert.match(cell, /^-?[\d,.]+( †)?$/, `row "${row.label}": ${line}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
