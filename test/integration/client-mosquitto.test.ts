// Mqtt5Client against a real Mosquitto 2 over TCP, TLS and mutual TLS: connect, subscribe, publish QoS 0/1/2 round
// trips, unsubscribe, stop; refused connections and refused credentials as events; and the process lifetime rule
// (alive while started, exits by itself after stop + close).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { spawn } from "node:child_process";
import { mqtt5, CrtError, ConnectionError } from "../../src/index.js";
import { ConnectReasonCode, PacketType, QoS, SubackReasonCode } from "../../src/core/model/enums.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { freePort } from "../support/free-port.js";

let broker: MosquittoBroker;
before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  await broker.stop();
});

let clientCounter = 0;
const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++clientCounter}`;

function newClient(t: { after(fn: () => void): void }, config: Partial<mqtt5.Mqtt5ClientConfig> & { port: number }): mqtt5.Mqtt5Client {
  const client = new mqtt5.Mqtt5Client({
    hostName: broker.host,
    connectProperties: { keepAliveIntervalSeconds: 30, clientId: uniqueId("it") },
    minReconnectDelayMs: 50,
    maxReconnectDelayMs: 200,
    ...config,
  });
  t.after(() => client.close());
  return client;
}

async function connect(client: mqtt5.Mqtt5Client): Promise<mqtt5.ConnectionSuccessEvent> {
  const failure = once(client, "connectionFailure").then(([event]) => {
    throw new Error(`connection failed: ${(event as mqtt5.ConnectionFailureEvent).error}`);
  });
  const success = once(client, "connectionSuccess").then(([event]) => event as mqtt5.ConnectionSuccessEvent);
  client.start();
  return Promise.race([success, failure]);
}

/** Subscribe, publish at each QoS to ourselves, receive all, unsubscribe, stop. */
async function roundTrip(client: mqtt5.Mqtt5Client): Promise<void> {
  const topic = `it/${uniqueId("rt")}`;
  const received: mqtt5.PublishPacket[] = [];
  const allReceived = new Promise<void>((resolve) =>
    client.on("messageReceived", ({ message }) => {
      received.push(message);
      if (received.length === 3) resolve();
    }),
  );
  const suback = await client.subscribe({ subscriptions: [{ topicFilter: `${topic}/#`, qos: QoS.ExactlyOnce }] });
  assert.deepEqual(suback.reasonCodes, [SubackReasonCode.GrantedQoS2]);
  assert.equal(suback.type, PacketType.Suback);

  assert.equal(await client.publish({ topicName: `${topic}/0`, qos: QoS.AtMostOnce, payload: "qos0" }), undefined);
  const puback = await client.publish({ topicName: `${topic}/1`, qos: QoS.AtLeastOnce, payload: { qos: 1 } });
  assert.equal(puback?.type, PacketType.Puback);
  assert.equal(puback?.reasonCode, 0);
  const pubcomp = await client.publish({ topicName: `${topic}/2`, qos: QoS.ExactlyOnce, payload: new Uint8Array([0xca, 0xfe]) });
  assert.equal(pubcomp.type, PacketType.Pubcomp);
  assert.equal(pubcomp.reasonCode, 0);

  await allReceived;
  const byTopic = new Map(received.map((message) => [message.topicName, message]));
  const text = (message: mqtt5.PublishPacket | undefined): string => new TextDecoder().decode(message?.payload as ArrayBuffer);
  assert.equal(text(byTopic.get(`${topic}/0`)), "qos0");
  assert.equal(text(byTopic.get(`${topic}/1`)), '{"qos":1}');
  assert.deepEqual([...new Uint8Array(byTopic.get(`${topic}/2`)?.payload as ArrayBuffer)], [0xca, 0xfe]);
  assert.deepEqual(received.map((message) => message.qos).sort(), [0, 1, 2]);

  const unsuback = await client.unsubscribe({ topicFilters: [`${topic}/#`, `${topic}/never`] });
  assert.deepEqual(unsuback.reasonCodes, [0, 17]);

  const events: string[] = [];
  client.on("disconnection", ({ error }) => events.push(`disconnection ${error.error_name}`));
  const stopped = once(client, mqtt5.Mqtt5Client.STOPPED);
  client.stop();
  await stopped;
  assert.deepEqual(events, ["disconnection AWS_ERROR_MQTT5_USER_REQUESTED_STOP"]);
}

test("TCP: connect, subscribe, publish QoS 0/1/2, receive, unsubscribe, stop", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newClient(t, { port: broker.ports.tcp });
    const { connack, settings } = await connect(client);
    assert.equal(connack.reasonCode, ConnectReasonCode.Success);
    assert.equal(settings.serverKeepAlive, 30);
    assert.equal(client.isConnected(), true);
    await roundTrip(client);
  });
});

