// Session resumption against a real Mosquitto 2 with QoS 1 and QoS 2 exchanges in flight (issue 4). Faults come
// from a TCP fault proxy between the client and the broker (a cut at an exact packet or byte) and from killing the
// broker (SIGKILL) and starting it again on the same ports, with persistence ON (the session survives) or OFF (it
// does not). Invariants checked every time: every publish promise settles as the rules say, a subscriber sees each
// QoS 1 message at least once and each QoS 2 message exactly once, and the statistics end at zero.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { mqtt5, OperationError } from "../../src/index.js";
import { PacketType } from "../../src/core/model/enums.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker, type MosquittoOptions } from "../support/mosquitto.js";
import { startTcpFaultProxy, type TcpFaultProxy } from "../support/tcp-fault-proxy.js";
import {
  EventRecorder,
  MessageCollector,
  assertStatisticsZero,
  countMatches,
  newClient,
  payloadText,
  startAndConnect,
  stopClient,
  uniqueId,
  waitUntil,
  type TestContextLike,
} from "./client-helpers.js";

const { QoS, ClientSessionBehavior } = mqtt5;
const SESSION_EXPIRY_SECONDS = 600;

let broker: MosquittoBroker;
before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  await broker.stop();
});

async function ownBroker(t: TestContextLike, options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const own = await startMosquitto(options);
  t.after(() => own.stop());
  return own;
}

async function proxyTo(t: TestContextLike, target: MosquittoBroker): Promise<TcpFaultProxy> {
  const proxy = await startTcpFaultProxy({ host: target.host, port: target.ports.tcp });
  t.after(() => proxy.close());
  return proxy;
}

interface SessionClient {
  readonly client: mqtt5.Mqtt5Client;
  readonly events: EventRecorder;
  readonly messages: MessageCollector;
  readonly clientId: string;
}

/** A client with a persistent session (RejoinPostSuccess, Session Expiry > 0), connected through `port`. */
async function sessionClient(t: TestContextLike, prefix: string, port: number, extra: Partial<mqtt5.Mqtt5ClientConfig> = {}): Promise<SessionClient> {
  const clientId = uniqueId(prefix);
  const client = newClient(t, {
    hostName: "127.0.0.1",
    port,
    sessionBehavior: ClientSessionBehavior.RejoinPostSuccess,
    connectProperties: { keepAliveIntervalSeconds: 30, clientId, sessionExpiryIntervalSeconds: SESSION_EXPIRY_SECONDS },
    ...extra,
  });
  const events = new EventRecorder(client);
  const messages = new MessageCollector(client);
  await startAndConnect(client, events);
  return { client, events, messages, clientId };
}

/** A subscriber with a persistent session and a QoS 2 subscription to `topic/#`. */
async function subscriber(t: TestContextLike, port: number, topic: string): Promise<SessionClient> {
  const subscriberClient = await sessionClient(t, "resume-sub", port);
  const suback = await subscriberClient.client.subscribe({ subscriptions: [{ topicFilter: `${topic}/#`, qos: QoS.ExactlyOnce }] });
  assert.deepEqual(suback.reasonCodes, [mqtt5.SubackReasonCode.GrantedQoS2]);
  return subscriberClient;
}

