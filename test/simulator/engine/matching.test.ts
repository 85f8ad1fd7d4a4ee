import { describe, expect, it } from "vitest";
import { BTC, createHarness, START, summary } from "./harness.js";

describe("acknowledgements", () => {
  it("sends Pending New then New by default (Kraken Spot), with Kraken's order summary as text", () => {
    const { place, drain } = createHarness({ acknowledgement: undefined });
    const orderID = place({ side: "1", orderQty: "1.5", price: "100" });
    const order = {
      orderID,
      clOrdID: "c1",
      account: "alice",
      session: "alice-1",
      symbol: "BTC/USD",
      side: "1",
      ordType: "2",
      submittedOrdType: "2",
      price: "100.0",
      orderQty: "1.50",
      timeInForce: "1",
      postOnly: false,
      selfTradePrevention: "1",
      triggerReference: "5",
      cumQty: "0.00",
      leavesQty: "1.50",
      avgPx: "0",
    };
    const text = "buy 1.50 BTC/USD @ limit 100.0";
    expect(drain().executions).toEqual([
      { execID: "E1", transactTime: START, order, kind: "pending-new", execType: "A", ordStatus: "A", text },
      { execID: "E2", transactTime: START, order, kind: "new", execType: "0", ordStatus: "0", text },
    ]);
    expect(orderID).toBe("OAAAAA-AAAAA-AAAAAB");
  });

  it("sends New only in `new` mode (Kraken Derivatives)", () => {
    const { place, drain } = createHarness();
    place({ side: "1", orderQty: "1", price: "100" });
    expect(drain().executions.map(summary)).toEqual(["c1 new 0/0"]);
  });
});

describe("price-time priority", () => {
  it("fills the best price first, then the oldest order at a price, at the resting price", () => {
    const { place, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" }); // c1
    place({ account: "carol", side: "2", orderQty: "1", price: "100" }); // c2
    place({ account: "dave", side: "2", orderQty: "1", price: "99.5" }); // c3
    drain();
    place({ side: "1", orderQty: "2.5", price: "100" }); // c4 takes 99.5, then c1, then half of c2
    const { executions, marketData } = drain();
    expect(executions.map(summary)).toEqual([
      "c4 new 0/0",
      "c4 trade F/1 1.00@99.5 taker cum=1.00 leaves=1.50 avg=99.5",
      "c3 trade F/2 1.00@99.5 maker cum=1.00 leaves=0.00 avg=99.5",
      "c4 trade F/1 1.00@100.0 taker cum=2.00 leaves=0.50 avg=99.75",
      "c1 trade F/2 1.00@100.0 maker cum=1.00 leaves=0.00 avg=100",
      "c4 trade F/2 0.50@100.0 taker cum=2.50 leaves=0.00 avg=99.8",
      "c2 trade F/1 0.50@100.0 maker cum=0.50 leaves=0.50 avg=100",
    ]);
    const fills = executions.flatMap((e) => (e.kind === "trade" ? [[e.fill.tradeSeq, e.fill.tradeID]] : []));
    expect(fills).toEqual([
      [1, "T1"],
      [1, "T1"],
      [2, "T2"],
      [2, "T2"],
      [3, "T3"],
      [3, "T3"],
    ]);
    expect(marketData).toEqual([
      {
        symbol: "BTC/USD",
        trades: [
          { price: "99.5", size: "1.00", aggressorSide: "1", ordType: "2", tradeSeq: 1, tradeID: "T1", time: START },
          { price: "100.0", size: "1.00", aggressorSide: "1", ordType: "2", tradeSeq: 2, tradeID: "T2", time: START },
          { price: "100.0", size: "0.50", aggressorSide: "1", ordType: "2", tradeSeq: 3, tradeID: "T3", time: START },
        ],
        // In the order the levels were first touched.
        levels: [
          { mdUpdateAction: "2", mdEntryType: "1", mdEntryPx: "99.5", mdEntrySize: "0.00" },
          { mdUpdateAction: "1", mdEntryType: "1", mdEntryPx: "100.0", mdEntrySize: "0.50" },
        ],
        top: { bids: [], asks: [{ price: "100.0", size: "0.50" }] },
      },
    ]);
    expect(engine.levels(BTC.symbol)).toEqual({ bids: [], asks: [{ price: "100.0", size: "0.50" }] });
  });

  it("rests what a limit order cannot fill and publishes the new level", () => {
    const { place, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "101" });
    place({ side: "1", orderQty: "2", price: "100" });
    place({ side: "1", orderQty: "3", price: "100" });
    expect(drain().marketData.map((e) => e.levels)).toEqual([
      [{ mdUpdateAction: "0", mdEntryType: "1", mdEntryPx: "101.0", mdEntrySize: "1.00" }],
      [{ mdUpdateAction: "0", mdEntryType: "0", mdEntryPx: "100.0", mdEntrySize: "2.00" }],
      [{ mdUpdateAction: "1", mdEntryType: "0", mdEntryPx: "100.0", mdEntrySize: "5.00" }],
    ]);
    expect(engine.levels(BTC.symbol, 1)).toEqual({
      bids: [{ price: "100.0", size: "5.00" }],
      asks: [{ price: "101.0", size: "1.00" }],
    });
  });

  it("publishes nothing when a call leaves the book as it was", () => {
    const { submit, drain } = createHarness();
    submit({ side: "1", orderQty: "1", price: "100", timeInForce: "3" }); // IOC on an empty book
    expect(drain().marketData).toEqual([]);
  });
});

