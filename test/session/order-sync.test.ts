/**
 * OrderSync: the tracker follows what the app sends and receives, and after a reconnect OrderStatusRequests bring
 * it up to date. The venue is our acceptor session over loopback TCP, answering as the test scripts it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Initiator, OrderSync } from "../../runtime/session/index.js";
import type { ReconcileResult } from "../../runtime/session/index.js";
import { OrderTracker } from "../../runtime/orders/index.js";
import { formatUtcTimestamp } from "../../runtime/codec/utc-timestamp.js";
import { createSession, kraken, order, Resources, startAcceptor, waitFor } from "./harness.js";
import type { KrakenCodecs } from "./harness.js";
import type { FixSession } from "../../runtime/session/index.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

type Nos = kraken.NewOrderSingle;
type StatusAnswer = { cumQty: string; ordStatus: "0" | "1" | "2" } | "unknown" | "silent" | "session-reject";

let execCounter = 0;

function report(nos: Pick<Nos, "clOrdID" | "symbol" | "side" | "orderQty" | "price">, fields: { execType: string; ordStatus: string; cumQty: string; lastQty?: string }) {
  const leaves = (Number(nos.orderQty) - Number(fields.cumQty)).toFixed(2);
  return {
    clOrdID: nos.clOrdID,
    orderID: `O-${nos.clOrdID}`,
    execID: `E${++execCounter}`,
    ordType: "2",
    side: nos.side,
    symbol: nos.symbol,
    price: nos.price,
    orderQty: nos.orderQty,
    timeInForce: "1",
    cumQty: fields.cumQty,
    leavesQty: leaves,
    avgPx: fields.cumQty === "0" ? "0" : nos.price,
    execType: fields.execType,
    ordStatus: fields.ordStatus,
    transactTime: formatUtcTimestamp(Date.now()),
  } as unknown as Omit<kraken.ExecutionReport, "msgType">;
}

/** A venue that acknowledges orders (except those listed as unacknowledged) and answers status requests as told. */
function scriptVenue(venue: FixSession<KrakenCodecs>, unacknowledged: Set<string>, answers: Map<string, StatusAnswer>) {
  const orders = new Map<string, Nos>();
  venue.on("NewOrderSingle", (nos) => {
    orders.set(nos.clOrdID, nos);
    if (unacknowledged.has(nos.clOrdID)) return;
    void venue.send(kraken.ExecutionReport, report(nos, { execType: "0", ordStatus: "0", cumQty: "0" }));
  });
  venue.on("OrderStatusRequest", (request) => {
    const answer = answers.get(request.clOrdID);
    const nos = orders.get(request.clOrdID);
    if (answer === "silent") return;
    if (answer === "session-reject") {
      void venue.send(kraken.Reject, {
        refSeqNum: request.header.msgSeqNum,
        refMsgType: "H",
        sessionRejectReason: 5,
        text: "Value is incorrect",
      } as Omit<kraken.Reject, "msgType">);
      return;
    }
    if (answer === undefined || answer === "unknown" || nos === undefined) {
      void venue.send(kraken.BusinessMessageReject, {
        refSeqNum: request.header.msgSeqNum,
        refMsgType: "H",
        businessRejectRefID: request.clOrdID,
        businessRejectReason: 1,
        text: "EOrder:Unknown order",
      } as Omit<kraken.BusinessMessageReject, "msgType">);
      return;
    }
    void venue.send(kraken.ExecutionReport, report(nos, { execType: "I", ...answer }));
  });
}

async function setUp(timeoutMs = 3000) {
  const venue = createSession("acceptor");
  const port = await startAcceptor(resources, [venue]);
  const session = createSession("initiator");
  const tracker = new OrderTracker({ feeModel: "cumulative" });
  const sync = new OrderSync(session, { tracker, orderStatusRequest: kraken.OrderStatusRequest, timeoutMs });
  const results: ReconcileResult[] = [];
  const initiator = new Initiator<KrakenCodecs>({
    session,
    connector: { endpoints: [{ host: "127.0.0.1", port }], tls: false, backoff: { initialMs: 20, maxMs: 50, multiplier: 2 }, maxAttempts: 50 },
    rollover: false,
    reconcile: async () => {
      results.push(await sync.reconcile());
    },
  });
  resources.add(() => initiator.stop());
  resources.add(() => sync.close());
  await initiator.start();
  return { venue, session, tracker, sync, results };
}

