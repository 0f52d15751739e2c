// The server side of a memory connection, speaking MQTT through our codec: decodes what the client writes and
// encodes what the test answers. Used by the Mqtt5Client tests (real core, memory transport, manual answers).
import { encodePacket, PacketDecoder } from "../../../src/core/codec/index.js";
import { PacketType } from "../../../src/core/model/enums.js";
import type { ConnackPacket, Packet } from "../../../src/core/model/packet.js";
import type { MemoryServerEnd } from "../../support/memory-transport.js";

export class ScriptedServer {
  private readonly decoder = new PacketDecoder();
  private decodedChunks = 0;
  private readonly packets: Packet[] = [];
  private consumed = 0;

  constructor(readonly end: MemoryServerEnd) {}

  /** Every packet the client wrote so far. */
  received(): Packet[] {
    this.decodeNew();
    return this.packets;
  }

  /** The next packet the client writes (waits for it); optionally asserting its type. */
  async next(type?: PacketType): Promise<Packet> {
    for (;;) {
      this.decodeNew();
      const packet = this.packets[this.consumed];
      if (packet !== undefined) {
        this.consumed += 1;
        if (type !== undefined && packet.type !== type) {
          throw new Error(`expected packet type ${PacketType[type]}, got ${PacketType[packet.type]}`);
        }
        return packet;
      }
      await this.end.waitForWrites(this.end.written.length + 1);
    }
  }

  send(packet: Packet): void {
    this.end.push(encodePacket(packet));
  }

  /** Reads the CONNECT and answers with a successful CONNACK (plus `overrides`). */
  async acceptConnect(overrides: Partial<ConnackPacket> = {}): Promise<Packet> {
    const connect = await this.next(PacketType.Connect);
    this.send({ type: PacketType.Connack, sessionPresent: false, reasonCode: 0, ...overrides });
    return connect;
  }

  private decodeNew(): void {
    while (this.decodedChunks < this.end.written.length) {
      const chunk = this.end.written[this.decodedChunks++];
      if (chunk !== undefined) this.packets.push(...this.decoder.push(chunk));
    }
  }
}
