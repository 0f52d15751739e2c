// The public client's lifecycle against a real Mosquitto 2 (issue 4): start/stop/start, wills on stop, refused
// connections and credentials with retries until stop, a broker killed and restarted (and frozen: half-open),
// keep-alive, session takeover, the negotiated settings field by field (default and restricted broker), and the
// operation statistics returning to zero.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mqtt5, ConnectionError, CrtError, OperationError, ValidationError, MqttClientError } from "../../src/index.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker, type MosquittoOptions } from "../support/mosquitto.js";
import { freePort } from "../support/free-port.js";
import { openRawTcp } from "../support/raw-connections.js";
import { encodePacket } from "../../src/core/codec/index.js";
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
  type TestContextLike,
} from "./client-helpers.js";

const { QoS, DisconnectReasonCode, ConnectReasonCode } = mqtt5;

let broker: MosquittoBroker;
before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  await broker.stop();
});

/** A broker of the test's own (to be killed, frozen or configured), stopped after the test. */
async function ownBroker(t: TestContextLike, options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const own = await startMosquitto(options);
  t.after(async () => {
    own.kill("SIGCONT"); // in case the test froze it
    await own.stop();
  });
  return own;
}

function tcpConfig(target: MosquittoBroker, extra: Partial<mqtt5.Mqtt5ClientConfig> = {}): mqtt5.Mqtt5ClientConfig {
  return {
    hostName: target.host,
    port: target.ports.tcp,
    connectProperties: { keepAliveIntervalSeconds: 30, clientId: uniqueId("life") },
    ...extra,
  };
}

test("start, stop, start again: the events in order, and operations work on the second connection", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newClient(t, tcpConfig(broker));
    const events = new EventRecorder(client);
    const messages = new MessageCollector(client);
    const first = await startAndConnect(client, events);
    assert.equal(client.isConnected(), true);
    await stopClient(client, events);
    assert.equal(client.isConnected(), false);
    assert.deepEqual(events.names(), ["attemptingConnect", "connectionSuccess", "disconnection", "stopped"]);
    const disconnection = events.all("disconnection")[0];
    assert.equal(disconnection?.error.error_name, "AWS_ERROR_MQTT5_USER_REQUESTED_STOP");
    assert.equal(disconnection?.disconnect, undefined);

    const second = await startAndConnect(client, events);
    assert.deepEqual(events.names().slice(4), ["attemptingConnect", "connectionSuccess"]);
    assert.deepEqual(second.settings, first.settings, "the same configuration negotiates the same settings");
    const topic = `life/${uniqueId("again")}`;
    await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
    const puback = await client.publish({ topicName: topic, qos: QoS.AtLeastOnce, payload: "second life" });
    assert.equal(puback?.reasonCode, 0);
    await messages.waitForCount(1);
    assert.equal(payloadText(messages.messages[0]), "second life");
    await stopClient(client, events);
    assert.equal(events.count("stopped"), 2);
    assert.deepEqual(events.errors, []);
    assertStatisticsZero(client);
  });
});

test("negotiated settings from a default Mosquitto, field by field; an assigned client id is reused on reconnect", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newClient(t, {
      hostName: broker.host,
      port: broker.ports.tcp,
      connectProperties: { keepAliveIntervalSeconds: 45, sessionExpiryIntervalSeconds: 300, receiveMaximum: 100 },
    });
    const events = new EventRecorder(client);
    const { connack, settings } = await startAndConnect(client, events);
    const assigned = connack.assignedClientIdentifier ?? "";
    assert.match(assigned, /^auto-/);
    assert.deepEqual(settings, {
      maximumQos: QoS.ExactlyOnce,
      sessionExpiryInterval: 300,
      receiveMaximumFromServer: 20,
      maximumPacketSizeToServer: 268_435_460,
      topicAliasMaximumToServer: 10,
      topicAliasMaximumToClient: 0,
      serverKeepAlive: 45,
      retainAvailable: true,
      wildcardSubscriptionsAvailable: true,
      subscriptionIdentifiersAvailable: true,
      sharedSubscriptionsAvailable: true,
      rejoinedSession: false,
      clientId: assigned,
    });
    assert.equal(connack.reasonCode, ConnectReasonCode.Success);
    assert.equal(connack.sessionPresent, false);
    assert.equal(connack.topicAliasMaximum, 10);
    assert.equal(connack.receiveMaximum, 20);

    // A dropped connection (not a stop) reconnects with the id the server assigned.
    const logFrom = broker.logText().length;
    const kicked = events.waitFor("disconnection");
    const reconnected = events.waitFor("connectionSuccess", 2);
    await broker.waitForLog(new RegExp(`as ${assigned} `), 5000);
    // Take the session over from a raw CONNECT with the same id, so the broker closes our connection.
    const intruder = await openRawTcp({ port: broker.ports.tcp });
    t.after(() => intruder.close());
    intruder.write(encodePacket({ type: mqtt5.PacketType.Connect, clientId: assigned, cleanStart: false, keepAliveIntervalSeconds: 60 }));
    await kicked;
    intruder.close();
    const again = await reconnected;
    assert.equal(again.settings.clientId, assigned);
    assert.equal(again.connack.assignedClientIdentifier, undefined, "the client sent the assigned id, so none is assigned");
    await broker.waitForLog(new RegExp(`New client connected from \\S+ as ${assigned} \\(p5, c0`), 5000, logFrom);
    await stopClient(client, events);
  });
});

