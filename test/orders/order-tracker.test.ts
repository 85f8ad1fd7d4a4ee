import { describe, expect, it } from "vitest";
import {
  OrderFees,
  OrderTracker,
  type ExecutionReportLike,
  type FeeModel,
  type OrderAnomalyKind,
} from "../../runtime/orders/index.js";

const SYMBOL = "BTC/USD";
let execCounter = 0;

/** An ExecutionReport for order O1 / ClOrdID 1 unless overridden; every report gets its own ExecID. */
function er(fields: ExecutionReportLike): ExecutionReportLike {
  execCounter++;
  return {
    clOrdID: "1",
    orderID: "O1",
    execID: `E${execCounter}`,
    symbol: SYMBOL,
    side: "1",
    orderQty: "0.5",
    ...fields,
  };
}

const ack = (fields: ExecutionReportLike = {}) =>
  er({ execType: "0", ordStatus: "0", cumQty: "0", leavesQty: "0.5", ...fields });
const trade = (lastQty: string, cumQty: string, fields: ExecutionReportLike = {}) =>
  er({
    execType: "F",
    ordStatus: cumQty === "0.5" ? "2" : "1",
    lastQty,
    lastPx: "84000.10",
    cumQty,
    ...fields,
    leavesQty: fields.leavesQty ?? subtractForTest("0.5", cumQty),
  });

/** 0.5 - x for the few values used here, written out so the tests do not depend on the code under test. */
function subtractForTest(total: "0.5", x: string): string {
  const table: Record<string, string> = {
    "0": "0.5",
    "0.1": "0.4",
    "0.2": "0.3",
    "0.3": "0.2",
    "0.4": "0.1",
    "0.5": "0",
  };
  const value = table[x];
  if (value === undefined || total !== "0.5") throw new Error(`no table entry for ${x}`);
  return value;
}

function tracker(feeModel: FeeModel = "cumulative"): OrderTracker {
  return new OrderTracker({ feeModel });
}

/** A tracker with order 1 sent and acknowledged (after Logon). */
function liveOrder(feeModel: FeeModel = "cumulative"): OrderTracker {
  const t = tracker(feeModel);
  t.onLogon();
  t.onNewOrderSingle({ clOrdID: "1", symbol: SYMBOL, side: "1", orderQty: "0.5", price: "84000.10" });
  t.onExecutionReport(ack());
  return t;
}

const kinds = (t: OrderTracker): OrderAnomalyKind[] => t.anomalies.map((anomaly) => anomaly.kind);

