/**
 * Client-side L2 order books built from Kraken market data: MarketDataSnapshotFullRefresh (35=W) resets a book,
 * MarketDataIncrementalRefresh (35=X) updates it, and the ChecksumOrderBook (5041) carried by X is verified so an
 * application learns that its book drifted and can resubscribe.
 *
 * Inputs are structural: any object with the decoded (camelCase) field names works, generated message types
 * included. Every message is validated as a whole before it touches a book, so a bad message leaves the book as
 * it was and is reported with the path of each bad field.
 */
import { EventEmitter } from "node:events";
import { compareScaled, isDecimal, parseDecimal, unitsAtScale, type ScaledDecimal } from "../codec/decimal.js";
import type { Decimal } from "../codec/types.js";
import { bookChecksum, CHECKSUM_DEPTH, type LossyValue } from "./book-checksum.js";
import { SortedLevels } from "./sorted-levels.js";

/** One 268 NoMDEntries entry of a W message. */
export interface BookSnapshotEntry {
  /** 269: `0` bid, `1` offer, `2` trade. Optional in FIX 4.4's X entries, but the book cannot place an entry without it. */
  readonly mdEntryType?: string | undefined;
  readonly mdEntryID?: string;
  readonly mdEntryPx?: string;
  readonly mdEntrySize?: string;
  readonly mdEntryTime?: string;
}

/** MarketDataSnapshotFullRefresh (35=W), decoded. */
export interface BookSnapshotMessage {
  readonly mdReqID: string;
  readonly symbol: string;
  readonly mdEntries?: readonly BookSnapshotEntry[];
}

/** One 268 NoMDEntries entry of an X message. */
export interface BookIncrementalEntry extends BookSnapshotEntry {
  /** 279: `0` new, `1` update, `2` delete. */
  readonly mdUpdateAction: string;
  /** 40 on trades: the taker's order type. */
  readonly ordType?: string;
  /** 2446 on trades: `1` buy, `2` sell. */
  readonly aggressorSide?: string;
}

/** MarketDataIncrementalRefresh (35=X), decoded. */
export interface BookIncrementalMessage {
  readonly mdReqID: string;
  readonly symbol: string;
  readonly mdEntries?: readonly BookIncrementalEntry[];
  /** 5041, the CRC-32 of the top of the book as an unsigned decimal. */
  readonly checksumOrderBook?: string;
}

/** One entry of the InstrumentList (35=y) 146 NoRelatedSym group; precisions may be decoded as INT or FLOAT. */
export interface InstrumentPrecisionEntry {
  readonly symbol: string;
  /** 2349 PricePrecision. */
  readonly pricePrecision?: number | string;
  /** 5010 QtyPrecision. */
  readonly qtyPrecision?: number | string;
}

export interface BookLevel {
  readonly price: Decimal;
  readonly size: Decimal;
}

export interface BookTrade {
  readonly price: Decimal;
  readonly size: Decimal;
  readonly time?: string;
  readonly aggressorSide?: string;
  readonly ordType?: string;
  readonly entryID?: string;
}

export type ChecksumCheck =
  | { readonly status: "absent" }
  | { readonly status: "verified"; readonly checksum: string }
  | { readonly status: "mismatch"; readonly expected: string; readonly actual: string; readonly payload: string }
  | { readonly status: "unverifiable"; readonly reason: UnverifiableReason; readonly lossy?: readonly LossyValue[] };

/**
 * - `depth-below-10`: Kraken checksums the top 10 levels, which a book subscribed with depth 1–9 does not hold.
 * - `unknown-precision`: no InstrumentList precisions were registered for the symbol.
 * - `lossy-value`: a price or size has more decimals than the instrument precision (see `lossy`).
 */
export type UnverifiableReason = "depth-below-10" | "unknown-precision" | "lossy-value";

export interface BookProblem {
  /** `unknown-subscription`: the MDReqID is not the live subscription of the symbol (stale or never requested). */
  readonly reason: "unknown-subscription" | "missing" | "invalid" | "negative";
  /** Field path, e.g. `mdEntries[2].mdEntryPx`. */
  readonly path: string;
  readonly value?: string;
  readonly text: string;
}

interface BookEventBase {
  readonly symbol: string;
  readonly mdReqID: string;
}

export interface BookUpdateEvent extends BookEventBase {
  readonly source: "snapshot" | "incremental";
  readonly checksum: ChecksumCheck;
}
export interface BookTradeEvent extends BookEventBase {
  readonly trade: BookTrade;
}
export interface BookChecksumMismatchEvent extends BookEventBase {
  readonly expected: string;
  readonly actual: string;
  readonly payload: string;
}
export interface BookChecksumUnverifiableEvent extends BookEventBase {
  readonly reason: UnverifiableReason;
  readonly lossy?: readonly LossyValue[];
}
export interface BookRejectedEvent extends BookEventBase {
  readonly problems: readonly BookProblem[];
}