test("negotiated settings from a restricted Mosquitto, and the client enforces them before sending", { timeout: 30_000 }, async (t) => {
  const restricted = await ownBroker(t, {
    extraConfig: ["max_keepalive 20", "max_packet_size 50000"],
    listenerConfig: { tcp: ["max_qos 1", "max_topic_alias 5", "retain_available false"] },
    maxInflightMessages: 7,
  });
  await dumpLogOnFailure(t, restricted, async () => {
    const clientId = uniqueId("restricted");
    const client = newClient(t, tcpConfig(restricted, { connectProperties: { keepAliveIntervalSeconds: 60, clientId } }));
    const events = new EventRecorder(client);
    const { connack, settings } = await startAndConnect(client, events);
    assert.deepEqual(settings, {
      maximumQos: QoS.AtLeastOnce,
      sessionExpiryInterval: 0,
      receiveMaximumFromServer: 7,
      maximumPacketSizeToServer: 50_000,
      topicAliasMaximumToServer: 5,
      topicAliasMaximumToClient: 0,
      serverKeepAlive: 20,
      retainAvailable: false,
      wildcardSubscriptionsAvailable: true,
      subscriptionIdentifiersAvailable: true,
      sharedSubscriptionsAvailable: true,
      rejoinedSession: false,
      clientId,
    });
    assert.equal(connack.serverKeepAlive, 20);
    assert.equal(connack.maximumQos, QoS.AtLeastOnce);
    assert.equal(connack.retainAvailable, false);
    assert.equal(connack.maximumPacketSize, 50_000);

    const topic = `life/${clientId}`;
    await assert.rejects(client.publish({ topicName: topic, qos: QoS.ExactlyOnce, payload: "x" }), (error: unknown) => {
      assert.ok(error instanceof ValidationError, String(error));
      assert.equal(error.field, "qos");
      return true;
    });
    await assert.rejects(client.publish({ topicName: topic, qos: QoS.AtLeastOnce, retain: true, payload: "x" }), (error: unknown) => {
      assert.ok(error instanceof ValidationError, String(error));
      assert.equal(error.field, "retain");
      return true;
    });
    await assert.rejects(client.publish({ topicName: topic, qos: QoS.AtLeastOnce, payload: new Uint8Array(60_000) }), (error: unknown) => {
      assert.ok(error instanceof MqttClientError && error instanceof CrtError, String(error));
      assert.match(error.code, /packetTooLarge/);
      return true;
    });
    // Nothing of that reached the broker, and the connection is still fine.
    const puback = await client.publish({ topicName: topic, qos: QoS.AtLeastOnce, payload: new Uint8Array(40_000) });
    assert.equal(puback?.reasonCode, mqtt5.PubackReasonCode.NoMatchingSubscribers);
    // The broker's log reaches us through a pipe, possibly after the PUBACK: wait for the line, then count.
    await restricted.waitForLog(/Received PUBLISH from /, 10_000);
    assert.equal(countMatches(restricted.logText(), /Received PUBLISH from /), 1);
    assert.deepEqual(events.names(), ["attemptingConnect", "connectionSuccess"]);
    await stopClient(client, events);
  });
});

