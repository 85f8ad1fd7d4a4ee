/**
 * The ClOrdIDs an OrderTracker remembers to report reuse, with who used each: a string map kept mostly off the
 * JS heap. A tracker remembers every ClOrdID of a log (closed orders are dropped, their ClOrdIDs are not), so this
 * is the one structure that grows with the log: as a `Map<string, string>` it cost ~230 bytes of heap per ClOrdID
 * (key string, entry, table, and the garbage collector's headroom over all of it), ~32 MB per 200 MB of log in
 * `kraken-fix validate`. Here a ClOrdID's characters go into one typed array and its entry into a few more, ~60
 * bytes for an 18-character ID, which the garbage collector neither copies nor scans; only the `usedBy` texts
 * stay JS values, shared constants for most entries.
 *
 * Open addressing with linear probing over a power-of-two table; deletions leave tombstones, and the arrays are
 * rebuilt without the deleted entries when the table fills up.
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
  /** Hash table: entry index per slot, EMPTY or DELETED. At most half full, tombstones included. */
  private table = new Int32Array(INITIAL_ENTRIES * 2).fill(EMPTY);
  private occupied = 0;
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
    if ((this.occupied + 1) * 2 > this.table.length) this.rebuild();
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
    if (table[at] === EMPTY) this.occupied++;
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

  /** A new entry with room for `length` code units in `chars` (filled by the caller); returns its index. */
  private reserve(h: number, length: number, usedBy: string): number {
    const entry = this.entries++;
    if (entry === this.starts.length) {
      this.hashes = grown(this.hashes, entry * 2);
      this.starts = grown(this.starts, entry * 2);
      this.lengths = grown(this.lengths, entry * 2);
    }
    if (this.charsUsed + length > this.chars.length) this.chars = grown(this.chars, Math.max(this.chars.length * 2, this.charsUsed + length));
    this.hashes[entry] = h;
    this.starts[entry] = this.charsUsed;
    this.lengths[entry] = length;
    this.usedBy[entry] = usedBy;
    this.charsUsed += length;
    return entry;
  }

  /**
   * Copies the live entries into fresh arrays, without the deleted ones and their characters, with a table that
   * is at most a quarter full afterwards.
   */
  private rebuild(): void {
    const { chars, hashes, starts, lengths, usedBy, entries } = this;
    let capacity = INITIAL_ENTRIES;
    while (capacity < (this.live + 1) * 2) capacity *= 2;
    this.chars = new Uint16Array(Math.max(INITIAL_ENTRIES * 16, this.charsUsed));
    this.charsUsed = 0;
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.usedBy = [];
    this.entries = 0;
    this.table = new Int32Array(capacity * 2).fill(EMPTY);
    this.occupied = 0;
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

/** FNV-1a over the UTF-16 code units, as an int32 (what the hashes array holds). Exported for tests. */
export function hash(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

function grown<T extends Uint16Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