describe("OrderTracker: lifecycle", () => {
  it("keeps the key order fills and results have always had (JSON and console output show it)", () => {
    const t = tracker();
    t.onLogon();
    t.onNewOrderSingle({ clOrdID: "1", symbol: SYMBOL, side: "1", orderQty: "0.5", price: "84000.10" });
    t.onExecutionReport(ack());
    const result = t.onExecutionReport(trade("0.2", "0.2", { avgPx: "84000.10", transactTime: "20261124-10:00:00.000" }), { seqNum: 9 });
    expect(Object.keys(result)).toEqual(["order", "fill", "anomalies", "duplicate"]);
    expect(Object.keys(result.fill!)).toEqual(["index", "seqNum", "execID", "kind", "qty", "price", "cumQty", "transactTime", "fees"]);
    expect(Object.keys(t.onExecutionReport(ack({ execID: "E-restated", execType: "D", ordStatus: "1", cumQty: "0.2", leavesQty: "0.3" })))).toEqual([
      "order",
      "anomalies",
      "duplicate",
    ]);
  });

  it("follows an order from NewOrderSingle to Filled without anomalies", () => {
    const t = tracker();
    t.onLogon();
    const sent = t.onNewOrderSingle({ clOrdID: "1", symbol: SYMBOL, side: "1", orderQty: "0.5", price: "84000.10" });
    expect(sent).toMatchObject({ clOrdID: "1", ordStatus: undefined, closed: false, origin: "request", cumQty: "0" });
    t.onExecutionReport(er({ execType: "A", ordStatus: "A", cumQty: "0", leavesQty: "0.5" }));
    t.onExecutionReport(ack());
    const first = t.onExecutionReport(trade("0.2", "0.2", { avgPx: "84000.10" }));
    expect(first.fill).toMatchObject({ kind: "trade", qty: "0.2", price: "84000.10", cumQty: "0.2" });
    t.onExecutionReport(trade("0.3", "0.5", { avgPx: "84000.10" }));
    expect(t.anomalies).toEqual([]);
    const order = t.order("1");
    expect(order).toMatchObject({
      orderID: "O1",
      ordStatus: "2",
      lastExecType: "F",
      cumQty: "0.5",
      leavesQty: "0",
      avgPx: "84000.10",
      closed: true,
    });
    expect(order?.fills.map((fill) => fill.qty)).toEqual(["0.2", "0.3"]);
    expect(t.orderByOrderID("O1")).toBe(order);
    expect(t.openOrders()).toEqual([]);
  });

  it("adds quantities exactly (0.1 + 0.2 = 0.3)", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.1", "0.1"));
    t.onExecutionReport(er({ execType: "F", ordStatus: "1", lastQty: "0.2", lastPx: "1", leavesQty: "0.2" }));
    expect(t.order("1")?.cumQty).toBe("0.3");
    expect(t.anomalies).toEqual([]);
  });

  it("ignores a report whose ExecID it has seen (a resend) and says so", () => {
    const t = liveOrder();
    const fill = trade("0.1", "0.1");
    t.onExecutionReport(fill);
    const again = t.onExecutionReport(fill);
    expect(again.duplicate).toBe(true);
    expect(again.fill).toBeUndefined();
    expect(t.order("1")?.fills).toHaveLength(1);
    expect(t.anomalies).toEqual([]);
  });

  it("counts open orders, fills and filled quantity per symbol and side", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.1", "0.1"));
    t.onNewOrderSingle({ clOrdID: "2", symbol: "ETH/USD", side: "2", orderQty: "3" });
    t.onNewOrderSingle({ clOrdID: "3", symbol: SYMBOL, side: "1", orderQty: "1" });
    t.onExecutionReport(
      er({
        clOrdID: "3",
        orderID: "O3",
        orderQty: "1",
        execType: "F",
        ordStatus: "2",
        lastQty: "1",
        lastPx: "1",
        cumQty: "1",
        leavesQty: "0",
      }),
    );
    expect(t.openOrders().map((order) => order.clOrdID)).toEqual(["1", "2"]);
    expect(t.totals()).toEqual({
      orders: 3,
      openOrders: 2,
      fills: 2,
      catchUpFills: 0,
      fees: [],
      filled: [{ symbol: SYMBOL, side: "1", qty: "1.1" }],
      anomalies: 0,
    });
  });

  it("rejects an unknown fee model with a clear error", () => {
    expect(() => new OrderTracker({ feeModel: "spot" as FeeModel })).toThrow(
      new RangeError('feeModel must be "cumulative" or "per-trade", got "spot"'),
    );
  });
});

