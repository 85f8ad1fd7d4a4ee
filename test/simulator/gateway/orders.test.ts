import { describe, expect, it } from "vitest";
import { TradingGateway } from "../../../cli/simulator/gateway/orders.js";
import type {
  Message,
  OrderCancelReplaceRequest,
  OrderCancelRequest,
  OrderMassCancelRequest,
  OrderStatusRequest,
} from "../../../generated/kraken-fix44/index.js";
import { BTC, ETH, TIME, reports, setup } from "./trading-harness.js";
import { header, inbound, roundTrip } from "./wire.js";

describe("TradingGateway: NewOrderSingle", () => {
  it("acknowledges with Pending New then New, every tag Kraken sends on an ack", () => {
    const { alice, order, drain } = setup();
    expect(alice.handle("a1", order({ clOrdID: "1000" }))).toBe(true);
    const sent = drain();
    expect(sent.map((s) => s.session)).toEqual(["a1", "a1"]);
    const [pending, fresh] = reports(sent);
    expect(pending).toMatchObject({ execType: "A", ordStatus: "A" });
    const { header: _, execID, ...rest } = fresh!;
    expect(execID).not.toBe(pending!.execID);
    expect(rest).toEqual({
      msgType: "8",
      clOrdID: "1000",
      orderID: "OAAAAA-AAAAA-AAAAAB",
      transactTime: TIME,
      ordType: "2",
      side: "1",
      symbol: "BTC/USD",
      price: "100.0",
      avgPx: "0",
      cumQty: "0.00",
      leavesQty: "1.00",
      orderQty: "1.00",
      execType: "0",
      ordStatus: "0",
      text: expect.stringContaining("limit 100"),
      timeInForce: "1",
      miscFees: [
        {
          miscFeeAmt: "0",
          miscFeeCurr: "USD",
          miscFeeType: "4",
          miscFeeBasis: 2,
        },
      ],
      grossTradeAmt: "0",
    });
  });

  it("reports both sides of a trade with 31/32/527/1003/5050, 118 last cost, 381 cumulative cost and the fee", () => {
    const { alice, bob, order, drain } = setup({
      fees: { maker: "0.001", taker: "0.002" },
    });
    bob.handle("b1", order({ side: "2", orderQty: "3", price: "100" }));
    drain();
    alice.handle("a1", order({ side: "1", orderQty: "2", price: "101" }));
    const trades = reports(drain()).filter((report) => report.execType === "F");
    // The taker's report comes first: its order is the one being executed.
    expect(trades.map((t) => [t.side, t.liquidityInd, t.ordStatus])).toEqual([
      ["1", "1", "2"],
      ["2", "0", "1"],
    ]);
    const [taker, maker] = trades;
    expect(taker).toMatchObject({
      lastPx: "100.0",
      lastQty: "2.00",
      cumQty: "2.00",
      leavesQty: "0.00",
      avgPx: "100",
      netMoney: "200",
      grossTradeAmt: "200",
      secondaryExecID: "1",
      miscFees: [
        {
          miscFeeAmt: "0.4",
          miscFeeCurr: "USD",
          miscFeeType: "4",
          miscFeeBasis: 2,
        },
      ],
    });
    // A sell's fee defaults to the base currency (ExecInst f): 0.1 % of 2 BTC.
    expect(maker).toMatchObject({
      lastQty: "2.00",
      leavesQty: "1.00",
      miscFees: [{ miscFeeAmt: "0.002", miscFeeCurr: "BTC" }],
    });
    expect(maker!.tradeID).toBe(taker!.tradeID);
  });

  it("answers a malformed Spot ClOrdID with a session Reject 373=5 on tag 11 and does not submit", () => {
    const { alice, engine, order, drain } = setup();
    const message = order({ clOrdID: "abc" });
    alice.handle("a1", message);
    const [reject] = drain();
    expect(reject?.message).toMatchObject({
      msgType: "3",
      refSeqNum: message.header.msgSeqNum,
      refTagID: 11,
      refMsgType: "D",
      sessionRejectReason: 5,
      text: "Spot ClOrdID must be a positive integer of at most 18 digits or a COMB UUID",
    });
    expect(engine.levels(BTC.symbol)).toEqual({ bids: [], asks: [] });
  });

  it("applies the Derivatives ClOrdID rule when the venue is derivatives", () => {
    const { engine, clock, order } = setup();
    const sent: Message[] = [];
    const send = (_: string, message: Message) => sent.push(roundTrip(message));
    const gateway = new TradingGateway({ engine, account: "x", venue: "derivatives", clock, send });
    gateway.handle("x1", order({ clOrdID: "12345" }));
    expect(sent).toMatchObject([
      { msgType: "3", refTagID: 11, text: "Derivatives ClOrdID must be a COMB UUID (version 4, time-first)" },
    ]);
  });

  it("answers business failures with 35=j, 379 = ClOrdID and the engine's EOrder text", () => {
    const { alice, order, drain } = setup();
    const unknown = order({ clOrdID: "7", symbol: "DOGE/USD" });
    alice.handle("a1", unknown);
    alice.handle("a1", order({ clOrdID: "8", price: "100.05" }));
    alice.handle("a1", order({ clOrdID: "9", execInst: ["f", "q"] }));
    expect(drain().map((s) => s.message)).toMatchObject([
      {
        msgType: "j",
        refSeqNum: unknown.header.msgSeqNum,
        refMsgType: "D",
        businessRejectRefID: "7",
        businessRejectReason: 2,
        text: "EQuery:Unknown asset pair",
      },
      {
        msgType: "j",
        businessRejectRefID: "8",
        businessRejectReason: 0,
        text: "EOrder:Invalid price:BTC/USD price can only be specified up to 1 decimals.",
      },
      {
        msgType: "j",
        businessRejectRefID: "9",
        businessRejectReason: 0,
        text: "EGeneral:Invalid arguments:ExecInst f and q are exclusive fee currencies",
      },
    ]);
  });

  it("passes post-only (ExecInst P) and self-trade prevention (7928) through to the engine", () => {
    const { alice, bob, order, drain } = setup();
    bob.handle("b1", order({ side: "2", price: "100" }));
    alice.handle("a1", order({ clOrdID: "50", side: "1", price: "100", execInst: ["P"] }));
    expect(drain().at(-1)?.message).toMatchObject({
      msgType: "j",
      text: "EOrder:Post only order",
    });
    alice.handle(
      "a1",
      order({
        symbol: ETH.symbol,
        side: "2",
        price: "200",
        selfTradePrevention: 0,
      }),
    );
    alice.handle(
      "a1",
      order({
        symbol: ETH.symbol,
        side: "1",
        price: "200",
        selfTradePrevention: 0,
      }),
    );
    const cancels = reports(drain()).filter((report) => report.execType === "4");
    expect(cancels.map((c) => c.text)).toEqual([
      "Order canceled by self-trade prevention",
      "Order canceled by self-trade prevention",
    ]);
  });
});

