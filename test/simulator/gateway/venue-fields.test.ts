/**
 * TradingGateway, venue by venue: the derivatives rules it owns (COMB ClOrdID, 126/168 refused with 35=3, no
 * amend or status request, AvgPx 0, per-trade fees, positions without Leverage) and the Spot fields ExecInst E/v/f/q/s, Leverage (5001),
 * ValidUntilTime (62) and EffectiveTime (168).
 */
import { describe, expect, it } from "vitest";
import type {
  OrderCancelReplaceRequest,
  OrderCancelRequest,
  OrderStatusRequest,
} from "../../../generated/kraken-fix44/index.js";
import { combUuidTime } from "../../../runtime/kraken/clordid.js";
import { formatUtcTimestamp } from "../../../runtime/codec/utc-timestamp.js";
import { START, TIME, reports, setup } from "./trading-harness.js";
import { header, inbound } from "./wire.js";

const FEES = { maker: "0.001", taker: "0.002" };

describe("derivatives: NewOrderSingle fields", () => {
  it("acknowledges with New only, fills with AvgPx 0 and per-trade fees in USD", () => {
    const { alice, bob, order, drain } = setup({ venue: "derivatives", fees: FEES });
    bob.handle("b1", order({ side: "2", orderQty: "2", price: "90000" }));
    const [ack] = reports(drain());
    expect([ack?.execType, ack?.ordStatus, ack?.symbol]).toEqual(["0", "0", "PF_XBTUSD"]);
    // A futures-style OrderID: a COMB UUID stamped with the engine's time.
    expect(ack?.orderID).toBe("9a9d359c-a000-4000-8000-000000000001");
    expect(combUuidTime(ack?.orderID ?? "")).toBe(START);
    alice.handle("a1", order({ side: "1", orderQty: "0.5", price: "90000" }));
    alice.handle("a1", order({ side: "1", orderQty: "0.25", price: "90000" }));
    const fills = reports(drain()).filter((r) => r.execType === "F");
    const bobs = fills.filter((r) => r.side === "2");
    // Each of bob's fills carries its own fee (0.1 % of 45000 and of 22500), not the running total; AvgPx is 0.
    expect(
      bobs.map((r) => [
        r.lastQty,
        r.cumQty,
        r.avgPx,
        r.grossTradeAmt,
        r.miscFees?.[0]?.miscFeeAmt,
        r.miscFees?.[0]?.miscFeeCurr,
      ]),
    ).toEqual([
      ["0.5000", "0.5000", "0", "45000", "45", "USD"],
      ["0.2500", "0.7500", "0", "67500", "22.5", "USD"],
    ]);
  });

  it("refuses a ClOrdID that is not a COMB UUID with 35=3 373=5 on tag 11", () => {
    const { alice, order, drain } = setup({ venue: "derivatives" });
    const message = order({ clOrdID: "1700000000000001" });
    alice.handle("a1", message);
    expect(drain().map((s) => s.message)).toMatchObject([
      {
        msgType: "3",
        refSeqNum: message.header.msgSeqNum,
        refMsgType: "D",
        refTagID: 11,
        sessionRejectReason: 5,
        text: "Derivatives ClOrdID must be a COMB UUID (version 4, time-first)",
      },
    ]);
  });

  // The Spot-only fields (1138, 5001, 7928, 126, 168, GTD, OrdType V, ExecInst v/f/q) are the dictionary's venue
  // rules, checked by the session layer before the gateway (simulator.test.ts sends each over a socket).

  it("does not handle 35=G or 35=H (no amend, no status request on derivatives)", () => {
    const { alice, order, nextClOrdID, drain } = setup({ venue: "derivatives" });
    const placed = order();
    alice.handle("a1", placed);
    const [ack] = reports(drain());
    const amend = inbound<OrderCancelReplaceRequest>({
      msgType: "G",
      clOrdID: nextClOrdID(),
      origClOrdID: placed.clOrdID,
      orderID: ack?.orderID ?? "",
      symbol: "PF_XBTUSD",
      side: "1",
      ordType: "2",
      orderQty: "2",
      price: "100",
      timeInForce: "1",
      transactTime: TIME,
    });
    expect(alice.handle("a1", amend)).toBe(false);
    const status = inbound<OrderStatusRequest>({
      msgType: "H",
      clOrdID: nextClOrdID(),
      orderID: ack?.orderID ?? "",
      symbol: "PF_XBTUSD",
    });
    expect(alice.handle("a1", status)).toBe(false);
    expect(drain()).toEqual([]);
  });

  it("takes reduce-only without Leverage: every derivatives order trades a position", () => {
    const { alice, bob, engine, order, drain } = setup({ venue: "derivatives" });
    bob.handle("b1", order({ side: "2", orderQty: "1", price: "100" }));
    alice.handle("a1", order({ side: "1", orderQty: "1", price: "100" }));
    expect(engine.position("alice", "PF_XBTUSD")).toBe("1.0000");
    drain();
    alice.handle("a1", order({ side: "2", orderQty: "3", price: "110", execInst: ["s", "E"] }));
    alice.handle("a1", order({ side: "1", orderQty: "1", price: "90", execInst: ["E", "s"] }));
    const [ack, refused] = drain().map((s) => s.message);
    expect(ack).toMatchObject({ msgType: "8", execType: "0", orderQty: "1.0000" });
    expect(refused).toMatchObject({
      msgType: "j",
      businessRejectReason: 0,
      text: "EOrder:Reduce only:No position to reduce",
    });
  });
});