/** A subscriber to `topic` (QoS 1), connected. */
async function watcher(t: TestContextLike, target: MosquittoBroker, topic: string): Promise<MessageCollector> {
  const client = newClient(t, tcpConfig(target));
  const events = new EventRecorder(client);
  const messages = new MessageCollector(client);
  await startAndConnect(client, events);
  await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
  t.after(() => client.stop());
  return messages;
}

function willConfig(target: MosquittoBroker, willTopic: string): mqtt5.Mqtt5ClientConfig {
  return tcpConfig(target, {
    connectProperties: {
      keepAliveIntervalSeconds: 30,
      clientId: uniqueId("will-owner"),
      will: {
        topicName: willTopic,
        qos: QoS.AtLeastOnce,
        payload: "owner gone",
        contentType: "text/plain",
        userProperties: [{ name: "reason", value: "stop" }],
      },
    },
  });
}

test("stop(DISCONNECT 0x04 DisconnectWithWillMessage): the broker publishes the will, seen by a second client", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const willTopic = `life/${uniqueId("will")}`;
    const seen = await watcher(t, broker, willTopic);
    const owner = newClient(t, willConfig(broker, willTopic));
    const events = new EventRecorder(owner);
    await startAndConnect(owner, events);
    await stopClient(owner, events, { reasonCode: DisconnectReasonCode.DisconnectWithWillMessage });
    await seen.waitForCount(1);
    const will = seen.messages[0];
    assert.equal(will?.topicName, willTopic);
    assert.equal(payloadText(will), "owner gone");
    assert.equal(will?.qos, QoS.AtLeastOnce);
    assert.equal(will?.contentType, "text/plain");
    assert.deepEqual(will?.userProperties, [{ name: "reason", value: "stop" }]);
    assert.equal(events.all("disconnection")[0]?.error.error_name, "AWS_ERROR_MQTT5_USER_REQUESTED_STOP");
  });
});

test("stop() without a DISCONNECT packet closes the socket: the broker publishes the will too", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const willTopic = `life/${uniqueId("will-close")}`;
    const seen = await watcher(t, broker, willTopic);
    const owner = newClient(t, willConfig(broker, willTopic));
    const events = new EventRecorder(owner);
    await startAndConnect(owner, events);
    await stopClient(owner, events);
    await seen.waitForCount(1);
    assert.equal(payloadText(seen.messages[0]), "owner gone");
  });
});

test("stop(DISCONNECT 0x00 NormalDisconnection): no will", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const willTopic = `life/${uniqueId("no-will")}`;
    const seen = await watcher(t, broker, willTopic);
    const owner = newClient(t, willConfig(broker, willTopic));
    const events = new EventRecorder(owner);
    await startAndConnect(owner, events);
    await stopClient(owner, events, { reasonCode: DisconnectReasonCode.NormalDisconnection });
    // The broker handled the DISCONNECT before this marker was even sent: a will would arrive first.
    const marker = newClient(t, tcpConfig(broker));
    const markerEvents = new EventRecorder(marker);
    await startAndConnect(marker, markerEvents);
    await marker.publish({ topicName: willTopic, qos: QoS.AtLeastOnce, payload: "marker" });
    await seen.waitForCount(1);
    assert.deepEqual(seen.messages.map(payloadText), ["marker"]);
    await stopClient(marker, markerEvents);
  });
});

test("no broker on the port: connectionFailure (connection refused) again and again, with backoff, until stop", { timeout: 30_000 }, async (t) => {
  const port = await freePort();
  const client = newClient(t, { hostName: "127.0.0.1", port, minReconnectDelayMs: 20, maxReconnectDelayMs: 160 });
  const events = new EventRecorder(client);
  client.start();
  await events.waitFor("connectionFailure", 4);
  for (const failure of events.all("connectionFailure")) {
    assert.ok(failure.error instanceof ConnectionError && failure.error instanceof CrtError);
    assert.equal(failure.error.code, "connectionRefused");
    assert.equal(failure.error.error_name, "AWS_IO_SOCKET_CONNECTION_REFUSED");
    assert.equal(failure.error.error_code, 1047);
    assert.equal(failure.connack, undefined);
  }
  await stopClient(client, events);
  const names = events.names();
  // attemptingConnect, connectionFailure, attemptingConnect, connectionFailure, …, stopped: never connected.
  assert.equal(names.at(-1), "stopped");
  assert.ok(names.slice(0, -1).every((name, index) => name === (index % 2 === 0 ? "attemptingConnect" : "connectionFailure")), names.join());
  assert.equal(events.count("disconnection"), 0);
  // Stopped means stopped: no attempt after it (a bounded look, longer than the largest backoff delay).
  const attempts = events.count("attemptingConnect");
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(events.count("attemptingConnect"), attempts);
});

