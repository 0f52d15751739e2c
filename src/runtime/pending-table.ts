// Values keyed by operation id, for ids handed out one by one in increasing order (the driver's operation ids).
//
// Why not a Map: every publish adds one entry and removes it a moment later, and a Map's insert/delete churn
// allocates (hash table growth, rehashing) on every operation. Ids are consecutive and operations settle roughly
// in submission order, so the live entries sit in a sliding window: a plain array indexed by `id - base`, its
// settled prefix dropped as the window moves. An entry that stays while thousands after it settle (a QoS 1 publish
// waiting for its PUBACK through a long QoS 0 burst) would keep the window wide and mostly empty; such entries move
// to a small Map once the window is more than SPARSE_FACTOR times larger than the number of live entries.

const SPARSE_FACTOR = 4;
/** Windows up to this size are never considered sparse. */
const MINIMUM_WINDOW = 1024;

export class PendingTable<T> {
  /** slots[i] holds the entry of id base + i; undefined once taken (or evicted to `stragglers`). */
  private slots: (T | undefined)[] = [];
  private base = 0;
  /** slots[0 … head) are all undefined. */
  private head = 0;
  /** Entries in `slots` (not counting holes). */
  private inWindow = 0;
  /** Created when first needed (rarely): an empty Map costs ~200 B per client. */
  private stragglers: Map<number, T> | undefined;

  get size(): number {
    return this.inWindow + (this.stragglers?.size ?? 0);
  }

  /** Adds the entry of `id`; ids are expected to increase by one per call (others are kept in the Map). */
  set(id: number, value: T): void {
    if (this.inWindow === 0) {
      // Empty window: restart it at this id (keeps the array's capacity).
      this.slots.length = 0;
      this.base = id;
      this.head = 0;
    }
    if (id !== this.base + this.slots.length) {
      (this.stragglers ??= new Map()).set(id, value);
      return;
    }
    this.slots.push(value);
    this.inWindow++;
  }

  /** Removes and returns the entry of `id`, or undefined when there is none. */
  take(id: number): T | undefined {
    const index = id - this.base;
    const value = index >= this.head && index < this.slots.length ? this.slots[index] : undefined;
    if (value === undefined) {
      const straggler = this.stragglers?.get(id);
      if (straggler !== undefined) this.stragglers?.delete(id);
      return straggler;
    }
    this.slots[index] = undefined;
    this.inWindow--;
    if (index === this.head) this.advanceHead();
    else if (this.slots.length - this.head > Math.max(MINIMUM_WINDOW, SPARSE_FACTOR * this.inWindow)) this.evictHead();
    return value;
  }

  /** Every id with an entry (window first, then stragglers; no particular order is promised). */
  ids(): number[] {
    const ids: number[] = [];
    for (let index = this.head; index < this.slots.length; index++) {
      if (this.slots[index] !== undefined) ids.push(this.base + index);
    }
    if (this.stragglers !== undefined) for (const id of this.stragglers.keys()) ids.push(id);
    return ids;
  }

  private advanceHead(): void {
    const slots = this.slots;
    let head = this.head;
    while (head < slots.length && slots[head] === undefined) head++;
    this.head = head;
    // Drop the settled prefix once it is the larger part: amortised O(1) per entry.
    if (head > MINIMUM_WINDOW && head * 2 > slots.length) {
      slots.splice(0, head);
      this.base += head;
      this.head = 0;
    }
  }

  /** The window is mostly holes because of old entries at its head: move those to the Map until it is not. */
  private evictHead(): void {
    while (this.inWindow > 0 && this.slots.length - this.head > Math.max(MINIMUM_WINDOW, SPARSE_FACTOR * this.inWindow)) {
      const value = this.slots[this.head];
      if (value !== undefined) {
        (this.stragglers ??= new Map()).set(this.base + this.head, value);
        this.slots[this.head] = undefined;
        this.inWindow--;
      }
      this.head++;
    }
    this.advanceHead();
  }
}
