// Values keyed by increasing integer ids (operation ids): the driver's pending promises and the core's operation
// records.
//
// Why not a Map: every publish adds one entry and removes it a moment later, and a Map's insert/delete churn
// allocates (hash table growth, rehashing) on every operation. Ids increase and operations settle roughly in
// submission order, so the live entries sit in a sliding window: a plain array indexed by `id - base`, its settled
// prefix dropped as the window moves. An entry that stays while thousands after it settle (a QoS 1 publish waiting
// for its PUBACK through a long QoS 0 burst) would keep the window wide and mostly empty; such entries move to a
// small Map once the window is more than SPARSE_FACTOR times larger than the number of live entries.

const SPARSE_FACTOR = 4;
/** Windows up to this size are never considered sparse. */
const MINIMUM_WINDOW = 1024;

export class IdTable<T> {
  /** slots[i] holds the entry of id base + i; undefined once taken (or evicted to `stragglers`). */
  private slots: (T | undefined)[] = [];
  private base = 0;
  /** slots[0 … head) are all undefined. */
  private head = 0;
  /** Entries in `slots` (not counting holes). */
  private inWindow = 0;
  /** Entries older than the window (created when first needed: an empty Map costs ~200 B per client). */
  private stragglers: Map<number, T> | undefined;

  get size(): number {
    return this.inWindow + (this.stragglers?.size ?? 0);
  }

  /**
   * Adds the entry of `id`. Ids are expected to increase from call to call; a skipped id leaves a hole, and an id
   * below the window's end (not expected) goes to the Map.
   */
  set(id: number, value: T): void {
    if (this.inWindow === 0) {
      // Empty window: restart it at this id (keeps the array's capacity).
      this.slots.length = 0;
      this.base = id;
      this.head = 0;
    }
    const index = id - this.base;
    if (index < this.slots.length) {
      (this.stragglers ??= new Map()).set(id, value);
      return;
    }
    if (index - this.slots.length > MINIMUM_WINDOW) {
      // A wide gap (ids settled without ever being stored): the live entries become stragglers and the window
      // restarts at `id`, instead of padding the gap with holes.
      this.moveWindowToStragglers();
      this.base = id;
    } else {
      while (this.slots.length < index) this.slots.push(undefined);
    }
    this.slots.push(value);
    this.inWindow++;
    if (this.slots.length - this.head > Math.max(MINIMUM_WINDOW, SPARSE_FACTOR * this.inWindow)) this.evictHead();
  }

  private moveWindowToStragglers(): void {
    for (let index = this.head; index < this.slots.length; index++) {
      const value = this.slots[index];
      if (value !== undefined) (this.stragglers ??= new Map()).set(this.base + index, value);
    }
    this.slots = [];
    this.head = 0;
    this.inWindow = 0;
  }

  get(id: number): T | undefined {
    const index = id - this.base;
    const value = index >= this.head && index < this.slots.length ? this.slots[index] : undefined;
    return value ?? this.stragglers?.get(id);
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

  /** Removes the entry of `id`; true if there was one. */
  delete(id: number): boolean {
    return this.take(id) !== undefined;
  }

  /** Drops the window's storage when the table is empty (an idle client keeps nothing from its last burst). */
  releaseIfEmpty(): void {
    if (this.inWindow > 0 || (this.stragglers !== undefined && this.stragglers.size > 0)) return;
    if (this.slots.length > 0) this.slots = [];
    this.head = 0;
    this.stragglers = undefined;
  }

  /** Every entry in increasing id order (= insertion order): the stragglers, which are the oldest, then the window. */
  values(): T[] {
    const values: T[] = [];
    if (this.stragglers !== undefined && this.stragglers.size > 0) {
      // Usually already ascending (evicted from the head in order); sorted for the rare out-of-order set().
      const ids = [...this.stragglers.keys()].sort((a, b) => a - b);
      for (const id of ids) values.push(this.stragglers.get(id) as T);
    }
    for (let index = this.head; index < this.slots.length; index++) {
      const value = this.slots[index];
      if (value !== undefined) values.push(value);
    }
    return values;
  }

  /** Every id with an entry, in increasing order. */
  ids(): number[] {
    const ids = this.stragglers === undefined ? [] : [...this.stragglers.keys()].sort((a, b) => a - b);
    for (let index = this.head; index < this.slots.length; index++) {
      if (this.slots[index] !== undefined) ids.push(this.base + index);
    }
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