describe("OrderTracker: ClOrdID chains", () => {
  it("follows amends and a cancel: OrigClOrdID → ClOrdID", () => {
    const t = liveOrder();
    t.onCancelReplaceRequest({ clOrdID: "2", origClOrdID: "1", orderID: "O1", orderQty: "0.4", price: "84100" });
    expect(t.order("2")).toBe(t.order("1"));
    expect(t.order("1")?.pending).toEqual([{ kind: "replace", clOrdID: "2", orderQty: "0.4", price: "84100" }]);

    // Pending Replace: the exchange has the amend but has not applied it.
    t.onExecutionReport(ack({ clOrdID: "2", origClOrdID: "1", execType: "E", ordStatus: "E" }));
    expect(t.order("1")).toMatchObject({ clOrdID: "1", clOrdIDs: ["1"] });

    t.onExecutionReport(
      ack({
        clOrdID: "2",
        origClOrdID: "1",
        execType: "5",
        ordStatus: "5",
        orderQty: "0.4",
        leavesQty: "0.4",
        price: "84100",
      }),
    );
    expect(t.order("1")).toMatchObject({
      clOrdID: "2",
      clOrdIDs: ["1", "2"],
      orderQty: "0.4",
      price: "84100",
      pending: [],
    });

    t.onCancelReplaceRequest({ clOrdID: "3", origClOrdID: "2", orderID: "O1", orderQty: "0.3" });
    t.onExecutionReport(
      ack({ clOrdID: "3", origClOrdID: "2", execType: "5", ordStatus: "5", orderQty: "0.3", leavesQty: "0.3" }),
    );
    t.onCancelRequest({ clOrdID: "4", origClOrdID: "3" });
    t.onExecutionReport(
      er({
        clOrdID: "4",
        origClOrdID: "3",
        execType: "4",
        ordStatus: "4",
        orderQty: "0.3",
        cumQty: "0",
        leavesQty: "0",
      }),
    );

    const order = t.order("4");
    expect(order).toMatchObject({ clOrdID: "4", clOrdIDs: ["1", "2", "3", "4"], closed: true, ordStatus: "4" });
    for (const id of ["1", "2", "3"]) expect(t.order(id)).toBe(order);
    expect(t.orders()).toHaveLength(1);
    expect(t.anomalies).toEqual([]);
  });

  it("drops a rejected amend from the pending requests and keeps the chain", () => {
    const t = liveOrder();
    t.onCancelReplaceRequest({ clOrdID: "2", origClOrdID: "1", orderQty: "0.4" });
    const order = t.onRequestRejected("2", "EOrder:Invalid price");
    expect(order).toMatchObject({
      clOrdID: "1",
      clOrdIDs: ["1"],
      pending: [],
      closed: false,
      text: "EOrder:Invalid price",
    });
    expect(t.onRequestRejected("unknown")).toBeUndefined();
  });

  it("closes an order whose NewOrderSingle was rejected, and flags a later report for it", () => {
    const t = tracker();
    t.onNewOrderSingle({ clOrdID: "9" });
    expect(t.onRequestRejected("9", "EOrder:Insufficient funds")).toMatchObject({ closed: true });
    expect(t.openOrders()).toEqual([]);
    t.onExecutionReport(
      er({ clOrdID: "9", orderID: "O9", execType: "0", ordStatus: "0", cumQty: "0", leavesQty: "0.5" }),
    );
    expect(t.anomalies).toMatchObject([
      { kind: "impossible-transition", text: "New (0) after the order was rejected" },
    ]);
  });

  it("follows an order it did not place once a cancel names it", () => {
    const t = tracker();
    t.onLogon();
    t.onCancelRequest({ clOrdID: "20", orderID: "OX", symbol: SYMBOL });
    t.onExecutionReport(
      er({ clOrdID: "20", orderID: "OX", execType: "4", ordStatus: "4", cumQty: "0.1", leavesQty: "0" }),
    );
    expect(t.orderByOrderID("OX")).toMatchObject({ origin: "request", clOrdIDs: ["20"], closed: true, cumQty: "0.1" });
    expect(t.anomalies).toEqual([]);
  });
});

describe("OrderTracker: Restated catch-up", () => {
  it("accepts a CumQty jump on a Restated (150=D) report as a catch-up fill", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.1", "0.1"));
    const result = t.onExecutionReport(er({ execType: "D", ordStatus: "1", cumQty: "0.3", leavesQty: "0.2" }));
    expect(result.fill).toMatchObject({ kind: "catch-up", qty: "0.2", cumQty: "0.3" });
    expect(result.fill?.price).toBeUndefined();
    expect(t.anomalies).toEqual([]);
    expect(t.totals()).toMatchObject({ fills: 2, catchUpFills: 1 });
    // The next trade is compared with the caught-up CumQty.
    t.onExecutionReport(trade("0.2", "0.5"));
    expect(t.anomalies).toEqual([]);
  });

  it("accepts a CumQty jump on an Order Status (150=I) report", () => {
    const t = liveOrder();
    t.onExecutionReport(er({ execType: "I", ordStatus: "1", cumQty: "0.2", leavesQty: "0.3" }));
    expect(t.order("1")?.fills).toMatchObject([{ kind: "catch-up", qty: "0.2" }]);
    expect(t.anomalies).toEqual([]);
  });

  it("flags a CumQty jump on other reports as an unreported fill (and still records it)", () => {
    const t = liveOrder();
    t.onExecutionReport(er({ execType: "4", ordStatus: "4", cumQty: "0.2", leavesQty: "0" }));
    expect(t.anomalies).toMatchObject([
      { kind: "unreported-fill", text: "CumQty rose by 0.2 (0 → 0.2) on ExecType 4" },
    ]);
    expect(t.order("1")?.fills).toMatchObject([{ kind: "catch-up", qty: "0.2" }]);
  });
});

