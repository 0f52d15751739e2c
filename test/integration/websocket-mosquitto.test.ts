// MQTT over WebSocket with the real client against Mosquitto's ws and wss listeners: a QoS 1 round trip and a
// reconnect each; a handshake transform that changes the path and a header on every attempt, observed by a
// WebSocket relay in front of Mosquitto; frames that split and coalesce packets; failing transforms as
// connectionFailures with retries. (Mosquitto's WebSocket round trips take ~200 ms: no tight timeouts here.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ConnectionError, http } from "../../src/index.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { expectRetriedFailures, newMatrixClient, qos1RoundTrip, reconnectAfter, roundTripAndReconnect, startAndConnect } from "../support/transport-round-trip.js";
import { startWebSocketRelay, type WebSocketRelay } from "../support/websocket-relay.js";

let broker: MosquittoBroker;
let relay: WebSocketRelay;
before(async () => {
  broker = await startMosquitto();
  relay = await startWebSocketRelay({ upstreamPort: broker.ports.tcp });
});
after(async () => {
  await relay.close();
  await broker.stop();
});

const plainWebSocket = (_request: http.HttpRequest, done: (errorCode?: number) => void): void => done();

test("ws: QoS 1 round trip, broker restart, reconnect, round trip", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newMatrixClient(t, { hostName: broker.host, port: broker.ports.ws, websocketHandshakeTransform: plainWebSocket });
    await roundTripAndReconnect(client, "ws", () => broker.restart());
  });
});

test("wss: the same over TLS, verifying Mosquitto against the test CA", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const client = newMatrixClient(t, {
      hostName: broker.host,
      port: broker.ports.wss,
      tlsCtx: { ca: broker.certs.ca.cert },
      websocketHandshakeTransform: plainWebSocket,
    });
    await roundTripAndReconnect(client, "wss", () => broker.restart());
  });
});

test("the handshake transform runs on every attempt: a new path and header per attempt reach the server", { timeout: 30_000 }, async (t) => {
  const before = relay.upgrades.length;
  let attempt = 0;
  // An async signer (aws-crt style, with done): e.g. fetching fresh credentials before each connection.
  const transform = (request: http.HttpRequest, done: (errorCode?: number) => void): void => {
    attempt++;
    setTimeout(() => {
      request.path = `/mqtt?attempt=${attempt}`;
      request.headers.add("X-Attempt", String(attempt));
      request.headers.set("Authorization", `Bearer token-${attempt}`);
      done();
    }, 5);
  };
  const client = newMatrixClient(t, { hostName: "127.0.0.1", port: relay.port, websocketHandshakeTransform: transform });
  await startAndConnect(client);
  await qos1RoundTrip(client, "transform-1");
  await reconnectAfter(client, () => relay.dropAll());
  await qos1RoundTrip(client, "transform-2");
  client.stop();
  const seen = relay.upgrades.slice(before);
  assert.equal(seen.length, 2);
  assert.deepEqual(
    seen.map((upgrade) => [upgrade.url, upgrade.header("x-attempt"), upgrade.header("authorization"), upgrade.offeredProtocols]),
    [
      ["/mqtt?attempt=1", "1", "Bearer token-1", ["mqtt"]],
      ["/mqtt?attempt=2", "2", "Bearer token-2", ["mqtt"]],
    ],
  );
  assert.equal(seen[0]?.header("host"), "127.0.0.1", "Host without port, as aws-crt sends it");
});

test("the promise-returning transform (our addition) works the same way", { timeout: 30_000 }, async (t) => {
  const before = relay.upgrades.length;
  const client = newMatrixClient(t, {
    hostName: "127.0.0.1",
    port: relay.port,
    websocketHandshakeTransform: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      request.headers.add("X-Token", "from-a-promise");
    },
  });
  await startAndConnect(client);
  await qos1RoundTrip(client, "promise-transform");
  client.stop();
  assert.equal(relay.upgrades[before]?.header("x-token"), "from-a-promise");
});

test("packets split across frames, and several packets in one frame, from the server [MQTT-6.0.0-2]", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, { hostName: "127.0.0.1", port: relay.port, websocketHandshakeTransform: plainWebSocket });
  t.after(() => relay.setFraming({ kind: "asReceived" }));
  relay.setFraming({ kind: "split", bytes: 3 });
  const framesBefore = relay.stats.framesToClient;
  await startAndConnect(client);
  await qos1RoundTrip(client, "split");
  assert.ok(relay.stats.framesToClient - framesBefore > 100, "every packet arrived in 3-byte frames");
  relay.setFraming({ kind: "coalesce", ms: 30 });
  const topic = "matrix/coalesce";
  const got: string[] = [];
  const all = new Promise<void>((resolve) =>
    client.on("messageReceived", ({ message }) => {
      got.push(new TextDecoder().decode(message.payload as ArrayBuffer));
      if (got.length === 10) resolve();
    }),
  );
  await client.subscribe({ subscriptions: [{ topicFilter: topic, qos: 1 }] });
  const framesAtBurst = relay.stats.framesToClient;
  await Promise.all(Array.from({ length: 10 }, (_, i) => client.publish({ topicName: topic, qos: 1, payload: `m${i}` })));
  await all;
  assert.deepEqual(got, Array.from({ length: 10 }, (_, i) => `m${i}`));
  // 10 PUBACKs + 10 PUBLISHes arrived in far fewer frames.
  assert.ok(relay.stats.framesToClient - framesAtBurst < 20, `coalesced: ${relay.stats.framesToClient - framesAtBurst} frames`);
  assert.equal(relay.stats.textFramesFromClient, 0, "the client never sent a text frame");
  client.stop();
});

test("done(5) fails every attempt with error_code 5; the client retries with backoff until stopped", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, {
    hostName: broker.host,
    port: broker.ports.ws,
    websocketHandshakeTransform: (_request, done) => void setTimeout(() => done(5), 1),
  });
  const errors = await expectRetriedFailures(client, "websocketHandshakeTransformFailed", /error code 5/);
  assert.ok(errors.every((error) => error.error_code === 5));
});

test("a rejecting promise transform fails the attempt with its message", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, {
    hostName: broker.host,
    port: broker.ports.ws,
    websocketHandshakeTransform: async () => {
      throw new Error("credentials provider unavailable");
    },
  });
  const errors = await expectRetriedFailures(client, "websocketHandshakeTransformFailed", /credentials provider unavailable/, 3);
  assert.ok(errors[0] instanceof ConnectionError);
  assert.equal(errors[0]?.error_code, 3, "AWS_ERROR_UNKNOWN for a non-CRT error, as aws-crt's done(3)");
});

test("WebSocket to a plain MQTT port fails the upgrade clearly", { timeout: 30_000 }, async (t) => {
  const client = newMatrixClient(t, { hostName: broker.host, port: broker.ports.tcp, websocketHandshakeTransform: plainWebSocket });
  await expectRetriedFailures(client, "websocketUpgradeFailed", /WebSocket upgrade to 127\.0\.0\.1:\d+\/mqtt/, 3);
});
