/**
 * A record with a value for every key of a closed list: what `Object.fromEntries` does, typed
 * by the list's keys (the compiler types `Object.fromEntries` by `string` only).
 */
export function keyedBy<const K extends string, V>(
  keys: readonly K[],
  value: (key: K) => V,
): Record<K, V> {
  const out: Partial<Record<K, V>> = {};
  for (const key of keys) out[key] = value(key);
  // assertion: the loop above gave every key of `keys` a value, which Partial cannot show
  return out as Record<K, V>;
}
