// Packet identifiers for SUBSCRIBE, UNSUBSCRIBE and QoS 1/2 PUBLISH: one shared pool of 1..65535 [MQTT-2.2.1-3].
// An id stays bound from allocation until the exchange that used it is complete (PUBACK, PUBCOMP, SUBACK, UNSUBACK,
// or the session is discarded); the core releases it then.
//
// The search walks forward from the id after the last one handed out, skipping ids still bound and wrapping
// 65535 → 1, so a just-released id is not reused at once (late or duplicate acks from the server are then less
// likely to hit a fresh exchange).
//
// Memory: a client with few exchanges in flight (an idle one, or one awaiting each publish) keeps its bound ids in a
// short list; only beyond SMALL_LIST_SIZE does it switch to a one-byte-per-id table (64 KiB), which it drops again
// once nothing is bound. A table for every client made 1000 idle clients cost 64 MiB. With the table the typical
// allocation is O(1); the worst case (almost every id bound) is one pass over 64 KiB.

const MAX_PACKET_ID = 65535;
/** Up to this many bound ids are kept in a list (searched linearly) instead of the table. */
const SMALL_LIST_SIZE = 16;

export class PacketIdAllocator {
  /** The bound ids while there is no table (at most SMALL_LIST_SIZE of them, in no particular order). */
  private readonly few: number[] = [];
  /** table[id] === 1 while id is in use, when more than SMALL_LIST_SIZE were bound; index 0 is never used. */
  private table: Uint8Array | undefined;
  private nextId = 1;
  private count = 0;

  /** Number of ids currently bound. */
  get boundCount(): number {
    return this.count;
  }

  /** A free non-zero id, now bound; undefined when all 65,535 are in use. */
  allocate(): number | undefined {
    if (this.count >= MAX_PACKET_ID) return undefined;
    let id = this.nextId;
    while (this.has(id)) id = id === MAX_PACKET_ID ? 1 : id + 1;
    this.bind(id);
    return id;
  }

  /**
   * Marks a specific id as bound (an exchange restored from a persistent session). Returns false when it was
   * already bound or is not a valid packet id. The walk continues after it, as after an allocation.
   */
  bind(id: number): boolean {
    if (!isPacketId(id) || this.has(id)) return false;
    if (this.table !== undefined) {
      this.table[id] = 1;
    } else if (this.few.length < SMALL_LIST_SIZE) {
      this.few.push(id);
    } else {
      const table = new Uint8Array(MAX_PACKET_ID + 1);
      for (const bound of this.few) table[bound] = 1;
      table[id] = 1;
      this.few.length = 0;
      this.table = table;
    }
    this.count++;
    this.nextId = id === MAX_PACKET_ID ? 1 : id + 1;
    return true;
  }

  /** Frees `id`; releasing an id that is not bound (e.g. an ack for an unknown id) does nothing. */
  release(id: number): void {
    if (!isPacketId(id)) return;
    const table = this.table;
    if (table !== undefined) {
      if (table[id] !== 1) return;
      table[id] = 0;
      this.count--;
      if (this.count === 0) this.table = undefined; // back to the list: nothing in flight needs 64 KiB
      return;
    }
    const index = this.few.indexOf(id);
    if (index < 0) return;
    this.few[index] = this.few[this.few.length - 1] as number; // order does not matter: swap-remove
    this.few.pop();
    this.count--;
  }

  isBound(id: number): boolean {
    return isPacketId(id) && this.has(id);
  }

  /**
   * Frees every id (the session was discarded). The walk position is kept: ids are simply not reused sooner than
   * necessary, and nothing in the standard asks for a restart at 1.
   */
  releaseAll(): void {
    this.table = undefined;
    this.few.length = 0;
    this.count = 0;
  }

  private has(id: number): boolean {
    return this.table === undefined ? this.few.includes(id) : this.table[id] === 1;
  }
}

function isPacketId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_PACKET_ID;
}
