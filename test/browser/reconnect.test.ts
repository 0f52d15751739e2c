// Reconnection in headless Chromium: a broker restart (Mosquitto with persistence) while QoS 1 traffic flows, with
// both clients rejoining their sessions — nothing the broker acknowledged is lost; and the tab going offline and
// online again (emulated by Chromium: existing WebSockets survive emulation, so the client's own `offline` handling
// is what drops the dead connection, and the next attempt waits for `online` instead of failing).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { PacketType, QoS } from "../../src/core/model/enums.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { BrowserSession, HarnessPage } from "./support/browser-session.js";
import type { PageClientConfig } from "./support/page-harness.js";

let broker: MosquittoBroker;
let session: BrowserSession;

before(async () => {
  [broker, session] = await Promise.all([startMosquitto({ persistence: {} }), BrowserSession.start()]);
});

after(async () => {
  await session?.close();
  await broker?.stop();
});

/** Submits `count` QoS 1 publishes in one page round trip (payloads m<first>…); returns their tickets. */
function publishMany(page: HarnessPage, id: string, topic: string, first: number, count: number): Promise<number[]> {
  return page.page.evaluate(
    ({ id: client, topic: topicName, first: from, count: total }) => {
      const harness = (globalThis as unknown as { harness: { publishLater(id: string, packet: object): number } }).harness;
      return Array.from({ length: total }, (_, offset) => harness.publishLater(client, { topicName, qos: 1, payload: `m${from + offset}` }));
    },
    { id, topic, first, count },
  );
}

function rejoiningClient(clientId: string): PageClientConfig {
  return {
    hostName: "127.0.0.1",
    port: broker.ports.ws,
    url: { kind: "ws" },
    // RejoinAlways: Mosquitto 2.0.11 saves only sessions whose last CONNECT had Clean Start = 0, and
    // RejoinPostSuccess sends Clean Start = 1 first (see test/integration/session-resume-mosquitto.test.ts).
    sessionBehavior: 3,
    connectProperties: { clientId, keepAliveIntervalSeconds: 30, sessionExpiryIntervalSeconds: 600 },
    minReconnectDelayMs: 200,
    maxReconnectDelayMs: 1_000,
  };
}

test("broker restart: both clients rejoin their sessions and every acknowledged QoS 1 message is delivered", { timeout: 90_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  await dumpLogOnFailure(t, broker, async () => {
    const suffix = Math.random().toString(16).slice(2, 10);
    await page.createClient("sub", rejoiningClient(`browser-sub-${suffix}`));
    await page.createClient("pub", rejoiningClient(`browser-pub-${suffix}`));
    await page.call("start", "sub");
    await page.call("start", "pub");
    assert.equal((await page.waitForEvent("sub", "connectionSuccess")).rejoinedSession, false);
    await page.waitForEvent("pub", "connectionSuccess");
    const topic = `browser/rejoin/${suffix}`;
    HarnessPage.value(await page.call("subscribe", "sub", { subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] }), "subscribe");

    const COUNT_BEFORE = 300;
    const COUNT_AFTER = 20;
    const tickets: number[] = [];
    tickets.push(...(await publishMany(page, "pub", topic, 0, COUNT_BEFORE)));
    await page.waitForEvent("sub", "messageReceived", 3); // traffic is flowing
    const atRestart = (await page.call("statistics", "pub")) as { incompleteOperationCount: number };
    await broker.restart();
    // Usually the restart hits the stream in the middle (operations in flight), exercising resumed publishes,
    // retransmissions and redelivery; on a fast run all may be done already. Which one happened is a matter of
    // timing, so it is reported, not asserted (test/integration/session-resume-mosquitto.test.ts cuts a connection
    // at exact packets with a fault proxy).
    t.diagnostic(`operations in flight at the restart: ${atRestart.incompleteOperationCount}`);
    tickets.push(...(await publishMany(page, "pub", topic, COUNT_BEFORE, COUNT_AFTER)));

    // Every publish completes with a successful PUBACK (QoS 1 operations survive the disconnection) …
    const acknowledged: string[] = [];
    const outcomes = await page.call("settledAll", "pub", tickets, 30_000);
    for (const [index, outcome] of outcomes.entries()) {
      const puback = HarnessPage.value<{ type: number; reasonCode: number }>(outcome, `publish m${index}`);
      assert.equal(puback.type, PacketType.Puback);
      assert.equal(puback.reasonCode, 0, `m${index}`);
      acknowledged.push(`m${index}`);
    }
    assert.equal(acknowledged.length, COUNT_BEFORE + COUNT_AFTER);
    // … both clients came back with their sessions …
    const subReconnect = await page.waitForEvent("sub", "connectionSuccess", 2, 30_000);
    assert.equal(subReconnect.rejoinedSession, true, "the subscriber's session survived the restart");
    assert.equal((await page.waitForEvent("pub", "connectionSuccess", 2, 30_000)).rejoinedSession, true);
    assert.equal((await page.call("events", "sub", "disconnection")).length, 1);
    // … and each acknowledged message reached the subscriber (QoS 1: duplicates allowed, losses not).
    await page.page.waitForFunction(
      ({ expected }) => {
        const harness = (globalThis as unknown as { harness: { events(id: string, name: string): { payload?: string }[] } }).harness;
        const seen = new Set(harness.events("sub", "messageReceived").map((event) => event.payload));
        return expected.every((payload) => seen.has(payload));
      },
      { expected: acknowledged },
      { timeout: 30_000 },
    );
    assert.deepEqual(await page.call("statistics", "pub"), {
      incompleteOperationCount: 0,
      incompleteOperationSize: 0,
      unackedOperationCount: 0,
      unackedOperationSize: 0,
    });
    await page.call("close", "sub");
    await page.call("close", "pub");
  });
});