/**
 * Events, in the order they are emitted for one message: `trade` for each trade entry (wire order), then
 * `update`, then `checksum-mismatch` or `checksum-unverifiable` when 5041 was present and did not verify.
 * A message that fails validation emits only `rejected` and changes nothing.
 */
export interface OrderBookEvents {
  update: [BookUpdateEvent];
  trade: [BookTradeEvent];
  "checksum-mismatch": [BookChecksumMismatchEvent];
  "checksum-unverifiable": [BookChecksumUnverifiableEvent];
  rejected: [BookRejectedEvent];
}

export type ApplyResult =
  | { readonly ok: true; readonly checksum: ChecksumCheck }
  | { readonly ok: false; readonly problems: readonly BookProblem[] };

/** Precisions above this are not Kraken's and would only make the checksum build huge numbers. */
const MAX_PRECISION = 32;

interface StoredLevel extends BookLevel {
  readonly key: ScaledDecimal;
}

interface SymbolBook {
  readonly mdReqID: string;
  readonly depth: number;
  readonly bids: SortedLevels<ScaledDecimal, StoredLevel>;
  readonly asks: SortedLevels<ScaledDecimal, StoredLevel>;
}

interface Precision {
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
}

/** Any W or X entry: snapshot entries simply lack the X-only fields. */
type AnyEntry = BookSnapshotEntry & Partial<Pick<BookIncrementalEntry, "ordType" | "aggressorSide">>;

/** A validated entry, ready to apply. */
interface ParsedEntry {
  readonly type: "bid" | "offer" | "trade";
  /** For bids and offers: the level goes (a delete, or a size of zero). */
  readonly removes: boolean;
  readonly price: Decimal;
  readonly key: ScaledDecimal;
  readonly size: Decimal;
  readonly source: AnyEntry;
}

export class OrderBook extends EventEmitter<OrderBookEvents> {
  readonly #books = new Map<string, SymbolBook>();
  readonly #subscriptions = new Map<string, readonly string[]>();
  readonly #precisions = new Map<string, Precision>();

