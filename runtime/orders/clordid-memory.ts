/**
 * The ClOrdIDs an OrderTracker remembers to report reuse, with who used each: a string map kept mostly off the
 * JS heap. A tracker remembers every ClOrdID of a log (closed orders are dropped, their ClOrdIDs are not), so this
 * is the one structure that grows with the log: as a `Map<string, string>` it cost ~230 bytes of heap per ClOrdID
 * (key string, entry, table, and the garbage collector's headroom over all of it), ~32 MB per 200 MB of log in
 * `kraken-fix validate`. Here a ClOrdID's characters go into one typed array and its entry into a few more, 45–60
 * bytes for an 18-character ID (~45 measured on that log), which the garbage collector neither copies nor scans;
 * only the `usedBy` texts stay JS values, shared constants for most entries.
 *
 * Open addressing with linear probing over a power-of-two table twice the size of the entry arrays; deletions
 * leave tombstones and dead entries, and the arrays are rebuilt without them when the entry arrays are full, so
 * that a ClOrdID set and deleted over and over (an app calling `forgetClosed()`) takes no more room each time.
 */

const EMPTY = -1;
const DELETED = -2;
const INITIAL_ENTRIES = 1024;

export class ClOrdIDMemory {
  /** The ClOrdIDs' UTF-16 code units, one after another. */
  private chars = new Uint16Array(INITIAL_ENTRIES * 16);
  private charsUsed = 0;
  /** Per entry: its ClOrdID's hash, where it starts in `chars`, its length, who used it (undefined once deleted). */
  private hashes = new Int32Array(INITIAL_ENTRIES);
  private starts = new Int32Array(INITIAL_ENTRIES);
  private lengths = new Int32Array(INITIAL_ENTRIES);
  private usedBy: (string | undefined)[] = [];
  private entries = 0;
  /**
   * Hash table: entry index per slot, EMPTY or DELETED. Twice as many slots as entries fit in the arrays, so at
   * most half of them are in use, tombstones included, and every probe ends at an EMPTY one.
   */
  private table = new Int32Array(INITIAL_ENTRIES * 2).fill(EMPTY);
  private live = 0;

  /** Number of ClOrdIDs remembered. */
  get size(): number {
    return this.live;
  }

  has(clOrdID: string): boolean {
    return this.find(clOrdID, hash(clOrdID)) >= 0;
  }

  /** Who used the ClOrdID, undefined when it is not remembered. */
  get(clOrdID: string): string | undefined {
    const slot = this.find(clOrdID, hash(clOrdID));
    return slot < 0 ? undefined : this.usedBy[this.table[slot]!];
  }

  set(clOrdID: string, usedBy: string): void {
    const h = hash(clOrdID);
    const slot = this.find(clOrdID, h);
    if (slot >= 0) {
      this.usedBy[this.table[slot]!] = usedBy;
      return;
    }
    if (this.entries === this.starts.length) this.rebuild();
    this.place(this.append(clOrdID, h, usedBy), h);
    this.live++;
  }

  /** Forgets the ClOrdID; true when it was remembered. */
  delete(clOrdID: string): boolean {
    const slot = this.find(clOrdID, hash(clOrdID));
    if (slot < 0) return false;
    this.usedBy[this.table[slot]!] = undefined;
    this.table[slot] = DELETED;
    this.live--;
    return true;
  }

  /** The table slot holding `clOrdID` (whose hash is `h`), -1 when it is not remembered. */
  private find(clOrdID: string, h: number): number {
    const table = this.table;
    const mask = table.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const entry = table[at]!;
      if (entry === EMPTY) return -1;
      if (entry >= 0 && this.hashes[entry] === h && this.holds(entry, clOrdID)) return at;
    }
  }

  /** Puts the entry in the first free slot (empty or deleted) from its hash on. */
  private place(entry: number, h: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let at = h & mask;
    while (table[at]! >= 0) at = (at + 1) & mask;
    table[at] = entry;
  }

  private holds(entry: number, clOrdID: string): boolean {
    const length = this.lengths[entry]!;
    if (length !== clOrdID.length) return false;
    const chars = this.chars;
    const start = this.starts[entry]!;
    for (let i = 0; i < length; i++) if (chars[start + i] !== clOrdID.charCodeAt(i)) return false;
    return true;
  }

  /** Stores a new entry, growing the arrays as needed; returns its index. */
  private append(clOrdID: string, h: number, usedBy: string): number {
    const length = clOrdID.length;
    const entry = this.reserve(h, length, usedBy);
    const start = this.starts[entry]!;
    for (let i = 0; i < length; i++) this.chars[start + i] = clOrdID.charCodeAt(i);
    return entry;
  }

  /**
   * A new entry (there is room: `set` rebuilds first when the arrays are full) with room for `length` code units in
   * `chars`, filled by the caller; returns its index.
   */
  private reserve(h: number, length: number, usedBy: string): number {
    const entry = this.entries++;
    if (this.charsUsed + length > this.chars.length) {
      const chars = new Uint16Array(Math.max(this.chars.length * 2, this.charsUsed + length));
      chars.set(this.chars);
      this.chars = chars;
    }
    this.hashes[entry] = h;
    this.starts[entry] = this.charsUsed;
    this.lengths[entry] = length;
    this.usedBy[entry] = usedBy;
    this.charsUsed += length;
    return entry;
  }

  /**
   * Copies the live entries into fresh arrays, without the deleted ones and their characters, with room for at
   * least as many again before the next rebuild.
   */
  private rebuild(): void {
    const { chars, hashes, starts, lengths, usedBy, entries } = this;
    let capacity = INITIAL_ENTRIES;
    while (capacity < (this.live + 1) * 2) capacity *= 2;
    let liveChars = 0;
    for (let entry = 0; entry < entries; entry++) if (usedBy[entry] !== undefined) liveChars += lengths[entry]!;
    this.chars = new Uint16Array(Math.max(INITIAL_ENTRIES * 16, liveChars * 2));
    this.charsUsed = 0;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.usedBy = [];
    this.entries = 0;
    this.table = new Int32Array(capacity * 2).fill(EMPTY);
    for (let entry = 0; entry < entries; entry++) {
      const text = usedBy[entry];
      if (text === undefined) continue;
      const h = hashes[entry]!;
      const copy = this.reserve(h, lengths[entry]!, text);
      this.chars.set(chars.subarray(starts[entry]!, starts[entry]! + lengths[entry]!), this.starts[copy]!);
      this.place(copy, h);
    }
  }
}

/**
 * Per process, so that which ClOrdIDs collide cannot be known in advance: a log or peer choosing ClOrdIDs that
 * all probe the same slots would otherwise make every lookup walk them all.
 */
const SEED = (Math.random() * 0x100000000) | 0;

/** FNV-1a over the UTF-16 code units from a random start, as an int32 (what the hashes array holds). Exported for tests. */
export function hash(text: string): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
