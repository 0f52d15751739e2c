// The public client against a second, more lenient peer: an in-process aedes 2.0.0-beta.1 (issue 4). The same core
// paths as against Mosquitto — connect and negotiated settings, QoS 0/1/2 round trips with properties, unsubscribe,
// stop/start, retained messages, takeover, session resume after the client's transport is cut — plus aedes' own
// differences (peers.md): it announces no shared subscriptions, and it forwards a will's Will Delay Interval inside
// the will PUBLISH, where the property is not allowed: our decoder rejects that PUBLISH as malformed (conformance
// row X-5), so the receiving client disconnects with 0x81 and reconnects.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mqtt5, ConnectionError, OperationError, ValidationError } from "../../src/index.js";
import { PacketType } from "../../src/core/model/enums.js";
import { startTcpFaultProxy, type TcpFaultProxy } from "../support/tcp-fault-proxy.js";
import { startAedes, waitForPublishes, type AedesTestBroker } from "./aedes-broker.js";
import {
  EventRecorder,
  MessageCollector,
  assertStatisticsZero,
  newClient,
  payloadText,
  startAndConnect,
  stopClient,
  uniqueId,
  type TestContextLike,
} from "./client-helpers.js";

const { QoS, ClientSessionBehavior, DisconnectReasonCode } = mqtt5;

let broker: AedesTestBroker;
before(async () => {
  broker = await startAedes({ topicAliasMaximum: 10, receiveMaximum: 20, maximumPacketSize: 1_000_000 });
});
after(async () => {
  await broker.close();
});

interface Connected {
  readonly client: mqtt5.Mqtt5Client;
  readonly events: EventRecorder;
  readonly messages: MessageCollector;
  readonly clientId: string;
}

async function connected(t: TestContextLike, extra: Partial<mqtt5.Mqtt5ClientConfig> = {}, port = broker.port): Promise<Connected> {
  const clientId = uniqueId("aedes");
  const client = newClient(t, {
    hostName: broker.host,
    port,
    connectProperties: { keepAliveIntervalSeconds: 30, clientId },
    ...extra,
  });
  const events = new EventRecorder(client);
  const messages = new MessageCollector(client);
  await startAndConnect(client, events);
  return { client, events, messages, clientId: extra.connectProperties?.clientId ?? clientId };
}

async function proxy(t: TestContextLike): Promise<TcpFaultProxy> {
  const started = await startTcpFaultProxy({ host: broker.host, port: broker.port });
  t.after(() => started.close());
  return started;
}

test("connect: aedes' CONNACK and the negotiated settings (no shared subscriptions)", { timeout: 20_000 }, async (t) => {
  const { client, events } = await connected(t);
  const success = events.all("connectionSuccess")[0];
  assert.equal(success?.connack.reasonCode, 0);
  assert.equal(success?.connack.sharedSubscriptionsAvailable, false);
  assert.deepEqual(
    { ...success?.settings, clientId: "" },
    {
      maximumQos: QoS.ExactlyOnce,
      sessionExpiryInterval: 0,
      receiveMaximumFromServer: 20,
      maximumPacketSizeToServer: 1_000_000,
      topicAliasMaximumToServer: 10,
      topicAliasMaximumToClient: 0,
      serverKeepAlive: 30,
      retainAvailable: true,
      wildcardSubscriptionsAvailable: true,
      subscriptionIdentifiersAvailable: true,
      sharedSubscriptionsAvailable: false,
      rejoinedSession: false,
      clientId: "",
    },
  );
  // The client refuses a shared subscription the server said it does not support, before sending it.
  await assert.rejects(client.subscribe({ subscriptions: [{ topicFilter: "$share/group/aedes/x", qos: QoS.AtMostOnce }] }), (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.match(error.field, /topicFilter/);
    return true;
  });
  await stopClient(client, events);
});

test("an empty client id: aedes assigns one, reused when the client reconnects", { timeout: 20_000 }, async (t) => {
  const faults = await proxy(t);
  const { client, events } = await connected(t, { connectProperties: { keepAliveIntervalSeconds: 30 } }, faults.port);
  const assigned = events.all("connectionSuccess")[0]?.connack.assignedClientIdentifier ?? "";
  assert.ok(assigned.length > 0);
  assert.equal(events.all("connectionSuccess")[0]?.settings.clientId, assigned);
  faults.resetAll();
  const again = await events.waitFor("connectionSuccess", 2);
  assert.equal(again.settings.clientId, assigned);
  assert.equal(again.connack.assignedClientIdentifier, undefined);
  const clients = (broker.aedes as unknown as { clients: Record<string, unknown> }).clients;
  assert.ok(clients[assigned] !== undefined, "aedes knows the client under the assigned id");
  await stopClient(client, events);
});

