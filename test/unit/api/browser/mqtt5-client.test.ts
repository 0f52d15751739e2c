// The browser entry's Mqtt5Client run under Node: configuration rules (browser fields, Node-only fields refused,
// websocketOptions), the URL each kind of factory opens (through a scripted global WebSocket), connectTimeoutMs,
// and the shared client behaviour through the same facade as on Node (QoS 2 results, manual acknowledgement,
// statistics, events with `this` = the client) over a memory transport.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once, type EventEmitter } from "node:events";
import { Mqtt5Client } from "../../../../src/api/browser/mqtt5-client.js";
import type { Mqtt5ClientConfig } from "../../../../src/api/browser/config.js";
import { Mqtt5WebsocketUrlFactoryType } from "../../../../src/api/browser/websocket-options.js";
import type { ConnectionFailureEvent, ConnectionSuccessEvent, MessageReceivedEvent } from "../../../../src/api/events.js";
import { ConnectionError, ValidationError } from "../../../../src/core/errors.js";
import { PacketType, QoS } from "../../../../src/core/model/enums.js";
import { silentLogger } from "../../../../src/runtime/logger.js";
import { MemoryTransportFactory } from "../../../support/memory-transport.js";
import { ScriptedServer } from "../scripted-server.js";

const asEmitter = (client: Mqtt5Client): EventEmitter => client as unknown as EventEmitter;

/** Replaces the global WebSocket for one test with a class that records URLs and opens (or not) on demand. */
function scriptedGlobalWebSocket(t: { after(fn: () => void): void }) {
  const created: { url: string; protocols: unknown; socket: { onopen: ((event: unknown) => void) | null; readyState: number } }[] = [];
  class RecordingWebSocket {
    binaryType = "blob";
    readyState = 0;
    bufferedAmount = 0;
    protocol = "mqtt";
    onopen: ((event: unknown) => void) | null = null;
    onmessage = null;
    onerror = null;
    onclose = null;
    constructor(url: string, protocols?: unknown) {
      created.push({ url, protocols, socket: this });
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
    }
  }
  const scope = globalThis as { WebSocket?: unknown };
  const saved = Object.getOwnPropertyDescriptor(scope, "WebSocket");
  Object.defineProperty(scope, "WebSocket", { value: RecordingWebSocket, configurable: true, writable: true });
  t.after(() => {
    if (saved === undefined) delete scope.WebSocket;
    else Object.defineProperty(scope, "WebSocket", saved);
  });
  return created;
}