test("bad password: connectionFailure carrying CONNACK 0x87 and a ConnectionError, retried until stop", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newClient(t, {
      hostName: broker.host,
      port: broker.ports.auth,
      connectProperties: { keepAliveIntervalSeconds: 30, clientId: uniqueId("badpw"), username: broker.auth.username, password: "wrong" },
    });
    const events = new EventRecorder(client);
    client.start();
    await events.waitFor("connectionFailure", 2);
    for (const failure of events.all("connectionFailure")) {
      assert.equal(failure.connack?.reasonCode, ConnectReasonCode.NotAuthorized);
      assert.equal(failure.connack?.type, mqtt5.PacketType.Connack);
      assert.ok(failure.error instanceof ConnectionError);
      assert.equal(failure.error.code, "connackRefused");
      assert.equal(failure.error.reasonCode, 0x87);
      assert.equal(failure.error.error_name, "AWS_ERROR_MQTT5_CONNACK_CONNECTION_REFUSED");
      assert.doesNotMatch(failure.error.message, /wrong/, "the password never appears in an error");
    }
    await stopClient(client, events);
  });
});

test("broker killed (SIGKILL): disconnection, refused reconnects, restart on the same ports → connectionSuccess; offline QoS 1 publish completes", { timeout: 40_000 }, async (t) => {
  const own = await ownBroker(t);
  await dumpLogOnFailure(t, own, async () => {
    const client = newClient(t, tcpConfig(own));
    const events = new EventRecorder(client);
    const messages = new MessageCollector(client);
    await startAndConnect(client, events);
    const topic = `life/${uniqueId("kill")}`;

    own.kill("SIGKILL");
    const disconnection = await events.waitFor("disconnection");
    assert.ok(disconnection.error instanceof ConnectionError);
    assert.equal(disconnection.disconnect, undefined, "a killed broker sends no DISCONNECT");
    assert.equal(client.isConnected(), false);
    await events.waitFor("connectionFailure", 2);
    assert.ok(events.all("connectionFailure").every((failure) => (failure.error as ConnectionError).code === "connectionRefused"));

    // Submitted while offline: queued (QoS 1 survives the default offline queue policy) and sent after reconnecting.
    const offlinePublish = client.publish({ topicName: topic, qos: QoS.AtLeastOnce, payload: "sent after restart" });
    assert.equal(client.getOperationalStatistics().incompleteOperationCount, 1);

    await own.restart();
    await events.waitFor("connectionSuccess", 2);
    assert.equal(client.isConnected(), true);
    const puback = await offlinePublish;
    assert.equal(puback?.reasonCode, mqtt5.PubackReasonCode.NoMatchingSubscribers);
    await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.AtLeastOnce }] });
    await client.publish({ topicName: topic, qos: QoS.AtLeastOnce, payload: "after restart" });
    await messages.waitForCount(1);
    assertStatisticsZero(client);
    await stopClient(client, events);
  });
});

test("keep-alive 1 s: PINGREQ/PINGRESP keep an idle connection up", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = uniqueId("keepalive");
    const client = newClient(t, tcpConfig(broker, { connectProperties: { keepAliveIntervalSeconds: 1, clientId } }));
    const events = new EventRecorder(client);
    const logFrom = broker.logText().length;
    await startAndConnect(client, events);
    // Three ping exchanges take ≥ 3 keep-alive periods with no other traffic.
    const exchanges = new RegExp(`(Sending PINGRESP to ${clientId}[\\s\\S]*){3}`);
    await broker.waitForLog(exchanges, 10_000, logFrom);
    const log = broker.logText().slice(logFrom);
    assert.ok(countMatches(log, new RegExp(`Received PINGREQ from ${clientId}`)) >= 3);
    assert.deepEqual(events.names(), ["attemptingConnect", "connectionSuccess"], "no disconnection while idle");
    assert.equal(client.isConnected(), true);
    await stopClient(client, events);
  });
});

