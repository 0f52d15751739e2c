// Mqtt5Client end to end over a memory transport with the real protocol core: event names and payload shapes,
// acknowledgement-handle semantics, operation results (QoS 0/1/2), validation surfacing, listener faults, close().
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Mqtt5Client } from "../../../src/api/mqtt5-client.js";
import type { Mqtt5ClientConfig } from "../../../src/api/config.js";
import type { ConnectionSuccessEvent, MessageReceivedEvent } from "../../../src/api/events.js";
import { PublishAcknowledgementHandle } from "../../../src/api/publish-acknowledgement.js";
import { CrtError, MqttClientError, OperationError, ValidationError } from "../../../src/core/errors.js";
import { DisconnectReasonCode, PacketType, QoS } from "../../../src/core/model/enums.js";
import type { Packet, PublishPacket } from "../../../src/core/model/packet.js";
import type { Logger, LogLevel } from "../../../src/runtime/logger.js";
import { MemoryTransportFactory } from "../../support/memory-transport.js";
import { ScriptedServer } from "./scripted-server.js";

class RecordingLogger implements Logger {
  readonly level = "warn" as const;
  readonly lines: { level: LogLevel; message: string }[] = [];
  log(level: LogLevel, message: string): void {
    this.lines.push({ level, message });
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function connectedClient(t: { after(fn: () => void): void }, config: Partial<Mqtt5ClientConfig> = {}) {
  const transports = new MemoryTransportFactory();
  const logger = new RecordingLogger();
  const client = new Mqtt5Client({
    hostName: "broker.test",
    port: 1883,
    transportFactory: transports.factory,
    logger,
    connectProperties: { keepAliveIntervalSeconds: 0, clientId: "c1" },
    ...config,
  });
  t.after(() => client.close());
  const order: string[] = [];
  client.on("attemptingConnect", () => order.push("attemptingConnect"));
  client.on("connectionSuccess", () => order.push("connectionSuccess"));
  const success = once(client, "connectionSuccess");
  client.start();
  const server = new ScriptedServer(await transports.server(0));
  await server.acceptConnect({ topicAliasMaximum: 10 });
  const [event] = (await success) as [ConnectionSuccessEvent];
  return { client, server, transports, logger, event, order };
}

function inboundPublish(qos: QoS, fields: Partial<PublishPacket> = {}): PublishPacket {
  return {
    type: PacketType.Publish,
    topicName: "in/topic",
    payload: new TextEncoder().encode("hello"),
    qos,
    retain: false,
    duplicate: false,
    ...(qos === QoS.AtMostOnce ? {} : { packetId: 5 }),
    ...fields,
  };
}

function countOf(server: ScriptedServer, type: PacketType): number {
  return server.received().filter((packet: Packet) => packet.type === type).length;
}

test("static event names are the aws-crt strings, typed as literals", () => {
  const stopped: "stopped" = Mqtt5Client.STOPPED;
  const names: string[] = [
    Mqtt5Client.ERROR,
    Mqtt5Client.MESSAGE_RECEIVED,
    Mqtt5Client.ATTEMPTING_CONNECT,
    Mqtt5Client.CONNECTION_SUCCESS,
    Mqtt5Client.CONNECTION_FAILURE,
    Mqtt5Client.DISCONNECTION,
    stopped,
  ];
  assert.deepEqual(names, ["error", "messageReceived", "attemptingConnect", "connectionSuccess", "connectionFailure", "disconnection", "stopped"]);
});

test("on() accepts only the declared events and returns the client", (t) => {
  const client = new Mqtt5Client({ hostName: "h", port: 1, transportFactory: new MemoryTransportFactory().factory });
  t.after(() => client.close());
  assert.equal(
    client.on("messageReceived", (event) => void event.message.topicName),
    client,
  );
  // @ts-expect-error an unknown event name is a type error, as with aws-crt
  client.on("bogus", () => undefined);
  assert.equal(client.listenerCount("messageReceived"), 1);
});

test("connecting emits attemptingConnect then connectionSuccess with the public CONNACK and settings", async (t) => {
  const { event, order, client } = await connectedClient(t);
  assert.deepEqual(order, ["attemptingConnect", "connectionSuccess"]);
  assert.equal(event.connack.type, PacketType.Connack);
  assert.equal(event.connack.topicAliasMaximum, 10);
  assert.deepEqual(event.connack.userProperties, []);
  assert.equal(event.settings.clientId, "c1");
  assert.equal(client.isConnected(), true);
});

test("a received QoS 0 message has the Node shape and no acknowledgement control", async (t) => {
  const { client, server } = await connectedClient(t);
  const received = once(client, "messageReceived");
  const bytes = new Uint8Array([0, 1, 2, 3, 4, 5]);
  server.send(inboundPublish(QoS.AtMostOnce, { payload: bytes.subarray(1, 4), correlationData: Uint8Array.of(7) }));
  const [event] = (await received) as [MessageReceivedEvent];
  assert.equal(event.acknowledgementControl, undefined);
  const message = event.message;
  assert.deepEqual(Object.keys(message).slice(0, 6), ["type", "topicName", "payload", "qos", "retain", "userProperties"]);
  assert.ok(message.payload instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(message.payload)], [1, 2, 3]);
  assert.ok(message.correlationData instanceof ArrayBuffer);
  assert.deepEqual(message.userProperties, []);
});

test("QoS 1: without acquireHandle() the PUBACK is sent right after the last listener returns", async (t) => {
  const { client, server } = await connectedClient(t);
  const seenDuringListeners: number[] = [];
  const done = new Promise<MessageReceivedEvent>((resolve) => {
    client.on("messageReceived", () => void seenDuringListeners.push(countOf(server, PacketType.Puback)));
    client.on("messageReceived", (event) => {
      seenDuringListeners.push(countOf(server, PacketType.Puback));
      resolve(event);
    });
  });
  server.send(inboundPublish(QoS.AtLeastOnce));
  const event = await done;
  assert.deepEqual(seenDuringListeners, [0, 0]);
  const puback = await server.next(PacketType.Puback);
  assert.ok(puback.type === PacketType.Puback && puback.packetId === 5);
  assert.equal(event.acknowledgementControl?.acquireHandle(), null, "too late: the client already acknowledged");
});

test("QoS 1: a handle acquired during emission delays the PUBACK until invoked, once", async (t) => {
  const { client, server } = await connectedClient(t);
  let handle: PublishAcknowledgementHandle | null = null;
  let secondAcquire: PublishAcknowledgementHandle | null | undefined;
  client.on("messageReceived", (event) => {
    handle = event.acknowledgementControl?.acquireHandle() ?? null;
  });
  client.on("messageReceived", (event) => {
    secondAcquire = event.acknowledgementControl?.acquireHandle();
  });
  server.send(inboundPublish(QoS.AtLeastOnce));
  for (let i = 0; i < 5; i++) await tick();
  assert.ok(handle !== null && (handle as unknown) instanceof PublishAcknowledgementHandle);
  assert.equal(secondAcquire, null, "the first caller wins");
  assert.equal(countOf(server, PacketType.Puback), 0);
  (handle as PublishAcknowledgementHandle).invokeAcknowledgement();
  (handle as PublishAcknowledgementHandle).invokeAcknowledgement();
  const puback = await server.next(PacketType.Puback);
  assert.ok(puback.type === PacketType.Puback && puback.packetId === 5);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(countOf(server, PacketType.Puback), 1);
});

test("QoS 2: the acknowledgement handle controls the PUBREC", async (t) => {
  const { client, server } = await connectedClient(t);
  let handle: PublishAcknowledgementHandle | null = null;
  client.on("messageReceived", (event) => {
    handle = event.acknowledgementControl?.acquireHandle() ?? null;
  });
  server.send(inboundPublish(QoS.ExactlyOnce, { packetId: 9 }));
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(countOf(server, PacketType.Pubrec), 0);
  (handle as PublishAcknowledgementHandle | null)?.invokeAcknowledgement();
  const pubrec = await server.next(PacketType.Pubrec);
  assert.ok(pubrec.type === PacketType.Pubrec && pubrec.packetId === 9);
});

test("publish resolves with undefined (QoS 0), the PUBACK (QoS 1, even a failing one) and the PUBCOMP (QoS 2)", async (t) => {
  const { client, server } = await connectedClient(t);
  assert.equal(await client.publish({ topicName: "a", qos: QoS.AtMostOnce, payload: "x" }), undefined);
  await server.next(PacketType.Publish);

  const qos1 = client.publish({ topicName: "a", qos: QoS.AtLeastOnce, payload: "y" });
  const publish1 = await server.next(PacketType.Publish);
  assert.ok(publish1.type === PacketType.Publish && publish1.packetId !== undefined);
  server.send({ type: PacketType.Puback, packetId: publish1.packetId, reasonCode: 0x87, reasonString: "denied" });
  assert.deepEqual(await qos1, { type: PacketType.Puback, reasonCode: 0x87, reasonString: "denied", userProperties: [] });

  const qos2 = client.publish({ topicName: "a", qos: QoS.ExactlyOnce, payload: "z" });
  const publish2 = await server.next(PacketType.Publish);
  assert.ok(publish2.type === PacketType.Publish && publish2.packetId !== undefined);
  server.send({ type: PacketType.Pubrec, packetId: publish2.packetId, reasonCode: 0 });
  const pubrel = await server.next(PacketType.Pubrel);
  assert.ok(pubrel.type === PacketType.Pubrel);
  server.send({ type: PacketType.Pubcomp, packetId: pubrel.packetId, reasonCode: 0 });
  assert.deepEqual(await qos2, { type: PacketType.Pubcomp, reasonCode: 0, userProperties: [] });
});

test("QoS 2 publish resolves with the PUBREC when its reason code is a failure", async (t) => {
  const { client, server } = await connectedClient(t);
  const result = client.publish({ topicName: "a", qos: QoS.ExactlyOnce, payload: "z" });
  const publish = await server.next(PacketType.Publish);
  assert.ok(publish.type === PacketType.Publish && publish.packetId !== undefined);
  server.send({ type: PacketType.Pubrec, packetId: publish.packetId, reasonCode: 0x80 });
  assert.deepEqual(await result, { type: PacketType.Pubrec, reasonCode: 0x80, userProperties: [] });
});

test("subscribe and unsubscribe resolve with the public SUBACK and UNSUBACK", async (t) => {
  const { client, server } = await connectedClient(t);
  const suback = client.subscribe({ subscriptions: [{ topicFilter: "s/#", qos: QoS.AtLeastOnce }] });
  const subscribe = await server.next(PacketType.Subscribe);
  assert.ok(subscribe.type === PacketType.Subscribe);
  assert.deepEqual(subscribe.subscriptions, [{ topicFilter: "s/#", qos: 1, noLocal: false, retainAsPublished: false, retainHandlingType: 0 }]);
  server.send({ type: PacketType.Suback, packetId: subscribe.packetId, reasonCodes: [1] });
  assert.deepEqual(await suback, { type: PacketType.Suback, reasonCodes: [1], userProperties: [] });

  const unsuback = client.unsubscribe({ topicFilters: ["s/#", "other"] });
  const unsubscribe = await server.next(PacketType.Unsubscribe);
  assert.ok(unsubscribe.type === PacketType.Unsubscribe);
  server.send({ type: PacketType.Unsuback, packetId: unsubscribe.packetId, reasonCodes: [0, 17] });
  assert.deepEqual(await unsuback, { type: PacketType.Unsuback, reasonCodes: [0, 17], userProperties: [] });
});

test("invalid operations reject with ValidationError and never throw synchronously", async (t) => {
  const { client } = await connectedClient(t);
  const cases: [() => Promise<unknown>, string][] = [
    [() => client.publish({ topicName: "a/#", qos: QoS.AtMostOnce }), "topicName"],
    [() => client.publish({ topicName: "a", qos: 3 as QoS }), "qos"],
    [() => client.publish({ topicName: "a", qos: QoS.AtMostOnce, payload: 42 as never }), "payload"],
    [() => client.publish(null as never), "packet"],
    [() => client.subscribe({ subscriptions: [] }), "subscriptions"],
    [() => client.subscribe({ subscriptions: [{ topicFilter: "a/#/b", qos: QoS.AtMostOnce }] }), "subscriptions[0].topicFilter"],
    [() => client.unsubscribe({ topicFilters: [""] }), "topicFilters[0]"],
  ];
  for (const [call, field] of cases) {
    let promise: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      promise = call();
    });
    await assert.rejects(promise as Promise<unknown>, (error) => error instanceof ValidationError && error.field === field);
  }
});

