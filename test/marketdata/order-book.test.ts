import { beforeEach, describe, expect, it } from "vitest";
import {
  OrderBook,
  type BookIncrementalEntry,
  type BookIncrementalMessage,
  type BookSnapshotEntry,
  type OrderBookEvents,
} from "../../runtime/marketdata/order-book.js";

type Recorded = { [K in keyof OrderBookEvents]: { type: K; event: OrderBookEvents[K][0] } }[keyof OrderBookEvents];

function record(book: OrderBook): Recorded[] {
  const events: Recorded[] = [];
  book.on("update", (event) => events.push({ type: "update", event }));
  book.on("trade", (event) => events.push({ type: "trade", event }));
  book.on("checksum-mismatch", (event) => events.push({ type: "checksum-mismatch", event }));
  book.on("checksum-unverifiable", (event) => events.push({ type: "checksum-unverifiable", event }));
  book.on("rejected", (event) => events.push({ type: "rejected", event }));
  return events;
}

const bid = (price: string, size: string): BookSnapshotEntry => ({
  mdEntryType: "0",
  mdEntryPx: price,
  mdEntrySize: size,
});
const offer = (price: string, size: string): BookSnapshotEntry => ({
  mdEntryType: "1",
  mdEntryPx: price,
  mdEntrySize: size,
});
const change = (action: string, entry: BookSnapshotEntry): BookIncrementalEntry => ({
  mdUpdateAction: action,
  ...entry,
});

function incremental(entries: BookIncrementalEntry[], checksumOrderBook?: string): BookIncrementalMessage {
  return { mdReqID: "md-1", symbol: "BTC/USD", mdEntries: entries, ...(checksumOrderBook && { checksumOrderBook }) };
}

/** The book every checksum test starts from: asks 101.0×1.5, 102.5×2; bids 100.0×3, 99.5×0.25. */
function seeded(depth: number): OrderBook {
  const book = new OrderBook();
  book.subscribe("md-1", ["BTC/USD"], depth);
  book.applySnapshot({
    mdReqID: "md-1",
    symbol: "BTC/USD",
    mdEntries: [offer("102.5", "2"), bid("99.5", "0.25"), offer("101.0", "1.5"), bid("100.0", "3")],
  });
  return book;
}

/** Ask 101.0 → 1.25, bid 99.5 deleted, bid 100.5×4 added. */
const checksumChanges = [
  change("1", offer("101.0", "1.25")),
  change("2", bid("99.5", "0.25")),
  change("0", bid("100.5", "4")),
];
// asks 1010|125 1025|200, bids 1005|400 1000|300 at PricePrecision 1, QtyPrecision 2.
const checksumPayload = "1010125" + "1025200" + "1005400" + "1000300";
const checksumValue = "1832219134"; // zlib.crc32 of the payload, computed independently