describe("spot: fee currency (ExecInst f/q/s)", () => {
  /** Bob rests a sell, alice buys into it in two fills; returns both sides' fill reports. */
  function twoFills(aliceExecInst: ("f" | "q" | "s")[] | undefined, bobExecInst: ("f" | "q" | "s")[] | undefined) {
    const { alice, bob, order, drain } = setup({ fees: FEES });
    bob.handle("b1", order({ side: "2", orderQty: "3", price: "100", ...(bobExecInst && { execInst: bobExecInst }) }));
    alice.handle(
      "a1",
      order({ side: "1", orderQty: "1", price: "100", ...(aliceExecInst && { execInst: aliceExecInst }) }),
    );
    alice.handle(
      "a1",
      order({ side: "1", orderQty: "2", price: "100", ...(aliceExecInst && { execInst: aliceExecInst }) }),
    );
    const sent = reports(drain());
    const fee = (side: "1" | "2") =>
      sent
        .filter((r) => r.side === side && r.execType === "F")
        .map((r) => `${r.miscFees?.[0]?.miscFeeAmt} ${r.miscFees?.[0]?.miscFeeCurr}`);
    return { buys: fee("1"), sells: fee("2"), sent };
  }

  it("defaults to quote for buys and base for sells, cumulative over the order", () => {
    const { buys, sells } = twoFills(undefined, undefined);
    // alice takes at 0.2 %: 100 and 200 USD of cost, two orders; bob makes at 0.1 % of 1 and then 3 BTC in total.
    expect(buys).toEqual(["0.2 USD", "0.4 USD"]);
    expect(sells).toEqual(["0.001 BTC", "0.003 BTC"]);
  });

  it("f puts a buy's fee in the base currency, q a sell's in the quote currency", () => {
    const { buys, sells } = twoFills(["f"], ["q"]);
    expect(buys).toEqual(["0.002 BTC", "0.004 BTC"]);
    expect(sells).toEqual(["0.1 USD", "0.3 USD"]);
  });

  it("s reports each fill's own fee, and 0 on the reports that are not fills", () => {
    const { sells, sent } = twoFills(undefined, ["s"]);
    expect(sells).toEqual(["0.001 BTC", "0.002 BTC"]);
    const bobAck = sent.find((r) => r.side === "2" && r.execType === "0");
    expect(bobAck?.miscFees?.[0]?.miscFeeAmt).toBe("0");
  });
});

describe("spot: Leverage (5001) and reduce-only (ExecInst E)", () => {
  it("tracks a margin position from 5001=1 fills and lets reduce-only orders shrink it only", () => {
    const { alice, bob, engine, order, drain } = setup();
    bob.handle("b1", order({ side: "2", orderQty: "2", price: "100" }));
    alice.handle("a1", order({ side: "1", orderQty: "2", price: "100", leverage: "1" }));
    // A plain (5001=0) spot buy moves no margin position.
    bob.handle("b1", order({ side: "2", orderQty: "1", price: "100" }));
    alice.handle("a1", order({ side: "1", orderQty: "1", price: "100", leverage: "0" }));
    expect(engine.position("alice", "BTC/USD")).toBe("2.00");
    drain();
    alice.handle("a1", order({ side: "2", orderQty: "5", price: "120", leverage: "1", execInst: ["E"] }));
    alice.handle("a1", order({ side: "1", orderQty: "1", price: "90", leverage: "1", execInst: ["E"] }));
    alice.handle("a1", order({ side: "2", orderQty: "1", price: "120", execInst: ["E"] }));
    const [pending, fresh, grows, noMargin] = drain().map((s) => s.message);
    expect(pending).toMatchObject({ msgType: "8", execType: "A", orderQty: "2.00" });
    expect(fresh).toMatchObject({ msgType: "8", execType: "0", orderQty: "2.00" });
    expect(grows).toMatchObject({ msgType: "j", text: "EOrder:Reduce only:No position to reduce" });
    expect(noMargin).toMatchObject({
      msgType: "j",
      businessRejectReason: 0,
      text: "EGeneral:Invalid arguments:reduce only needs a position (margin) order",
    });
  });
});

