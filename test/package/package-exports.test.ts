// The published package shape: `npm run build` produces ESM + CJS + .d.ts; the exports map resolves the Node entry
// for import and require, the browser condition, and the CLI binary; the browser entry pulls in no Node built-in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function run(args: string[]): string {
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  assert.equal(result.status, 0, `node ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

test("npm run build writes ESM, CJS and declarations; exports resolve for import, require and browser", () => {
  run(["scripts/build.mjs"]);
  for (const file of ["dist/esm/index.js", "dist/esm/index.d.ts", "dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/esm/browser.js", "dist/esm/browser.d.ts", "dist/browser/mqtt5-client.min.js", "dist/browser/mqtt5-client.esm.min.js"]) {
    assert.ok(existsSync(join(root, file)), `${file} missing`);
  }
  assert.match(run(["-e", "const m = require('mqtt5-client'); console.log(typeof m.mqtt5.Mqtt5Client, m.mqtt5.QoS.ExactlyOnce)"]), /^function 2/);
  assert.match(run(["--input-type=module", "-e", "import { mqtt5, CrtError } from 'mqtt5-client'; console.log(typeof mqtt5.Mqtt5Client, typeof CrtError)"]), /^function function/);
  assert.match(run(["--conditions=browser", "--input-type=module", "-e", "import { mqtt5 } from 'mqtt5-client'; console.log(mqtt5.QoS.AtLeastOnce)"]), /^1/);
  // The browser build reports the sizes, with the issue-8 goal figure (client without AWS signing).
  const sizes = JSON.parse(readFileSync(join(root, "dist/browser/sizes.json"), "utf8")) as Record<string, { gzipBytes: number }>;
  assert.ok((sizes.clientOnly?.gzipBytes ?? 0) > 3_000 && (sizes.clientOnly?.gzipBytes ?? 0) <= (sizes.esmUpFront?.gzipBytes ?? 0), JSON.stringify(sizes.clientOnly));
  const cli = join(root, "dist/esm/cli/main.js");
  assert.ok(readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node"));
  assert.ok((statSync(cli).mode & 0o111) !== 0, "CLI is not executable");
});

const NODE_BUILTINS = new Set(builtinModules);
function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || NODE_BUILTINS.has(specifier.split("/")[0] ?? specifier);
}

test("the browser entry imports no Node built-in, transitively (bare package imports are the bundler's business)", () => {
  const seen = new Set<string>();
  const pending = [join(root, "dist/esm/browser.js")];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(["']([^"']+)["']\)/g)) {
      const specifier = match[1] ?? match[2] ?? "";
      assert.ok(!isNodeBuiltin(specifier), `${file} imports the Node built-in ${specifier}`);
      if (specifier.startsWith(".")) pending.push(resolve(dirname(file), specifier));
    }
  }
  assert.ok(seen.size > 3, "the scan found too few modules to be meaningful");
});
