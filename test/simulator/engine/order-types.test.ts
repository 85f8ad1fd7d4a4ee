import { describe, expect, it } from "vitest";
import { createHarness, summary } from "./harness.js";

describe("stop-loss", () => {
  it("a sell fires when the last trade is at or below StopPx and becomes a market order", () => {
    const { place, print, drain } = createHarness();
    print("100"); // last = 100
    place({ account: "bob", side: "1", orderQty: "2", price: "98" });
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "99" });
    drain();
    print("99"); // fires the stop, which sells into bob's 98 bid
    expect(drain().executions.map(summary).slice(-3)).toEqual([
      "c4 restated D/0 ordType=1 trigger=99.0",
      "c4 trade F/2 1.00@98.0 taker cum=1.00 leaves=0.00 avg=98",
      "c3 trade F/1 1.00@98.0 maker cum=1.00 leaves=1.00 avg=98",
    ]);
  });

  it("does not fire while the price stays above StopPx", () => {
    const { place, print, drain } = createHarness();
    print("100");
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "99" });
    print("99.1");
    expect(drain().executions.filter((e) => e.kind === "restated")).toEqual([]);
  });

  it("a buy fires at or above StopPx", () => {
    const { place, print, drain } = createHarness();
    print("100");
    place({ account: "bob", side: "2", orderQty: "1", price: "105" });
    place({ side: "1", ordType: "3", orderQty: "1", stopPx: "101" });
    print("100.9");
    expect(drain().executions.filter((e) => e.kind === "restated")).toEqual([]);
    print("101");
    expect(drain().executions.map(summary).slice(-3)).toEqual([
      "c4 restated D/0 ordType=1 trigger=101.0",
      "c4 trade F/2 1.00@105.0 taker cum=1.00 leaves=0.00 avg=105",
      "c3 trade F/2 1.00@105.0 maker cum=1.00 leaves=0.00 avg=105",
    ]);
  });

  it("fires at once when accepted with the condition already met", () => {
    const { place, print, drain } = createHarness();
    print("100");
    drain();
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "101" });
    expect(drain().executions.map(summary)).toEqual([
      "c3 new 0/0",
      "c3 restated D/0 ordType=1 trigger=100.0",
      "c3 canceled 4/4 market-unfilled cum=0.00",
    ]);
  });

  it("stop-loss-limit becomes a limit order at Price and rests what it cannot fill", () => {
    const { place, print, drain, engine } = createHarness();
    print("100");
    place({ side: "2", ordType: "4", orderQty: "1", stopPx: "99", price: "98.5" });
    print("99");
    expect(drain().executions.map(summary).at(-1)).toBe("c3 restated D/0 ordType=2 trigger=99.0");
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "98.5", size: "1.00" }]);
  });
});

describe("take-profit", () => {
  it("a buy fires when the price falls to StopPx (market)", () => {
    const { place, print, drain } = createHarness();
    print("100");
    place({ account: "bob", side: "2", orderQty: "1", price: "97" });
    place({ side: "1", ordType: "R", orderQty: "1", stopPx: "96" });
    print("96.1");
    expect(drain().executions.filter((e) => e.kind === "restated")).toEqual([]);
    print("96");
    expect(drain().executions.map(summary).slice(-3, -1)).toEqual([
      "c4 restated D/0 ordType=1 trigger=96.0",
      "c4 trade F/2 1.00@97.0 taker cum=1.00 leaves=0.00 avg=97",
    ]);
  });

  it("a sell take-profit-limit fires when the price rises to StopPx and rests at Price", () => {
    const { place, print, drain, engine } = createHarness();
    print("100");
    place({ side: "2", ordType: "T", orderQty: "1", stopPx: "102", price: "103" });
    print("102");
    expect(drain().executions.map(summary).at(-1)).toBe("c3 restated D/0 ordType=2 trigger=102.0");
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "103.0", size: "1.00" }]);
  });
});