describe("spot: viqc (ExecInst v)", () => {
  it("reads OrderQty as quote currency and reports the base quantity it converted to", () => {
    const { alice, order, drain } = setup();
    alice.handle("a1", order({ orderQty: "1000", price: "300", execInst: ["v"] }));
    expect(reports(drain()).map((r) => [r.execType, r.orderQty, r.leavesQty])).toEqual([
      ["A", "3.33", "3.33"],
      ["0", "3.33", "3.33"],
    ]);
  });
});

describe("spot: ValidUntilTime (62)", () => {
  const at = (offsetMs: number) => formatUtcTimestamp(START + offsetMs);

  it.each([
    [-1, "EService:Deadline elapsed"],
    [1_999, "EGeneral:Invalid arguments:validuntiltime must be 2 to 60 seconds ahead"],
    [60_001, "EGeneral:Invalid arguments:validuntiltime must be 2 to 60 seconds ahead"],
  ])("refuses an order whose ValidUntilTime is %i ms from its arrival", (offset, text) => {
    const { alice, order, drain } = setup();
    alice.handle("a1", order({ validUntilTime: at(offset) }));
    expect(drain().map((s) => s.message)).toMatchObject([{ msgType: "j", businessRejectReason: 0, text }]);
  });

  it("applies to amends (35=G) too", () => {
    const { alice, order, nextClOrdID, drain } = setup();
    const placed = order();
    alice.handle("a1", placed);
    const [, ack] = reports(drain());
    const amend = (validUntilTime: string) =>
      inbound<OrderCancelReplaceRequest>({
        msgType: "G",
        clOrdID: nextClOrdID(),
        origClOrdID: placed.clOrdID,
        orderID: ack?.orderID ?? "",
        symbol: "BTC/USD",
        side: "1",
        ordType: "2",
        orderQty: "2",
        price: "100",
        timeInForce: "1",
        transactTime: TIME,
        validUntilTime,
      });
    alice.handle("a1", amend(at(-1)));
    expect(drain().map((s) => s.message)).toMatchObject([
      { msgType: "j", refMsgType: "G", text: "EService:Deadline elapsed" },
    ]);
    alice.handle("a1", amend(at(5_000)));
    expect(reports(drain()).map((r) => [r.execType, r.orderQty])).toEqual([["5", "2.00"]]);
  });

  it.each([2_000, 60_000])("accepts a ValidUntilTime %i ms ahead", (offset) => {
    const { alice, order, drain } = setup();
    alice.handle("a1", order({ validUntilTime: at(offset) }));
    expect(reports(drain()).map((r) => r.execType)).toEqual(["A", "0"]);
  });
});

describe("spot: EffectiveTime (168)", () => {
  it("acknowledges Pending New, goes New at the time, and can be canceled while pending", () => {
    const { alice, bob, engine, clock, order, nextClOrdID, drain } = setup();
    const later = formatUtcTimestamp(START + 10_000);
    alice.handle("a1", order({ price: "100", effectiveTime: later }));
    const pending = alice.handle("a1", order({ price: "99", effectiveTime: later }));
    expect(pending).toBe(true);
    const acks = reports(drain());
    expect(acks.map((r) => [r.execType, r.ordStatus])).toEqual([
      ["A", "A"],
      ["A", "A"],
    ]);
    // Invisible: a sell at 99 finds no bid.
    bob.handle("b1", order({ side: "2", price: "99", timeInForce: "3" }));
    expect(reports(drain()).map((r) => r.execType)).toEqual(["A", "0", "4"]);
    alice.handle(
      "a1",
      inbound<OrderCancelRequest>(
        {
          msgType: "F",
          clOrdID: nextClOrdID(),
          orderID: acks[1]?.orderID ?? "",
          symbol: "BTC/USD",
          side: "1",
          transactTime: TIME,
        },
        header(),
      ),
    );
    expect(reports(drain()).map((r) => [r.execType, r.orderID])).toEqual([["4", acks[1]?.orderID]]);
    clock.advance(10_000);
    engine.tick();
    expect(reports(drain()).map((r) => [r.execType, r.orderID])).toEqual([["0", acks[0]?.orderID]]);
    expect(engine.levels("BTC/USD")?.bids).toEqual([{ price: "100.0", size: "1.00" }]);
  });
});