describe("TradingGateway: cancel, amend, status", () => {
  function cancelRequest(init: Partial<OrderCancelRequest>) {
    return inbound<OrderCancelRequest>({
      msgType: "F",
      clOrdID: "0",
      symbol: BTC.symbol,
      side: "1",
      transactTime: TIME,
      ...init,
    });
  }

  it("cancels an order of the same session with 150=4 and 41", () => {
    const { alice, order, nextClOrdID, drain } = setup();
    alice.handle("a1", order({ clOrdID: "10" }));
    drain();
    alice.handle("a1", cancelRequest({ clOrdID: nextClOrdID(), origClOrdID: "10" }));
    const [cancel] = reports(drain());
    expect(cancel).toMatchObject({
      execType: "4",
      ordStatus: "4",
      origClOrdID: "10",
      leavesQty: "0.00",
    });
  });

  it("refuses to cancel another session's order with 35=j 380=101", () => {
    const { alice, order, nextClOrdID, drain } = setup();
    alice.handle("a1", order({ clOrdID: "10" }));
    drain();
    const request = cancelRequest({
      clOrdID: nextClOrdID(),
      origClOrdID: "10",
    });
    alice.handle("a2", request);
    expect(drain()).toEqual([
      {
        session: "a2",
        message: expect.objectContaining({
          msgType: "j",
          refMsgType: "F",
          businessRejectRefID: request.clOrdID,
          businessRejectReason: 101,
          text: "EOrder:Unknown order",
        }),
      },
    ]);
  });

  it("amends in place: same OrderID, new ClOrdID in 11, previous one in 41", () => {
    const { alice, order, drain } = setup();
    alice.handle("a1", order({ clOrdID: "20" }));
    const [, ack] = reports(drain());
    const amend = inbound<OrderCancelReplaceRequest>({
      msgType: "G",
      clOrdID: "21",
      origClOrdID: "20",
      orderID: ack!.orderID,
      symbol: BTC.symbol,
      side: "1",
      transactTime: TIME,
      orderQty: "0.5",
      ordType: "2",
      timeInForce: "1",
      price: "99",
    });
    alice.handle("a1", amend);
    const [replaced] = reports(drain());
    expect(replaced).toMatchObject({
      execType: "5",
      ordStatus: "5",
      orderID: ack!.orderID,
      clOrdID: "21",
      origClOrdID: "20",
      orderQty: "0.50",
      price: "99.0",
    });
    alice.handle("a1", { ...amend, clOrdID: "22", origClOrdID: "20" });
    expect(drain()[0]?.message).toMatchObject({
      msgType: "j",
      refMsgType: "G",
      businessRejectReason: 101,
    });
  });

  it("answers OrderStatusRequest with 150=I and the current state, or 35=j 101 for an unknown order", () => {
    const { alice, bob, order, drain } = setup();
    alice.handle("a1", order({ clOrdID: "30", orderQty: "2" }));
    const [, ack] = reports(drain());
    bob.handle("b1", order({ side: "2", orderQty: "0.5", price: "100" }));
    drain();
    const status = (orderID: string) =>
      inbound<OrderStatusRequest>({
        msgType: "H",
        clOrdID: "30",
        orderID,
        symbol: BTC.symbol,
      });
    alice.handle("a1", status(ack!.orderID));
    expect(reports(drain())).toMatchObject([
      {
        execType: "I",
        ordStatus: "1",
        cumQty: "0.50",
        leavesQty: "1.50",
        grossTradeAmt: "50",
        clOrdID: "30",
      },
    ]);
    bob.handle("b1", status(ack!.orderID));
    alice.handle("a1", status("OXXXXX-XXXXX-XXXXXX"));
    expect(drain().map((s) => s.message)).toMatchObject([
      {
        msgType: "j",
        refMsgType: "H",
        businessRejectReason: 101,
        text: "EOrder:Unknown order",
      },
      {
        msgType: "j",
        refMsgType: "H",
        businessRejectReason: 101,
        text: "EOrder:Unknown order",
      },
    ]);
  });
});

