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