/** Counts how often each payload arrived on `topic/<qos>`. */
function deliveries(messages: MessageCollector, topic: string, qos: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages.messages) {
    if (message.topicName !== `${topic}/${qos}`) continue;
    const text = payloadText(message);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

/**
 * QoS 2 exactly once, QoS 1 at least once: waits until every payload arrived, then checks the counts. Callers check
 * again after flushWithMarker(), so that a late duplicate is counted too.
 */
async function assertDelivered(messages: MessageCollector, topic: string, qos1: readonly string[], qos2: readonly string[]): Promise<void> {
  await messages.waitUntil("every message delivered", () => {
    const one = deliveries(messages, topic, 1);
    const two = deliveries(messages, topic, 2);
    return qos1.every((text) => one.has(text)) && qos2.every((text) => two.has(text));
  }, 20_000);
  const two = deliveries(messages, topic, 2);
  for (const text of qos2) assert.equal(two.get(text), 1, `QoS 2 "${text}" delivered ${two.get(text) ?? 0} times`);
}

/** Publishes a QoS 2 marker and waits for it: any duplicate still in the pipe would have been delivered before. */
async function flushWithMarker(publisher: mqtt5.Mqtt5Client, messages: MessageCollector, topic: string): Promise<void> {
  const marker = `marker-${uniqueId("m")}`;
  await publisher.publish({ topicName: `${topic}/marker`, qos: QoS.ExactlyOnce, payload: marker });
  await messages.waitUntil("marker", (all) => all.some((message) => message.topicName === `${topic}/marker` && payloadText(message) === marker));
}

/** Publishes without waiting; the promises are marked handled so that a failing test reports its own error only. */
function publishAll(client: mqtt5.Mqtt5Client, topic: string, qos: 1 | 2, payloads: readonly string[]): Promise<mqtt5.PublishCompletionResult>[] {
  return payloads.map((payload) => {
    const publish = client.publish({ topicName: `${topic}/${qos}`, qos: qos as mqtt5.QoS, payload });
    publish.catch(() => undefined);
    return publish;
  });
}

const names = (prefix: string, count: number): string[] => Array.from({ length: count }, (_unused, index) => `${prefix}-${index}`);

function assertAllSucceeded(results: readonly mqtt5.PublishCompletionResult[], expectedType: mqtt5.PacketType): void {
  for (const result of results) {
    assert.equal(result?.type, expectedType, JSON.stringify(result));
    assert.equal(result?.reasonCode, 0, JSON.stringify(result));
  }
}

test("cut exactly while PUBREL is in flight (broker alive): PUBREL re-sent on the resumed session, delivered exactly once", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const topic = `resume/${uniqueId("pubrel")}`;
    const sub = await subscriber(t, broker.ports.tcp, topic);
    const proxy = await proxyTo(t, broker);
    const pub = await sessionClient(t, "resume-pub", proxy.port);
    const cut = proxy.cutBeforePacket("toBroker", PacketType.Pubrel);
    const logFrom = broker.logText().length;
    const qos2 = names("pubrel", 3);
    const pending = publishAll(pub.client, topic, 2, qos2);
    await cut;
    const resumed = await pub.events.waitFor("connectionSuccess", 2);
    assert.equal(resumed.connack.sessionPresent, true);
    assert.equal(resumed.settings.rejoinedSession, true);
    assertAllSucceeded(await Promise.all(pending), PacketType.Pubcomp);
    await assertDelivered(sub.messages, topic, [], qos2);
    await flushWithMarker(pub.client, sub.messages, topic);
    await assertDelivered(sub.messages, topic, [], qos2);
    const log = broker.logText().slice(logFrom);
    assert.ok(countMatches(log, new RegExp(`Received PUBREL from ${pub.clientId}`)) >= 3, "PUBRELs reached the broker after the cut");
    assertStatisticsZero(pub.client);
    await stopClient(pub.client, pub.events);
    await stopClient(sub.client, sub.events);
  });
});

test("cut after 5,000 bytes of a 20 kB QoS 2 PUBLISH: re-sent with DUP on the resumed session, delivered exactly once", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const topic = `resume/${uniqueId("midpublish")}`;
    const sub = await subscriber(t, broker.ports.tcp, topic);
    const proxy = await proxyTo(t, broker);
    const pub = await sessionClient(t, "resume-pub", proxy.port);
    const logFrom = broker.logText().length;
    const cut = proxy.cutAfterBytes("toBroker", 5000);
    const payload = "x".repeat(20_000);
    const publish = pub.client.publish({ topicName: `${topic}/2`, qos: QoS.ExactlyOnce, payload });
    await cut;
    assert.equal((await publish)?.reasonCode, 0);
    await sub.messages.waitForCount(1);
    await flushWithMarker(pub.client, sub.messages, topic);
    assert.deepEqual(sub.messages.onTopic(`${topic}/2`).map((message) => payloadText(message).length), [20_000]);
    assert.match(broker.logText().slice(logFrom), new RegExp(`Received PUBLISH from ${pub.clientId} \\(d1, q2`), "the resend has DUP set");
    assertStatisticsZero(pub.client);
    await stopClient(pub.client, pub.events);
    await stopClient(sub.client, sub.events);
  });
});

test("subscriber cut before its PUBREC reaches the broker: the broker re-sends the PUBLISH (DUP), the client does not deliver it twice", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const topic = `resume/${uniqueId("pubrec")}`;
    const proxy = await proxyTo(t, broker);
    const sub = await subscriber(t, proxy.port, topic);
    const pub = await sessionClient(t, "resume-pub", broker.ports.tcp);
    const logFrom = broker.logText().length;
    const cut = proxy.cutBeforePacket("toBroker", PacketType.Pubrec);
    const qos2 = names("inbound", 3);
    assertAllSucceeded(await Promise.all(publishAll(pub.client, topic, 2, qos2)), PacketType.Pubcomp);
    await cut;
    await sub.events.waitFor("connectionSuccess", 2);
    await assertDelivered(sub.messages, topic, [], qos2);
    await flushWithMarker(pub.client, sub.messages, topic);
    await assertDelivered(sub.messages, topic, [], qos2);
    assert.match(broker.logText().slice(logFrom), new RegExp(`Sending PUBLISH to ${sub.clientId} \\(d1, q2`), "the broker re-sent with DUP");
    assertStatisticsZero(sub.client);
    await stopClient(pub.client, pub.events);
    await stopClient(sub.client, sub.events);
  });
});

