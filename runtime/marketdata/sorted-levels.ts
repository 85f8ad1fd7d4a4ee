/**
 * One side of a price-level book, kept best first in a plain array. Lookups are binary searches; inserts and
 * removals shift the array, which is cheap at book depths (≤ 1000 levels) and keeps iteration and truncation to
 * the subscribed depth trivial.
 */
export class SortedLevels<K, L extends { readonly key: K }> {
  readonly #levels: L[] = [];
  readonly #ranksBefore: (a: K, b: K) => number;

  /** `ranksBefore(a, b)` is negative when a level keyed `a` comes before (is better than) one keyed `b`. */
  constructor(ranksBefore: (a: K, b: K) => number) {
    this.#ranksBefore = ranksBefore;
  }

  get length(): number {
    return this.#levels.length;
  }

  at(index: number): L | undefined {
    return this.#levels[index];
  }

  /** The index of the level keyed `key`, or `-(insertionPoint + 1)` when there is none. */
  search(key: K): number {
    let low = 0;
    let high = this.#levels.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = this.#ranksBefore((this.#levels[middle] as L).key, key);
      if (order < 0) low = middle + 1;
      else if (order > 0) high = middle - 1;
      else return middle;
    }
    return -(low + 1);
  }

  /** Puts `level` in place of the one with the same key, or inserts it in order. */
  upsert(level: L): void {
    const index = this.search(level.key);
    if (index >= 0) this.#levels[index] = level;
    else this.#levels.splice(-index - 1, 0, level);
  }

  /** Removes the level keyed `key`; returns it, or undefined when there was none. */
  remove(key: K): L | undefined {
    const index = this.search(key);
    return index >= 0 ? this.#levels.splice(index, 1)[0] : undefined;
  }

  /** Keeps the best `depth` levels. */
  truncate(depth: number): void {
    if (this.#levels.length > depth) this.#levels.length = depth;
  }

  clear(): void {
    this.#levels.length = 0;
  }

  /** A copy of the best `count` levels (all when omitted). */
  best(count?: number): L[] {
    return this.#levels.slice(0, count);
  }
}
