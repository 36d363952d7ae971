// Small building blocks of the in-process caches (ADR 0013).

/** Sets `key` as the most recently used entry and drops the oldest beyond `max`. */
export function rememberBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}

/** Runs `work` once for everyone asking for the same key at the same time. */
export function shareInFlight<T>(map: Map<string, Promise<T>>, key: string, work: () => Promise<T>): Promise<T> {
  let pending = map.get(key);
  if (!pending) {
    pending = work().finally(() => map.delete(key));
    map.set(key, pending);
  }
  return pending;
}
