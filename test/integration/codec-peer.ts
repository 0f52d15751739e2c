// A raw MQTT 5 session spoken with OUR codec over a raw test connection: packets are encoded with encodePacket and
// the received byte stream is decoded by a streaming PacketDecoder (whatever chunking the transport produces — a
// WebSocket reassembles frames, TLS records split large packets). Every received byte is kept, so a test can check
// that decoding the same stream one byte at a time yields the same packets.
import assert from "node:assert/strict";
import { encodePacket, PacketDecoder } from "../../src/core/codec/index.js";
import type { PacketType } from "../../src/core/model/enums.js";
import type { Packet } from "../../src/core/model/packet.js";
import type { RawConnection } from "../support/raw-connections.js";

export type PacketOf<T extends PacketType> = Extract<Packet, { type: T }>;

const DEFAULT_WAIT_MS = 10_000;

export class CodecPeer {
  private readonly decoder = new PacketDecoder();
  private readonly pending: Packet[] = [];
  private readonly receivedChunks: Uint8Array[] = [];
  /** Every packet decoded so far, in arrival order. */
  readonly received: Packet[] = [];

  constructor(readonly connection: RawConnection) {}

  send(packet: Packet): void {
    this.connection.write(encodePacket(packet));
  }

  /** The next decoded packet, whatever its type. */
  async next(timeoutMs = DEFAULT_WAIT_MS): Promise<Packet> {
    while (this.pending.length === 0) {
      const bytes = await this.connection.read(timeoutMs);
      this.receivedChunks.push(bytes);
      const packets = this.decoder.push(bytes);
      this.received.push(...packets);
      this.pending.push(...packets);
    }
    return this.pending.shift() as Packet;
  }

  /** The next packet, which must be of `type`. */
  async expect<T extends PacketType>(type: T, timeoutMs = DEFAULT_WAIT_MS): Promise<PacketOf<T>> {
    const packet = await this.next(timeoutMs);
    assert.equal(packet.type, type, `expected packet type ${type}, got ${JSON.stringify(packet)}`);
    return packet as PacketOf<T>;
  }

  /**
   * The next `types.length` packets, in any order, which must have exactly these types (a broker may send a PUBACK
   * before or after the PUBLISH it forwards to the same connection). Returned in the order of `types`.
   */
  async expectSet(types: readonly PacketType[], timeoutMs = DEFAULT_WAIT_MS): Promise<Packet[]> {
    const wanted = [...types];
    const found: (Packet | undefined)[] = types.map(() => undefined);
    while (found.includes(undefined)) {
      const packet = await this.next(timeoutMs);
      const slot = found.findIndex((entry, index) => entry === undefined && types[index] === packet.type);
      assert.ok(slot >= 0, `unexpected packet ${JSON.stringify(packet)} while waiting for types ${wanted.join(",")}`);
      found[slot] = packet;
    }
    return found as Packet[];
  }

  /** Asserts that nothing arrives for `quietMs` (a bounded wait, used only to show the absence of a packet). */
  async expectSilence(quietMs: number): Promise<void> {
    if (this.pending.length > 0) assert.fail(`unexpected packet ${JSON.stringify(this.pending[0])}`);
    try {
      const packet = await this.next(quietMs);
      assert.fail(`unexpected packet ${JSON.stringify(packet)}`);
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assert.match((error as Error).message, /timed out/);
    }
  }

  /** Every received byte, as one array. */
  receivedBytes(): Uint8Array {
    const total = this.receivedChunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.receivedChunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }

  /** Decodes everything received so far again, one byte per push, and compares with what was decoded live. */
  assertByteAtATimeDecodingAgrees(): void {
    const decoder = new PacketDecoder();
    const packets: Packet[] = [];
    for (const byte of this.receivedBytes()) packets.push(...decoder.push(Uint8Array.of(byte)));
    assert.equal(decoder.bufferedBytes, this.decoder.bufferedBytes);
    assert.deepEqual(packets.map(normalise), this.received.map(normalise));
  }

  close(): void {
    this.connection.close();
  }
}

/** Payload views may differ in their underlying buffer; compare contents only (as hex: large payloads stay cheap). */
function normalise(packet: Packet): unknown {
  return JSON.parse(JSON.stringify(packet, (_key, value: unknown) => (value instanceof Uint8Array ? `hex:${Buffer.from(value).toString("hex")}` : value)));
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
