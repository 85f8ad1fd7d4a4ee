import { describe, expect, it } from "vitest";
import { createHarness, summary } from "./harness.js";

describe("self-trade prevention (the incoming order's mode applies)", () => {
  function ownBook() {
    const harness = createHarness();
    harness.place({ side: "2", orderQty: "1", price: "100" }); // c1: alice's own ask, first in the queue
    harness.place({ account: "bob", side: "2", orderQty: "1", price: "100" }); // c2
    harness.drain();
    return harness;
  }

  it("1 (default) cancels the newest: the incoming order, the resting one stays", () => {
    const { place, drain, engine } = ownBook();
    place({ side: "1", orderQty: "1", price: "100" });
    expect(drain().executions.map(summary)).toEqual(["c3 new 0/0", "c3 canceled 4/4 self-trade-prevention cum=0.00"]);
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "100.0", size: "2.00" }]);
  });

  it("0 cancels both orders", () => {
    const { place, drain, engine } = ownBook();
    place({ side: "1", orderQty: "1", price: "100", selfTradePrevention: "0" });
    expect(drain().executions.map(summary)).toEqual([
      "c3 new 0/0",
      "c1 canceled 4/4 self-trade-prevention cum=0.00",
      "c3 canceled 4/4 self-trade-prevention cum=0.00",
    ]);
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "100.0", size: "1.00" }]);
  });

  it("2 cancels the oldest: the resting order, and the incoming one goes on matching", () => {
    const { place, drain, engine } = ownBook();
    place({ side: "1", orderQty: "1", price: "100", selfTradePrevention: "2" });
    expect(drain().executions.map(summary)).toEqual([
      "c3 new 0/0",
      "c1 canceled 4/4 self-trade-prevention cum=0.00",
      "c3 trade F/2 1.00@100.0 taker cum=1.00 leaves=0.00 avg=100",
      "c2 trade F/2 1.00@100.0 maker cum=1.00 leaves=0.00 avg=100",
    ]);
    expect(engine.levels("BTC/USD")?.asks).toEqual([]);
  });

  it("keeps what the incoming order already filled before meeting its own order", () => {
    const { place, drain } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ side: "2", orderQty: "1", price: "100" });
    drain();
    place({ side: "1", orderQty: "2", price: "100" });
    expect(drain().executions.map(summary).at(-1)).toBe("c3 canceled 4/4 self-trade-prevention cum=1.00");
  });

  it("applies per account, not per session", () => {
    const { place, drain } = createHarness();
    place({ side: "2", orderQty: "1", price: "100", session: "alice-2" });
    drain();
    place({ side: "1", orderQty: "1", price: "100" });
    expect(drain().executions.map(summary)).toEqual(["c2 new 0/0", "c2 canceled 4/4 self-trade-prevention cum=0.00"]);
  });
});

describe("iceberg orders", () => {
  it("show only DisplayQty and refill at the back of the queue", () => {
    const { place, drain, engine } = createHarness();
    place({ side: "2", orderQty: "10", displayQty: "2", price: "100" }); // c1
    place({ account: "bob", side: "2", orderQty: "1", price: "100" }); // c2
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "100.0", size: "3.00" }]);
    drain();
    place({ account: "carol", side: "1", orderQty: "3", price: "100" });
    expect(drain().executions.map(summary)).toEqual([
      "c3 new 0/0",
      "c3 trade F/1 2.00@100.0 taker cum=2.00 leaves=1.00 avg=100",
      "c1 trade F/1 2.00@100.0 maker cum=2.00 leaves=8.00 avg=100",
      // c1 refilled 2 behind bob, so bob is next
      "c3 trade F/2 1.00@100.0 taker cum=3.00 leaves=0.00 avg=100",
      "c2 trade F/2 1.00@100.0 maker cum=1.00 leaves=0.00 avg=100",
    ]);
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "100.0", size: "2.00" }]);
  });

  it("are swept slice by slice by a large taker", () => {
    const { place, drain, engine } = createHarness();
    place({ side: "2", orderQty: "5", displayQty: "2", price: "100" });
    drain();
    place({ account: "carol", side: "1", orderQty: "6", price: "100" });
    const makerFills = drain().executions.flatMap((e) =>
      e.kind === "trade" && e.fill.liquidity === "maker" ? [e.fill.lastQty] : [],
    );
    expect(makerFills).toEqual(["2.00", "2.00", "1.00"]);
    expect(engine.levels("BTC/USD")).toEqual({ bids: [{ price: "100.0", size: "1.00" }], asks: [] });
  });

  it("refuse a DisplayQty outside 1/15 of OrderQty to OrderQty, or on a non-limit order", () => {
    const { submit } = createHarness();
    const outOfRange = {
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:displayqty must be between 1/15 of the order quantity and the order quantity",
    };
    expect(submit({ side: "2", orderQty: "15", displayQty: "0.99", price: "100" })).toEqual(outOfRange);
    expect(submit({ side: "2", orderQty: "15", displayQty: "15.01", price: "100" })).toEqual(outOfRange);
    expect(submit({ side: "2", orderQty: "15", displayQty: "1", price: "100" }).ok).toBe(true);
    expect(submit({ side: "2", ordType: "1", orderQty: "15", displayQty: "5" })).toEqual({
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:displayqty requires a limit order",
    });
  });
});

describe("post-only", () => {
  it("is refused when it would take liquidity, and changes nothing", () => {
    const { place, submit, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    drain();
    expect(submit({ side: "1", orderQty: "1", price: "100", postOnly: true })).toEqual({
      ok: false,
      reason: "post-only-would-take",
      text: "EOrder:Post only order",
    });
    expect(drain()).toEqual({ executions: [], marketData: [] });
    expect(engine.levels("BTC/USD")).toEqual({ bids: [], asks: [{ price: "100.0", size: "1.00" }] });
  });

  it("rests when it would not take", () => {
    const { place, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ side: "1", orderQty: "1", price: "99.9", postOnly: true });
    expect(drain().executions.map(summary)).toEqual(["c1 new 0/0", "c2 new 0/0"]);
    expect(engine.levels("BTC/USD")?.bids).toEqual([{ price: "99.9", size: "1.00" }]);
  });

  it("needs a limit order", () => {
    const { submit } = createHarness();
    expect(submit({ side: "1", ordType: "1", orderQty: "1", postOnly: true })).toEqual({
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:post only requires a limit order",
    });
  });
});
