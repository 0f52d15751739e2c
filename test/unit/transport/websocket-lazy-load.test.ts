// `ws` is a runtime dependency loaded on first use: importing the package, and clients over TCP, never load it;
// the first WebSocket connection attempt does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createRequire } from "node:module";
import { mqtt5 } from "../../../src/index.js";
import { freePort } from "../../support/free-port.js";

const require = createRequire(import.meta.url);
const wsLoaded = (): boolean => Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/]ws[\\/]/.test(path));

async function oneFailedAttempt(config: mqtt5.Mqtt5ClientConfig): Promise<void> {
  const client = new mqtt5.Mqtt5Client({ ...config, minReconnectDelayMs: 10_000 });
  const failure = once(client, "connectionFailure");
  client.start();
  await failure;
  client.close();
}

test("ws is loaded by the first WebSocket attempt, not before", { timeout: 10_000 }, async () => {
  const port = await freePort(); // nothing listens: every attempt fails fast
  assert.equal(wsLoaded(), false, "importing the package loads no ws");
  await oneFailedAttempt({ hostName: "127.0.0.1", port });
  assert.equal(wsLoaded(), false, "a TCP client loads no ws");
  await oneFailedAttempt({ hostName: "127.0.0.1", port, websocketHandshakeTransform: (_request, done) => done() });
  assert.equal(wsLoaded(), true, "a WebSocket client does");
});
