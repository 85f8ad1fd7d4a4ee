/**
 * What an OrderTracker keeps alive: identifiers cut from decoded messages must not hold the messages' text, and
 * `keepFills: false` keeps no fill history while reporting exactly the same anomalies.
 */
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { OrderTracker, type ExecutionReportLike, type NewOrderSingleLike } from "../../runtime/orders/index.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const MESSAGE_PADDING = 20_000;

/**
 * `value` as a decoder hands it out: cut from its message's text. V8 makes such a cut of 13+ characters a view
 * that keeps the whole text (here ~20 kB) alive as long as the cut is referenced.
 */
function cutFromMessage(value: string): string {
  const text = `${"x".repeat(MESSAGE_PADDING)}${value}`;
  return text.slice(MESSAGE_PADDING);
}

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function newOrder(i: number): NewOrderSingleLike {
  return { clOrdID: cutFromMessage(`17497209${String(i).padStart(10, "0")}`), symbol: "BTC/USD", side: "1", orderQty: "1", price: "84000.1" };
}

function reports(i: number): ExecutionReportLike[] {
  const ids = () => ({
    clOrdID: cutFromMessage(`17497209${String(i).padStart(10, "0")}`),
    orderID: cutFromMessage(`O${String(i).padStart(12, "0")}-BENCH`),
  });
  return [
    { ...ids(), execID: `E${i}-1`, execType: "0", ordStatus: "0", orderQty: "1", cumQty: "0", leavesQty: "1" },
    { ...ids(), execID: `E${i}-2`, execType: "F", ordStatus: "1", orderQty: "1", cumQty: "0.4", leavesQty: "0.6", lastQty: "0.4", lastPx: "84000.1" },
  ];
}