describe("TradingGateway: mass cancel", () => {
  function massCancel(massCancelRequestType: OrderMassCancelRequest["massCancelRequestType"], symbol?: string) {
    return inbound<OrderMassCancelRequest>({
      msgType: "q",
      clOrdID: "900",
      transactTime: TIME,
      massCancelRequestType,
      ...(symbol !== undefined && { symbol }),
    });
  }

  function placeFour(setupResult: ReturnType<typeof setup>) {
    const { alice, order, drain } = setupResult;
    alice.handle("a1", order());
    alice.handle("a1", order({ symbol: ETH.symbol, price: "10", orderQty: "1" }));
    alice.handle("a2", order());
    alice.handle("a2", order({ symbol: ETH.symbol, price: "10", orderQty: "1" }));
    drain();
  }

  it.each([
    ["1", "BTC/USD", [["a1", "BTC/USD"]]],
    [
      "6",
      undefined,
      [
        ["a1", "BTC/USD"],
        ["a1", "ETH/USD"],
      ],
    ],
    [
      "7",
      undefined,
      [
        ["a1", "BTC/USD"],
        ["a1", "ETH/USD"],
        ["a2", "BTC/USD"],
        ["a2", "ETH/USD"],
      ],
    ],
  ] as const)("530=%s cancels its scope with one ER per order and nothing else", (type, symbol, expected) => {
    const context = setup();
    placeFour(context);
    context.alice.handle("a1", massCancel(type, symbol));
    const sent = context.drain();
    expect(reports(sent).map((c) => [c.execType, c.text])).toEqual(
      expected.map(() => ["4", "Order canceled by mass cancel"]),
    );
    expect(sent.map(({ session, message }) => [session, message.msgType === "8" && message.symbol])).toEqual(expected);
  });

  it("refuses 530=1 without a symbol with 35=j 380=5", () => {
    const { alice, drain } = setup();
    alice.handle("a1", massCancel("1"));
    expect(drain()[0]?.message).toMatchObject({
      msgType: "j",
      refMsgType: "q",
      businessRejectRefID: "900",
      businessRejectReason: 5,
      text: "Symbol (55) is required with MassCancelRequestType 1",
    });
  });
});