describe("OrderBook snapshots and increments", () => {
  it("sorts a snapshot: bids high to low, asks low to high", () => {
    const book = seeded(0);
    expect(book.levels("BTC/USD")).toEqual({
      bids: [
        { price: "100.0", size: "3" },
        { price: "99.5", size: "0.25" },
      ],
      asks: [
        { price: "101.0", size: "1.5" },
        { price: "102.5", size: "2" },
      ],
    });
  });

  it("a snapshot replaces the whole book", () => {
    const book = seeded(0);
    book.applySnapshot({ mdReqID: "md-1", symbol: "BTC/USD", mdEntries: [bid("90", "1")] });
    expect(book.levels("BTC/USD")).toEqual({ bids: [{ price: "90", size: "1" }], asks: [] });
  });

  it("applies new, update and delete in wire order", () => {
    const book = seeded(0);
    book.applyIncremental(
      incremental([
        change("0", bid("100.2", "1")),
        change("1", bid("100.2", "5")), // same message, later entry wins
        change("1", offer("101.00", "7")), // 101.00 is the level 101.0
        change("2", offer("102.5", "0.8")), // a delete removes the level whatever its size says
        change("2", bid("42", "0")), // deleting an absent level is a no-op
      ]),
    );
    expect(book.levels("BTC/USD")).toEqual({
      bids: [
        { price: "100.2", size: "5" },
        { price: "100.0", size: "3" },
        { price: "99.5", size: "0.25" },
      ],
      asks: [{ price: "101.00", size: "7" }],
    });
  });

  it("treats an update to size zero as a removal", () => {
    const book = seeded(0);
    book.applyIncremental(incremental([change("1", bid("100.0", "0.0"))]));
    expect(book.levels("BTC/USD")?.bids).toEqual([{ price: "99.5", size: "0.25" }]);
  });

  it("truncates to the subscribed depth after every message", () => {
    const book = seeded(1);
    expect(book.levels("BTC/USD")).toEqual({
      bids: [{ price: "100.0", size: "3" }],
      asks: [{ price: "101.0", size: "1.5" }],
    });
    book.applyIncremental(incremental([change("0", bid("100.5", "1"))]));
    expect(book.levels("BTC/USD")?.bids).toEqual([{ price: "100.5", size: "1" }]);
    // The truncated 100.0 level is gone for good: removing the best does not bring it back.
    book.applyIncremental(incremental([change("2", bid("100.5", "1"))]));
    expect(book.levels("BTC/USD")?.bids).toEqual([]);
  });

  it("sends trades to trade events, not the book, before the update event", () => {
    const book = seeded(0);
    const events = record(book);
    const trade: BookIncrementalEntry = {
      mdUpdateAction: "0",
      mdEntryType: "2",
      mdEntryPx: "100.7",
      mdEntrySize: "0.5",
      mdEntryTime: "12:00:00.001",
      ordType: "1",
      aggressorSide: "1",
    };
    book.applyIncremental(incremental([trade, change("1", offer("101.0", "1"))]));
    expect(events).toEqual([
      {
        type: "trade",
        event: {
          symbol: "BTC/USD",
          mdReqID: "md-1",
          trade: { price: "100.7", size: "0.5", time: "12:00:00.001", ordType: "1", aggressorSide: "1" },
        },
      },
      {
        type: "update",
        event: { symbol: "BTC/USD", mdReqID: "md-1", source: "incremental", checksum: { status: "absent" } },
      },
    ]);
    expect(book.levels("BTC/USD")?.asks[0]).toEqual({ price: "101.0", size: "1" });
  });

  it("returns copies: a later message does not change levels already read", () => {
    const book = seeded(0);
    const before = book.levels("BTC/USD");
    book.applyIncremental(incremental([change("1", bid("100.0", "9"))]));
    expect(before?.bids[0]).toEqual({ price: "100.0", size: "3" });
  });
});