describe("OrderTracker: fees", () => {
  const fee = (amount: string, currency = "USD") => ({
    miscFees: [{ miscFeeAmt: amount, miscFeeCurr: currency, miscFeeType: "4" }],
  });

  it("Spot (cumulative): a fill's fee is the increase of MiscFeeAmt; the order's fee is the last amount", () => {
    const t = liveOrder("cumulative");
    const fills = [
      t.onExecutionReport(trade("0.1", "0.1", fee("0.10"))),
      t.onExecutionReport(trade("0.2", "0.3", fee("0.25"))),
      t.onExecutionReport(trade("0.2", "0.5", fee("0.40"))),
    ];
    expect(fills.map((result) => result.fill?.fees)).toEqual([
      [{ currency: "USD", type: "4", amount: "0.1" }],
      [{ currency: "USD", type: "4", amount: "0.15" }],
      [{ currency: "USD", type: "4", amount: "0.15" }],
    ]);
    expect(t.order("1")?.fees).toEqual([{ currency: "USD", type: "4", amount: "0.40" }]);
    expect(t.totals().fees).toEqual([{ currency: "USD", type: "4", amount: "0.40" }]);
    expect(t.anomalies).toEqual([]);
  });

  it("Derivatives (per-trade): each fill's fee is its own amount; the order's fee is the sum", () => {
    const t = liveOrder("per-trade");
    const fills = [
      t.onExecutionReport(trade("0.1", "0.1", fee("0.10"))),
      t.onExecutionReport(trade("0.2", "0.3", fee("0.15"))),
      t.onExecutionReport(trade("0.2", "0.5", fee("0.15"))),
    ];
    expect(fills.map((result) => result.fill?.fees.map((amount) => amount.amount))).toEqual([
      ["0.10"],
      ["0.15"],
      ["0.15"],
    ]);
    expect(t.order("1")?.fees).toEqual([{ currency: "USD", type: "4", amount: "0.4" }]);
    expect(t.anomalies).toEqual([]);
  });

  it("per-trade: a fee on a report without a fill is not added", () => {
    const t = liveOrder("per-trade");
    t.onExecutionReport(trade("0.1", "0.1", fee("0.10")));
    t.onExecutionReport(er({ execType: "4", ordStatus: "4", cumQty: "0.1", leavesQty: "0", ...fee("0.10") }));
    expect(t.order("1")?.fees).toEqual([{ currency: "USD", type: "4", amount: "0.10" }]);
  });

  it("cumulative: per-trade amounts make the fee go down, which is flagged", () => {
    const t = liveOrder("cumulative");
    t.onExecutionReport(trade("0.1", "0.1", fee("0.10")));
    t.onExecutionReport(trade("0.2", "0.3", fee("0.05")));
    expect(t.anomalies).toMatchObject([
      { kind: "fee-decreased", text: "cumulative fee USD went down from 0.10 to 0.05" },
    ]);
    expect(t.order("1")?.fees).toEqual([{ currency: "USD", type: "4", amount: "0.10" }]);
  });

  it("keeps fees per currency and sums them over orders", () => {
    const t = liveOrder("cumulative");
    t.onExecutionReport(trade("0.1", "0.1", fee("0.10")));
    t.onNewOrderSingle({ clOrdID: "2", orderQty: "1" });
    t.onExecutionReport(
      er({
        clOrdID: "2",
        orderID: "O2",
        orderQty: "1",
        execType: "F",
        ordStatus: "2",
        lastQty: "1",
        lastPx: "1",
        cumQty: "1",
        leavesQty: "0",
        ...fee("0.0001", "BTC"),
      }),
    );
    t.onNewOrderSingle({ clOrdID: "3", orderQty: "1" });
    t.onExecutionReport(
      er({
        clOrdID: "3",
        orderID: "O3",
        orderQty: "1",
        execType: "F",
        ordStatus: "2",
        lastQty: "1",
        lastPx: "1",
        cumQty: "1",
        leavesQty: "0",
        ...fee("0.2"),
      }),
    );
    expect(t.totals().fees).toEqual([
      { currency: "USD", type: "4", amount: "0.3" },
      { currency: "BTC", type: "4", amount: "0.0001" },
    ]);
  });

  it("an order's totals: one per currency and type, in the order first seen; type 4 is \"4\", no currency is \"\"", () => {
    const fees = new OrderFees("cumulative");
    fees.apply([{ miscFeeAmt: "0.1", miscFeeCurr: "USD", miscFeeType: 4 }, { miscFeeAmt: "0.001", miscFeeCurr: "BTC", miscFeeType: "4" }], true);
    fees.apply([{ miscFeeAmt: "0.01", miscFeeType: "7" }, { miscFeeAmt: "0.02", miscFeeCurr: "", miscFeeType: "7" }], true);
    const update = fees.apply([{ miscFeeAmt: "0.3", miscFeeCurr: "USD", miscFeeType: "4" }, { miscFeeAmt: "0.0005", miscFeeCurr: "BTC", miscFeeType: 4 }], true);
    expect(update.fillFees).toEqual([{ currency: "USD", type: "4", amount: "0.2" }]);
    expect(update.decreased).toEqual([{ fee: { currency: "BTC", type: "4", amount: "0.0005" }, previous: "0.001" }]);
    expect(fees.amounts).toEqual([
      { currency: "USD", type: "4", amount: "0.3" },
      { currency: "BTC", type: "4", amount: "0.001" },
      { currency: "", type: "7", amount: "0.02" },
    ]);
    const perTrade = new OrderFees("per-trade");
    perTrade.apply([{ miscFeeAmt: "0.1", miscFeeCurr: "USD", miscFeeType: 4 }], true);
    perTrade.apply([{ miscFeeAmt: "0.2", miscFeeCurr: "USD", miscFeeType: "4" }, { miscFeeAmt: "1", miscFeeCurr: "EUR" }], true);
    expect(perTrade.amounts).toEqual([
      { currency: "USD", type: "4", amount: "0.3" },
      { currency: "EUR", amount: "1" },
    ]);
  });

  it("flags a MiscFeeAmt that is not a decimal", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.1", "0.1", fee("ten")));
    expect(t.anomalies).toMatchObject([{ kind: "invalid-value", text: 'MiscFeeAmt (137) "ten" is not a decimal' }]);
  });
});