async function firstUrl(t: { after(fn: () => void): void }, config: Partial<Mqtt5ClientConfig>): Promise<{ url: string; protocols: unknown }> {
  const created = scriptedGlobalWebSocket(t);
  const client = new Mqtt5Client({ hostName: "broker.test", port: 8080, logger: silentLogger, ...config });
  t.after(() => client.close());
  client.start();
  for (let tries = 0; created.length === 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
  const first = created[0];
  assert.ok(first !== undefined, "no WebSocket was opened");
  return { url: first.url, protocols: first.protocols };
}

test("static event names are aws-crt's browser strings (with INFO), typed as literals", () => {
  const info: "info" = Mqtt5Client.INFO;
  assert.deepEqual(
    [Mqtt5Client.ERROR, info, Mqtt5Client.MESSAGE_RECEIVED, Mqtt5Client.ATTEMPTING_CONNECT, Mqtt5Client.CONNECTION_SUCCESS, Mqtt5Client.CONNECTION_FAILURE, Mqtt5Client.DISCONNECTION, Mqtt5Client.STOPPED],
    ["error", "info", "messageReceived", "attemptingConnect", "connectionSuccess", "connectionFailure", "disconnection", "stopped"],
  );
});

test("the constructor refuses Node-only transport settings and bad browser fields with a ValidationError naming the field", () => {
  const base = { hostName: "broker.test", port: 443 };
  const cases: [Record<string, unknown>, string][] = [
    [{ tlsCtx: {} }, "tlsCtx"],
    [{ socketOptions: {} }, "socketOptions"],
    [{ httpProxyOptions: { host_name: "p", port: 1 } }, "httpProxyOptions"],
    [{ websocketHandshakeTransform: () => undefined }, "websocketHandshakeTransform"],
    [{ connectTimeoutMs: 0 }, "connectTimeoutMs"],
    [{ connectTimeoutMs: 1.5 }, "connectTimeoutMs"],
    [{ websocketOptions: "ws" }, "websocketOptions"],
    [{ websocketOptions: {} }, "websocketOptions.urlFactoryOptions"],
    [{ websocketOptions: { urlFactoryOptions: { urlFactory: 9 } } }, "websocketOptions.urlFactoryOptions.urlFactory"],
    [{ websocketOptions: { urlFactoryOptions: { urlFactory: 4 } } }, "websocketOptions.urlFactoryOptions.customUrlFactory"],
    [{ websocketOptions: { urlFactoryOptions: { urlFactory: 3, credentialsProvider: 42, region: "us-east-1" } } }, "websocketOptions.urlFactoryOptions.credentialsProvider"],
    [{ websocketOptions: { urlFactoryOptions: { urlFactory: 3, credentialsProvider: () => ({}) } } }, "region"], // broker.test has no region label
    [{ websocketOptions: { urlFactoryOptions: { urlFactory: 1 }, wsOptions: { protocols: [""] } } }, "websocketOptions.wsOptions.protocols"],
    [{ hostName: "" }, "hostName"], // the shared rules still apply
    [{ connectProperties: { keepAliveIntervalSeconds: 70_000 } }, "connectProperties.keepAliveIntervalSeconds"],
  ];
  for (const [extra, field] of cases) {
    assert.throws(
      () => new Mqtt5Client({ ...base, ...extra } as unknown as Mqtt5ClientConfig),
      (error) => error instanceof ValidationError && error.field === field,
      `${JSON.stringify(Object.keys(extra))} → ${field}`,
    );
  }
});

test("URLs: default and Ws → ws://host:port/mqtt, Wss → wss://, IPv6 in brackets, Custom → the factory's; sub-protocol mqtt", async (t) => {
  await t.test("default", async (t) => assert.deepEqual(await firstUrl(t, {}), { url: "ws://broker.test:8080/mqtt", protocols: "mqtt" }));
  await t.test("Ws", async (t) =>
    assert.equal((await firstUrl(t, { websocketOptions: { urlFactoryOptions: { urlFactory: Mqtt5WebsocketUrlFactoryType.Ws } } })).url, "ws://broker.test:8080/mqtt"));
  await t.test("Wss + IPv6", async (t) =>
    assert.equal(
      (await firstUrl(t, { hostName: "::1", websocketOptions: { urlFactoryOptions: { urlFactory: Mqtt5WebsocketUrlFactoryType.Wss } } })).url,
      "wss://[::1]:8080/mqtt",
    ));
  await t.test("Custom (async) + protocols from wsOptions", async (t) => {
    const first = await firstUrl(t, {
      websocketOptions: {
        urlFactoryOptions: { urlFactory: Mqtt5WebsocketUrlFactoryType.Custom, customUrlFactory: () => Promise.resolve("wss://elsewhere/ws?token=x") },
        wsOptions: { protocols: ["mqtt"] },
      },
    });
    assert.deepEqual(first, { url: "wss://elsewhere/ws?token=x", protocols: ["mqtt"] });
  });
});

test("Sigv4: credentials asked on every attempt, a presigned wss URL with host:port signed and the token after the signature", async (t) => {
  const created = scriptedGlobalWebSocket(t);
  let asked = 0;
  const client = new Mqtt5Client({
    hostName: "abc-ats.iot.eu-west-1.amazonaws.com",
    port: 8443,
    logger: silentLogger,
    minReconnectDelayMs: 1,
    maxReconnectDelayMs: 2,
    connectTimeoutMs: 20,
    websocketOptions: {
      urlFactoryOptions: {
        urlFactory: Mqtt5WebsocketUrlFactoryType.Sigv4,
        credentialsProvider: () => {
          asked += 1;
          return { accessKeyId: `AKID${asked}`, secretAccessKey: "secret", sessionToken: "to/ken+=" };
        },
      },
    },
  });
  t.after(() => client.close());
  client.start();
  for (let tries = 0; created.length < 2 && tries < 400; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
  client.stop();
  const [first, second] = created.map((entry) => new URL(entry.url));
  assert.ok(first !== undefined && second !== undefined, "two attempts (the first timed out)");
  assert.equal(`${first.protocol}//${first.host}${first.pathname}`, "wss://abc-ats.iot.eu-west-1.amazonaws.com:8443/mqtt");
  assert.equal(first.searchParams.get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256");
  assert.match(first.searchParams.get("X-Amz-Credential") ?? "", /^AKID1\/\d{8}\/eu-west-1\/iotdevicegateway\/aws4_request$/);
  assert.equal(first.searchParams.get("X-Amz-SignedHeaders"), "host");
  assert.match(first.searchParams.get("X-Amz-Signature") ?? "", /^[0-9a-f]{64}$/);
  assert.equal(first.searchParams.get("X-Amz-Security-Token"), "to/ken+=");
  const keys = [...first.searchParams.keys()];
  assert.equal(keys.indexOf("X-Amz-Security-Token"), keys.indexOf("X-Amz-Signature") + 1, "token right after the signature");
  assert.match(second.searchParams.get("X-Amz-Credential") ?? "", /^AKID2\//, "the second attempt asked for credentials again");
});

test("connectTimeoutMs bounds the WebSocket opening and, without connackTimeoutMs, the CONNACK wait", async (t) => {
  const created = scriptedGlobalWebSocket(t);
  const client = new Mqtt5Client({ hostName: "broker.test", port: 80, logger: silentLogger, connectTimeoutMs: 40, minReconnectDelayMs: 10_000 });
  t.after(() => client.close());
  const failure = once(asEmitter(client), "connectionFailure");
  client.start();
  const [event] = (await failure) as [ConnectionFailureEvent];
  assert.ok(event.error instanceof ConnectionError);
  assert.equal((event.error as ConnectionError).code, "timeout");

  // Second client: the socket opens, the server never answers the CONNECT.
  const silent = new Mqtt5Client({ hostName: "broker.test", port: 80, logger: silentLogger, connectTimeoutMs: 40, minReconnectDelayMs: 10_000 });
  t.after(() => silent.close());
  const connackFailure = once(asEmitter(silent), "connectionFailure");
  silent.start();
  for (let tries = 0; created.length < 2 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
  const socket = created[1]?.socket;
  assert.ok(socket !== undefined);
  socket.readyState = 1;
  socket.onopen?.({});
  const [connack] = (await connackFailure) as [ConnectionFailureEvent];
  assert.equal((connack.error as ConnectionError).code, "connackTimeout");
});

test("same behaviour as the Node client: QoS 2 → PUBCOMP, manual acknowledgement, statistics, `this` in listeners", async (t) => {
  const transports = new MemoryTransportFactory();
  const client = new Mqtt5Client({
    hostName: "broker.test",
    port: 443,
    transportFactory: transports.factory,
    logger: silentLogger,
    connectProperties: { keepAliveIntervalSeconds: 0, clientId: "browser-unit" },
  });
  t.after(() => client.close());
  const selves: unknown[] = [];
  client.on("connectionSuccess", function (this: unknown) {
    selves.push(this);
  });
  const success = once(asEmitter(client), "connectionSuccess");
  client.start();
  const server = new ScriptedServer(await transports.server(0));
  const connect = await server.acceptConnect();
  assert.equal(connect.type === PacketType.Connect && connect.clientId, "browser-unit");
  const [event] = (await success) as [ConnectionSuccessEvent];
  assert.equal(event.settings.clientId, "browser-unit");
  assert.deepEqual(selves, [client]);
  assert.equal(client.isConnected(), true);

  const publishing = client.publish({ topicName: "a/b", qos: QoS.ExactlyOnce, payload: "x" });
  const publish = await server.next(PacketType.Publish);
  assert.equal(client.getOperationalStatistics().unackedOperationCount, 1);
  const packetId = publish.type === PacketType.Publish ? (publish.packetId ?? 0) : 0;
  server.send({ type: PacketType.Pubrec, packetId, reasonCode: 0 });
  await server.next(PacketType.Pubrel);
  server.send({ type: PacketType.Pubcomp, packetId, reasonCode: 0 });
  const result = await publishing;
  assert.equal(result.type, PacketType.Pubcomp);
  assert.deepEqual(client.getQueueStatistics(), { incompleteOperationCount: 0, incompleteOperationSize: 0, unackedOperationCount: 0, unackedOperationSize: 0 });

  // Manual acknowledgement: the listener takes the handle; the PUBACK goes out only when invoked.
  let release: (() => void) | undefined;
  const received = new Promise<MessageReceivedEvent>((resolve) =>
    client.once("messageReceived", (message) => {
      const handle = message.acknowledgementControl?.acquireHandle();
      release = () => handle?.invokeAcknowledgement();
      resolve(message);
    }),
  );
  server.send({ type: PacketType.Publish, topicName: "in", payload: new TextEncoder().encode("hi"), qos: QoS.AtLeastOnce, packetId: 9, retain: false, duplicate: false });
  const message = await received;
  assert.ok(message.message.payload instanceof ArrayBuffer);
  assert.equal(new TextDecoder().decode(message.message.payload), "hi");
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(server.received().filter((packet) => packet.type === PacketType.Puback).length, 0);
  release?.();
  const puback = await server.next(PacketType.Puback);
  assert.equal(puback.type === PacketType.Puback && puback.packetId, 9);

  const stopped = once(asEmitter(client), "stopped");
  client.stop();
  await stopped;
  assert.equal(client.isConnected(), false);
});