test("stop(invalid packet) throws a ValidationError synchronously; stop(packet) sends that DISCONNECT", async (t) => {
  const { client, server } = await connectedClient(t);
  assert.throws(() => client.stop({ reasonCode: DisconnectReasonCode.SessionTakenOver }), (e) => e instanceof ValidationError && e.field === "reasonCode");
  assert.throws(() => client.stop({ reasonCode: 0, serverReference: "x" }), (e) => e instanceof ValidationError && e.field === "serverReference");
  assert.throws(() => client.stop({ reasonCode: 0, sessionExpiryIntervalSeconds: 60 }), ValidationError);
  const events: string[] = [];
  client.on("disconnection", (event) => events.push(`disconnection ${(event.error as CrtError).error_name}`));
  const stopped = once(client, Mqtt5Client.STOPPED).then(() => events.push("stopped"));
  client.stop({ reasonCode: DisconnectReasonCode.DisconnectWithWillMessage });
  const disconnect = await server.next(PacketType.Disconnect);
  assert.ok(disconnect.type === PacketType.Disconnect && disconnect.reasonCode === 4);
  await stopped;
  assert.deepEqual(events, ["disconnection AWS_ERROR_MQTT5_USER_REQUESTED_STOP", "stopped"]);
  assert.equal(client.isConnected(), false);
});

