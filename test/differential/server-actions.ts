// Server-side actions for scenarios, performed by a second, raw MQTT 5 connection on the broker's plain listener
// (bytes from our codec, no client library involved): leaving a retained message before a client subscribes,
// taking over a client's session.
import { decodePacket, encodePacket } from "../../src/core/codec/index.js";
import { PacketType, type QoS } from "../../src/core/model/enums.js";
import { openRawTcp, type RawConnection } from "../support/raw-connections.js";

export interface ServerPublish {
  readonly topic: string;
  readonly payload: string;
  readonly qos: 0 | 1;
  readonly retain: boolean;
}

async function openSession(port: number, clientId: string): Promise<RawConnection> {
  const connection = await openRawTcp({ port, timeoutMs: 5_000 });
  try {
    connection.write(encodePacket({ type: PacketType.Connect, clientId, cleanStart: true, keepAliveIntervalSeconds: 0 }));
    const connack = await connection.readMqttFrame();
    const decoded = decodePacket(connack.fixedHeaderByte, connack.body);
    if (decoded.type !== PacketType.Connack || decoded.reasonCode !== 0) throw new Error(`helper CONNECT refused: ${JSON.stringify(decoded)}`);
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** Connects as `clientId` (taking over a session of that id: the broker disconnects its holder), then disconnects. */
export async function takeOverSession(port: number, clientId: string): Promise<void> {
  const connection = await openSession(port, clientId);
  connection.write(encodePacket({ type: PacketType.Disconnect, reasonCode: 0 }));
  connection.close();
}

/** Connects as `clientId`, publishes (waiting for the PUBACK at QoS 1), disconnects. Throws if the broker refuses. */
export async function publishFromServerSide(port: number, clientId: string, message: ServerPublish): Promise<void> {
  const connection = await openSession(port, clientId);
  try {
    connection.write(
      encodePacket({
        type: PacketType.Publish,
        topicName: message.topic,
        payload: new TextEncoder().encode(message.payload),
        qos: message.qos as QoS,
        retain: message.retain,
        duplicate: false,
        ...(message.qos === 1 ? { packetId: 1 } : {}),
      }),
    );
    if (message.qos === 1) {
      const frame = await connection.readMqttFrame();
      const puback = decodePacket(frame.fixedHeaderByte, frame.body);
      if (puback.type !== PacketType.Puback || puback.reasonCode >= 0x80) throw new Error(`helper PUBLISH refused: ${JSON.stringify(puback)}`);
    }
    connection.write(encodePacket({ type: PacketType.Disconnect, reasonCode: 0 }));
  } finally {
    connection.close();
  }
}
