import { describe, expect, it } from "vitest";
import { SyntheticMarket, type SyntheticSymbol } from "../../../cli/simulator/engine/synthetic-market.js";
import { bookChecksum } from "../../../runtime/marketdata/book-checksum.js";
import { OrderBook, type BookIncrementalEntry } from "../../../runtime/marketdata/order-book.js";
import { BTC, createHarness, ETH } from "./harness.js";

const btcWalk: SyntheticSymbol = {
  symbol: "BTC/USD",
  startPrice: "100",
  tickSize: "0.5",
  levels: 5,
  minSize: "0.1",
  maxSize: "2",
  maxMoveTicks: 2,
  takerProbability: 0.5,
};
const ethWalk: SyntheticSymbol = {
  ...btcWalk,
  symbol: "ETH/USD",
  startPrice: "10",
  tickSize: "0.05",
  minSize: "0.5",
  maxSize: "3",
};

function run(seed: number, steps: number) {
  const harness = createHarness();
  const market = new SyntheticMarket(harness.engine, { seed, symbols: [btcWalk, ethWalk], indexPrices: harness.index });
  for (let step = 0; step < steps; step++) market.step();
  return { ...harness, market };
}

describe("SyntheticMarket", () => {
  it("replays exactly for a seed", () => {
    const first = run(42, 30).drain();
    const second = run(42, 30).drain();
    expect(first.marketData.length).toBeGreaterThan(100);
    expect(second).toEqual(first);
    expect(run(43, 30).drain()).not.toEqual(first);
  });

  it("keeps a two-sided book around the mid and publishes the mid as index price", () => {
    const { engine, market, index } = run(7, 20);
    const book = engine.levels("BTC/USD");
    expect(book?.bids).toHaveLength(5);
    expect(book?.asks.length).toBeGreaterThan(0);
    const mid = Number(market.mid("BTC/USD"));
    expect(Number(book?.bids[0]?.price)).toBeLessThan(mid);
    expect(Number(book?.asks.at(-1)?.price)).toBeGreaterThan(mid);
    expect(index.price("BTC/USD")).toBe(market.mid("BTC/USD"));
  });

  it("fills a user's resting order as the market walks", () => {
    const { engine, place, drain } = createHarness();
    const market = new SyntheticMarket(engine, { seed: 3, symbols: [btcWalk] });
    place({ account: "user", side: "1", orderQty: "0.5", price: market.mid("BTC/USD") }); // walk or takers reach it
    let filled = false;
    for (let step = 0; step < 200 && !filled; step++) {
      market.step();
      filled = drain().executions.some((e) => e.order.account === "user" && e.kind === "trade");
    }
    expect(filled).toBe(true);
  });

  it("feeds a client order book that verifies every checksum and ends equal to the engine's book", () => {
    const harness = createHarness();
    const client = new OrderBook();
    client.registerInstruments([BTC, ETH]);
    const results: string[] = [];
    for (const [index, { symbol }] of [BTC, ETH].entries()) {
      client.subscribe(`md-${index}`, [symbol], 0);
      client.applySnapshot({ mdReqID: `md-${index}`, symbol, mdEntries: [] });
    }
    harness.engine.on("market-data", (event) => {
      const instrument = [BTC, ETH].find((i) => i.symbol === event.symbol);
      if (!instrument) throw new Error(`unknown symbol ${event.symbol}`);
      const checksum = bookChecksum(event.top.asks, event.top.bids, instrument);
      if (!checksum.ok) throw new Error("engine levels are always at instrument precision");
      const trades: BookIncrementalEntry[] = event.trades.map((trade) => ({
        mdUpdateAction: "0",
        mdEntryType: "2",
        mdEntryPx: trade.price,
        mdEntrySize: trade.size,
        aggressorSide: trade.aggressorSide,
        ordType: trade.ordType,
      }));
      const result = client.applyIncremental({
        mdReqID: event.symbol === BTC.symbol ? "md-0" : "md-1",
        symbol: event.symbol,
        mdEntries: [...trades, ...event.levels],
        checksumOrderBook: String(checksum.checksum),
      });
      results.push(result.ok ? result.checksum.status : "rejected");
    });
    const market = new SyntheticMarket(harness.engine, { seed: 11, symbols: [btcWalk, ethWalk] });
    for (let step = 0; step < 50; step++) market.step();

    expect(results.length).toBeGreaterThan(200);
    expect(new Set(results)).toEqual(new Set(["verified"]));
    for (const { symbol } of [BTC, ETH]) expect(client.levels(symbol)).toEqual(harness.engine.levels(symbol));
  });

  it("refuses configurations that do not fit the instrument", () => {
    const { engine } = createHarness();
    const build = (patch: Partial<SyntheticSymbol>) => () =>
      new SyntheticMarket(engine, { seed: 1, symbols: [{ ...btcWalk, ...patch }] });
    expect(build({ symbol: "NOPE" })).toThrow(
      new RangeError("synthetic market NOPE: the engine has no such instrument"),
    );
    expect(build({ tickSize: "0.05" })).toThrow(
      new RangeError("synthetic market BTC/USD: tickSize 0.05 is not positive at 1 decimals"),
    );
    expect(build({ startPrice: "0" })).toThrow(
      new RangeError("synthetic market BTC/USD: startPrice 0 is not positive at 1 decimals"),
    );
    expect(build({ minSize: "3" })).toThrow(
      new RangeError("synthetic market BTC/USD: sizes must satisfy qtyMin ≤ minSize ≤ maxSize (got 3–2)"),
    );
    expect(build({ levels: 0 })).toThrow(
      new RangeError("synthetic market BTC/USD: levels must be an integer ≥ 1, got 0"),
    );
    expect(build({ maxMoveTicks: -1 })).toThrow(
      new RangeError("synthetic market BTC/USD: maxMoveTicks must be an integer ≥ 0, got -1"),
    );
    expect(build({ takerProbability: 2 })).toThrow(
      new RangeError("synthetic market BTC/USD: takerProbability must be between 0 and 1, got 2"),
    );
  });
});
