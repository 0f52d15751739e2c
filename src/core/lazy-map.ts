// Map tables that are empty for most of a client's life (inbound QoS 2 state, acknowledgements the user still owes)
// hold ONE empty Map shared by every client until their first entry: an empty Map costs ~190 B of heap. (The
// per-message tables — operations, packet ids awaiting an ack — are id-table.ts and packet-id-map.ts, which hold
// no storage until used.) The field type has neither
// set() nor clear(), so the compiler makes every write go through ownMap() first; a table that has become empty
// again can be handed back with sharedEmptyMap(). Every table stays a plain Map, so hot paths see one object shape.

/** A Map that may be the shared empty one: readable, deletable, iterable, but written only through ownMap(). */
export type LazyMap<K, V> = Omit<Map<K, V>, "set" | "clear">;

const SHARED_EMPTY_MAP: LazyMap<unknown, unknown> = new Map<unknown, unknown>();

/** The empty Map shared by every client (never written). */
export function sharedEmptyMap<K, V>(): LazyMap<K, V> {
  return SHARED_EMPTY_MAP as LazyMap<K, V>;
}

/** `map` when it is a client's own, undefined while it is the shared empty one (the caller then creates its own). */
export function ownMap<K, V>(map: LazyMap<K, V>): Map<K, V> | undefined {
  return map === SHARED_EMPTY_MAP ? undefined : (map as Map<K, V>);
}

/** `map` if it holds entries, otherwise the shared empty Map (its own table becomes garbage). */
export function releaseIfEmpty<K, V>(map: LazyMap<K, V>): LazyMap<K, V> {
  return map.size === 0 ? sharedEmptyMap() : map;
}
