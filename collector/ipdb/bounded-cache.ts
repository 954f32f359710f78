/**
 * A cache of at most about `max` entries in two generations: new answers go to the young one;
 * when it fills, it becomes the old one and the oldest generation is dropped whole. Lookups and
 * evictions are O(1) with no per-entry bookkeeping (deleting a Map's first key one at a time
 * slows every insert once the cache is full). An entry found in the old generation moves up.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.size >= Math.max(1, this.max >> 1)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
