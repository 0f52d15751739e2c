// The bundled browser build (dist-style IIFE from scripts/build-browser.mjs) in headless Chromium against the test
// Mosquitto's WebSocket listeners: connect, subscribe, QoS 0/1/2 round trips with full ACK packets (ws and wss),
// outbound topic aliases, statistics, stop; and connection failures with typed errors (a malformed URL, a port
// nobody listens on).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import { freePorts } from "../support/free-port.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { BrowserSession, HarnessPage } from "./support/browser-session.js";
import type { PageClientConfig, RecordedEvent, UrlChoice } from "./support/page-harness.js";

let broker: MosquittoBroker;
let session: BrowserSession;

before(async () => {
  [broker, session] = await Promise.all([startMosquitto(), BrowserSession.start()]);
});

after(async () => {
  await session?.close();
  await broker?.stop();
});

function clientConfig(port: number, url: UrlChoice, extra: Record<string, unknown> = {}): PageClientConfig {
  return {
    hostName: "127.0.0.1",
    port,
    url,
    connectProperties: { clientId: `browser-${Math.random().toString(16).slice(2, 10)}`, keepAliveIntervalSeconds: 60 },
    minReconnectDelayMs: 200,
    maxReconnectDelayMs: 1_000,
    ...extra,
  };
}

const decodeEvents = (events: RecordedEvent[]): string[] => events.map((event) => event.name);

for (const listener of ["ws", "wss"] as const) {
  describe(`${listener}: a full session`, () => {
    test("connect, subscribe, QoS 0/1/2 round trips with full ACK packets, unsubscribe, statistics, stop", { timeout: 60_000 }, async (t) => {
      const page = await session.openPage();
      t.after(() => page.close());
      await dumpLogOnFailure(t, broker, async () => {
        await page.createClient("c", clientConfig(broker.ports[listener], { kind: listener }));
        await page.call("start", "c");
        await page.waitForEvent("c", "connectionSuccess");
        assert.equal(await page.call("isConnected", "c"), true);
        const topic = `browser/${listener}/roundtrip`;

        const suback = HarnessPage.value<{ type: number; reasonCodes: number[] }>(
          await page.call("subscribe", "c", { subscriptions: [{ topicFilter: `${topic}/#`, qos: QoS.ExactlyOnce }] }),
          "subscribe",
        );
        assert.equal(suback.type, PacketType.Suback);
        assert.deepEqual(suback.reasonCodes, [QoS.ExactlyOnce]);

        const qos0 = await page.call("publish", "c", { topicName: `${topic}/0`, qos: QoS.AtMostOnce, payload: "zero" });
        assert.deepEqual(qos0, { ok: true, value: null }); // undefined, as JSON
        const puback = HarnessPage.value<{ type: number; reasonCode: number }>(
          await page.call("publish", "c", { topicName: `${topic}/1`, qos: QoS.AtLeastOnce, payload: "one" }),
          "QoS 1 publish",
        );
        assert.equal(puback.type, PacketType.Puback);
        assert.equal(puback.reasonCode, 0);
        const pubcomp = HarnessPage.value<{ type: number; reasonCode: number }>(
          await page.call("publish", "c", { topicName: `${topic}/2`, qos: QoS.ExactlyOnce, payload: new TextEncoder().encode("two") }),
          "QoS 2 publish",
        );
        assert.equal(pubcomp.type, PacketType.Pubcomp);
        assert.equal(pubcomp.reasonCode, 0);

        await page.waitForEvent("c", "messageReceived", 3);
        const messages = (await page.call("events", "c", "messageReceived")).map(({ topic: name, payload, qos }) => ({ name, payload, qos }));
        assert.deepEqual(
          messages.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
          [
            { name: `${topic}/0`, payload: "zero", qos: 0 },
            { name: `${topic}/1`, payload: "one", qos: 1 },
            { name: `${topic}/2`, payload: "two", qos: 2 },
          ],
        );

        const unsuback = HarnessPage.value<{ type: number; reasonCodes: number[] }>(
          await page.call("unsubscribe", "c", { topicFilters: [`${topic}/#`] }),
          "unsubscribe",
        );
        assert.equal(unsuback.type, PacketType.Unsuback);
        assert.deepEqual(unsuback.reasonCodes, [0]);
        assert.deepEqual(await page.call("statistics", "c"), {
          incompleteOperationCount: 0,
          incompleteOperationSize: 0,
          unackedOperationCount: 0,
          unackedOperationSize: 0,
        });

        await page.call("stop", "c");
        await page.waitForEvent("c", "stopped");
        const events = await page.call("events", "c");
        assert.deepEqual(decodeEvents(events.filter((event) => event.name !== "messageReceived")), [
          "attemptingConnect",
          "connectionSuccess",
          "disconnection",
          "stopped",
        ]);
        const disconnection = events.find((event) => event.name === "disconnection");
        assert.equal(disconnection?.error?.code, "userRequestedStop");
        assert.equal(await page.call("isConnected", "c"), false);
        assert.deepEqual(page.consoleLines.filter((line) => line.startsWith("[error]") || line.startsWith("[pageerror]")), []);
      });
    });
  });
}

