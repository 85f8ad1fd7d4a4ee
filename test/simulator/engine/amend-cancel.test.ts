import { describe, expect, it } from "vitest";
import { createHarness, summary } from "./harness.js";

/** alice's ask c1 then bob's ask c2, both 2 @ 100. */
function queue() {
  const harness = createHarness();
  const alice = harness.place({ side: "2", orderQty: "2", price: "100" });
  harness.place({ account: "bob", side: "2", orderQty: "2", price: "100" });
  harness.drain();
  return { ...harness, alice };
}

/** Who a 1-lot buy at 100 from carol fills first. */
function firstFilled(harness: ReturnType<typeof queue>): string | undefined {
  harness.place({ account: "carol", side: "1", orderQty: "1", price: "100" });
  const maker = harness.drain().executions.find((e) => e.kind === "trade" && e.fill.liquidity === "maker");
  return maker?.order.account;
}

describe("amend", () => {
  it("keeps OrderID, takes the new ClOrdID and reports Replaced with OrigClOrdID", () => {
    const harness = queue();
    expect(harness.engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c1", orderQty: "1.5" })).toEqual({
      ok: true,
    });
    const [replaced] = harness.drain().executions;
    expect(replaced).toMatchObject({
      kind: "replaced",
      execType: "5",
      ordStatus: "5",
      order: { orderID: harness.alice, clOrdID: "a2", origClOrdID: "c1", orderQty: "1.50", leavesQty: "1.50" },
    });
    // The old ClOrdID no longer finds the order; the new one does.
    expect(harness.engine.amend({ account: "alice", clOrdID: "a3", origClOrdID: "c1", orderQty: "1" }).ok).toBe(false);
    expect(
      harness.engine.amend({
        account: "alice",
        clOrdID: "a3",
        origClOrdID: "a2",
        orderID: harness.alice,
        orderQty: "1",
      }).ok,
    ).toBe(true);
  });

  it("keeps queue priority when only the quantity goes down", () => {
    const harness = queue();
    harness.engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c1", orderQty: "1" });
    expect(harness.drain().marketData[0]?.levels).toEqual([
      { mdUpdateAction: "1", mdEntryType: "1", mdEntryPx: "100.0", mdEntrySize: "3.00" },
    ]);
    expect(firstFilled(harness)).toBe("alice");
  });

  it("loses priority when the quantity goes up", () => {
    const harness = queue();
    harness.engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c1", orderQty: "3" });
    expect(firstFilled(harness)).toBe("bob");
  });

  it("loses priority on a price change, even back to the same price", () => {
    const harness = queue();
    harness.engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c1", orderQty: "2", price: "101" });
    harness.engine.amend({ account: "alice", clOrdID: "a3", origClOrdID: "a2", orderQty: "2", price: "100" });
    expect(firstFilled(harness)).toBe("bob");
  });

  it("trades when the new price crosses the book", () => {
    const harness = queue();
    harness.place({ account: "dave", side: "1", orderQty: "1", price: "99.5" });
    harness.drain();
    harness.engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c1", orderQty: "2", price: "99.5" });
    expect(harness.drain().executions.map(summary)).toEqual([
      "a2 replaced 5/5",
      "a2 trade F/1 1.00@99.5 taker cum=1.00 leaves=1.00 avg=99.5",
      "c3 trade F/2 1.00@99.5 maker cum=1.00 leaves=0.00 avg=99.5",
    ]);
    expect(harness.engine.levels("BTC/USD")?.asks[0]).toEqual({ price: "99.5", size: "1.00" });
  });

  it("keeps an iceberg's place when DisplayQty goes down, loses it when it goes up", () => {
    const harness = createHarness();
    harness.place({ side: "2", orderQty: "10", displayQty: "4", price: "100" });
    harness.place({ account: "bob", side: "2", orderQty: "2", price: "100" });
    harness.engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c1", orderQty: "10", displayQty: "3" });
    expect(harness.engine.levels("BTC/USD")?.asks).toEqual([{ price: "100.0", size: "5.00" }]);
    expect(firstFilled({ ...harness, alice: "" })).toBe("alice");
    harness.engine.amend({ account: "alice", clOrdID: "a3", origClOrdID: "a2", orderQty: "10", displayQty: "5" });
    expect(firstFilled({ ...harness, alice: "" })).toBe("bob");
  });

  it("can move an untriggered stop, which fires at once if its new StopPx is already reached", () => {
    const { place, print, drain, engine } = createHarness();
    print("100");
    place({ side: "2", ordType: "3", orderQty: "1", stopPx: "95" });
    drain();
    engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c3", orderQty: "1", stopPx: "100" });
    expect(drain().executions.map(summary)).toEqual([
      "a2 replaced 5/5",
      "a2 restated D/0 ordType=1 trigger=100.0",
      "a2 canceled 4/4 market-unfilled cum=0.00",
    ]);
  });

  it("refuses bad amends without changing the order", () => {
    const harness = queue();
    const { engine } = harness;
    harness.place({ side: "2", orderQty: "1", price: "105" }); // c3, to clash ClOrdIDs with
    harness.place({ account: "carol", side: "1", orderQty: "1", price: "100" }); // fills 1 of c1
    harness.drain();
    const amend = (fields: object) =>
      engine.amend({ account: "alice", clOrdID: "a9", origClOrdID: "c1", orderQty: "2", ...fields });
    expect(amend({ origClOrdID: "nope" })).toEqual({
      ok: false,
      reason: "unknown-order",
      text: "EOrder:Unknown order",
    });
    expect(amend({ orderID: "OTHER" })).toEqual({ ok: false, reason: "unknown-order", text: "EOrder:Unknown order" });
    expect(amend({ account: "bob" })).toEqual({ ok: false, reason: "unknown-order", text: "EOrder:Unknown order" });
    expect(amend({ clOrdID: "c3" })).toEqual({
      ok: false,
      reason: "duplicate-clordid",
      text: "EOrder:Duplicate ClOrdID: already used by an open order of this account",
    });
    expect(amend({ orderQty: "1" })).toEqual({
      ok: false,
      reason: "invalid-quantity",
      text: "EGeneral:Invalid arguments:volume must exceed the filled quantity",
    });
    expect(amend({ stopPx: "90" })).toEqual({
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:stopPx cannot be amended on this order",
    });
    expect(amend({ displayQty: "1" })).toEqual({
      ok: false,
      reason: "invalid-argument",
      text: "EGeneral:Invalid arguments:displayqty requires an iceberg order",
    });
    expect(amend({ price: "100.05" })).toEqual({
      ok: false,
      reason: "invalid-price",
      text: "EOrder:Invalid price:BTC/USD price can only be specified up to 1 decimals.",
    });
    expect(harness.drain()).toEqual({ executions: [], marketData: [] });
    expect(engine.order(harness.alice)).toMatchObject({ clOrdID: "c1", orderQty: "2.00", cumQty: "1.00" });
  });

  it("refuses a post-only amend that would take", () => {
    const { place, drain, engine } = createHarness();
    place({ account: "bob", side: "2", orderQty: "1", price: "100" });
    place({ side: "1", orderQty: "1", price: "99", postOnly: true });
    drain();
    expect(engine.amend({ account: "alice", clOrdID: "a2", origClOrdID: "c2", orderQty: "1", price: "100" })).toEqual({
      ok: false,
      reason: "post-only-would-take",
      text: "EOrder:Post only order",
    });
  });
});