test("the tab goes offline and online: disconnection (networkOffline), no failed attempts while offline, queued QoS 1 publish completes after", { timeout: 60_000 }, async (t) => {
  const page = await session.openPage();
  t.after(() => page.close());
  await dumpLogOnFailure(t, broker, async () => {
    const suffix = Math.random().toString(16).slice(2, 10);
    await page.createClient("c", {
      hostName: "127.0.0.1",
      port: broker.ports.ws,
      url: { kind: "ws" },
      sessionBehavior: 2, // RejoinPostSuccess: the subscription survives the offline period
      connectProperties: { clientId: `browser-offline-${suffix}`, keepAliveIntervalSeconds: 30, sessionExpiryIntervalSeconds: 600 },
      minReconnectDelayMs: 100,
      maxReconnectDelayMs: 400,
    });
    await page.call("start", "c");
    await page.waitForEvent("c", "connectionSuccess");
    const topic = `browser/offline/${suffix}`;
    HarnessPage.value(await page.call("subscribe", "c", { subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] }), "subscribe");

    await page.context.setOffline(true);
    const disconnection = await page.waitForEvent("c", "disconnection");
    assert.equal(disconnection.error?.code, "networkOffline");
    assert.ok(disconnection.error?.classes.includes("ConnectionError"));
    assert.equal(await page.call("isConnected", "c"), false);
    const ticket = await page.call("publishLater", "c", { topicName: topic, qos: QoS.AtLeastOnce, payload: "sent while offline" });
    // Several backoff periods pass: the attempt waits for the network instead of failing over and over.
    await page.page.waitForTimeout(1_500);
    assert.equal((await page.call("events", "c", "connectionFailure")).length, 0);
    assert.equal((await page.call("events", "c", "connectionSuccess")).length, 1);
    const waiting = (await page.call("statistics", "c")) as { incompleteOperationCount: number };
    assert.equal(waiting.incompleteOperationCount, 1);

    await page.context.setOffline(false);
    assert.equal((await page.waitForEvent("c", "connectionSuccess", 2)).reasonCode, 0);
    const puback = HarnessPage.value<{ type: number; reasonCode: number }>(await page.call("settled", "c", ticket, 15_000), "offline publish");
    assert.equal(puback.type, PacketType.Puback);
    assert.equal(puback.reasonCode, 0);
    const message = await page.waitForEvent("c", "messageReceived");
    assert.equal(message.payload, "sent while offline");
    await page.call("close", "c");
  });
});
