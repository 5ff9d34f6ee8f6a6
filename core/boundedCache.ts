/**
 * A cache of at most `max` entries that forgets the oldest first: for answers worth keeping between
 * requests whose keys a client chooses (titles, pages, searches), so memory stays bounded.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): V {
    if (!this.entries.has(key) && this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
    return value;
  }

  /** the cached value of `key`, made by `make` the first time */
  getOrMake(key: K, make: () => V): V {
    const known = this.entries.get(key);
    return known !== undefined || this.entries.has(key) ? (known as V) : this.set(key, make());
  }

  clear(): void {
    this.entries.clear();
  }
}