test("outbound topic aliases (LRU) in the browser: repeated publishes arrive with their full topic", { timeout: 60_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  await dumpLogOnFailure(t, broker, async () => {
    await page.createClient("sender", clientConfig(broker.ports.ws, { kind: "ws" }, { topicAliasingOptions: { outboundBehavior: 2, outboundCacheMaxSize: 4 } }));
    await page.createClient("receiver", clientConfig(broker.ports.ws, { kind: "ws" }));
    await page.call("start", "sender");
    await page.call("start", "receiver");
    await page.waitForEvent("sender", "connectionSuccess");
    await page.waitForEvent("receiver", "connectionSuccess");
    HarnessPage.value(await page.call("subscribe", "receiver", { subscriptions: [{ topicFilter: "browser/alias/#", qos: 1 }] }), "subscribe");
    const topics = ["browser/alias/a", "browser/alias/b", "browser/alias/a", "browser/alias/a", "browser/alias/b"];
    for (const [index, topicName] of topics.entries()) {
      HarnessPage.value(await page.call("publish", "sender", { topicName, qos: QoS.AtLeastOnce, payload: `m${index}` }), `publish ${index}`);
    }
    await page.waitForEvent("receiver", "messageReceived", topics.length);
    const received = (await page.call("events", "receiver", "messageReceived")).map((event) => `${event.topic}=${event.payload}`);
    assert.deepEqual(received.sort(), topics.map((topicName, index) => `${topicName}=m${index}`).sort());
    // Mosquitto logs the topic it resolved; the alias itself shows up as a shorter PUBLISH — the round trip above
    // is what matters: the broker accepted every aliased PUBLISH and routed it by its full topic.
    await page.call("close", "sender");
    await page.call("close", "receiver");
  });
});

// `mqtt://` is the classic mistake; a relative or otherwise odd ws URL would be resolved against the page instead.
test("a URL the WebSocket API rejects fails the attempt with a typed ConnectionError (invalidUrl) and the client keeps trying until stop", { timeout: 30_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  await page.createClient("bad", clientConfig(broker.ports.ws, { kind: "custom", url: `mqtt://127.0.0.1:${broker.ports.tcp}` }));
  await page.call("start", "bad");
  const first = await page.waitForEvent("bad", "connectionFailure");
  assert.equal(first.error?.code, "invalidUrl");
  assert.ok(first.error?.classes.includes("ConnectionError"), `classes: ${first.error?.classes.join(",")}`);
  assert.ok(first.error?.classes.includes("CrtError"));
  assert.ok(first.error?.classes.includes("Error"));
  assert.equal(first.error?.errorName, "AWS_ERROR_INVALID_ARGUMENT");
  await page.waitForEvent("bad", "connectionFailure", 2); // retried with backoff
  await page.call("stop", "bad");
  await page.waitForEvent("bad", "stopped");
  const names = decodeEvents(await page.call("events", "bad"));
  assert.equal(names.includes("connectionSuccess"), false);
  assert.equal(names.at(-1), "stopped");
});

test("a port nobody listens on fails with a typed ConnectionError (websocketFailed); operations wait in the offline queue", { timeout: 30_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  const [closedPort] = await freePorts(1);
  await page.createClient("refused", clientConfig(closedPort as number, { kind: "ws" }));
  await page.call("start", "refused");
  const failure = await page.waitForEvent("refused", "connectionFailure");
  assert.equal(failure.error?.code, "websocketFailed");
  assert.ok(failure.error?.classes.includes("ConnectionError"));
  assert.match(failure.error?.message ?? "", /ws:\/\/127\.0\.0\.1:\d+\/mqtt/);
  // A QoS 1 publish submitted while offline waits (default policy keeps QoS 1); statistics show it.
  const ticket = await page.call("publishLater", "refused", { topicName: "browser/offline", qos: QoS.AtLeastOnce, payload: "queued" });
  await page.page.waitForFunction(() =>
    ((globalThis as unknown as { harness: { statistics(id: string): { incompleteOperationCount: number } } }).harness.statistics("refused").incompleteOperationCount === 1),
  );
  await page.call("stop", "refused");
  const outcome = await page.call("settled", "refused", ticket, 10_000);
  assert.equal(outcome.ok, false);
  assert.ok(!outcome.ok && outcome.error.classes.includes("OperationError"), JSON.stringify(outcome));
});