const USER_PROPERTIES = [
  { name: "k", value: "v1" },
  { name: "k", value: "v2" },
  { name: "ünïcödé", value: "✓" },
];

test("subscribe, QoS 0/1/2 round trips with properties, unsubscribe, stop", { timeout: 20_000 }, async (t) => {
  const { client, events, messages } = await connected(t);
  const topic = `aedes/${uniqueId("rt")}`;
  const suback = await client.subscribe({
    subscriptions: [{ topicFilter: `${topic}/#`, qos: QoS.ExactlyOnce }],
    subscriptionIdentifier: 42,
  });
  assert.deepEqual(suback.reasonCodes, [mqtt5.SubackReasonCode.GrantedQoS2]);
  await client.subscribe({ subscriptions: [{ topicFilter: `${topic}-marker`, qos: QoS.AtLeastOnce }] });
  const properties = {
    userProperties: USER_PROPERTIES,
    contentType: "application/json",
    responseTopic: `${topic}/reply`,
    correlationData: new Uint8Array([9, 8, 7]),
    messageExpiryIntervalSeconds: 300,
    payloadFormat: mqtt5.PayloadFormatIndicator.Utf8,
  };
  assert.equal(await client.publish({ topicName: `${topic}/0`, qos: QoS.AtMostOnce, payload: "zero", ...properties }), undefined);
  const puback = await client.publish({ topicName: `${topic}/1`, qos: QoS.AtLeastOnce, payload: "one", ...properties });
  assert.equal(puback?.type, PacketType.Puback);
  assert.equal(puback?.reasonCode, 0);
  const pubcomp = await client.publish({ topicName: `${topic}/2`, qos: QoS.ExactlyOnce, payload: "two", ...properties });
  assert.equal(pubcomp.type, PacketType.Pubcomp);
  assert.equal(pubcomp.reasonCode, 0);
  await messages.waitForCount(3);
  const byQos = [...messages.messages].sort((a, b) => a.qos - b.qos);
  assert.deepEqual(byQos.map(payloadText), ["zero", "one", "two"]);
  for (const message of byQos) {
    assert.deepEqual(message.userProperties, USER_PROPERTIES);
    assert.equal(message.contentType, "application/json");
    assert.equal(message.responseTopic, `${topic}/reply`);
    assert.deepEqual([...new Uint8Array(message.correlationData as ArrayBuffer)], [9, 8, 7]);
    assert.ok((message.messageExpiryIntervalSeconds ?? 0) > 0 && (message.messageExpiryIntervalSeconds ?? 0) <= 300);
    assert.equal(message.payloadFormat, mqtt5.PayloadFormatIndicator.Utf8);
    assert.deepEqual(message.subscriptionIdentifiers, [42]);
  }
  const unsuback = await client.unsubscribe({ topicFilters: [`${topic}/#`] });
  assert.deepEqual(unsuback.reasonCodes, [0]);
  await client.publish({ topicName: `${topic}/1`, qos: QoS.AtLeastOnce, payload: "after unsubscribe" });
  await client.publish({ topicName: `${topic}-marker`, qos: QoS.AtLeastOnce, payload: "marker" });
  await messages.waitForCount(4);
  assert.deepEqual(messages.messages.slice(3).map(payloadText), ["marker"], "nothing after the unsubscribe but the marker");
  assertStatisticsZero(client);
  await stopClient(client, events);
});

test("stop and start again: the same client connects and works a second time", { timeout: 20_000 }, async (t) => {
  const { client, events, messages } = await connected(t);
  await stopClient(client, events, { reasonCode: DisconnectReasonCode.NormalDisconnection });
  await startAndConnect(client, events);
  assert.deepEqual(events.names(), ["attemptingConnect", "connectionSuccess", "disconnection", "stopped", "attemptingConnect", "connectionSuccess"]);
  const topic = `aedes/${uniqueId("again")}`;
  await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
  await client.publish({ topicName: topic, qos: QoS.AtLeastOnce, payload: "again" });
  await messages.waitForCount(1);
  await stopClient(client, events);
});

