/** Reduce-only against net positions, viqc (quote-currency OrderQty) and EffectiveTime scheduling in the engine. */
import { describe, expect, it } from "vitest";
import { createHarness, START, summary } from "./harness.js";

/** A harness where alice holds `long` BTC (a margin buy filled against bob); positive only. */
function withLong(long: string) {
  const harness = createHarness();
  harness.place({ account: "bob", side: "2", orderQty: long, price: "100" });
  harness.place({ side: "1", orderQty: long, price: "100", tracksPosition: true });
  harness.drain();
  return harness;
}

describe("positions", () => {
  it("follows the fills of position-tracking orders only, per account and symbol", () => {
    const { engine, place } = withLong("2");
    expect(engine.position("alice", "BTC/USD")).toBe("2.00");
    // bob's sell did not track a position; a plain spot order of alice's does not move hers either.
    expect(engine.position("bob", "BTC/USD")).toBe("0.00");
    place({ account: "carol", side: "2", orderQty: "1", price: "100" });
    place({ side: "1", orderQty: "1", price: "100" });
    expect(engine.position("alice", "BTC/USD")).toBe("2.00");
    expect(engine.position("alice", "ETH/USD")).toBe("0.000");
    expect(engine.position("alice", "DOGE/USD")).toBeUndefined();
  });
});

describe("reduce-only", () => {
  it("is refused without a position-tracking (margin) order", () => {
    const { submit } = withLong("1");
    expect(submit({ side: "2", orderQty: "1", price: "100", reduceOnly: true })).toEqual({
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:reduce only needs a position (margin) order",
    });
  });

  it("is refused when it would open or grow the position", () => {
    const { submit } = withLong("1");
    const refused = { ok: false, reason: "reduce-only", text: "EOrder:Reduce only:No position to reduce" };
    expect(submit({ side: "1", orderQty: "1", price: "90", reduceOnly: true, tracksPosition: true })).toEqual(refused);
    // No position at all in ETH/USD: neither side reduces anything.
    expect(
      submit({ symbol: "ETH/USD", side: "2", orderQty: "1", price: "90", reduceOnly: true, tracksPosition: true }),
    ).toEqual(refused);
  });

  it("is cut down to the position at acceptance, an iceberg's display quantity with it", () => {
    const { place, drain, engine } = withLong("1.5");
    place({ side: "2", orderQty: "4", price: "110", reduceOnly: true, tracksPosition: true });
    const [ack] = drain().executions;
    expect(ack?.order).toMatchObject({ orderQty: "1.50", leavesQty: "1.50" });
    place({ side: "2", orderQty: "3", displayQty: "2", price: "111", reduceOnly: true, tracksPosition: true });
    expect(drain().executions[0]?.order).toMatchObject({ orderQty: "1.50", displayQty: "1.50" });
    expect(engine.levels("BTC/USD")?.asks).toEqual([
      { price: "110.0", size: "1.50" },
      { price: "111.0", size: "1.50" },
    ]);
  });

  it("trades no more than the position left and is canceled once it is closed", () => {
    const { engine, place, drain } = withLong("2");
    // Two reduce-only sells of 1.5 each: together they would flip the position short.
    place({ side: "2", orderQty: "1.5", price: "110", reduceOnly: true, tracksPosition: true });
    place({ side: "2", orderQty: "1.5", price: "111", reduceOnly: true, tracksPosition: true });
    drain();
    place({ account: "bob", side: "1", orderQty: "5", price: "111", timeInForce: "3" });
    expect(drain().executions.map(summary)).toEqual([
      "c5 new 0/0",
      "c5 trade F/1 1.50@110.0 taker cum=1.50 leaves=3.50 avg=110",
      "c3 trade F/2 1.50@110.0 maker cum=1.50 leaves=0.00 avg=110",
      "c5 trade F/1 0.50@111.0 taker cum=2.00 leaves=3.00 avg=110.25",
      "c4 trade F/1 0.50@111.0 maker cum=0.50 leaves=1.00 avg=111",
      "c4 canceled 4/4 reduce-only cum=0.50",
      "c5 canceled 4/4 immediate-or-cancel cum=2.00",
    ]);
    expect(engine.position("alice", "BTC/USD")).toBe("0.00");
  });

  it("as the taker, trades only what is left of the position when it fires, then is canceled", () => {
    const { engine, place, print, drain } = withLong("1");
    place({ account: "bob", side: "1", orderQty: "0.7", price: "99" });
    place({ account: "bob", side: "1", orderQty: "5", price: "90" });
    // A reduce-only stop-loss for the whole position, accepted while the position is still 1.
    place({ side: "2", orderQty: "1", ordType: "3", stopPx: "95", reduceOnly: true, tracksPosition: true });
    // Another reduce-only sell closes 0.7 of it before the stop fires.
    place({ side: "2", orderQty: "0.7", price: "99", reduceOnly: true, tracksPosition: true });
    expect(engine.position("alice", "BTC/USD")).toBe("0.30");
    drain();
    print("95");
    expect(
      drain()
        .executions.filter((e) => e.order.clOrdID === "c5")
        .map(summary),
    ).toEqual([
      "c5 restated D/0 ordType=1 trigger=95.0",
      "c5 trade F/1 0.30@90.0 taker cum=0.30 leaves=0.70 avg=90",
      "c5 canceled 4/4 reduce-only cum=0.30",
    ]);
    expect(engine.position("alice", "BTC/USD")).toBe("0.00");
  });
});