describe("OrderSync", () => {
  it("tracks sent orders and reports, and reconciles open orders after a reconnect", async () => {
    const { venue, session, tracker, results } = await setUp();
    const unacknowledged = new Set(["103"]);
    const answers = new Map<string, StatusAnswer>([
      ["101", { cumQty: "0.40", ordStatus: "1" }],
      ["102", "unknown"],
    ]);
    scriptVenue(venue, unacknowledged, answers);
    for (const clOrdID of ["101", "102", "103"]) {
      await session.send(kraken.NewOrderSingle, order({ clOrdID, orderQty: "1.00", price: "100.00" }));
    }
    await waitFor(() => tracker.order("102")?.ordStatus === "0", "orders acknowledged");
    expect(tracker.openOrders().map((o) => [o.clOrdID, o.orderID])).toEqual([
      ["101", "O-101"],
      ["102", "O-102"],
      ["103", undefined],
    ]);

    venue.disconnect("network blip");
    await waitFor(() => results.length === 1, "reconcile after the reconnect", 5000);
    const result = results[0]!;
    expect(result.answered.map((o) => o.clOrdID)).toEqual(["101"]);
    expect(result.refused.map((r) => [r.order.clOrdID, r.text])).toEqual([["102", "EOrder:Unknown order"]]);
    expect(result.notAsked.map((o) => o.clOrdID)).toEqual(["103"]);
    expect(result.unanswered).toEqual([]);
    // The fill that happened while we were away is in the tracker, as a catch-up fill.
    const caughtUp = tracker.order("101")!;
    expect([caughtUp.ordStatus, caughtUp.cumQty, caughtUp.fills.map((f) => [f.kind, f.qty])]).toEqual(["1", "0.40", [["catch-up", "0.4"]]]);
  });

  it("returns the orders left unanswered when the timeout runs out, and those refused by a session Reject", async () => {
    const { venue, session, tracker, sync } = await setUp(200);
    const answers = new Map<string, StatusAnswer>([["201", "silent"], ["202", { cumQty: "0", ordStatus: "0" }], ["203", "session-reject"]]);
    scriptVenue(venue, new Set(), answers);
    for (const clOrdID of ["201", "202", "203"]) await session.send(kraken.NewOrderSingle, order({ clOrdID, orderQty: "1.00", price: "100.00" }));
    await waitFor(() => tracker.order("203")?.ordStatus === "0", "orders acknowledged");
    const started = Date.now();
    const result = await sync.reconcile();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(result.answered.map((o) => o.clOrdID)).toEqual(["202"]);
    expect(result.refused.map((r) => [r.order.clOrdID, r.text])).toEqual([["203", "Value is incorrect"]]);
    expect(result.unanswered.map((o) => o.clOrdID)).toEqual(["201"]);
    await expect(Promise.all([sync.reconcile(), sync.reconcile()])).rejects.toThrow("a reconcile round is already running");
  });

  it("closes an order whose NewOrderSingle the peer asked for again and got gap-filled", async () => {
    const { venue, session, tracker } = await setUp();
    scriptVenue(venue, new Set(["301"]), new Map());
    await session.send(kraken.NewOrderSingle, order({ clOrdID: "301" }));
    await waitFor(() => venue.store.nextTargetSeqNum === 3, "order received");
    await venue.store.setNextTargetSeqNum(2);
    await session.send(kraken.TestRequest, { testReqID: "t" });
    await waitFor(() => tracker.order("301")?.closed, "order closed");
    expect(tracker.order("301")!.text).toBe("not delivered: gap-filled when the peer asked for it again");
    expect(tracker.openOrders()).toEqual([]);
  });

  it("ends a round at once when the connection drops, leaving the rest unanswered", async () => {
    const { venue, session, tracker, sync } = await setUp(10_000);
    scriptVenue(venue, new Set(), new Map<string, StatusAnswer>([["401", "silent"]]));
    await session.send(kraken.NewOrderSingle, order({ clOrdID: "401", orderQty: "1.00", price: "100.00" }));
    await waitFor(() => tracker.order("401")?.ordStatus === "0", "order acknowledged");
    const started = Date.now();
    const round = sync.reconcile();
    await waitFor(() => venue.store.nextTargetSeqNum === 4, "status request received");
    venue.disconnect("network blip");
    const result = await round;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.unanswered.map((o) => o.clOrdID)).toEqual(["401"]);
  });
});