describe("OrderTracker memory", () => {
  it("keeps its own copies of ClOrdIDs and OrderIDs, not the messages they were cut from", () => {
    const orders = 1_000;
    const tracker = new OrderTracker({ feeModel: "cumulative", keepFills: false });
    const before = heapUsed();
    for (let i = 0; i < orders; i++) {
      tracker.onNewOrderSingle(newOrder(i));
      for (const report of reports(i)) tracker.onExecutionReport(report);
    }
    const perOrder = (heapUsed() - before) / orders;
    // Holding any one message would cost ~20 kB per order; the order's own state is well under 2 kB.
    expect(perOrder).toBeLessThan(2_000);
    expect(tracker.orders()).toHaveLength(orders);
    expect(tracker.order("174972090000000007")?.orderID).toBe("O000000000007-BENCH");
  });

  it("keeps copies too for an amend's ClOrdID, an unseen order's OrigClOrdID and orders known only from reports", () => {
    const orders = 500;
    const tracker = new OrderTracker({ feeModel: "cumulative", keepFills: false });
    const id = (prefix: string, i: number) => cutFromMessage(`${prefix}${String(i).padStart(12, "0")}`);
    const before = heapUsed();
    for (let i = 0; i < orders; i++) {
      // Amended: the replace's report carries the new ClOrdID.
      tracker.onNewOrderSingle({ ...newOrder(i), clOrdID: id("100000", i) });
      tracker.onCancelReplaceRequest({ clOrdID: id("200000", i), origClOrdID: id("100000", i), symbol: "BTC/USD", side: "1", orderQty: "2", price: "84000.1" });
      tracker.onExecutionReport({ clOrdID: id("200000", i), origClOrdID: id("100000", i), orderID: id("O-A-", i), execID: `A${i}`, execType: "5", ordStatus: "0", orderQty: "2", cumQty: "0", leavesQty: "2" });
      // Placed before the tracker started: first seen in a cancel request naming it.
      tracker.onCancelRequest({ clOrdID: id("300000", i), origClOrdID: id("400000", i), symbol: "BTC/USD", side: "2" });
      // Known only from its reports.
      tracker.onExecutionReport({ clOrdID: id("500000", i), orderID: id("O-R-", i), execID: `R${i}`, execType: "0", ordStatus: "0", orderQty: "1", cumQty: "0", leavesQty: "1", symbol: "BTC/USD", side: "1" });
    }
    const perOrder = (heapUsed() - before) / (orders * 3);
    expect(perOrder).toBeLessThan(2_000);
    expect(tracker.order("200000000000000007")?.orderID).toBe("O-A-000000000007");
    expect(tracker.order("500000000000000007")?.orderID).toBe("O-R-000000000007");
  });

  it.each([true, false])(
    "keeps copies of every long value of requests and reports: prices, quantities, ExecIDs, Text, fees, fills (keepFills %s)",
    (keepFills) => {
      const orders = 300;
      const tracker = new OrderTracker({ feeModel: "per-trade", keepFills });
      // Each 13+ characters: as a decoder hands them out, each would hold its ~20 kB message.
      const long = (value: string) => cutFromMessage(value);
      const before = heapUsed();
      for (let i = 0; i < orders; i++) {
        const clOrdID = `17497209${String(i).padStart(10, "0")}`;
        tracker.onNewOrderSingle({ clOrdID, symbol: long("BTC/USD-PERPETUAL"), side: "1", orderQty: long("1.000000000000"), price: long("84000.10000000") });
        tracker.onCancelReplaceRequest({ clOrdID: `9${clOrdID}`, origClOrdID: clOrdID, symbol: "BTC/USD", side: "1", orderQty: long("2.000000000000"), price: long("84000.20000000") });
        for (let fill = 1; fill <= 2; fill++) {
          tracker.onExecutionReport({
            clOrdID,
            orderID: `O${i}`,
            execID: long(`KQ3Z5M${String(i).padStart(6, "0")}:${fill}7WXN2PGAV4Y`),
            execType: "F",
            ordStatus: fill === 2 ? "2" : "1",
            orderQty: long("1.000000000000"),
            cumQty: long((fill * 0.5).toFixed(12)),
            leavesQty: long((1 - fill * 0.5).toFixed(12)),
            lastQty: long("0.500000000000"),
            lastPx: long("84000.10000000"),
            avgPx: long("84000.10000000"),
            price: long("84000.10000000"),
            transactTime: long("20250612-10:00:00.123456789"),
            text: long("partially filled on the book"),
            miscFees: [{ miscFeeAmt: long("16.800020000000"), miscFeeCurr: "USD", miscFeeType: "4" }],
          });
        }
      }
      const perOrder = (heapUsed() - before) / orders;
      // One message held would be ~20 kB; the order's state with two fills and their fees is a few kB.
      expect(perOrder).toBeLessThan(6_000);
      const order = tracker.order("174972090000000007")!;
      expect(order.avgPx).toBe("84000.10000000");
      expect(order.fees).toEqual([{ currency: "USD", type: "4", amount: "33.60004" }]);
      expect(order.fills).toHaveLength(keepFills ? 2 : 0);
      expect(tracker.anomalies).toEqual([]);
    },
  );

  it("keeps copies of a cumulative fee total, a rejection's Text, a mass cancel's Symbol and an order first seen in a request", () => {
    const orders = 300;
    const tracker = new OrderTracker({ feeModel: "cumulative", keepFills: false });
    const before = heapUsed();
    for (let i = 0; i < orders; i++) {
      const clOrdID = `17497209${String(i).padStart(10, "0")}`;
      tracker.onNewOrderSingle({ clOrdID, symbol: "BTC/USD", side: "1", orderQty: "1", price: "84000.1" });
      // One fill: the fee total is the report's amount itself (no sum replaces it later).
      tracker.onExecutionReport({
        clOrdID, orderID: `O${i}`, execID: `E${i}`, execType: "F", ordStatus: "2", orderQty: "1", cumQty: "1", leavesQty: "0",
        lastQty: "1", lastPx: "84000.1", miscFees: [{ miscFeeAmt: cutFromMessage("16.800020000000"), miscFeeCurr: cutFromMessage("USDUSDUSDUSDUSD"), miscFeeType: "4" }],
      });
      tracker.onCancelRequest({ clOrdID: `8${clOrdID}`, origClOrdID: `9${clOrdID}`, symbol: cutFromMessage("BTC/USD-PERPETUAL"), side: "1" });
      tracker.onRequestRejected(`8${clOrdID}`, cutFromMessage("unknown order: cannot cancel"));
      tracker.onMassCancelRequest({ clOrdID: `7${clOrdID}`, symbol: cutFromMessage("BTC/USD-PERPETUAL") });
    }
    const perOrder = (heapUsed() - before) / orders;
    expect(perOrder).toBeLessThan(4_000);
    expect(tracker.order("174972090000000007")?.fees).toEqual([{ currency: "USDUSDUSDUSDUSD", type: "4", amount: "16.800020000000" }]);
    expect(tracker.order("8174972090000000007")?.text).toBe("unknown order: cannot cancel");
  });

  it("does not keep the last report once it has been checked, nor anomalies of a report that threw", () => {
    const tracker = new OrderTracker({ feeModel: "cumulative", keepFills: false });
    tracker.onNewOrderSingle(newOrder(1));
    const before = heapUsed();
    // A decoded message passed as the report (made in a function, so this test holds no reference to it): the
    // tracker reads some fields and must not hold the rest. The padding is one flat 4 MB string on the heap
    // ("x".repeat would be a rope of a few dozen bytes, Buffer#toString an external string outside heapUsed).
    const check = () =>
      tracker.onExecutionReport({ ...reports(1)[1]!, unknownFields: new Array(500_000).fill("xxxxxxxx").join("") } as ExecutionReportLike);
    check();
    // Holding it would be 4 MB; checking a report also allocates a little (~0.5 MB on Node 24).
    expect(heapUsed() - before).toBeLessThan(2_000_000);
    // LastQty 0.3 where CumQty rose by 0.2 is flagged, then a fee amount that is not a string throws.
    const anomalies = tracker.anomalies.length;
    const bad = { ...reports(1)[1]!, execID: "E1-9", cumQty: "0.6", leavesQty: "0.4", lastQty: "0.3", miscFees: [{ miscFeeAmt: 5 }] };
    expect(() => tracker.onExecutionReport(bad as unknown as ExecutionReportLike)).toThrow(TypeError);
    expect(tracker.anomalies).toHaveLength(anomalies);
  });

  it("keeps copies in its anomalies: their identifiers and texts (which join values of the message)", () => {
    const orders = 300;
    const tracker = new OrderTracker({ feeModel: "cumulative", keepFills: false });
    const before = heapUsed();
    for (let i = 0; i < orders; i++) {
      tracker.onNewOrderSingle(newOrder(i));
      const [, trade] = reports(i);
      // LastQty 0.3 where CumQty rose by 0.4, with long values cut from the message.
      tracker.onExecutionReport({ ...trade!, cumQty: cutFromMessage("0.40000000000000"), lastQty: cutFromMessage("0.30000000000000") });
    }
    const perOrder = (heapUsed() - before) / orders;
    expect(tracker.anomalies.map((anomaly) => anomaly.kind)).toEqual(Array(orders).fill("last-qty-mismatch"));
    expect(perOrder).toBeLessThan(3_000);
  });

  it("recognises a repeated report among many of one order (ExecIDs kept in a list, then in a Set)", () => {
    const tracker = new OrderTracker({ feeModel: "cumulative", keepFills: false });
    tracker.onNewOrderSingle({ clOrdID: "C1", symbol: "BTC/USD", side: "1", orderQty: "100", price: "1" });
    const fill = (n: number): ExecutionReportLike => ({
      clOrdID: "C1", orderID: "O1", execID: `E${n}`, execType: "F", ordStatus: "1",
      orderQty: "100", cumQty: String(n), leavesQty: String(100 - n), lastQty: "1", lastPx: "1",
    });
    for (let n = 1; n <= 20; n++) {
      expect(tracker.onExecutionReport(fill(n)).duplicate).toBe(false);
      // Every earlier report, whether the order's ExecIDs are in its list (up to 8) or its Set, is a repeat.
      for (const seen of [1, Math.ceil(n / 2), n]) expect(tracker.onExecutionReport(fill(seen)).duplicate).toBe(true);
    }
    expect(tracker.onExecutionReport(fill(21)).duplicate).toBe(false);
    expect(tracker.anomalies).toEqual([]);
  });

  it("keepFills: false keeps no fills but reports the same anomalies and returns each report's fill", () => {
    const run = (keepFills: boolean) => {
      const tracker = new OrderTracker({ feeModel: "cumulative", keepFills });
      tracker.onNewOrderSingle(newOrder(1));
      const results = reports(1).map((report) => tracker.onExecutionReport(report));
      // LastQty 0.3 where CumQty rose by 0.2: an anomaly that both trackers must report.
      const extra = { execID: "E1-3", execType: "F", ordStatus: "1", orderQty: "1", cumQty: "0.6", leavesQty: "0.4", lastQty: "0.3" };
      results.push(tracker.onExecutionReport({ ...reports(1)[1]!, ...extra }));
      return { tracker, results };
    };
    const kept = run(true);
    const notKept = run(false);
    expect(notKept.tracker.anomalies).toEqual(kept.tracker.anomalies);
    expect(notKept.tracker.anomalies.map((anomaly) => anomaly.kind)).toEqual(["last-qty-mismatch"]);
    expect(notKept.results.map((result) => result.fill)).toEqual(kept.results.map((result) => result.fill));
    expect(kept.tracker.orders()[0]!.fills).toHaveLength(2);
    expect(notKept.tracker.orders()[0]!.fills).toHaveLength(0);
    expect(notKept.tracker.totals().fills).toBe(0);
    expect(notKept.tracker.orders()[0]!.cumQty).toBe("0.6");
  });
});