test("retained message: delivered with RETAIN and its user properties to a later subscriber, then cleared", { timeout: 20_000 }, async (t) => {
  const topic = `aedes/${uniqueId("retained")}`;
  const publisher = await connected(t);
  await publisher.client.publish({ topicName: topic, qos: QoS.AtLeastOnce, retain: true, payload: "kept", userProperties: USER_PROPERTIES });
  const late = await connected(t);
  await late.client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
  await late.messages.waitForCount(1);
  const retained = late.messages.messages[0];
  assert.equal(retained?.retain, true);
  assert.equal(payloadText(retained), "kept");
  assert.deepEqual(retained?.userProperties, USER_PROPERTIES);
  // Live copies of a retained publish reach existing subscribers with RETAIN cleared (no retainAsPublished).
  await publisher.client.publish({ topicName: topic, qos: QoS.AtLeastOnce, retain: true, payload: "" });
  await late.messages.waitForCount(2);
  assert.equal(late.messages.messages[1]?.retain, false);
  const later = await connected(t);
  await later.client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }, { topicFilter: `${topic}/marker`, qos: QoS.AtLeastOnce }] });
  await later.client.publish({ topicName: `${topic}/marker`, qos: QoS.AtLeastOnce, payload: "marker" });
  await later.messages.waitForCount(1);
  assert.deepEqual(later.messages.messages.map(payloadText), ["marker"], "the retained message was cleared");
});

test("session takeover: aedes sends DISCONNECT 0x8E to the first connection", { timeout: 20_000 }, async (t) => {
  const clientId = uniqueId("takeover");
  const connectProperties = { keepAliveIntervalSeconds: 30, clientId };
  const first = await connected(t, { connectProperties, minReconnectDelayMs: 30_000, maxReconnectDelayMs: 30_000 });
  const second = await connected(t, { connectProperties });
  const disconnection = await first.events.waitFor("disconnection", 1);
  assert.equal(disconnection.disconnect?.reasonCode, DisconnectReasonCode.SessionTakenOver);
  assert.ok(disconnection.error instanceof ConnectionError);
  assert.equal(disconnection.error.error_name, "AWS_ERROR_MQTT5_DISCONNECT_RECEIVED");
  await stopClient(first.client, first.events);
  assert.equal(second.client.isConnected(), true);
  await stopClient(second.client, second.events);
});

function sessionConfig(clientId: string): Partial<mqtt5.Mqtt5ClientConfig> {
  return {
    sessionBehavior: ClientSessionBehavior.RejoinPostSuccess,
    connectProperties: { keepAliveIntervalSeconds: 30, clientId, sessionExpiryIntervalSeconds: 300 },
  };
}

test("session resume after the transport is cut: queued QoS 1/2 messages arrive, in-flight publishes complete, no QoS 2 duplicate", { timeout: 30_000 }, async (t) => {
  const topic = `aedes/${uniqueId("resume")}`;
  const subFaults = await proxy(t);
  const pubFaults = await proxy(t);
  const sub = await connected(t, sessionConfig(uniqueId("resume-sub")), subFaults.port);
  await sub.client.subscribe({ subscriptions: [{ topicFilter: `${topic}/#`, qos: QoS.ExactlyOnce }] });
  const pub = await connected(t, sessionConfig(uniqueId("resume-pub")), pubFaults.port);
  // aedes reports Session Present only for a session with subscriptions (see the next test).
  await pub.client.subscribe({ subscriptions: [{ topicFilter: `${topic}-publisher/unused`, qos: QoS.AtMostOnce }] });

  // The subscriber is offline (connections refused) while messages are published: aedes queues them in its session.
  subFaults.refuseNew(true);
  subFaults.resetAll();
  await sub.events.waitFor("disconnection", 1);
  const direct = await connected(t);
  await direct.client.publish({ topicName: `${topic}/1`, qos: QoS.AtLeastOnce, payload: "queued-1" });
  await direct.client.publish({ topicName: `${topic}/2`, qos: QoS.ExactlyOnce, payload: "queued-2" });

  // The publisher's acknowledgements are withheld, then its connection is reset: it resends on the resumed session.
  pubFaults.blackHole(["toClient"]);
  const reached = waitForPublishes(broker, pub.clientId, ["inflight-1", "inflight-2"]);
  const inFlight = [
    pub.client.publish({ topicName: `${topic}/1`, qos: QoS.AtLeastOnce, payload: "inflight-1" }),
    pub.client.publish({ topicName: `${topic}/2`, qos: QoS.ExactlyOnce, payload: "inflight-2" }),
  ];
  assert.equal(pub.client.getOperationalStatistics().incompleteOperationCount, 2);
  await reached; // aedes has both PUBLISHes; its PUBACK and PUBREC are dropped
  pubFaults.forward();
  pubFaults.resetAll();
  const pubResumed = await pub.events.waitFor("connectionSuccess", 2);
  assert.equal(pubResumed.connack.sessionPresent, true);
  const [puback, pubcomp] = await Promise.all(inFlight);
  assert.equal(puback?.reasonCode, 0);
  assert.equal(pubcomp?.type, PacketType.Pubcomp);
  assert.equal(pubcomp?.reasonCode, 0);

  subFaults.refuseNew(false);
  const subResumed = await sub.events.waitFor("connectionSuccess", 2);
  assert.equal(subResumed.connack.sessionPresent, true);
  assert.equal(subResumed.settings.rejoinedSession, true);
  const expected = ["queued-1", "queued-2", "inflight-1", "inflight-2"];
  await sub.messages.waitUntil("all four messages", (all) => expected.every((text) => all.some((message) => payloadText(message) === text)));
  await direct.client.publish({ topicName: `${topic}/marker`, qos: QoS.ExactlyOnce, payload: "marker" });
  await sub.messages.waitUntil("marker", (all) => all.some((message) => payloadText(message) === "marker"));
  const texts = sub.messages.messages.map(payloadText);
  for (const text of ["queued-2", "inflight-2"]) assert.equal(texts.filter((seen) => seen === text).length, 1, `QoS 2 "${text}" once`);
  assertStatisticsZero(pub.client, "publisher");
  assertStatisticsZero(sub.client, "subscriber");
  await stopClient(pub.client, pub.events);
  await stopClient(sub.client, sub.events);
});