describe("OrderBook checksum verification", () => {
  let book: OrderBook;
  let events: Recorded[];
  beforeEach(() => {
    book = seeded(10);
    book.registerInstruments([{ symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: "2" }]);
    events = record(book);
  });

  it("verifies 5041 against the book after all entries are applied", () => {
    const result = book.applyIncremental(incremental(checksumChanges, checksumValue));
    expect(result).toEqual({ ok: true, checksum: { status: "verified", checksum: checksumValue } });
    expect(events.map((e) => e.type)).toEqual(["update"]);
  });

  it("verifies a full-depth (0) subscription too", () => {
    const full = seeded(0);
    full.registerInstruments([{ symbol: "BTC/USD", pricePrecision: "1", qtyPrecision: 2 }]);
    expect(full.applyIncremental(incremental(checksumChanges, checksumValue))).toEqual({
      ok: true,
      checksum: { status: "verified", checksum: checksumValue },
    });
  });

  it("emits checksum-mismatch with expected, actual and the payload", () => {
    book.applyIncremental(incremental(checksumChanges, "12345"));
    const mismatch = { expected: "12345", actual: checksumValue, payload: checksumPayload };
    expect(events).toEqual([
      {
        type: "update",
        event: {
          symbol: "BTC/USD",
          mdReqID: "md-1",
          source: "incremental",
          checksum: { status: "mismatch", ...mismatch },
        },
      },
      { type: "checksum-mismatch", event: { symbol: "BTC/USD", mdReqID: "md-1", ...mismatch } },
    ]);
  });

  it("cannot verify a book subscribed below depth 10", () => {
    const shallow = seeded(5);
    shallow.registerInstruments([{ symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 2 }]);
    const shallowEvents = record(shallow);
    shallow.applyIncremental(incremental(checksumChanges, checksumValue));
    expect(shallowEvents[1]).toEqual({
      type: "checksum-unverifiable",
      event: { symbol: "BTC/USD", mdReqID: "md-1", reason: "depth-below-10" },
    });
  });

  it("cannot verify without the instrument's precisions", () => {
    const unregistered = seeded(10);
    expect(unregistered.applyIncremental(incremental(checksumChanges, checksumValue))).toEqual({
      ok: true,
      checksum: { status: "unverifiable", reason: "unknown-precision" },
    });
  });

  it("reports lossy values instead of rounding them", () => {
    book.registerInstruments([{ symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 1 }]);
    book.applyIncremental(incremental(checksumChanges, checksumValue));
    expect(events[1]).toEqual({
      type: "checksum-unverifiable",
      event: {
        symbol: "BTC/USD",
        mdReqID: "md-1",
        reason: "lossy-value",
        lossy: [{ side: "ask", level: 0, field: "size", value: "1.25", precision: 1 }],
      },
    });
  });

  it("does nothing with checksums when 5041 is absent", () => {
    book.applyIncremental(incremental(checksumChanges));
    expect(events.map((e) => e.type)).toEqual(["update"]);
  });
});