  /**
   * Starts tracking `symbols` for the MarketDataRequest `mdReqID`, with its MarketDepth (264; 0 = full book).
   * A symbol already tracked under another request moves to this one and its book is cleared: messages still in
   * flight for the old request are then rejected as `unknown-subscription` instead of corrupting the new book.
   */
  subscribe(mdReqID: string, symbols: readonly string[], depth: number): void {
    if (this.#subscriptions.has(mdReqID)) {
      throw new RangeError(`MDReqID ${JSON.stringify(mdReqID)} is already subscribed`);
    }
    if (!Number.isSafeInteger(depth) || depth < 0) {
      throw new RangeError(`MarketDepth must be a non-negative integer, got ${depth}`);
    }
    for (const symbol of symbols) {
      const previous = this.#books.get(symbol);
      if (previous) this.#dropSymbol(previous.mdReqID, symbol);
      this.#books.set(symbol, {
        mdReqID,
        depth,
        bids: new SortedLevels<ScaledDecimal, StoredLevel>((a, b) => compareScaled(b, a)),
        asks: new SortedLevels<ScaledDecimal, StoredLevel>(compareScaled),
      });
    }
    this.#subscriptions.set(mdReqID, [...symbols]);
  }

  /** Forgets the request and the books it fed. Returns false when `mdReqID` was not subscribed. */
  unsubscribe(mdReqID: string): boolean {
    const symbols = this.#subscriptions.get(mdReqID);
    if (!symbols) return false;
    for (const symbol of symbols) {
      if (this.#books.get(symbol)?.mdReqID === mdReqID) this.#books.delete(symbol);
    }
    this.#subscriptions.delete(mdReqID);
    return true;
  }

  /**
   * Records PricePrecision (2349) and QtyPrecision (5010) from InstrumentList entries; they are needed to verify
   * checksums. Entries with a missing or bad precision are skipped and returned as problems.
   */
  registerInstruments(entries: readonly InstrumentPrecisionEntry[]): BookProblem[] {
    const problems: BookProblem[] = [];
    entries.forEach((entry, index) => {
      const pricePrecision = parsePrecision(entry.pricePrecision, `relatedSym[${index}].pricePrecision`, problems);
      const qtyPrecision = parsePrecision(entry.qtyPrecision, `relatedSym[${index}].qtyPrecision`, problems);
      if (pricePrecision !== undefined && qtyPrecision !== undefined) {
        this.#precisions.set(entry.symbol, { pricePrecision, qtyPrecision });
      }
    });
    return problems;
  }

  /** The best `count` levels of each side (all held levels when omitted), or undefined for an untracked symbol. */
  levels(symbol: string, count?: number): { bids: BookLevel[]; asks: BookLevel[] } | undefined {
    const book = this.#books.get(symbol);
    return book && { bids: book.bids.best(count).map(publicLevel), asks: book.asks.best(count).map(publicLevel) };
  }

  applySnapshot(message: BookSnapshotMessage): ApplyResult {
    const book = this.#bookFor(message);
    if (!book) return this.#reject(message, [unknownSubscription(message)]);
    const { entries, problems } = parseEntries(message.mdEntries ?? [], () => undefined);
    if (problems.length > 0) return this.#reject(message, problems);

    book.bids.clear();
    book.asks.clear();
    const trades = this.#applyEntries(book, entries);
    const checksum: ChecksumCheck = { status: "absent" };
    this.#emitResult(message, trades, "snapshot", checksum);
    return { ok: true, checksum };
  }

  applyIncremental(message: BookIncrementalMessage): ApplyResult {
    const book = this.#bookFor(message);
    if (!book) return this.#reject(message, [unknownSubscription(message)]);
    const { entries, problems } = parseEntries(message.mdEntries ?? [], (entry) => entry.mdUpdateAction);
    if (problems.length > 0) return this.#reject(message, problems);

    const trades = this.#applyEntries(book, entries);
    const checksum = this.#verify(book, message);
    this.#emitResult(message, trades, "incremental", checksum);
    return { ok: true, checksum };
  }

  #bookFor(message: BookEventBase): SymbolBook | undefined {
    const book = this.#books.get(message.symbol);
    return book?.mdReqID === message.mdReqID ? book : undefined;
  }

  #applyEntries(book: SymbolBook, entries: readonly ParsedEntry[]): BookTrade[] {
    const trades: BookTrade[] = [];
    for (const entry of entries) {
      if (entry.type === "trade") {
        trades.push(tradeOf(entry));
        continue;
      }
      const side = entry.type === "bid" ? book.bids : book.asks;
      if (entry.removes) side.remove(entry.key);
      else side.upsert({ key: entry.key, price: entry.price, size: entry.size });
    }
    if (book.depth > 0) {
      book.bids.truncate(book.depth);
      book.asks.truncate(book.depth);
    }
    return trades;
  }

  #verify(book: SymbolBook, message: BookIncrementalMessage): ChecksumCheck {
    const expected = message.checksumOrderBook;
    if (expected === undefined) return { status: "absent" };
    if (book.depth > 0 && book.depth < CHECKSUM_DEPTH) return { status: "unverifiable", reason: "depth-below-10" };
    const precision = this.#precisions.get(message.symbol);
    if (!precision) return { status: "unverifiable", reason: "unknown-precision" };
    const result = bookChecksum(book.asks.best(CHECKSUM_DEPTH), book.bids.best(CHECKSUM_DEPTH), precision);
    if (!result.ok) return { status: "unverifiable", reason: "lossy-value", lossy: result.lossy };
    const actual = String(result.checksum);
    // Compared as text: Kraken writes the unsigned value without leading zeros, so any other text is a mismatch.
    return actual === expected
      ? { status: "verified", checksum: actual }
      : { status: "mismatch", expected, actual, payload: result.payload };
  }

  #emitResult(
    message: BookEventBase,
    trades: readonly BookTrade[],
    source: BookUpdateEvent["source"],
    checksum: ChecksumCheck,
  ): void {
    const { symbol, mdReqID } = message;
    for (const trade of trades) this.emit("trade", { symbol, mdReqID, trade });
    this.emit("update", { symbol, mdReqID, source, checksum });
    if (checksum.status === "mismatch") {
      const { expected, actual, payload } = checksum;
      this.emit("checksum-mismatch", { symbol, mdReqID, expected, actual, payload });
    } else if (checksum.status === "unverifiable") {
      const { reason, lossy } = checksum;
      this.emit("checksum-unverifiable", lossy ? { symbol, mdReqID, reason, lossy } : { symbol, mdReqID, reason });
    }
  }

  #reject(message: BookEventBase, problems: readonly BookProblem[]): ApplyResult {
    this.emit("rejected", { symbol: message.symbol, mdReqID: message.mdReqID, problems });
    return { ok: false, problems };
  }

  #dropSymbol(mdReqID: string, symbol: string): void {
    const remaining = (this.#subscriptions.get(mdReqID) ?? []).filter((tracked) => tracked !== symbol);
    if (remaining.length > 0) this.#subscriptions.set(mdReqID, remaining);
    else this.#subscriptions.delete(mdReqID);
  }
}

const entryTypes: Readonly<Record<string, ParsedEntry["type"]>> = { "0": "bid", "1": "offer", "2": "trade" };
const updateActions: Readonly<Record<string, "set" | "delete">> = { "0": "set", "1": "set", "2": "delete" };