test("aedes answers Session Present 0 to a session without subscriptions: QoS 2 in flight reject with sessionLost, QoS 1 are re-sent", { timeout: 30_000 }, async (t) => {
  const topic = `aedes/${uniqueId("nosubs")}`;
  const watcher = await connected(t);
  await watcher.client.subscribe({ subscriptions: [{ topicFilter: `${topic}/#`, qos: QoS.ExactlyOnce }] });
  const faults = await proxy(t);
  const pub = await connected(t, sessionConfig(uniqueId("nosubs-pub")), faults.port);
  faults.blackHole(["toClient"]);
  const qos1 = pub.client.publish({ topicName: `${topic}/1`, qos: QoS.AtLeastOnce, payload: "one" });
  const qos2 = pub.client.publish({ topicName: `${topic}/2`, qos: QoS.ExactlyOnce, payload: "two" });
  qos2.catch(() => undefined);
  await watcher.messages.waitForCount(1); // the QoS 1 copy: aedes has both PUBLISHes
  faults.forward();
  faults.resetAll();
  const resumed = await pub.events.waitFor("connectionSuccess", 2);
  assert.equal(resumed.connack.sessionPresent, false);
  await assert.rejects(qos2, (error: unknown) => error instanceof OperationError && error.reason === "sessionLost");
  assert.equal((await qos1)?.reasonCode, 0);
  assertStatisticsZero(pub.client);
  await stopClient(pub.client, pub.events);
});

test("a will without delay: published by aedes after the owner's connection is cut, received intact", { timeout: 20_000 }, async (t) => {
  const willTopic = `aedes/${uniqueId("will")}`;
  const watcher = await connected(t);
  await watcher.client.subscribe({ subscriptions: [{ topicFilter: willTopic, qos: QoS.AtLeastOnce }] });
  const faults = await proxy(t);
  const owner = await connected(
    t,
    {
      connectProperties: {
        keepAliveIntervalSeconds: 30,
        clientId: uniqueId("will-owner"),
        will: { topicName: willTopic, qos: QoS.AtLeastOnce, payload: "gone", userProperties: [{ name: "why", value: "cut" }] },
      },
    },
    faults.port,
  );
  faults.refuseNew(true);
  faults.resetAll();
  await watcher.messages.waitForCount(1);
  assert.equal(payloadText(watcher.messages.messages[0]), "gone");
  assert.deepEqual(watcher.messages.messages[0]?.userProperties, [{ name: "why", value: "cut" }]);
  assert.equal(watcher.events.count("disconnection"), 0);
  await stopClient(owner.client, owner.events);
});

test("aedes forwards Will Delay Interval inside the will PUBLISH: the client drops that property and delivers the will", { timeout: 20_000 }, async (t) => {
  const willTopic = `aedes/${uniqueId("delayed-will")}`;
  const watcher = await connected(t);
  await watcher.client.subscribe({ subscriptions: [{ topicFilter: willTopic, qos: QoS.AtLeastOnce }] });
  const faults = await proxy(t);
  const owner = await connected(
    t,
    {
      connectProperties: {
        keepAliveIntervalSeconds: 30,
        clientId: uniqueId("delayed-will-owner"),
        sessionExpiryIntervalSeconds: 10,
        willDelayIntervalSeconds: 1,
        will: { topicName: willTopic, qos: QoS.AtLeastOnce, payload: "late" },
      },
    },
    faults.port,
  );
  faults.refuseNew(true);
  faults.resetAll();
  await watcher.messages.waitForCount(1);
  assert.equal(payloadText(watcher.messages.messages[0]), "late");
  assert.equal(watcher.events.count("disconnection"), 0, "the out-of-place property does not end the connection");
  await stopClient(owner.client, owner.events);
  await stopClient(watcher.client, watcher.events);
});
