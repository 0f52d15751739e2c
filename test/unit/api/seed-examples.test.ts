// The SDK user guide's MQTT 5 snippets (reference/seed-mqtt5-userguide.md), written as there with only the import
// changed, type-check and run against an in-memory broker scripted with our codec. (The IoT builder snippets
// belong to the `iot` namespace and are tested with it.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mqtt5, mqtt5_packet } from "../../../src/index.js";
import { PacketType } from "../../../src/core/model/enums.js";
import { MemoryTransportFactory } from "../../support/memory-transport.js";
import { ScriptedServer } from "./scripted-server.js";

// The guide's bare names, as `import { … } from "aws-crt"` users bring them into scope.
const { Mqtt5Client, DisconnectReasonCode } = mqtt5;
type Mqtt5Client = mqtt5.Mqtt5Client;
type Mqtt5ClientConfig = mqtt5.Mqtt5ClientConfig;
type MessageReceivedEvent = mqtt5.MessageReceivedEvent;
type SubackPacket = mqtt5.SubackPacket;
type UnsubackPacket = mqtt5.UnsubackPacket;
type DisconnectPacket = mqtt5.DisconnectPacket;

/** Answers CONNECT, SUBSCRIBE, UNSUBSCRIBE and QoS 1 PUBLISH like a permissive broker, echoing publishes back. */
async function serveForever(server: ScriptedServer): Promise<void> {
  for (;;) {
    const packet = await server.next();
    switch (packet.type) {
      case PacketType.Connect:
        server.send({
          type: PacketType.Connack,
          sessionPresent: false,
          reasonCode: 0,
          ...(packet.clientId === "" ? { assignedClientIdentifier: "assigned-1" } : {}),
        });
        break;
      case PacketType.Subscribe:
        server.send({ type: PacketType.Suback, packetId: packet.packetId, reasonCodes: packet.subscriptions.map((s) => s.qos as number) });
        break;
      case PacketType.Unsubscribe:
        server.send({ type: PacketType.Unsuback, packetId: packet.packetId, reasonCodes: packet.topicFilters.map(() => 0) });
        break;
      case PacketType.Publish:
        if (packet.packetId !== undefined) server.send({ type: PacketType.Puback, packetId: packet.packetId, reasonCode: 0 });
        server.send({ ...packet, packetId: packet.qos > 0 ? 100 : undefined } as never);
        break;
      case PacketType.Disconnect:
        server.end.close();
        return;
      default:
        break;
    }
  }
}

test("the user guide's lifecycle, operation and shutdown snippets run unchanged", async () => {
  const transports = new MemoryTransportFactory();
  void transports.server(0).then((end) => serveForever(new ScriptedServer(end)));

  // "Client connection management"
  // Create the client
  const config: Mqtt5ClientConfig = {
    hostName: "broker.example",
    port: 1883,
    connectProperties: { keepAliveIntervalSeconds: 1200, sessionExpiryIntervalSeconds: 3600 },
    transportFactory: transports.factory,
  };

  const client: Mqtt5Client = new Mqtt5Client(config);

  // Attach event listeners
  const messages: string[] = [];
  client.on("messageReceived", (eventData: MessageReceivedEvent): void => {
    messages.push("Message Received event: " + JSON.stringify(eventData.message));
  });

  // Use the client
  const connected = once(client, "connectionSuccess");
  client.start();
  await connected;

  // "Subscribe"
  const suback: SubackPacket = await client.subscribe({
    subscriptions: [{ qos: mqtt5_packet.QoS.AtLeastOnce, topicFilter: "hello/world/qos1" }],
  });
  assert.deepEqual(suback.reasonCodes, [mqtt5_packet.SubackReasonCode.GrantedQoS1]);

  // "Publish"
  const publishResult = await client.publish({
    qos: mqtt5_packet.QoS.AtLeastOnce,
    topicName: "hello/world/qos1",
    payload: "This is the payload of a QoS 1 publish",
  });
  // on successful broker response, publishResult will be a PubackPacket
  assert.equal(publishResult?.reasonCode, mqtt5_packet.PubackReasonCode.Success);
  assert.ok(mqtt5.isSuccessfulPubackReasonCode(publishResult!.reasonCode));

  // "Unsubscribe"
  const unsuback: UnsubackPacket = await client.unsubscribe({
    topicFilters: ["hello/world/qos1"],
  });
  assert.deepEqual(unsuback.reasonCodes, [0]);

  // "Disconnect"
  const disconnect: DisconnectPacket = {
    reasonCode: DisconnectReasonCode.DisconnectWithWillMessage,
    sessionExpiryIntervalSeconds: 3600,
  };

  // "Shutdown and clean up"
  const stopped = once(client, Mqtt5Client.STOPPED);
  client.stop(disconnect);
  await stopped;

  // release any native resources associated with the client
  client.close();

  assert.equal(messages.length, 1);
  assert.match(messages[0] ?? "", /hello\/world\/qos1/);
});