describe("OrderTracker: anomalies", () => {
  it("fill after Filled: flagged", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.5", "0.5"));
    t.onExecutionReport(trade("0.1", "0.6", { ordStatus: "2", leavesQty: "0" }));
    expect(t.anomalies).toMatchObject([
      { kind: "fill-after-close", clOrdID: "1", orderID: "O1", text: "Trade of 0.1 after the order was Filled (2)" },
    ]);
  });

  it("fill after Canceled: flagged; a repeated Canceled status is not", () => {
    const t = liveOrder();
    t.onExecutionReport(er({ execType: "4", ordStatus: "4", cumQty: "0", leavesQty: "0" }));
    t.onExecutionReport(er({ execType: "I", ordStatus: "4", cumQty: "0", leavesQty: "0" }));
    expect(t.anomalies).toEqual([]);
    t.onExecutionReport(trade("0.1", "0.1", { ordStatus: "4", leavesQty: "0" }));
    expect(kinds(t)).toEqual(["fill-after-close"]);
  });

  it("CumQty decreasing: flagged, and the higher CumQty is kept; an equal CumQty is not flagged", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.3", "0.3"));
    t.onExecutionReport(er({ execType: "I", ordStatus: "1", cumQty: "0.3", leavesQty: "0.2" }));
    expect(t.anomalies).toEqual([]);
    t.onExecutionReport(er({ execType: "I", ordStatus: "1", cumQty: "0.2", leavesQty: "0.3" }));
    expect(t.anomalies).toMatchObject([{ kind: "cum-qty-decreased", text: "CumQty went down from 0.3 to 0.2" }]);
    expect(t.order("1")?.cumQty).toBe("0.3");
  });

  it("CumQty + LeavesQty ≠ OrderQty on a live order: flagged; not on a closed or pending-replace one", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.1", "0.1", { leavesQty: "0.5" }));
    expect(t.anomalies).toMatchObject([
      { kind: "quantity-mismatch", text: "CumQty 0.1 + LeavesQty 0.5 ≠ OrderQty 0.5 on a Partially Filled (1) order" },
    ]);
    const quiet = liveOrder();
    quiet.onExecutionReport(trade("0.1", "0.1"));
    quiet.onExecutionReport(er({ execType: "E", ordStatus: "E", cumQty: "0.1", leavesQty: "0.3", orderQty: "0.5" }));
    quiet.onExecutionReport(er({ execType: "4", ordStatus: "4", cumQty: "0.1", leavesQty: "0" }));
    expect(quiet.anomalies).toEqual([]);
  });

  it("uses the OrderQty of the NewOrderSingle when the report has none", () => {
    const t = liveOrder();
    t.onExecutionReport({
      clOrdID: "1",
      orderID: "O1",
      execID: "X1",
      execType: "F",
      ordStatus: "1",
      lastQty: "0.1",
      cumQty: "0.1",
      leavesQty: "0.3",
    });
    expect(t.anomalies).toMatchObject([
      { kind: "quantity-mismatch", text: "CumQty 0.1 + LeavesQty 0.3 ≠ OrderQty 0.5 on a Partially Filled (1) order" },
    ]);
  });

  it("LastQty ≠ CumQty increase on a Trade report: flagged, also when LastQty is missing", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.2", "0.1", { leavesQty: "0.4" }));
    t.onExecutionReport(er({ execType: "F", ordStatus: "1", cumQty: "0.2", leavesQty: "0.3" }));
    expect(t.anomalies).toMatchObject([
      { kind: "last-qty-mismatch", text: "LastQty 0.2 but CumQty rose by 0.1 (0 → 0.1)" },
      { kind: "last-qty-mismatch", text: "Trade report without LastQty; CumQty rose by 0.1 (0.1 → 0.2)" },
    ]);
    expect(t.order("1")?.fills.map((fill) => fill.qty)).toEqual(["0.2", "0.1"]);
  });

  it("a Trade report without CumQty adds its LastQty", () => {
    const t = liveOrder();
    t.onExecutionReport(er({ execType: "F", ordStatus: "1", lastQty: "0.25", lastPx: "1" }));
    expect(t.order("1")?.cumQty).toBe("0.25");
    expect(t.anomalies).toEqual([]);
  });

  it("ClOrdID reused by a NewOrderSingle or a cancel: flagged; fresh ClOrdIDs are not", () => {
    const t = liveOrder();
    t.onNewOrderSingle({ clOrdID: "2" });
    t.onCancelRequest({ clOrdID: "3", origClOrdID: "2" });
    expect(t.anomalies).toEqual([]);
    t.onNewOrderSingle({ clOrdID: "1" });
    t.onCancelRequest({ clOrdID: "2", origClOrdID: "1" }, { index: 40, seqNum: 12 });
    expect(t.anomalies).toMatchObject([
      {
        kind: "clordid-reused",
        clOrdID: "1",
        text: "NewOrderSingle reuses ClOrdID 1, already used by an earlier NewOrderSingle",
      },
      {
        kind: "clordid-reused",
        clOrdID: "2",
        index: 40,
        seqNum: 12,
        text: "OrderCancelRequest reuses ClOrdID 2, already used by an earlier NewOrderSingle",
      },
    ]);
    // The reused ClOrdID now names the newest order.
    expect(t.order("1")?.orderID).toBeUndefined();
  });

  it("ClOrdID reused for another OrderID in reports: flagged, and the orders stay apart", () => {
    const t = tracker();
    t.onExecutionReport(
      er({ clOrdID: "7", orderID: "OA", execType: "0", ordStatus: "0", cumQty: "0", leavesQty: "0.5" }),
    );
    t.onExecutionReport(
      er({
        clOrdID: "7",
        orderID: "OA",
        execType: "F",
        ordStatus: "1",
        lastQty: "0.1",
        cumQty: "0.1",
        leavesQty: "0.4",
      }),
    );
    expect(t.anomalies).toEqual([]);
    t.onExecutionReport(
      er({ clOrdID: "7", orderID: "OB", execType: "0", ordStatus: "0", cumQty: "0", leavesQty: "0.5" }),
    );
    expect(t.anomalies).toMatchObject([
      { kind: "clordid-reused", orderID: "OB", text: "ClOrdID 7 names order OA and now order OB" },
    ]);
    expect(t.orderByOrderID("OA")?.cumQty).toBe("0.1");
    expect(t.orderByOrderID("OB")?.cumQty).toBe("0");
    expect(t.order("7")).toBe(t.orderByOrderID("OB"));
  });

  it("ER for an unknown order: flagged only after onLogon", () => {
    const before = tracker();
    before.onExecutionReport(
      er({
        clOrdID: "50",
        orderID: "O50",
        execType: "F",
        ordStatus: "1",
        lastQty: "0.1",
        cumQty: "0.1",
        leavesQty: "0.4",
      }),
    );
    expect(before.anomalies).toEqual([]);
    expect(before.orderByOrderID("O50")).toMatchObject({ origin: "report", cumQty: "0.1" });

    const after = tracker();
    after.onLogon();
    after.onExecutionReport(
      er({ clOrdID: "50", orderID: "O50", execType: "0", ordStatus: "0", cumQty: "0", leavesQty: "0.5" }),
      { index: 3 },
    );
    expect(after.anomalies).toEqual([
      {
        kind: "unknown-order",
        index: 3,
        clOrdID: "50",
        orderID: "O50",
        text: "no order of this session has these identifiers",
      },
    ]);
  });

  it("ER for an unknown order: not flagged for cancels after a mass cancel, nor for Restated reports", () => {
    const t = tracker();
    t.onLogon();
    t.onMassCancelRequest({ clOrdID: "M1", massCancelRequestType: "7" });
    t.onExecutionReport(
      er({ clOrdID: "M1", orderID: "OTHER1", execType: "4", ordStatus: "4", cumQty: "0", leavesQty: "0" }),
    );
    t.onExecutionReport(
      er({ clOrdID: "61", orderID: "OTHER2", execType: "4", ordStatus: "4", cumQty: "0", leavesQty: "0" }),
    );
    t.onExecutionReport(
      er({ clOrdID: "62", orderID: "OTHER3", execType: "D", ordStatus: "1", cumQty: "0.1", leavesQty: "0.4" }),
    );
    expect(t.anomalies).toEqual([]);
    // The mass cancel's own ClOrdID does not tie the other orders together.
    expect(t.orderByOrderID("OTHER1")).not.toBe(t.orderByOrderID("OTHER2"));
    expect(t.order("M1")).toBeUndefined();
    // A fill for an unknown order is still flagged.
    t.onExecutionReport(
      er({
        clOrdID: "63",
        orderID: "OTHER4",
        execType: "F",
        ordStatus: "1",
        lastQty: "0.1",
        cumQty: "0.1",
        leavesQty: "0.4",
      }),
    );
    expect(kinds(t)).toEqual(["unknown-order"]);
  });

  it("ER for an unknown order: a mass cancel by symbol excuses only that symbol's cancels", () => {
    const t = tracker();
    t.onLogon();
    t.onMassCancelRequest({ clOrdID: "M1", massCancelRequestType: "1", symbol: "ETH/USD" });
    t.onExecutionReport(
      er({
        clOrdID: "71",
        orderID: "O71",
        symbol: "ETH/USD",
        execType: "4",
        ordStatus: "4",
        cumQty: "0",
        leavesQty: "0",
      }),
    );
    expect(t.anomalies).toEqual([]);
    t.onExecutionReport(
      er({
        clOrdID: "72",
        orderID: "O72",
        symbol: "BTC/USD",
        execType: "4",
        ordStatus: "4",
        cumQty: "0",
        leavesQty: "0",
      }),
    );
    expect(kinds(t)).toEqual(["unknown-order"]);
  });

  it("a report naming no order at all is flagged and not tracked", () => {
    const t = tracker();
    const result = t.onExecutionReport({ execType: "0", ordStatus: "0" });
    expect(result.order).toBeUndefined();
    expect(t.anomalies).toEqual([
      { kind: "unknown-order", index: 1, text: "the report carries neither ClOrdID nor OrderID" },
    ]);
    expect(t.orders()).toEqual([]);
  });

  it("impossible transitions: New after Filled, Pending New after New, New after Partially Filled", () => {
    const filled = liveOrder();
    filled.onExecutionReport(trade("0.5", "0.5"));
    filled.onExecutionReport(ack({ cumQty: "0.5", leavesQty: "0" }));
    expect(filled.anomalies).toMatchObject([
      { kind: "impossible-transition", text: "New (0) after the order was Filled (2)" },
    ]);

    const pending = liveOrder();
    pending.onExecutionReport(er({ execType: "A", ordStatus: "A", cumQty: "0", leavesQty: "0.5" }));
    expect(pending.anomalies).toMatchObject([
      {
        kind: "impossible-transition",
        text: "Pending New (A) after New (0): an accepted order cannot be pending new again",
      },
    ]);

    const partial = liveOrder();
    partial.onExecutionReport(trade("0.1", "0.1"));
    partial.onExecutionReport(ack({ cumQty: "0.1", leavesQty: "0.4" }));
    expect(partial.anomalies).toMatchObject([
      { kind: "impossible-transition", text: "New (0) after Partially Filled (1): fills cannot be undone" },
    ]);
  });

  it("possible transitions are not flagged: Pending New → New → Replaced → Partially Filled → Filled", () => {
    const t = tracker();
    t.onNewOrderSingle({ clOrdID: "1", orderQty: "0.5" });
    t.onExecutionReport(er({ execType: "A", ordStatus: "A", cumQty: "0", leavesQty: "0.5" }));
    t.onExecutionReport(er({ execType: "A", ordStatus: "A", cumQty: "0", leavesQty: "0.5" }));
    t.onExecutionReport(ack());
    t.onExecutionReport(ack({ execType: "5", ordStatus: "5" }));
    t.onExecutionReport(trade("0.2", "0.2"));
    t.onExecutionReport(trade("0.3", "0.5"));
    t.onExecutionReport(er({ execType: "I", ordStatus: "2", cumQty: "0.5", leavesQty: "0" }));
    expect(t.anomalies).toEqual([]);
  });

  it("a value that is not a decimal is flagged and ignored", () => {
    const t = liveOrder();
    t.onExecutionReport(er({ execType: "I", ordStatus: "0", cumQty: "abc", leavesQty: "0.5" }));
    expect(t.anomalies).toMatchObject([{ kind: "invalid-value", text: 'CumQty (14) "abc" is not a decimal' }]);
    expect(t.order("1")?.cumQty).toBe("0");
  });

  it("numbers anomalies by the tracker's own count of inputs unless given an index", () => {
    const t = tracker();
    t.onLogon();
    t.onNewOrderSingle({ clOrdID: "1" });
    t.onExecutionReport(er({ clOrdID: "x", orderID: "Ox", execType: "0", ordStatus: "0" }));
    t.onExecutionReport(er({ clOrdID: "y", orderID: "Oy", execType: "0", ordStatus: "0" }), { index: 99, seqNum: 5 });
    expect(t.anomalies.map((anomaly) => [anomaly.index, anomaly.seqNum])).toEqual([
      [2, undefined],
      [99, 5],
    ]);
  });
});

