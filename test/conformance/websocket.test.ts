// Conformance checklist rows of MQTT 5 §6 (WebSocket transport), mqtt5-conformance.md §7 rows 218–221, shown with
// the full Node client (Mqtt5Client with a websocket handshake transform) against a scripted MQTT-over-WebSocket
// server built from our codec on `ws`. Against Mosquitto: test/integration/websocket-mosquitto.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { encodePacket, PacketDecoder } from "../../src/core/codec/index.js";
import { PacketType } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import { ConnectionError, mqtt5 } from "../../src/index.js";

interface ScriptedServer {
  readonly port: number;
  readonly offeredProtocols: string[][];
  readonly frames: { binary: boolean; packets: PacketType[] }[];
  readonly connections: WebSocket[];
  nextConnection(): Promise<WebSocket>;
  close(): Promise<void>;
}

/** CONNECT → CONNACK split across two frames; SUBSCRIBE → SUBACK and a PUBLISH together in one frame. */
async function startScriptedServer(selectProtocol: (offered: Set<string>) => string | false = (offered) => (offered.has("mqtt") ? "mqtt" : false)): Promise<ScriptedServer> {
  const offeredProtocols: string[][] = [];
  const frames: { binary: boolean; packets: PacketType[] }[] = [];
  const connections: WebSocket[] = [];
  const waiting: ((ws: WebSocket) => void)[] = [];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: selectProtocol });
  const http = createServer();
  http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    offeredProtocols.push((request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim()));
    wss.handleUpgrade(request, socket, head, (ws) => {
      connections.push(ws);
      waiting.shift()?.(ws);
      const decoder = new PacketDecoder();
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        const packets = isBinary ? decoder.push(new Uint8Array(data)) : [];
        frames.push({ binary: isBinary, packets: packets.map((p) => p.type) });
        for (const packet of packets) answer(ws, packet);
      });
    });
  });
  const send = (ws: WebSocket, bytes: Uint8Array): void => ws.send(bytes, { binary: true });
  const answer = (ws: WebSocket, packet: Packet): void => {
    if (packet.type === PacketType.Connect) {
      const connack = encodePacket({ type: PacketType.Connack, sessionPresent: false, reasonCode: 0, assignedClientIdentifier: "scripted" });
      send(ws, connack.subarray(0, 3)); // a packet split across frames [MQTT-6.0.0-2]
      send(ws, connack.subarray(3));
    } else if (packet.type === PacketType.Subscribe) {
      const suback = encodePacket({ type: PacketType.Suback, packetId: packet.packetId, reasonCodes: [0] });
      const publish = encodePacket({ type: PacketType.Publish, topicName: "ws/echo", payload: new Uint8Array([1, 2, 3]), qos: 0, retain: false, duplicate: false });
      const both = new Uint8Array(suback.length + publish.length); // several packets in one frame [MQTT-6.0.0-2]
      both.set(suback);
      both.set(publish, suback.length);
      send(ws, both);
    } else if (packet.type === PacketType.Publish && packet.packetId !== undefined) {
      send(ws, encodePacket({ type: PacketType.Puback, packetId: packet.packetId, reasonCode: 0 }));
    }
  };
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    offeredProtocols,
    frames,
    connections,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    close: async () => {
      for (const ws of connections) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function newClient(t: { after(fn: () => unknown): void }, port: number): mqtt5.Mqtt5Client {
  const client = new mqtt5.Mqtt5Client({
    hostName: "127.0.0.1",
    port,
    connectProperties: { keepAliveIntervalSeconds: 60 },
    minReconnectDelayMs: 20,
    maxReconnectDelayMs: 100,
    websocketHandshakeTransform: (_request, done) => done(),
  });
  t.after(() => client.close());
  return client;
}

test("[6.0.0-1] #218 only binary frames are sent; a non-binary data frame received → the client closes the connection", { timeout: 10_000 }, async (t) => {
  const server = await startScriptedServer();
  t.after(() => server.close());
  const client = newClient(t, server.port);
  const accepted = server.nextConnection();
  const connected = once(client, "connectionSuccess");
  client.start();
  await connected;
  const echo = once(client, "messageReceived");
  await client.subscribe({ subscriptions: [{ topicFilter: "ws/#", qos: 1 }] });
  await echo;
  await client.publish({ topicName: "ws/up", qos: 1, payload: "binary only" });
  assert.ok(server.frames.length >= 3);
  assert.ok(server.frames.every((frame) => frame.binary), "every frame the client sent is binary");
  assert.deepEqual(server.frames.flatMap((frame) => frame.packets).slice(0, 3), [PacketType.Connect, PacketType.Subscribe, PacketType.Publish]);

  const ws = await accepted;
  const closeCode = new Promise<number>((resolve) => ws.once("close", (code: number) => resolve(code)));
  const disconnection = once(client, "disconnection");
  const reconnecting = once(client, "attemptingConnect");
  ws.send("\x30\x00"); // a text frame
  const [event] = (await disconnection) as [mqtt5.DisconnectionEvent];
  assert.ok(event.error instanceof ConnectionError);
  assert.equal(event.error.code, "websocketProtocolError");
  assert.equal(await closeCode, 1002, "closed with a protocol error");
  await reconnecting;
});

test("[6.0.0-2] #219 a packet split across frames and several packets in one frame are handled (full client)", { timeout: 10_000 }, async (t) => {
  const server = await startScriptedServer();
  t.after(() => server.close());
  const client = newClient(t, server.port);
  const connected = once(client, "connectionSuccess");
  client.start();
  const [success] = (await connected) as [mqtt5.ConnectionSuccessEvent];
  assert.equal(success.settings.clientId, "scripted", "the CONNACK arrived in two frames");
  const echo = once(client, "messageReceived");
  const suback = await client.subscribe({ subscriptions: [{ topicFilter: "ws/#", qos: 0 }] });
  assert.deepEqual(suback.reasonCodes, [0]);
  const [message] = (await echo) as [mqtt5.MessageReceivedEvent];
  assert.equal(message.message.topicName, "ws/echo", "the PUBLISH shared its frame with the SUBACK");
});

test("[6.0.0-3] #220 the client offers the subprotocol \"mqtt\"", { timeout: 10_000 }, async (t) => {
  const server = await startScriptedServer();
  t.after(() => server.close());
  const client = newClient(t, server.port);
  const connected = once(client, "connectionSuccess");
  client.start();
  await connected;
  assert.deepEqual(server.offeredProtocols, [["mqtt"]]);
});

test("[6.0.0-4] #221 a handshake that selects no subprotocol, or another one, fails the attempt; the client retries", { timeout: 10_000 }, async (t) => {
  const cases: [() => string | false, RegExp][] = [
    [() => false, /it selected none/],
    [() => "mqttv3.1", /it selected "mqttv3\.1"/],
  ];
  for (const [select, expected] of cases) {
    const server = await startScriptedServer(select);
    t.after(() => server.close());
    const client = newClient(t, server.port);
    const failures: mqtt5.ConnectionFailureEvent[] = [];
    const twoFailures = new Promise<void>((resolve) =>
      client.on("connectionFailure", (event) => {
        failures.push(event);
        if (failures.length === 2) resolve();
      }),
    );
    client.start();
    await twoFailures;
    client.stop();
    for (const { error } of failures) {
      assert.ok(error instanceof ConnectionError);
      assert.equal(error.code, "websocketSubprotocolRejected");
      assert.match(error.message, expected);
    }
    assert.equal(server.frames.length, 0, "no MQTT bytes were sent on a connection without the mqtt subprotocol");
  }
});