describe("viqc (OrderQty in quote currency)", () => {
  it("converts a limit order at its limit price, rounding the base quantity down", () => {
    const { place, drain } = createHarness();
    // 1000 USD at 300.0 buys 3.333… BTC: 3.33 at two decimals, never more than asked.
    place({ side: "1", orderQty: "1000", price: "300", quoteQty: true });
    expect(drain().executions[0]?.order).toMatchObject({ orderQty: "3.33", price: "300.0" });
  });

  it("converts a market order against the visible book, level by level", () => {
    const { place, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ account: "bob", side: "2", orderQty: "5", price: "101" });
    drain();
    // 250 USD: 1 @ 100 (100 USD), then 150 / 101 = 1.485… → 1.48 @ 101 (149.48 USD).
    place({ side: "1", orderQty: "250", ordType: "1", quoteQty: true });
    const events = drain().executions.filter((e) => e.order.account === "alice");
    // The acknowledgement already carries the converted base quantity.
    expect(events[0]?.order.orderQty).toBe("2.48");
    expect(events.map(summary)).toEqual([
      "c3 new 0/0",
      "c3 trade F/1 1.00@100.0 taker cum=1.00 leaves=1.48 avg=100",
      "c3 trade F/2 1.48@101.0 taker cum=2.48 leaves=0.00 avg=100.59677",
    ]);
    expect(engine.levels("BTC/USD")?.asks).toEqual([{ price: "101.0", size: "3.52" }]);
  });

  it("refuses amounts below the order minimum, too precise, or on other order types", () => {
    const { submit } = createHarness();
    // Empty book: a market order's quote amount buys nothing.
    expect(submit({ side: "1", orderQty: "50", ordType: "1", quoteQty: true })).toMatchObject({
      reason: "order-minimum",
    });
    // 0.001 USD at 100.0 is less than one 0.01 BTC unit.
    expect(submit({ side: "1", orderQty: "0.001", price: "100", quoteQty: true })).toMatchObject({
      text: "EOrder:Order minimum not met",
    });
    // Quote amounts are exact at price × quantity decimals (3 here).
    expect(submit({ side: "1", orderQty: "10.0001", price: "100", quoteQty: true })).toMatchObject({
      text: "EGeneral:Invalid arguments:volume",
    });
    expect(submit({ side: "1", orderQty: "100", ordType: "3", stopPx: "90", quoteQty: true })).toMatchObject({
      text: "EGeneral:Invalid arguments:viqc requires a market or limit order",
    });
    expect(submit({ side: "1", orderQty: "100", price: "100", displayQty: "0.5", quoteQty: true })).toMatchObject({
      text: "EGeneral:Invalid arguments:viqc cannot be combined with displayqty",
    });
    expect(
      submit({ side: "1", orderQty: "100", ordType: "1", quoteQty: true, effectiveTime: START + 5_000 }),
    ).toMatchObject({ text: "EGeneral:Invalid arguments:viqc market orders cannot have a start time" });
  });
});

describe("EffectiveTime", () => {
  it("acknowledges with Pending New, stays invisible and non-matching, then goes New and trades", () => {
    const { place, drain, engine, clock } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    drain();
    place({ side: "1", orderQty: "1", price: "100", effectiveTime: START + 5_000 });
    expect(drain().executions.map(summary)).toEqual(["c2 pending-new A/A"]);
    expect(engine.levels("BTC/USD")?.bids).toEqual([]);
    clock.advance(4_999);
    engine.tick();
    expect(drain().executions).toEqual([]);
    clock.advance(1);
    engine.tick();
    expect(drain().executions.map(summary)).toEqual([
      "c2 new 0/0",
      "c2 trade F/2 1.00@100.0 taker cum=1.00 leaves=0.00 avg=100",
      "c1 trade F/2 1.00@100.0 maker cum=1.00 leaves=0.00 avg=100",
    ]);
  });

  it("can be canceled while pending, and then never goes live", () => {
    const { place, drain, engine, clock } = createHarness();
    const orderID = place({ side: "1", orderQty: "1", price: "100", effectiveTime: START + 5_000 });
    expect(engine.cancel({ account: "alice", session: "alice-1", clOrdID: "x", orderID })).toEqual({ ok: true });
    clock.advance(10_000);
    engine.tick();
    expect(drain().executions.map(summary)).toEqual(["c1 pending-new A/A", "x canceled 4/4 requested cum=0.00"]);
    expect(engine.levels("BTC/USD")?.bids).toEqual([]);
  });

  it("checks post-only when it goes live, and a time already past means live now", () => {
    const { place, drain, engine, clock } = createHarness();
    place({ side: "1", orderQty: "1", price: "100", postOnly: true, effectiveTime: START + 1_000 });
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    drain();
    clock.advance(1_000);
    engine.tick();
    const [canceled] = drain().executions;
    expect(canceled && summary(canceled)).toBe("c1 canceled 4/4 post-only cum=0.00");
    expect(canceled).toMatchObject({ text: "EOrder:Post only order" });
    place({ side: "1", orderQty: "1", price: "90", effectiveTime: START });
    expect(drain().executions.map(summary)).toEqual(["c3 new 0/0"]);
  });

  it("refuses an ExpireTime that is not after the EffectiveTime", () => {
    const { submit } = createHarness();
    expect(
      submit({
        side: "1",
        orderQty: "1",
        price: "100",
        timeInForce: "6",
        expireTime: START + 5_000,
        effectiveTime: START + 5_000,
      }),
    ).toMatchObject({ text: "EGeneral:Invalid arguments:expiretm must be after starttm" });
  });
});
