// Packet Identifier → operation id, for the operations waiting for an acknowledgement.
//
// Why not a Map: every QoS > 0 publish binds an id and its acknowledgement unbinds it a moment later, and a Map's
// insert/delete churn allocates on every message. This is an open-addressing hash table over typed arrays (linear
// probing, deletion by backward shift, so no tombstones): after it has grown to the number of ids in flight it
// allocates nothing. Created empty (no arrays) so an idle client pays nothing for it.

const EMPTY = 0; // Packet Identifier 0 is never bound [MQTT-2.2.1-3]
const INITIAL_CAPACITY = 64;

export class PacketIdMap {
  private keys: Uint16Array | undefined;
  private values: Float64Array | undefined;
  private mask = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(packetId: number): number | undefined {
    const keys = this.keys;
    if (keys === undefined || packetId === EMPTY) return undefined;
    for (let slot = this.home(packetId); ; slot = (slot + 1) & this.mask) {
      const key = keys[slot] as number;
      if (key === packetId) return (this.values as Float64Array)[slot];
      if (key === EMPTY) return undefined;
    }
  }

  set(packetId: number, opId: number): void {
    if (packetId === EMPTY) throw new RangeError("Packet Identifier 0 cannot be bound"); // a core bug, never input
    if (this.keys === undefined || (this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys as Uint16Array;
    let slot = this.home(packetId);
    while (keys[slot] !== EMPTY && keys[slot] !== packetId) slot = (slot + 1) & this.mask;
    if (keys[slot] === EMPTY) this.count++;
    keys[slot] = packetId;
    (this.values as Float64Array)[slot] = opId;
  }

  delete(packetId: number): boolean {
    const keys = this.keys;
    if (keys === undefined || packetId === EMPTY) return false;
    const values = this.values as Float64Array;
    const mask = this.mask;
    let slot = this.home(packetId);
    for (;;) {
      const key = keys[slot] as number;
      if (key === EMPTY) return false;
      if (key === packetId) break;
      slot = (slot + 1) & mask;
    }
    // Backward shift: move later entries of the probe run into the hole unless that would put them before home.
    let hole = slot;
    for (let next = (hole + 1) & mask; keys[next] !== EMPTY; next = (next + 1) & mask) {
      const home = this.home(keys[next] as number);
      const distanceToNext = (next - home) & mask;
      const distanceToHole = (hole - home) & mask;
      if (distanceToHole <= distanceToNext) {
        keys[hole] = keys[next] as number;
        values[hole] = values[next] as number;
        hole = next;
      }
    }
    keys[hole] = EMPTY;
    this.count--;
    return true;
  }

  /** Drops the arrays when nothing is bound (an idle client keeps nothing from its last burst). */
  releaseIfEmpty(): void {
    if (this.count > 0) return;
    this.keys = undefined;
    this.values = undefined;
    this.mask = 0;
  }

  clear(): void {
    this.keys?.fill(EMPTY);
    this.count = 0;
  }

  private home(packetId: number): number {
    // Ids are handed out consecutively: spread them with a multiplicative hash so runs do not cluster.
    return (Math.imul(packetId, 0x9e3779b1) >>> 16) & this.mask;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const capacity = oldKeys === undefined ? INITIAL_CAPACITY : oldKeys.length * 2;
    this.keys = new Uint16Array(capacity);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    if (oldKeys === undefined || oldValues === undefined) return;
    for (let slot = 0; slot < oldKeys.length; slot++) {
      const key = oldKeys[slot] as number;
      if (key !== EMPTY) this.set(key, oldValues[slot] as number);
    }
  }
}