describe("OrderBook bad input", () => {
  it("rejects a whole message with a bad entry and leaves the book unchanged", () => {
    const book = seeded(0);
    const events = record(book);
    const before = book.levels("BTC/USD");
    const result = book.applyIncremental(
      incremental([
        change("0", bid("100.3", "1")),
        { mdUpdateAction: "0", mdEntryType: "0", mdEntrySize: "1" },
        change("0", bid("abc", "1")),
        change("0", offer("101", "-2")),
        change("9", { mdEntryType: "7", mdEntryPx: "1", mdEntrySize: "1" }),
        change("1", bid("100.1", "1e3")),
      ]),
    );
    const problems = [
      { reason: "missing", path: "mdEntries[1].mdEntryPx", text: "MDEntryPx is required" },
      { reason: "invalid", path: "mdEntries[2].mdEntryPx", value: "abc", text: "MDEntryPx is not a decimal" },
      { reason: "negative", path: "mdEntries[3].mdEntrySize", value: "-2", text: "MDEntrySize must not be negative" },
      { reason: "invalid", path: "mdEntries[4].mdUpdateAction", value: "9", text: "MDUpdateAction must be 0, 1 or 2" },
      { reason: "invalid", path: "mdEntries[4].mdEntryType", value: "7", text: "MDEntryType must be 0, 1 or 2" },
      { reason: "invalid", path: "mdEntries[5].mdEntrySize", value: "1e3", text: "MDEntrySize is not a decimal" },
    ];
    expect(result).toEqual({ ok: false, problems });
    expect(events).toEqual([{ type: "rejected", event: { symbol: "BTC/USD", mdReqID: "md-1", problems } }]);
    expect(book.levels("BTC/USD")).toEqual(before);
  });

  it("requires a size on snapshot entries and on new/update, but not on delete", () => {
    const book = seeded(0);
    expect(
      book.applySnapshot({ mdReqID: "md-1", symbol: "BTC/USD", mdEntries: [{ mdEntryType: "0", mdEntryPx: "1" }] }),
    ).toEqual({
      ok: false,
      problems: [{ reason: "missing", path: "mdEntries[0].mdEntrySize", text: "MDEntrySize is required" }],
    });
    expect(book.applyIncremental(incremental([{ mdUpdateAction: "2", mdEntryType: "0", mdEntryPx: "100.0" }])).ok).toBe(
      true,
    );
    expect(book.levels("BTC/USD")?.bids).toEqual([{ price: "99.5", size: "0.25" }]);
  });

  it("rejects messages of a stale or unknown MDReqID", () => {
    const book = seeded(0);
    book.subscribe("md-2", ["BTC/USD"], 0); // resubscribe: md-1 messages still in flight must not touch md-2's book
    const stale = book.applyIncremental(incremental([change("0", bid("1", "1"))]));
    expect(stale).toEqual({
      ok: false,
      problems: [
        {
          reason: "unknown-subscription",
          path: "mdReqID",
          value: "md-1",
          text: 'no live subscription "md-1" for symbol "BTC/USD"',
        },
      ],
    });
    expect(book.levels("BTC/USD")).toEqual({ bids: [], asks: [] });
    expect(book.applySnapshot({ mdReqID: "md-2", symbol: "ETH/USD", mdEntries: [] }).ok).toBe(false);
  });

  it("unsubscribe forgets the books of that request only", () => {
    const book = new OrderBook();
    book.subscribe("a", ["BTC/USD", "ETH/USD"], 10);
    book.subscribe("b", ["ETH/USD"], 10); // ETH/USD moves to b
    expect(book.unsubscribe("a")).toBe(true);
    expect(book.levels("BTC/USD")).toBeUndefined();
    expect(book.levels("ETH/USD")).toEqual({ bids: [], asks: [] });
    expect(book.unsubscribe("a")).toBe(false);
    // "a" is free again once unsubscribed.
    expect(() => book.subscribe("a", ["XRP/USD"], 10)).not.toThrow();
  });

  it("throws on a duplicate MDReqID or a bad depth", () => {
    const book = seeded(0);
    expect(() => book.subscribe("md-1", ["ETH/USD"], 0)).toThrow(
      new RangeError('MDReqID "md-1" is already subscribed'),
    );
    expect(() => book.subscribe("md-9", ["ETH/USD"], -1)).toThrow(
      new RangeError("MarketDepth must be a non-negative integer, got -1"),
    );
  });

  it("skips instruments with bad precisions and says why", () => {
    const book = new OrderBook();
    expect(
      book.registerInstruments([
        { symbol: "A", pricePrecision: "8.0", qtyPrecision: 8 },
        { symbol: "B", pricePrecision: "1.5", qtyPrecision: -1 },
        { symbol: "C", qtyPrecision: 99 },
      ]),
    ).toEqual([
      {
        reason: "invalid",
        path: "relatedSym[1].pricePrecision",
        value: "1.5",
        text: "precision must be an integer from 0 to 32",
      },
      {
        reason: "invalid",
        path: "relatedSym[1].qtyPrecision",
        value: "-1",
        text: "precision must be an integer from 0 to 32",
      },
      { reason: "missing", path: "relatedSym[2].pricePrecision", text: "precision is required" },
      {
        reason: "invalid",
        path: "relatedSym[2].qtyPrecision",
        value: "99",
        text: "precision must be an integer from 0 to 32",
      },
    ]);
  });
});

describe("OrderBook: an X entry without MDEntryType", () => {
  it("is rejected as missing, and the book is left unchanged", () => {
    const book = new OrderBook();
    book.subscribe("md", ["BTC/USD"], 0);
    const result = book.applyIncremental({
      mdReqID: "md",
      symbol: "BTC/USD",
      mdEntries: [{ mdUpdateAction: "0", mdEntryPx: "100.0", mdEntrySize: "1" }],
    });
    expect(result).toEqual({
      ok: false,
      problems: [{ reason: "missing", path: "mdEntries[0].mdEntryType", text: "MDEntryType (269) is required" }],
    });
    expect(book.levels("BTC/USD")).toEqual({ bids: [], asks: [] });
  });
});