describe("cancel", () => {
  it("by OrderID or OrigClOrdID, reporting the cancel's ClOrdID with the old one as OrigClOrdID", () => {
    const harness = queue();
    expect(
      harness.engine.cancel({ account: "alice", session: "alice-1", clOrdID: "x1", orderID: harness.alice }),
    ).toEqual({ ok: true });
    expect(harness.engine.cancel({ account: "bob", session: "bob-1", clOrdID: "x2", origClOrdID: "c2" })).toEqual({
      ok: true,
    });
    const { executions, marketData } = harness.drain();
    expect(executions.map((e) => [e.kind, e.order.clOrdID, e.order.origClOrdID, e.order.leavesQty])).toEqual([
      ["canceled", "x1", "c1", "0.00"],
      ["canceled", "x2", "c2", "0.00"],
    ]);
    expect(executions[0]).toMatchObject({ reason: "requested", text: "Order canceled by request" });
    expect(marketData.map((e) => e.levels[0]?.mdUpdateAction)).toEqual(["1", "2"]);
  });

  it("only reaches orders of the same session and account", () => {
    const harness = queue();
    const unknown = { ok: false, reason: "unknown-order", text: "EOrder:Unknown order" };
    expect(
      harness.engine.cancel({ account: "alice", session: "alice-2", clOrdID: "x", orderID: harness.alice }),
    ).toEqual(unknown);
    expect(harness.engine.cancel({ account: "bob", session: "alice-1", clOrdID: "x", orderID: harness.alice })).toEqual(
      unknown,
    );
    expect(harness.engine.cancel({ account: "alice", session: "alice-1", clOrdID: "x" })).toEqual(unknown);
    expect(harness.engine.order(harness.alice)).toBeDefined();
  });

  it("frees the ClOrdID for a new order", () => {
    const harness = queue();
    harness.engine.cancel({ account: "alice", session: "alice-1", clOrdID: "x1", origClOrdID: "c1" });
    expect(harness.submit({ side: "1", orderQty: "1", price: "90", clOrdID: "c1" }).ok).toBe(true);
  });
});

