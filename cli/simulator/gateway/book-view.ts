/**
 * One market-data subscription's view of one symbol's L2 book. It mirrors the engine's full book (from the
 * snapshot plus every event's level changes) and remembers which levels the client was shown, so that each engine
 * event becomes exactly the X entries that turn the client's depth-limited book into the new top N: `0` new when
 * a level enters the top N (or appears), `1` change when a shown level's size moves, and `2` delete when a level
 * leaves the top N (271 = its remaining size) or the book (271 = 0) — Kraken's convention.
 */
import { compareScaled, parseDecimal, trimDecimal, type ScaledDecimal } from "../../../runtime/codec/decimal.js";
import type { Decimal } from "../../../runtime/codec/types.js";
import { SortedLevels } from "../../../runtime/marketdata/sorted-levels.js";
import type { BookLevelText, LevelChange } from "../engine/events.js";

/** One bid/offer entry of a W or X message, in the generated group's field names. */
export interface BookEntry {
  readonly mdUpdateAction: "0" | "1" | "2";
  readonly mdEntryType: "0" | "1";
  readonly mdEntryPx: Decimal;
  readonly mdEntrySize: Decimal;
}

interface MirrorLevel {
  readonly key: ScaledDecimal;
  readonly price: Decimal;
  readonly size: Decimal;
}

class SideView {
  /** The engine's whole side, best first. */
  readonly mirror: SortedLevels<ScaledDecimal, MirrorLevel>;
  /** What the client holds, by canonical price text. */
  shown = new Map<string, MirrorLevel>();

  constructor(
    readonly entryType: "0" | "1",
    ranksBefore: (a: ScaledDecimal, b: ScaledDecimal) => number,
  ) {
    this.mirror = new SortedLevels<ScaledDecimal, MirrorLevel>(ranksBefore);
  }

  /**
   * Sets or (size 0) removes a level. Text is kept in shortest form: Kraken writes 270/271 that way, and one
   * canonical spelling per price keeps the `shown` lookups exact.
   */
  set(price: Decimal, size: Decimal): void {
    const key = parseDecimal(price);
    if (parseDecimal(size).units === 0n) this.mirror.remove(key);
    else this.mirror.upsert({ key, price: trimDecimal(price), size: trimDecimal(size) });
  }

  /** Entries that take the client from `shown` to the current top `depth`, and remembers the new top. */
  diff(depth: number, entries: BookEntry[]): void {
    const top = new Map<string, MirrorLevel>();
    for (const level of this.mirror.best(depth)) top.set(level.price, level);
    for (const [price, level] of this.shown) {
      if (top.has(price)) continue;
      // Still in the book (it only left the top N): Kraken's delete then carries its size, otherwise 0.
      const remaining = this.mirror.at(this.mirror.search(level.key));
      entries.push(entry("2", this.entryType, level.price, remaining?.size ?? ("0" as Decimal)));
    }
    for (const [price, level] of top) {
      const before = this.shown.get(price);
      if (before === undefined) entries.push(entry("0", this.entryType, level.price, level.size));
      else if (before.size !== level.size) entries.push(entry("1", this.entryType, level.price, level.size));
    }
    this.shown = top;
  }
}

export class BookView {
  readonly #bids = new SideView("0", (a, b) => compareScaled(b, a));
  readonly #asks = new SideView("1", compareScaled);
  readonly #depth: number;

  /** `depth` is the number of levels per side the client holds (≥ 1). */
  constructor(
    levels: {
      readonly bids: readonly BookLevelText[];
      readonly asks: readonly BookLevelText[];
    },
    depth: number,
  ) {
    this.#depth = depth;
    for (const level of levels.bids) this.#bids.set(level.price, level.size);
    for (const level of levels.asks) this.#asks.set(level.price, level.size);
  }

  /** The W entries (bids then offers, best first) and the start of the client's view. */
  snapshot(): BookEntry[] {
    const entries: BookEntry[] = [];
    this.#bids.diff(this.#depth, entries);
    this.#asks.diff(this.#depth, entries);
    return entries;
  }

  /** Applies an engine event's level changes and returns the X entries the client needs (maybe none). */
  apply(changes: readonly LevelChange[]): BookEntry[] {
    for (const change of changes) {
      const side = change.mdEntryType === "0" ? this.#bids : this.#asks;
      side.set(change.mdEntryPx, change.mdUpdateAction === "2" ? ("0" as Decimal) : change.mdEntrySize);
    }
    const entries: BookEntry[] = [];
    this.#bids.diff(this.#depth, entries);
    this.#asks.diff(this.#depth, entries);
    return entries;
  }
}

function entry(
  mdUpdateAction: BookEntry["mdUpdateAction"],
  mdEntryType: "0" | "1",
  mdEntryPx: Decimal,
  mdEntrySize: Decimal,
): BookEntry {
  return { mdUpdateAction, mdEntryType, mdEntryPx, mdEntrySize };
}