describe("market orders", () => {
  it("sweep levels and cancel what no liquidity is left for", () => {
    const { place, drain } = createHarness();
    place({ account: "bob", side: "1", orderQty: "1", price: "100" });
    place({ account: "bob", side: "1", orderQty: "1", price: "99" });
    drain();
    place({ side: "2", ordType: "1", orderQty: "3" });
    expect(drain().executions.map(summary)).toEqual([
      "c3 new 0/0",
      "c3 trade F/1 1.00@100.0 taker cum=1.00 leaves=2.00 avg=100",
      "c1 trade F/2 1.00@100.0 maker cum=1.00 leaves=0.00 avg=100",
      "c3 trade F/1 1.00@99.0 taker cum=2.00 leaves=1.00 avg=99.5",
      "c2 trade F/2 1.00@99.0 maker cum=1.00 leaves=0.00 avg=99",
      "c3 canceled 4/4 market-unfilled cum=2.00",
    ]);
  });

  it("on an empty book are acknowledged and canceled with a reason text", () => {
    const { place, drain } = createHarness();
    place({ side: "1", ordType: "1", orderQty: "1" });
    const [, canceled] = drain().executions;
    expect(canceled).toMatchObject({
      kind: "canceled",
      reason: "market-unfilled",
      text: "Unfilled quantity of a market order canceled: no more liquidity",
      order: { cumQty: "0.00", leavesQty: "0.00", ordType: "1" },
    });
  });
});

describe("event delivery", () => {
  it("delivers a listener's own calls after the current batch, in order", () => {
    const { engine, place, drain } = createHarness();
    const seen: string[] = [];
    engine.on("execution", (event) => {
      seen.push(event.order.clOrdID + ":" + event.kind);
      if (event.order.clOrdID === "c1" && event.kind === "new") {
        engine.submit({
          account: "bob",
          session: "b",
          clOrdID: "b1",
          symbol: "BTC/USD",
          side: "2",
          ordType: "1",
          orderQty: "1",
        });
      }
    });
    place({ side: "1", orderQty: "1", price: "100" });
    expect(seen).toEqual(["c1:new", "b1:new", "b1:trade", "c1:trade"]);
    drain();
  });

  it("carries each call's own top of book, even when a listener's call is delivered in the same batch", () => {
    const { engine, place, drain } = createHarness();
    engine.on("market-data", (event) => {
      if (event.top.bids.length === 1 && event.top.bids[0]?.size === "1.00") {
        engine.submit({
          account: "bob",
          session: "b",
          clOrdID: "b1",
          symbol: "BTC/USD",
          side: "1",
          ordType: "2",
          orderQty: "2",
          price: "100",
        });
      }
    });
    place({ side: "1", orderQty: "1", price: "100" });
    expect(drain().marketData.map((event) => event.top.bids)).toEqual([
      [{ price: "100.0", size: "1.00" }],
      [{ price: "100.0", size: "3.00" }],
    ]);
  });

  it("tracks symbols separately, each with its own trade sequence", () => {
    const { place, drain } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ account: "bob", symbol: "ETH/USD", side: "2", orderQty: "1", price: "10" });
    place({ symbol: "ETH/USD", side: "1", orderQty: "1", price: "10" });
    place({ side: "1", orderQty: "1", price: "100" });
    const trades = drain().marketData.flatMap((e) => e.trades.map((t) => `${e.symbol} #${t.tradeSeq} ${t.price}`));
    expect(trades).toEqual(["ETH/USD #1 10.00", "BTC/USD #1 100.0"]);
  });
});
