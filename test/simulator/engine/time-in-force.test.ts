import { describe, expect, it } from "vitest";
import { createHarness, START, summary } from "./harness.js";

describe("IOC", () => {
  it("fills what it can and cancels the rest", () => {
    const { place, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    drain();
    place({ side: "1", orderQty: "3", price: "100", timeInForce: "3" });
    expect(drain().executions.map(summary)).toEqual([
      "c2 new 0/0",
      "c2 trade F/1 1.00@100.0 taker cum=1.00 leaves=2.00 avg=100",
      "c1 trade F/2 1.00@100.0 maker cum=1.00 leaves=0.00 avg=100",
      "c2 canceled 4/4 immediate-or-cancel cum=1.00",
    ]);
    expect(engine.levels("BTC/USD")).toEqual({ bids: [], asks: [] });
  });
});

describe("FOK", () => {
  it("is canceled without trading when the book cannot fill it in full", () => {
    const { place, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ account: "bob", side: "2", orderQty: "1", price: "101" });
    drain();
    place({ side: "1", orderQty: "2.01", price: "101", timeInForce: "4" });
    const { executions, marketData } = drain();
    expect(executions.map(summary)).toEqual(["c3 new 0/0", "c3 canceled 4/4 fill-or-kill cum=0.00"]);
    expect(executions[1]).toMatchObject({ text: "Fill-or-kill order could not be filled in full" });
    expect(marketData).toEqual([]);
    expect(engine.levels("BTC/USD")?.asks).toHaveLength(2);
  });

  it("fills in full across levels when it can", () => {
    const { place, drain } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ account: "bob", side: "2", orderQty: "1", price: "101" });
    drain();
    place({ side: "1", orderQty: "2", price: "101", timeInForce: "4" });
    expect(drain().executions.map(summary).at(-2)).toBe("c3 trade F/2 1.00@101.0 taker cum=2.00 leaves=0.00 avg=100.5");
  });

  it("counts the hidden part of icebergs", () => {
    const { place, drain } = createHarness();
    place({ account: "bob", side: "2", orderQty: "3", displayQty: "1", price: "100" });
    drain();
    place({ side: "1", orderQty: "3", price: "100", timeInForce: "4" });
    expect(drain().executions.filter((e) => e.kind === "trade" && e.fill.liquidity === "taker")).toHaveLength(3);
  });

  it("counts only what is queued ahead of an own order when self-trade prevention would stop it", () => {
    const { place, drain } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ side: "2", orderQty: "1", price: "100" }); // alice's own ask
    place({ account: "bob", side: "2", orderQty: "5", price: "100" });
    drain();
    place({ side: "1", orderQty: "2", price: "100", timeInForce: "4" }); // CancelNewest: stops at alice's ask
    expect(drain().executions.map(summary)).toEqual(["c4 new 0/0", "c4 canceled 4/4 fill-or-kill cum=0.00"]);
    place({ side: "1", orderQty: "2", price: "100", timeInForce: "4", selfTradePrevention: "2" }); // skips it
    expect(drain().executions.map(summary)).toEqual([
      "c5 new 0/0",
      "c5 trade F/1 1.00@100.0 taker cum=1.00 leaves=1.00 avg=100",
      "c1 trade F/2 1.00@100.0 maker cum=1.00 leaves=0.00 avg=100",
      "c2 canceled 4/4 self-trade-prevention cum=0.00",
      "c5 trade F/2 1.00@100.0 taker cum=2.00 leaves=0.00 avg=100",
      "c3 trade F/1 1.00@100.0 maker cum=1.00 leaves=4.00 avg=100",
    ]);
  });
});

describe("GTD", () => {
  it("expires at ExpireTime on the engine clock", () => {
    const { place, drain, clock, engine } = createHarness();
    place({ side: "1", orderQty: "1", price: "100", timeInForce: "6", expireTime: START + 60_000 });
    drain();
    clock.advance(59_999);
    engine.tick();
    expect(drain().executions).toEqual([]);
    clock.advance(1);
    engine.tick();
    const { executions, marketData } = drain();
    expect(executions.map(summary)).toEqual(["c1 expired C/C"]);
    expect(executions[0]?.transactTime).toBe(START + 60_000);
    expect(marketData[0]?.levels).toEqual([
      { mdUpdateAction: "2", mdEntryType: "0", mdEntryPx: "100.0", mdEntrySize: "0.00" },
    ]);
  });

  it("expires due orders before the next request runs, so they never trade late", () => {
    const { place, drain, clock } = createHarness();
    place({ side: "1", orderQty: "1", price: "100", timeInForce: "6", expireTime: START + 1_000 });
    clock.advance(5_000);
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    expect(drain().executions.map(summary)).toEqual(["c1 new 0/0", "c1 expired C/C", "c2 new 0/0"]);
  });

  it("expires untriggered orders too, and skips orders already closed", () => {
    const { place, submit, drain, clock, engine } = createHarness();
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "90", timeInForce: "6", expireTime: START + 1_000 });
    const gone = place({ side: "1", orderQty: "1", price: "10", timeInForce: "6", expireTime: START + 1_000 });
    engine.cancel({ account: "alice", session: "alice-1", clOrdID: "x", orderID: gone });
    drain();
    clock.advance(1_000);
    engine.tick();
    expect(drain().executions.map(summary)).toEqual(["c1 expired C/C"]);
    expect(submit({ side: "1", orderQty: "1", price: "1" }).ok).toBe(true);
  });

  it("requires an ExpireTime in the future, and only with GTD", () => {
    const { submit } = createHarness();
    const past = submit({ side: "1", orderQty: "1", price: "100", timeInForce: "6", expireTime: START });
    expect(past).toEqual({
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:expiretm must be in the future",
    });
    const missing = {
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:expiretm is required with GTD and only then",
    };
    expect(submit({ side: "1", orderQty: "1", price: "100", timeInForce: "6" })).toEqual(missing);
    expect(submit({ side: "1", orderQty: "1", price: "100", expireTime: START + 1 })).toEqual(missing);
  });
});