test("TLS: the same round trip, verifying the broker against the test CA", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newClient(t, { hostName: "localhost", port: broker.ports.tls, tlsCtx: { ca: broker.certs.ca.cert } });
    await connect(client);
    await roundTrip(client);
  });
});

test("mutual TLS: a client certificate from the test CA is accepted", { timeout: 20_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newClient(t, {
      hostName: "localhost",
      port: broker.ports.mtls,
      tlsCtx: { ca: broker.certs.ca.cert, cert: broker.certs.client.cert, key: broker.certs.client.key },
    });
    await connect(client);
    await roundTrip(client);
  });
});

test("TLS without the broker's CA: connectionFailure names the unknown CA, and the client keeps retrying", { timeout: 20_000 }, async (t) => {
  const client = newClient(t, { hostName: "localhost", port: broker.ports.tls, tlsCtx: {} });
  const failures: mqtt5.ConnectionFailureEvent[] = [];
  const twoFailures = new Promise<void>((resolve) =>
    client.on("connectionFailure", (event) => {
      failures.push(event);
      if (failures.length === 2) resolve();
    }),
  );
  client.start();
  await twoFailures;
  const error = failures[0]?.error;
  assert.ok(error instanceof ConnectionError && error instanceof CrtError);
  assert.equal(error.code, "tlsUnknownCa");
  assert.equal(error.error_name, "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE");
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
});

test("refused TCP connection → connectionFailure with AWS_IO_SOCKET_CONNECTION_REFUSED (1047)", { timeout: 20_000 }, async (t) => {
  const client = newClient(t, { port: await freePort() });
  const failure = once(client, "connectionFailure");
  client.start();
  const [event] = (await failure) as [mqtt5.ConnectionFailureEvent];
  assert.equal(event.connack, undefined);
  assert.equal(event.error.error_name, "AWS_IO_SOCKET_CONNECTION_REFUSED");
  assert.equal((event.error as CrtError).error_code, 1047);
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
});

test("bad credentials → connectionFailure carrying the CONNACK (Mosquitto answers 0x87)", { timeout: 20_000 }, async (t) => {
  const client = newClient(t, {
    port: broker.ports.auth,
    connectProperties: { keepAliveIntervalSeconds: 30, clientId: uniqueId("auth"), username: broker.auth.username, password: "wrong" },
  });
  const failure = once(client, "connectionFailure");
  client.start();
  const [event] = (await failure) as [mqtt5.ConnectionFailureEvent];
  assert.equal(event.connack?.reasonCode, ConnectReasonCode.NotAuthorized);
  assert.equal(event.connack?.type, PacketType.Connack);
  assert.equal(event.error.error_name, "AWS_ERROR_MQTT5_CONNACK_CONNECTION_REFUSED");
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
});

test("good credentials on the auth listener connect", { timeout: 20_000 }, async (t) => {
  const client = newClient(t, {
    port: broker.ports.auth,
    connectProperties: {
      keepAliveIntervalSeconds: 30,
      clientId: uniqueId("auth"),
      username: broker.auth.username,
      password: new TextEncoder().encode(broker.auth.password),
    },
  });
  await connect(client);
  const stopped = once(client, "stopped");
  client.stop();
  await stopped;
});

/** Runs a small ES module in a fresh Node process; resolves with its exit code, or "running" after `waitMs`. */
function runChild(source: string, waitMs: number): Promise<number | "running"> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], { stdio: ["ignore", "inherit", "inherit"] });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve("running");
    }, waitMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

const indexUrl = new URL("../../src/index.js", import.meta.url).href;

test("the process stays alive while the client is started, and exits by itself after stop + close", { timeout: 30_000 }, async () => {
  const prelude = `
    import { once } from "node:events";
    import { mqtt5 } from ${JSON.stringify(indexUrl)};
    const client = new mqtt5.Mqtt5Client({ hostName: "127.0.0.1", port: ${broker.ports.tcp},
      connectProperties: { keepAliveIntervalSeconds: 5, clientId: "lifetime-" + process.pid } });
    const connected = once(client, "connectionSuccess");
    client.start();
    await connected;
    await client.publish({ topicName: "it/lifetime", qos: 1, payload: "x" });
  `;
  assert.equal(await runChild(prelude, 1500), "running", "a started client keeps the process alive");
  const stopAndClose = `${prelude}
    const stopped = once(client, "stopped");
    client.stop({ reasonCode: 0 });
    await stopped;
    client.close();
  `;
  assert.equal(await runChild(stopAndClose, 10_000), 0, "nothing keeps the process alive after stop + close");
});