describe("OrderTracker: signs of quantities written with zeros and minus signs", () => {
  it("a Trade of LastQty 0.000 or -0.0 adds no fill, and CumQty written 0.50 after 0.5 is no rise", () => {
    const t = liveOrder();
    expect(t.onExecutionReport(trade("0.000", "0")).fill).toBeUndefined();
    expect(t.onExecutionReport(trade("-0.0", "0")).fill).toBeUndefined();
    expect(t.onExecutionReport(trade("0.50", "0.50", { leavesQty: "0" })).fill?.qty).toBe("0.50");
    expect(t.onExecutionReport(er({ execType: "I", ordStatus: "2", cumQty: "0.500", leavesQty: "0" })).fill).toBeUndefined();
    expect(kinds(t)).toEqual([]);
  });

  it("a rise of 0.05 counts as a rise, a fall of 0.05 as a fall", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.05", "0.05", { leavesQty: "0.45" }));
    t.onExecutionReport(trade("0.05", "0.0", { leavesQty: "0.5" }));
    expect(kinds(t)).toEqual(["cum-qty-decreased"]);
    expect(t.onExecutionReport(er({ execType: "I", ordStatus: "1", cumQty: "0.10", leavesQty: "0.40" })).fill?.qty).toBe("0.05");
  });
});

