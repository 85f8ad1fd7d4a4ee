/** Shared set-up for the matching-engine tests: an engine on a manual clock that records every event. */
import { ManualClock } from "../../../cli/simulator/engine/clock.js";
import type { ExecutionEvent, MarketDataEvent } from "../../../cli/simulator/engine/events.js";
import { IndexPriceTable } from "../../../cli/simulator/engine/index-prices.js";
import { MatchingEngine, type MatchingEngineOptions } from "../../../cli/simulator/engine/matching-engine.js";
import type { NewOrderRequest, SubmitResult } from "../../../cli/simulator/engine/types.js";

export const START = 1_700_000_000_000;
export const BTC = { symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 2 } as const;
export const ETH = { symbol: "ETH/USD", pricePrecision: 2, qtyPrecision: 3 } as const;

export type OrderInput = Partial<NewOrderRequest> & Pick<NewOrderRequest, "side" | "orderQty">;

export function createHarness(options: Partial<MatchingEngineOptions> = {}) {
  const clock = new ManualClock(START);
  const index = new IndexPriceTable();
  const engine = new MatchingEngine({
    instruments: [BTC, ETH],
    clock,
    indexPrices: index,
    acknowledgement: "new",
    ...options,
  });
  const executions: ExecutionEvent[] = [];
  const marketData: MarketDataEvent[] = [];
  engine.on("execution", (event) => executions.push(event));
  engine.on("market-data", (event) => marketData.push(event));
  let clOrdCount = 0;

  /** Submits with defaults: account alice on session alice-1, BTC/USD, limit, GTC, a fresh ClOrdID. */
  function submit(input: OrderInput): SubmitResult {
    const account = input.account ?? "alice";
    return engine.submit({
      account,
      session: `${account}-1`,
      clOrdID: `c${++clOrdCount}`,
      symbol: BTC.symbol,
      ordType: "2",
      ...input,
    });
  }

  /** Submits and returns the OrderID, failing the test when the order is refused. */
  function place(input: OrderInput): string {
    const result = submit(input);
    if (!result.ok) throw new Error(`order refused: ${result.text}`);
    return result.orderID;
  }

  /** Prints a trade at `price` between two bystanders, leaving the book as it was. */
  function print(price: string, symbol: string = BTC.symbol): void {
    place({ account: "printer-bid", symbol, side: "1", orderQty: "0.01", price });
    place({ account: "printer-ask", symbol, side: "2", orderQty: "0.01", price, timeInForce: "3" });
  }

  /** Events recorded since the last call, then forgets them. */
  function drain(): { executions: ExecutionEvent[]; marketData: MarketDataEvent[] } {
    return { executions: executions.splice(0), marketData: marketData.splice(0) };
  }

  return { engine, clock, index, submit, place, print, drain, executions, marketData };
}

/**
 * One line per execution event, e.g. `c3 trade F/1 0.50@100.0 taker cum=0.50 leaves=0.50 avg=100`, so tests can
 * state whole event sequences readably.
 */
export function summary(event: ExecutionEvent): string {
  const { order } = event;
  const head = `${order.clOrdID} ${event.kind} ${event.execType}/${event.ordStatus}`;
  switch (event.kind) {
    case "trade": {
      const { fill } = event;
      return `${head} ${fill.lastQty}@${fill.lastPx} ${fill.liquidity} cum=${order.cumQty} leaves=${order.leavesQty} avg=${order.avgPx}`;
    }
    case "canceled":
      return `${head} ${event.reason} cum=${order.cumQty}`;
    case "restated":
      return `${head} ordType=${order.ordType} trigger=${order.triggerPrice}`;
    default:
      return head;
  }
}