test("a throwing listener is reported via the error event and the other listeners still run", async (t) => {
  const { client, server } = await connectedClient(t);
  const errors: unknown[] = [];
  const reached: string[] = [];
  client.on("error", (error) => errors.push(error));
  client.on("messageReceived", () => {
    throw new Error("listener bug");
  });
  client.on("messageReceived", () => void reached.push("second"));
  server.send(inboundPublish(QoS.AtMostOnce));
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(reached, ["second"]);
  assert.equal(errors.length, 1);
  const error = errors[0];
  assert.ok(error instanceof MqttClientError && error.code === "listenerError" && error instanceof CrtError);
  assert.match(error.message, /messageReceived.*listener bug/);
});

test("without error listeners a throwing listener is logged at error level, never swallowed", async (t) => {
  const { client, server, logger } = await connectedClient(t);
  client.on("messageReceived", () => {
    throw new Error("password=hunter2 leaked");
  });
  server.send(inboundPublish(QoS.AtMostOnce));
  for (let i = 0; i < 5; i++) await tick();
  const line = logger.lines.find((entry) => entry.level === "error");
  assert.ok(line !== undefined);
  assert.match(line.message, /listener threw/);
  assert.doesNotMatch(line.message, /hunter2/);
});

test("close() rejects pending operations with clientClosed, emits stopped, and start() afterwards throws", async (t) => {
  const { client, server } = await connectedClient(t);
  const pending = client.publish({ topicName: "a", qos: QoS.AtLeastOnce, payload: "p" });
  await server.next(PacketType.Publish);
  const stopped = once(client, "stopped");
  client.close();
  await assert.rejects(pending, (error) => error instanceof OperationError && error.reason === "clientClosed");
  await stopped;
  assert.equal(server.end.clientClosed, true);
  assert.throws(() => client.start(), (e) => e instanceof MqttClientError && e.code === "clientClosed");
  await assert.rejects(client.publish({ topicName: "a", qos: QoS.AtMostOnce }), OperationError);
  assert.doesNotThrow(() => client.stop());
});

test("getQueueStatistics() is getOperationalStatistics()", async (t) => {
  const { client, server } = await connectedClient(t);
  void client.publish({ topicName: "a", qos: QoS.AtLeastOnce, payload: "12345" }).catch(() => undefined);
  await server.next(PacketType.Publish);
  const stats = client.getOperationalStatistics();
  assert.equal(stats.incompleteOperationCount, 1);
  assert.equal(stats.unackedOperationCount, 1);
  assert.ok(stats.unackedOperationSize > 5);
  assert.deepEqual(client.getQueueStatistics(), stats);
});