/** Checks every entry; `updateActionOf` gives 279 for X entries and undefined for W entries (they set levels). */
function parseEntries<E extends AnyEntry>(
  entries: readonly E[],
  updateActionOf: (entry: E) => string | undefined,
): { entries: ParsedEntry[]; problems: BookProblem[] } {
  const parsed: ParsedEntry[] = [];
  const problems: BookProblem[] = [];
  entries.forEach((entry, index) => {
    const result = parseEntry(entry, updateActionOf(entry), index, problems);
    if (result) parsed.push(result);
  });
  return { entries: parsed, problems };
}

/** Checks one entry; returns undefined (and records why) when it is unusable. */
function parseEntry(
  entry: AnyEntry,
  updateAction: string | undefined,
  index: number,
  problems: BookProblem[],
): ParsedEntry | undefined {
  const path = `mdEntries[${index}]`;
  const before = problems.length;
  const action = updateAction === undefined ? "set" : updateActions[updateAction];
  if (action === undefined) {
    problems.push(problem("invalid", `${path}.mdUpdateAction`, updateAction, "MDUpdateAction must be 0, 1 or 2"));
  }
  const type = entry.mdEntryType === undefined ? undefined : entryTypes[entry.mdEntryType];
  if (entry.mdEntryType === undefined) {
    problems.push(problem("missing", `${path}.mdEntryType`, undefined, "MDEntryType (269) is required"));
  } else if (type === undefined) {
    problems.push(problem("invalid", `${path}.mdEntryType`, entry.mdEntryType, "MDEntryType must be 0, 1 or 2"));
  }
  const price = checkDecimal(entry.mdEntryPx, `${path}.mdEntryPx`, "MDEntryPx", true, problems);
  // A delete names its level by price; the size it carries only says why the level went.
  const size = checkDecimal(entry.mdEntrySize, `${path}.mdEntrySize`, "MDEntrySize", action !== "delete", problems);
  if (problems.length > before || action === undefined || type === undefined || price === undefined) return undefined;
  // A delete removes the level whatever its 271 says: Kraken sends 271>0 when a level leaves the subscribed depth
  // and 271=0 when it is gone. An L2 level of size zero does not exist either.
  const removes = action === "delete" || size === undefined || parseDecimal(size).units === 0n;
  return { type, removes, price, key: parseDecimal(price), size: size ?? ("0" as Decimal), source: entry };
}

function checkDecimal(
  value: string | undefined,
  path: string,
  name: string,
  required: boolean,
  problems: BookProblem[],
): Decimal | undefined {
  if (value === undefined) {
    if (required) problems.push(problem("missing", path, undefined, `${name} is required`));
    return undefined;
  }
  if (!isDecimal(value)) {
    problems.push(problem("invalid", path, value, `${name} is not a decimal`));
    return undefined;
  }
  if (value.charCodeAt(0) === 45 && parseDecimal(value).units !== 0n) {
    problems.push(problem("negative", path, value, `${name} must not be negative`));
    return undefined;
  }
  return value;
}

function parsePrecision(value: number | string | undefined, path: string, problems: BookProblem[]): number | undefined {
  if (value === undefined) {
    problems.push(problem("missing", path, undefined, "precision is required"));
    return undefined;
  }
  let precision: number | undefined;
  if (typeof value === "number") precision = value;
  else if (isDecimal(value)) {
    // 5010 is documented as a float ("8"); accept "8.0" too, but never a fraction.
    const units = unitsAtScale(value, 0);
    if (units !== undefined) precision = Number(units);
  }
  if (precision === undefined || !Number.isSafeInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    problems.push(problem("invalid", path, String(value), `precision must be an integer from 0 to ${MAX_PRECISION}`));
    return undefined;
  }
  return precision;
}

function problem(reason: BookProblem["reason"], path: string, value: string | undefined, text: string): BookProblem {
  return value === undefined ? { reason, path, text } : { reason, path, value, text };
}

function unknownSubscription(message: BookEventBase): BookProblem {
  return problem(
    "unknown-subscription",
    "mdReqID",
    message.mdReqID,
    `no live subscription ${JSON.stringify(message.mdReqID)} for symbol ${JSON.stringify(message.symbol)}`,
  );
}

function tradeOf(entry: ParsedEntry): BookTrade {
  const { source } = entry;
  return {
    price: entry.price,
    size: entry.size,
    ...(source.mdEntryTime !== undefined && { time: source.mdEntryTime }),
    ...(source.aggressorSide !== undefined && { aggressorSide: source.aggressorSide }),
    ...(source.ordType !== undefined && { ordType: source.ordType }),
    ...(source.mdEntryID !== undefined && { entryID: source.mdEntryID }),
  };
}

function publicLevel(level: StoredLevel): BookLevel {
  return { price: level.price, size: level.size };
}