describe("trailing stops (StopPx = absolute trailing distance)", () => {
  it("a sell follows the highest price and fires StopPx below it", () => {
    const { place, print, drain } = createHarness();
    print("100");
    place({ account: "bob", side: "1", orderQty: "5", price: "90" });
    place({ side: "2", ordType: "U", orderQty: "1", stopPx: "2" });
    print("103"); // peak 103 → fires at 101 or below
    print("101.1");
    expect(drain().executions.filter((e) => e.kind === "restated")).toEqual([]);
    print("101");
    expect(drain().executions.map(summary).slice(-3, -1)).toEqual([
      "c4 restated D/0 ordType=1 trigger=101.0",
      "c4 trade F/2 1.00@90.0 taker cum=1.00 leaves=0.00 avg=90",
    ]);
  });

  it("a buy follows the lowest price and fires StopPx above it", () => {
    const { place, print, drain } = createHarness();
    place({ side: "1", ordType: "U", orderQty: "1", stopPx: "1.5" }); // no price yet: starts at the first trade
    print("100");
    print("98");
    print("99.4");
    expect(drain().executions.filter((e) => e.kind === "restated")).toEqual([]);
    print("99.5");
    expect(drain().executions.map(summary)).toContain("c1 restated D/0 ordType=1 trigger=99.5");
  });

  it("trailing-stop-limit sets its limit at trigger price + Price (a signed offset)", () => {
    const { place, print, drain, engine } = createHarness();
    print("100");
    place({ side: "2", ordType: "V", orderQty: "1", stopPx: "2", price: "-0.5" });
    expect(engine.order("OAAAAA-AAAAA-AAAAAD")).toMatchObject({ ordType: "V", price: "-0.5", stopPx: "2.0" });
    print("98");
    expect(drain().executions.map(summary).at(-1)).toBe("c3 restated D/0 ordType=2 trigger=98.0");
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "97.5", size: "1.00" }]);
  });

  it("cancels a trailing-stop-limit whose limit would not be a positive price", () => {
    const { place, print, drain } = createHarness();
    print("3");
    place({ side: "2", ordType: "V", orderQty: "1", stopPx: "1", price: "-5" });
    print("2");
    expect(drain().executions.map(summary).at(-1)).toBe("c3 canceled 4/4 invalid-trigger-limit cum=0.00");
  });
});

describe("trigger reference", () => {
  it("index-referenced orders fire on the index price at a tick, without any trade", () => {
    const { place, drain, index, engine } = createHarness();
    index.set("BTC/USD", "100");
    place({ account: "bob", side: "1", orderQty: "1", price: "95" });
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "99", triggerReference: "1" });
    index.set("BTC/USD", "98.96"); // rounded half-up to 99.0
    engine.tick();
    expect(drain().executions.map(summary).slice(-3)).toEqual([
      "c2 restated D/0 ordType=1 trigger=99.0",
      "c2 trade F/2 1.00@95.0 taker cum=1.00 leaves=0.00 avg=95",
      "c1 trade F/2 1.00@95.0 maker cum=1.00 leaves=0.00 avg=95",
    ]);
  });

  it("index-referenced orders ignore trades while the index is available", () => {
    const { place, print, drain, index } = createHarness();
    index.set("BTC/USD", "100");
    print("100");
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "99", triggerReference: "1" });
    print("90");
    expect(drain().executions.filter((e) => e.kind === "restated")).toEqual([]);
  });

  it("fall back to the last trade price while the index is unavailable", () => {
    const { place, print, drain, index } = createHarness();
    index.set("BTC/USD", "100");
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "99", triggerReference: "1" });
    index.set("BTC/USD", undefined);
    print("98");
    expect(drain().executions.map(summary)).toContain("c1 restated D/0 ordType=1 trigger=98.0");
  });

  it("last-price orders ignore the index", () => {
    const { place, drain, index, engine } = createHarness();
    index.set("BTC/USD", "100");
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "99" });
    index.set("BTC/USD", "50");
    engine.tick();
    expect(drain().executions.filter((e) => e.kind === "restated")).toEqual([]);
  });

  it("refuses an index-referenced trigger order when there is no index for the symbol", () => {
    const { submit, drain } = createHarness();
    expect(submit({ side: "2", ordType: "3", orderQty: "1", stopPx: "99", triggerReference: "1" })).toEqual({
      ok: false,
      reason: "index-unavailable",
      text: "EGeneral:Invalid arguments:Index unavailable",
    });
    expect(drain().executions).toEqual([]);
  });
});

describe("trigger cascades", () => {
  it("trades printed by a triggered order can fire further orders in the same call", () => {
    const { place, print, drain } = createHarness();
    print("100");
    place({ account: "bob", side: "1", orderQty: "1", price: "98" });
    place({ account: "bob", side: "1", orderQty: "1", price: "97" });
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "99" }); // c5: fires at 99, sells at 98
    place({ account: "carol", side: "2", ordType: "3", orderQty: "1", stopPx: "98" }); // c6: fires on that 98 print
    drain();
    print("99");
    const lines = drain().executions.map(summary);
    expect(lines.filter((line) => line.includes("restated") || line.includes("taker"))).toEqual([
      "c8 trade F/2 0.01@99.0 taker cum=0.01 leaves=0.00 avg=99",
      "c5 restated D/0 ordType=1 trigger=99.0",
      "c5 trade F/2 1.00@98.0 taker cum=1.00 leaves=0.00 avg=98",
      "c6 restated D/0 ordType=1 trigger=98.0",
      "c6 trade F/2 1.00@97.0 taker cum=1.00 leaves=0.00 avg=97",
    ]);
  });
});