test("broker frozen (SIGSTOP): PINGRESP timeout → disconnection, CONNACK timeouts while frozen, SIGCONT → connected again", { timeout: 40_000 }, async (t) => {
  const own = await ownBroker(t);
  await dumpLogOnFailure(t, own, async () => {
    const client = newClient(t, tcpConfig(own, { connackTimeoutMs: 1000, pingTimeoutMs: 500, connectProperties: { keepAliveIntervalSeconds: 1, clientId: uniqueId("frozen") } }));
    const events = new EventRecorder(client);
    await startAndConnect(client, events);
    own.kill("SIGSTOP");
    const disconnection = await events.waitFor("disconnection", 1);
    assert.ok(disconnection.error instanceof ConnectionError);
    assert.equal(disconnection.error.code, "pingTimeout");
    assert.equal(disconnection.error.error_name, "AWS_ERROR_MQTT5_PING_RESPONSE_TIMEOUT");
    // The kernel still accepts TCP connections for the frozen process, but no CONNACK comes.
    const failure = await events.waitFor("connectionFailure", 1);
    assert.equal((failure.error as ConnectionError).code, "connackTimeout");
    assert.equal(failure.error.error_name, "AWS_ERROR_MQTT5_CONNACK_TIMEOUT");
    own.kill("SIGCONT");
    await events.waitFor("connectionSuccess", 2, 15_000);
    await stopClient(client, events);
  });
});

test("session takeover: a second client with the same id ends the first one's connection (no DISCONNECT from Mosquitto)", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = uniqueId("takeover");
    const config = tcpConfig(broker, { connectProperties: { keepAliveIntervalSeconds: 30, clientId } });
    const first = newClient(t, { ...config, minReconnectDelayMs: 30_000, maxReconnectDelayMs: 30_000 });
    const firstEvents = new EventRecorder(first);
    await startAndConnect(first, firstEvents);
    const second = newClient(t, config);
    const secondEvents = new EventRecorder(second);
    await startAndConnect(second, secondEvents);
    const disconnection = await firstEvents.waitFor("disconnection", 1);
    assert.equal(disconnection.disconnect, undefined);
    assert.ok(disconnection.error instanceof ConnectionError);
    assert.equal(disconnection.error.error_name, "AWS_IO_SOCKET_CLOSED");
    await stopClient(first, firstEvents);
    assert.equal(second.isConnected(), true);
    assert.equal(secondEvents.count("disconnection"), 0);
    await stopClient(second, secondEvents);
  });
});

test("getOperationalStatistics(): counts queued and unacked operations, and returns to zero", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newClient(t, tcpConfig(broker));
    const events = new EventRecorder(client);
    assertStatisticsZero(client, "before start");
    await startAndConnect(client, events);
    const topic = `life/${uniqueId("stats")}`;
    const pending = [
      client.subscribe({ subscriptions: [{ topicFilter: topic, qos: QoS.ExactlyOnce }] }),
      ...Array.from({ length: 30 }, (_unused, index) =>
        client.publish({ topicName: topic, qos: index % 2 === 0 ? QoS.AtLeastOnce : QoS.ExactlyOnce, payload: `message ${index}` }),
      ),
      client.unsubscribe({ topicFilters: [topic] }),
    ];
    const during = client.getOperationalStatistics();
    assert.equal(during.incompleteOperationCount, 32);
    assert.ok(during.incompleteOperationSize > 30 * topic.length, JSON.stringify(during));
    await Promise.all(pending);
    assertStatisticsZero(client, "after every acknowledgement");
    await stopClient(client, events);
    assertStatisticsZero(client, "after stop");
  });
});

test("stop() while publishes wait offline: they reject with OperationError clientStopped; statistics return to zero", { timeout: 30_000 }, async (t) => {
  const client = newClient(t, { hostName: "127.0.0.1", port: await freePort() });
  const events = new EventRecorder(client);
  client.start();
  await events.waitFor("connectionFailure");
  const waiting = [1, 2].map((qos) => client.publish({ topicName: "life/offline", qos: qos as mqtt5.QoS, payload: "x" }));
  assert.equal(client.getOperationalStatistics().incompleteOperationCount, 2);
  await stopClient(client, events);
  for (const publish of waiting) {
    await assert.rejects(publish, (error: unknown) => error instanceof OperationError && error.reason === "clientStopped");
  }
  assertStatisticsZero(client);
});