/**
 * Mosquitto 2.0.11 saves only sessions whose last CONNECT had Clean Start = 0 (whatever their Session Expiry
 * Interval), and RejoinPostSuccess starts with Clean Start = 1. Dropping the connection once (through `proxy`)
 * makes the client rejoin with Clean Start = 0, after which the broker's database keeps the session.
 */
async function rejoinOnce(proxy: TcpFaultProxy, session: SessionClient): Promise<void> {
  const nth = session.events.count("connectionSuccess") + 1;
  proxy.resetAll();
  const rejoined = await session.events.waitFor("connectionSuccess", nth);
  assert.equal(rejoined.connack.sessionPresent, true);
}

/**
 * Waits until the broker has saved its database after everything logged so far. The log line comes before the
 * write (and its fsync), so a SIGKILL right after it can leave the previous file: wait for the file to be replaced
 * (Mosquitto writes `mosquitto.db.new` and renames it, so a new inode means a complete save).
 */
async function waitForSave(target: MosquittoBroker): Promise<void> {
  const location = /^persistence_location (\S+)$/m.exec(readFileSync(target.configPath, "utf8"))?.[1];
  assert.ok(location !== undefined, "the broker has persistence on");
  const file = join(location, "mosquitto.db");
  const inode = (): number => (existsSync(file) ? statSync(file).ino : -1);
  const before = inode();
  await target.waitForLog(/Saving in-memory database/, 10_000, target.logText().length);
  await waitUntil("the database file replaced", () => inode() !== before);
}

test("persistence ON: broker SIGKILLed with QoS 1/2 acknowledgements withheld, restarted: nothing lost, no QoS 2 duplicate", { timeout: 60_000 }, async (t) => {
  const own = await ownBroker(t, { persistence: {} });
  await dumpLogOnFailure(t, own, async () => {
    const topic = `resume/${uniqueId("persist")}`;
    const subProxy = await proxyTo(t, own);
    const sub = await subscriber(t, subProxy.port, topic);
    const proxy = await proxyTo(t, own);
    const pub = await sessionClient(t, "resume-pub", proxy.port);
    await rejoinOnce(subProxy, sub);
    await rejoinOnce(proxy, pub);
    const logFrom = own.logText().length;

    proxy.blackHole(["toClient"]); // the broker gets every PUBLISH; its PUBACKs and PUBRECs never arrive
    const qos1 = names("p1", 5);
    const qos2 = names("p2", 5);
    const pending = [...publishAll(pub.client, topic, 1, qos1), ...publishAll(pub.client, topic, 2, qos2)];
    await own.waitForLog(new RegExp(`(Received PUBLISH from ${pub.clientId}[\\s\\S]*){10}`), 10_000, logFrom);
    await sub.messages.waitUntil("QoS 1 copies", () => deliveries(sub.messages, topic, 1).size === 5);
    assert.equal(pub.client.getOperationalStatistics().unackedOperationCount, 10);
    await waitForSave(own);

    const subDropped = sub.events.waitFor("disconnection");
    own.kill("SIGKILL");
    await subDropped;
    await own.restart();
    proxy.forward();
    proxy.resetAll(); // the partition heals: the publisher sees its connection drop only now
    const resumed = await pub.events.waitFor("connectionSuccess", 3);
    assert.equal(resumed.connack.sessionPresent, true, "the session came back from the broker's database");
    const results = await Promise.all(pending);
    assertAllSucceeded(results.slice(0, 5), PacketType.Puback);
    assertAllSucceeded(results.slice(5), PacketType.Pubcomp);

    const subResumed = await sub.events.waitFor("connectionSuccess", 3);
    assert.equal(subResumed.settings.rejoinedSession, true);
    await assertDelivered(sub.messages, topic, qos1, qos2);
    await flushWithMarker(pub.client, sub.messages, topic);
    await assertDelivered(sub.messages, topic, qos1, qos2);
    assert.match(own.logText(), new RegExp(`Received PUBLISH from ${pub.clientId} \\(d1, q2`), "QoS 2 re-sent with DUP");
    assertStatisticsZero(pub.client, "publisher");
    assertStatisticsZero(sub.client, "subscriber");
    await stopClient(pub.client, pub.events);
    await stopClient(sub.client, sub.events);
  });
});

