/**
 * Random sequences of orders, amends, cancels and time steps from a few accounts; after every call the engine must
 * hold its invariants, and a client book fed only by its market-data events must equal its own book.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExecutionEvent } from "../../../cli/simulator/engine/events.js";
import type { NewOrderRequest } from "../../../cli/simulator/engine/types.js";
import { compareDecimal } from "../../../runtime/codec/decimal.js";
import { OrderBook } from "../../../runtime/marketdata/order-book.js";
import { BTC, createHarness } from "./harness.js";

const accounts = ["a", "b", "c"] as const;
const orderTypes = ["1", "2", "2", "2", "3", "4", "R", "T", "U", "V"] as const;

const newOrder = fc.record({
  op: fc.constant("submit" as const),
  account: fc.constantFrom(...accounts),
  side: fc.constantFrom("1" as const, "2" as const),
  ordType: fc.constantFrom(...orderTypes),
  qty: fc.integer({ min: 1, max: 30 }),
  price: fc.integer({ min: 95, max: 105 }),
  stop: fc.integer({ min: 1, max: 6 }),
  iceberg: fc.boolean(),
  tif: fc.constantFrom("1", "1", "3", "4", "6"),
  stp: fc.constantFrom("0", "1", "2"),
  postOnly: fc.boolean(),
});
const amend = fc.record({
  op: fc.constant("amend" as const),
  pick: fc.nat(),
  qty: fc.integer({ min: 1, max: 30 }),
  price: fc.option(fc.integer({ min: 95, max: 105 })),
});
const cancel = fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() });
const wait = fc.record({ op: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 5_000 }) });
const command = fc.oneof({ weight: 6, arbitrary: newOrder }, { weight: 2, arbitrary: amend }, cancel, wait);

describe("engine invariants", () => {
  it("hold under random sequences of calls", () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const { engine, clock, executions } = createHarness();
        const client = new OrderBook();
        client.subscribe("md", [BTC.symbol], 0);
        client.applySnapshot({ mdReqID: "md", symbol: BTC.symbol, mdEntries: [] });
        engine.on("market-data", (event) => {
          if (event.symbol !== BTC.symbol) return;
          expect(client.applyIncremental({ mdReqID: "md", symbol: event.symbol, mdEntries: event.levels }).ok).toBe(
            true,
          );
          expect(client.levels(BTC.symbol, 10)).toEqual(event.top);
        });
        const open = new Map<string, { account: string; clOrdID: string; session: string }>();
        const closed = new Set<string>();
        let seen = 0;
        let clOrdCount = 0;

        for (const step of commands) {
          if (step.op === "submit") {
            const request: NewOrderRequest = {
              account: step.account,
              session: step.account,
              clOrdID: `k${++clOrdCount}`,
              symbol: BTC.symbol,
              side: step.side,
              ordType: step.ordType,
              orderQty: String(step.qty),
              ...(["2", "4", "T"].includes(step.ordType) && { price: String(step.price) }),
              ...(step.ordType === "V" && { price: String(step.stop - 3) }),
              ...(!["1", "2"].includes(step.ordType) && {
                stopPx: ["U", "V"].includes(step.ordType) ? String(step.stop) : String(step.price),
              }),
              ...(step.iceberg && step.ordType === "2" && { displayQty: String(Math.ceil(step.qty / 4)) }),
              timeInForce: step.tif as NewOrderRequest["timeInForce"],
              ...(step.tif === "6" && { expireTime: clock.now() + 2_000 }),
              selfTradePrevention: step.stp as NewOrderRequest["selfTradePrevention"],
              postOnly: step.postOnly && step.ordType === "2",
            };
            engine.submit(request);
          } else if (step.op === "amend" || step.op === "cancel") {
            const targets = [...open.entries()];
            const target = targets[step.pick % Math.max(targets.length, 1)];
            if (!target) continue;
            const [orderID, { account, clOrdID, session }] = target;
            if (step.op === "cancel") engine.cancel({ account, session, clOrdID: `k${++clOrdCount}`, orderID });
            else {
              const order = engine.order(orderID);
              engine.amend({
                account,
                clOrdID: `k${++clOrdCount}`,
                origClOrdID: clOrdID,
                orderQty: String(step.qty),
                ...(step.price !== null && order?.ordType === "2" && { price: String(step.price) }),
                ...(order?.displayQty !== undefined && { displayQty: String(Math.ceil(step.qty / 4)) }),
              });
            }
          } else {
            clock.advance(step.ms);
            engine.tick();
          }

          for (const event of executions.slice(seen)) checkEvent(event, open, closed);
          seen = executions.length;
          const book = engine.levels(BTC.symbol);
          const bestBid = book?.bids[0];
          const bestAsk = book?.asks[0];
          if (bestBid && bestAsk) expect(compareDecimal(bestBid.price, bestAsk.price)).toBe(-1);
          expect(client.levels(BTC.symbol)).toEqual(book);
        }
        checkTrades(executions);
      }),
      { numRuns: 300, seed: 20_240_601 },
    );
  });
});

/** Per-order checks: no event after the order closed, quantities consistent, open-order index kept current. */
function checkEvent(
  event: ExecutionEvent,
  open: Map<string, { account: string; clOrdID: string; session: string }>,
  closed: Set<string>,
): void {
  const { order } = event;
  expect(closed.has(order.orderID)).toBe(false);
  expect(compareDecimal(order.cumQty, order.orderQty)).toBeLessThanOrEqual(0);
  const isClosed = ["canceled", "expired"].includes(event.kind) || (event.kind === "trade" && event.ordStatus === "2");
  if (isClosed) {
    expect(order.leavesQty).toBe("0.00");
    closed.add(order.orderID);
    open.delete(order.orderID);
  } else {
    open.set(order.orderID, { account: order.account, clOrdID: order.clOrdID, session: order.session });
  }
}

/** Both sides of every trade share price, quantity and sequence, come from different accounts, and sequences count up. */
function checkTrades(executions: readonly ExecutionEvent[]): void {
  const trades = executions.filter((e) => e.kind === "trade");
  expect(trades.length % 2).toBe(0);
  for (let i = 0; i < trades.length; i += 2) {
    const [taker, maker] = [trades[i], trades[i + 1]];
    if (taker?.kind !== "trade" || maker?.kind !== "trade") throw new Error("trades come in pairs");
    expect([taker.fill.liquidity, maker.fill.liquidity]).toEqual(["taker", "maker"]);
    expect(maker.fill).toEqual({ ...taker.fill, liquidity: "maker" });
    expect(taker.order.account).not.toBe(maker.order.account);
    expect(taker.order.side).not.toBe(maker.order.side);
    expect(taker.fill.tradeSeq).toBe(i / 2 + 1);
  }
}
