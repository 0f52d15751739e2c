// `npm run demo:browser` works: the script builds the bundle, serves the page and an embedded broker over
// WebSocket on loopback, and its --check mode drives the page in headless Chromium until it connected, subscribed
// and completed a QoS 0/1/2 round trip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repositoryRoot } from "./support/browser-session.js";

test("npm run demo:browser -- --check: the page connects to the embedded broker and shows a QoS 0/1/2 round trip", { timeout: 120_000 }, () => {
  const result = spawnSync(process.execPath, [join(repositoryRoot, "scripts", "demo-browser.mjs"), "--check"], {
    cwd: repositoryRoot,
    encoding: "utf8",
    timeout: 110_000,
  });
  assert.equal(result.status, 0, `demo failed:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /browser demo: http:\/\/127\.0\.0\.1:\d+\//);
  const summary = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as { events: string[]; messages: { qos: number }[]; results: string[] };
  assert.deepEqual(summary.events.slice(0, 2), ["attemptingConnect", "connectionSuccess"]);
  assert.deepEqual(summary.messages.map((message) => message.qos).sort(), [0, 1, 2]);
  assert.deepEqual(summary.results, ["written (QoS 0)", "Puback reason 0x0", "Pubcomp reason 0x0"]);
});