describe("OrderTracker: forgetClosed", () => {
  it("drops closed orders and their identifiers, keeps open ones", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.5", "0.5"));
    t.onNewOrderSingle({ clOrdID: "2", symbol: SYMBOL, side: "1", orderQty: "0.5", price: "84000.10" });
    t.onExecutionReport(ack({ clOrdID: "2", orderID: "O2" }));
    expect(t.forgetClosed()).toBe(1);
    expect(t.orders().map((o) => o.clOrdID)).toEqual(["2"]);
    expect([t.order("1"), t.orderByOrderID("O1"), t.order("2")?.orderID]).toEqual([undefined, undefined, "O2"]);
    expect(t.totals().orders).toBe(1);
    // ClOrdID 1 is free again: no clordid-reused anomaly.
    t.onNewOrderSingle({ clOrdID: "1", symbol: SYMBOL, side: "2", orderQty: "0.5", price: "84000.10" });
    expect(kinds(t)).toEqual([]);
    expect(t.forgetClosed()).toBe(0);
  });

  it("copes with hundreds of thousands of orders", () => {
    const t = tracker();
    for (let i = 0; i < 200_000; i++) t.onNewOrderSingle({ clOrdID: String(i), symbol: SYMBOL, side: "1", orderQty: "0.5", price: "1" });
    expect(t.forgetClosed()).toBe(0);
    expect(t.orders()).toHaveLength(200_000);
  });

  it("keeps orders closed fewer than closedFor events ago, and ClOrdIDs with keepClOrdIDs", () => {
    const t = liveOrder();
    t.onExecutionReport(trade("0.5", "0.5"));
    expect(t.forgetClosed({ closedFor: 2 })).toBe(0);
    t.onNewOrderSingle({ clOrdID: "2", symbol: SYMBOL, side: "1", orderQty: "0.5", price: "84000.10" });
    t.onNewOrderSingle({ clOrdID: "3", symbol: SYMBOL, side: "1", orderQty: "0.5", price: "84000.10" });
    expect(t.forgetClosed({ closedFor: 2, keepClOrdIDs: true })).toBe(1);
    t.onNewOrderSingle({ clOrdID: "1", symbol: SYMBOL, side: "1", orderQty: "0.5", price: "84000.10" });
    expect(kinds(t)).toEqual(["clordid-reused"]);
  });
});