describe("TradingGateway: rate limit and cancel on disconnect", () => {
  it("refuses an order over the rate counter with EOrder:Rate limit exceeded, and accepts it after decay", () => {
    const { alice, order, clock, drain } = setup({
      rateTier: { threshold: 2, decayPerSecond: 1 },
    });
    alice.handle("a1", order());
    alice.handle("a1", order());
    drain();
    const third = order({ clOrdID: "77" });
    alice.handle("a1", third);
    expect(drain().map((s) => s.message)).toEqual([
      expect.objectContaining({
        msgType: "j",
        refSeqNum: third.header.msgSeqNum,
        businessRejectRefID: "77",
        businessRejectReason: 0,
        text: "EOrder:Rate limit exceeded",
      }),
    ]);
    // The counter is per pair: another symbol still has room.
    alice.handle("a1", order({ symbol: ETH.symbol, price: "10" }));
    expect(reports(drain()).map((r) => r.execType)).toEqual(["A", "0"]);
    clock.advance(1_000);
    alice.handle("a1", order({ clOrdID: "78" }));
    expect(reports(drain()).map((r) => r.execType)).toEqual(["A", "0"]);
  });

  it("cancels a dropped session's orders when 8674 is 0 or absent, and keeps them after a Logout or with 8674=1", () => {
    const { alice, order, drain } = setup();
    alice.onLogon("a1", undefined);
    alice.onLogon("a2", 1);
    alice.onLogon("a3", 0);
    for (const session of ["a1", "a2", "a3", "a3"]) alice.handle(session, order());
    drain();
    expect(alice.onDisconnect("a2", { graceful: false })).toBe(0);
    expect(alice.onDisconnect("a3", { graceful: true })).toBe(0);
    expect(drain()).toEqual([]);
    expect(alice.onDisconnect("a1", { graceful: false })).toBe(1);
    expect(drain().map((s) => [s.session, s.message.msgType])).toEqual([["a1", "8"]]);
  });

  it("refuses a fee schedule that is not a pair of non-negative decimals", () => {
    expect(() => setup({ fees: { maker: "0.001", taker: "-0.002" } })).toThrow(
      'taker fee rate must be a non-negative decimal fraction, got "-0.002"',
    );
    expect(() => setup({ fees: { maker: "1%", taker: "0.002" } })).toThrow(
      'maker fee rate must be a non-negative decimal fraction, got "1%"',
    );
  });

  it("leaves messages it does not handle to the caller and ignores other accounts' events after dispose", () => {
    const { alice, bob, order, drain } = setup();
    expect(alice.handle("a1", inbound({ msgType: "0" }, header()))).toBe(false);
    bob.dispose();
    bob.handle("b1", order());
    expect(drain()).toEqual([]);
  });
});
