// Packet identifiers for SUBSCRIBE, UNSUBSCRIBE and QoS 1/2 PUBLISH: one shared pool of 1..65535 [MQTT-2.2.1-3].
// An id stays bound from allocation until the exchange that used it is complete (PUBACK, PUBCOMP, SUBACK, UNSUBACK,
// or the session is discarded); the core releases it then.
//
// The search walks forward from the id after the last one handed out, skipping ids still bound and wrapping
// 65535 → 1, so a just-released id is not reused at once (late or duplicate acks from the server are then less
// likely to hit a fresh exchange). With a one-byte-per-id table the typical allocation is O(1); the worst case
// (almost every id bound) is one pass over 64 KiB.

const MAX_PACKET_ID = 65535;

export class PacketIdAllocator {
  /** bound[id] === 1 while id is in use; index 0 is never used [MQTT-2.2.1-3]. */
  private readonly bound = new Uint8Array(MAX_PACKET_ID + 1);
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
    while (this.bound[id] === 1) id = id === MAX_PACKET_ID ? 1 : id + 1;
    this.bind(id);
    return id;
  }

  /**
   * Marks a specific id as bound (an exchange restored from a persistent session). Returns false when it was
   * already bound or is not a valid packet id. The walk continues after it, as after an allocation.
   */
  bind(id: number): boolean {
    if (!isPacketId(id) || this.bound[id] === 1) return false;
    this.bound[id] = 1;
    this.count++;
    this.nextId = id === MAX_PACKET_ID ? 1 : id + 1;
    return true;
  }

  /** Frees `id`; releasing an id that is not bound (e.g. an ack for an unknown id) does nothing. */
  release(id: number): void {
    if (!isPacketId(id) || this.bound[id] !== 1) return;
    this.bound[id] = 0;
    this.count--;
  }

  isBound(id: number): boolean {
    return isPacketId(id) && this.bound[id] === 1;
  }

  /**
   * Frees every id (the session was discarded). The walk position is kept: ids are simply not reused sooner than
   * necessary, and nothing in the standard asks for a restart at 1.
   */
  releaseAll(): void {
    this.bound.fill(0);
    this.count = 0;
  }
}

function isPacketId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_PACKET_ID;
}
