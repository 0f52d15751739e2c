// The SDK user guide's MQTT 5 samples (reference/seed-mqtt5-userguide.md) — "Client connection management", "Client
// Operations" (subscribe, unsubscribe, publish) and "Disconnect" — written as there, types and all, with only the
// import changed, run against a real Mosquitto 2. The guide's `...` in the configuration is filled with the broker's
// address; its console.log is kept and captured. test/unit/api/seed-examples.test.ts runs the same samples against a
// scripted server.
/* eslint-disable prefer-const -- the guide declares with `let`; the samples stay as written */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mqtt5, mqtt5_packet } from "../../src/index.js";
import { dumpLogOnFailure, startMosquitto, type MosquittoBroker } from "../support/mosquitto.js";
import { EventRecorder, MessageCollector, newClient, payloadText, startAndConnect, stopClient, uniqueId } from "./client-helpers.js";

// The guide's bare names, as `import { … } from "aws-crt"` users bring them into scope.
const { Mqtt5Client, DisconnectReasonCode } = mqtt5;
type Mqtt5Client = mqtt5.Mqtt5Client;
type Mqtt5ClientConfig = mqtt5.Mqtt5ClientConfig;
type MessageReceivedEvent = mqtt5.MessageReceivedEvent;
type SubackPacket = mqtt5.SubackPacket;
type UnsubackPacket = mqtt5.UnsubackPacket;
type DisconnectPacket = mqtt5.DisconnectPacket;

let broker: MosquittoBroker;
before(async () => {
  broker = await startMosquitto();
});
after(async () => {
  await broker.stop();
});

test("the guide's connection management, subscribe, publish, unsubscribe, disconnect and shutdown samples, against Mosquitto", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    const clientId = uniqueId("seed");
    const willTopic = `seed/${clientId}/will`;
    // A second client watches for the will that the "Disconnect" sample's DisconnectWithWillMessage releases.
    const watcher = newClient(t, { hostName: broker.host, port: broker.ports.tcp, connectProperties: { keepAliveIntervalSeconds: 30, clientId: uniqueId("seed-watcher") } });
    const watcherEvents = new EventRecorder(watcher);
    const wills = new MessageCollector(watcher);
    await startAndConnect(watcher, watcherEvents);
    await watcher.subscribe({ subscriptions: [{ topicFilter: willTopic, qos: mqtt5_packet.QoS.AtLeastOnce }] });
    const logged = t.mock.method(console, "log", () => undefined);

    // --- "Client connection management" ---
    // Create the client
    let config : Mqtt5ClientConfig = {
        hostName: broker.host,
        port: broker.ports.tcp,
        connectProperties: {
            keepAliveIntervalSeconds: 1200,
            clientId: clientId,
            sessionExpiryIntervalSeconds: 3600,
            will: { topicName: willTopic, qos: mqtt5_packet.QoS.AtLeastOnce, payload: "seed client gone" }
        }
    };

    let client : Mqtt5Client = new Mqtt5Client(config);
    t.after(() => client.close()); // (not in the guide: releases the client if an assertion fails early)

    // Attach event listeners
    client.on("messageReceived",(eventData: MessageReceivedEvent) : void => {
        console.log("Message Received event: " + JSON.stringify(eventData.message));
    });
    // etc...
    const received = new MessageCollector(client);
    const connected = once(client, "connectionSuccess");

    // Use the client
    client.start();
    await connected;

    // --- "Subscribe" ---
    const suback: SubackPacket = await client.subscribe({
        subscriptions: [
            { qos: mqtt5_packet.QoS.AtLeastOnce, topicFilter: "hello/world/qos1" }
        ]
    });
    assert.deepEqual(suback.reasonCodes, [mqtt5_packet.SubackReasonCode.GrantedQoS1]);

    // --- "Publish" ---
    const publishResult = await client.publish({
        qos: mqtt5_packet.QoS.AtLeastOnce,
        topicName: "hello/world/qos1",
        payload: "This is the payload of a QoS 1 publish"
    });

    // on successful broker response, publishResult will be a PubackPacket
    assert.equal(publishResult?.type, mqtt5_packet.PacketType.Puback);
    assert.equal(publishResult?.reasonCode, mqtt5_packet.PubackReasonCode.Success);
    await received.waitForCount(1);
    assert.equal(payloadText(received.messages[0]), "This is the payload of a QoS 1 publish");
    assert.equal(logged.mock.callCount(), 1);
    assert.match(String(logged.mock.calls[0]?.arguments[0]), /^Message Received event: \{.*"topicName":"hello\/world\/qos1"/);

    // --- "Unsubscribe" ---
    let unsuback: UnsubackPacket = await client.unsubscribe({
        topicFilters: [
            "hello/world/qos1"
        ]
    });
    assert.deepEqual(unsuback.reasonCodes, [mqtt5_packet.UnsubackReasonCode.Success]);

    // --- "Disconnect" + "Shutdown and clean up" ---
    let disconnect: DisconnectPacket = {
        reasonCode: DisconnectReasonCode.DisconnectWithWillMessage,
        sessionExpiryIntervalSeconds: 3600
    };
    const stopped = once(client, Mqtt5Client.STOPPED);
    const logFrom = broker.logText().length;
    client.stop(disconnect);
    await stopped;

    // release any native resources associated with the client
    client.close();

    // The DISCONNECT reached Mosquitto, which released the will.
    await broker.waitForLog(new RegExp(`Received DISCONNECT from ${clientId}`), 5000, logFrom);
    await wills.waitForCount(1);
    assert.equal(payloadText(wills.messages[0]), "seed client gone");
    await stopClient(watcher, watcherEvents);
  });
});

test("a stopped client may always be started again (the guide's Stopped event), and close() ends it for good", { timeout: 30_000 }, async (t) => {
  await dumpLogOnFailure(t, broker, async () => {
    let config : Mqtt5ClientConfig = {
        hostName: broker.host,
        port: broker.ports.tcp,
        connectProperties: { keepAliveIntervalSeconds: 60, clientId: uniqueId("seed-again") }
    };
    let client : Mqtt5Client = new Mqtt5Client(config);
    t.after(() => client.close());
    for (let round = 0; round < 2; round++) {
        const connected = once(client, "connectionSuccess");
        client.start();
        await connected;

        const stopped = once(client, Mqtt5Client.STOPPED);
        client.stop();
        await stopped;
    }
    client.close();
    await assert.rejects(
        client.publish({ qos: mqtt5_packet.QoS.AtLeastOnce, topicName: "hello/world/qos1", payload: "after close" }),
        (error: unknown) => error instanceof mqtt5.OperationError && error.reason === "clientClosed",
    );
  });
});
