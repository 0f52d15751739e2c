// Keeps the codec benchmark runnable: `codec-bench.js --smoke` (tiny fixed counts) must exit 0 and print the
// Markdown table with one encode and one decode row per case. No timing is asserted.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const benchScript = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "codec-bench.js");

test("codec benchmark runs in --smoke mode and prints its table", () => {
  const result = spawnSync(process.execPath, [benchScript, "--smoke"], { encoding: "utf8", timeout: 60_000 });
  assert.equal(result.error, undefined);
  assert.equal(result.status, 0, `bench exited ${String(result.status)}\n${result.stderr}`);
  assert.match(result.stdout, /^\| case \| operation \| ours \(ops\/s\) \| mqtt-packet \(ops\/s\) \| ours \/ mqtt-packet \|$/m);
  const rows = result.stdout.split("\n").filter((line) => /^\| (PUBLISH|SUBACK)/.test(line));
  assert.equal(rows.length, 8, `expected 4 cases × (encode, decode) rows:\n${result.stdout}`);
  for (const row of rows) assert.match(row, /\| [\d,]+ \| [\d,]+ \| \d+\.\d\d× \|$/);
});