describe("mass cancel", () => {
  function spread() {
    const harness = createHarness();
    harness.place({ side: "1", orderQty: "1", price: "90" }); // c1 alice-1 BTC
    harness.place({ side: "1", orderQty: "1", price: "10", symbol: "ETH/USD" }); // c2 alice-1 ETH
    harness.place({ side: "1", orderQty: "1", price: "91", session: "alice-2" }); // c3 alice-2 BTC
    harness.place({ side: "2", ordType: "3", orderQty: "1", stopPx: "50" }); // c4 alice-1 BTC untriggered
    harness.place({ account: "bob", side: "1", orderQty: "1", price: "92" }); // c5 bob-1 BTC
    harness.drain();
    return harness;
  }
  const canceled = (harness: ReturnType<typeof spread>) =>
    harness.drain().executions.map((e) => `${e.order.clOrdID}:${e.kind === "canceled" ? e.reason : e.kind}`);

  it("by session cancels that session's orders, untriggered ones included", () => {
    const harness = spread();
    expect(harness.engine.massCancel({ session: "alice-1" })).toBe(3);
    expect(canceled(harness)).toEqual(["c1:mass-cancel", "c2:mass-cancel", "c4:mass-cancel"]);
  });

  it("by session and symbol", () => {
    const harness = spread();
    expect(harness.engine.massCancel({ session: "alice-1", symbol: "BTC/USD" })).toBe(2);
    expect(canceled(harness)).toEqual(["c1:mass-cancel", "c4:mass-cancel"]);
  });

  it("by account reaches every session of the account", () => {
    const harness = spread();
    expect(harness.engine.massCancel({ account: "alice" })).toBe(4);
    expect(canceled(harness)).toEqual(["c1:mass-cancel", "c2:mass-cancel", "c3:mass-cancel", "c4:mass-cancel"]);
    expect(harness.engine.levels("BTC/USD")?.bids).toEqual([{ price: "92.0", size: "1.00" }]);
  });
});

describe("ClOrdID uniqueness", () => {
  it("is per account among open orders", () => {
    const { submit, place, drain } = createHarness();
    place({ side: "1", orderQty: "1", price: "90", clOrdID: "same" });
    expect(submit({ side: "1", orderQty: "1", price: "91", clOrdID: "same" })).toEqual({
      ok: false,
      reason: "duplicate-clordid",
      text: "EOrder:Duplicate ClOrdID: already used by an open order of this account",
    });
    expect(submit({ account: "bob", side: "1", orderQty: "1", price: "91", clOrdID: "same" }).ok).toBe(true);
    // Once filled, the order is closed and its ClOrdID free again.
    place({ account: "carol", side: "2", ordType: "1", orderQty: "2" });
    drain();
    expect(submit({ side: "1", orderQty: "1", price: "91", clOrdID: "same" }).ok).toBe(true);
  });
});