test("persistence ON: cut while PUBREL is in flight, broker SIGKILLed and restarted: PUBREL re-sent, exactly once", { timeout: 60_000 }, async (t) => {
  const own = await ownBroker(t, { persistence: {} });
  await dumpLogOnFailure(t, own, async () => {
    const topic = `resume/${uniqueId("persist-pubrel")}`;
    const subProxy = await proxyTo(t, own);
    const sub = await subscriber(t, subProxy.port, topic);
    const proxy = await proxyTo(t, own);
    const pub = await sessionClient(t, "resume-pub", proxy.port);
    await rejoinOnce(subProxy, sub);
    await rejoinOnce(proxy, pub);
    const cut = proxy.cutBeforePacket("toBroker", PacketType.Pubrel, "refuseNew");
    const dropped = pub.events.waitFor("disconnection");
    const qos2 = names("rel", 4);
    const pending = publishAll(pub.client, topic, 2, qos2);
    await cut;
    await dropped;
    await waitForSave(own);

    own.kill("SIGKILL");
    await own.restart();
    const logFrom = own.logText().length;
    proxy.refuseNew(false);
    const resumed = await pub.events.waitFor("connectionSuccess", 3, 20_000);
    assert.equal(resumed.connack.sessionPresent, true);
    assertAllSucceeded(await Promise.all(pending), PacketType.Pubcomp);
    await assertDelivered(sub.messages, topic, [], qos2);
    await flushWithMarker(pub.client, sub.messages, topic);
    await assertDelivered(sub.messages, topic, [], qos2);
    assert.match(own.logText().slice(logFrom), new RegExp(`Received PUBREL from ${pub.clientId}`));
    assertStatisticsZero(pub.client);
    await stopClient(pub.client, pub.events);
    await stopClient(sub.client, sub.events);
  });
});

test("persistence OFF: broker SIGKILLed and restarted, session lost: QoS 2 in flight reject with sessionLost, QoS 1 are re-sent", { timeout: 60_000 }, async (t) => {
  const own = await ownBroker(t);
  await dumpLogOnFailure(t, own, async () => {
    const topic = `resume/${uniqueId("lost")}`;
    const sub = await subscriber(t, own.ports.tcp, topic);
    const proxy = await proxyTo(t, own);
    const pub = await sessionClient(t, "resume-pub", proxy.port);
    const logFrom = own.logText().length;

    proxy.blackHole(["toClient"]);
    const qos1 = names("l1", 4);
    const qos2 = names("l2", 4);
    const pending1 = publishAll(pub.client, topic, 1, qos1);
    const pending2 = publishAll(pub.client, topic, 2, qos2);
    await own.waitForLog(new RegExp(`(Received PUBLISH from ${pub.clientId}[\\s\\S]*){8}`), 10_000, logFrom);

    const subDropped = sub.events.waitFor("disconnection");
    own.kill("SIGKILL");
    await subDropped;
    await own.restart();
    // Keep the publisher out until the subscriber has subscribed again on its new, empty session.
    proxy.forward();
    proxy.refuseNew(true);
    proxy.resetAll();
    const subAgain = await sub.events.waitFor("connectionSuccess", 2);
    assert.equal(subAgain.connack.sessionPresent, false);
    assert.equal(subAgain.settings.rejoinedSession, false);
    sub.messages.messages.length = 0; // count deliveries of the new session only
    await sub.client.subscribe({ subscriptions: [{ topicFilter: `${topic}/#`, qos: QoS.ExactlyOnce }] });
    proxy.refuseNew(false);

    const pubAgain = await pub.events.waitFor("connectionSuccess", 2, 20_000);
    assert.equal(pubAgain.connack.sessionPresent, false);
    for (const publish of pending2) {
      await assert.rejects(publish, (error: unknown) => {
        assert.ok(error instanceof OperationError, String(error));
        assert.equal(error.reason, "sessionLost");
        return true;
      });
    }
    assertAllSucceeded(await Promise.all(pending1), PacketType.Puback);
    await assertDelivered(sub.messages, topic, qos1, []);
    assert.deepEqual(deliveries(sub.messages, topic, 2).size, 0, "no lost QoS 2 message is delivered");
    assert.match(own.logText(), new RegExp(`Received PUBLISH from ${pub.clientId} \\(d0, q1`));
    assertStatisticsZero(pub.client, "publisher");
    assertStatisticsZero(sub.client, "subscriber");
    await stopClient(pub.client, pub.events);
    await stopClient(sub.client, sub.events);
  });
});
