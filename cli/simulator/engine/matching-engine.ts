/**
 * A price-time priority matching engine for the local Kraken simulator. It knows nothing about FIX: requests come
 * in as plain objects, results come back as values (refusals, which Kraken answers with 35=j) and as events
 * (execution reports and market data) that the FIX layer turns into 35=8 and 35=X.
 *
 * Each public call is one atomic step: GTD orders that are due expire first, then the request runs, trigger
 * orders fired by the trades it printed run (and so on until nothing more fires), and finally one market-data
 * event per changed symbol is queued. Events are delivered after the step, in order, so a listener always sees a
 * consistent engine and may call it again (its events follow the current batch).
 */
import { EventEmitter } from "node:events";
import { divideDecimal, formatScaled, isDecimal, parseDecimal, unitsAtScale } from "../../../runtime/codec/decimal.js";
import type { Decimal } from "../../../runtime/codec/types.js";
import { CHECKSUM_DEPTH } from "../../../runtime/marketdata/book-checksum.js";
import { systemClock, type Clock } from "./clock.js";
import type {
  BookLevelText,
  CancelReason,
  EngineEvents,
  ExecutionEvent,
  LevelChange,
  MarketDataEvent,
  MarketTrade,
  OrderView,
} from "./events.js";
import { ExpiryQueue } from "./expiry-queue.js";
import { krakenStyleOrderID } from "./ids.js";
import { Order, type Instrument, type OrderTerms } from "./order.js";
import { RestingBook } from "./resting-book.js";
import { isTriggerType, observePrice, triggeredOrdType } from "./triggers.js";
import {
  OrdType,
  SelfTradePrevention,
  Side,
  TimeInForce,
  TriggerReference,
  type AmendRequest,
  type CancelRequest,
  type IndexPriceSource,
  type InstrumentSpec,
  type MassCancelScope,
  type NewOrderRequest,
  type Rejection,
  type RequestResult,
  type SubmitResult,
} from "./types.js";
import { isRejection, parseAmend, parseNewOrder, reject, type AmendTerms } from "./validation.js";

export interface MatchingEngineOptions {
  readonly instruments: readonly InstrumentSpec[];
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Index prices for triggers with TriggerReference Index. Without it such orders are refused. */
  readonly indexPrices?: IndexPriceSource;
  /**
   * How an accepted order is acknowledged: `pending-new` sends Pending New (A) then New (0), as Kraken Spot does;
   * `new` sends New only, as Kraken Derivatives does. Default `pending-new`.
   */
  readonly acknowledgement?: "pending-new" | "new";
  /**
   * Makes the OrderID of the `count`-th accepted order at engine time `now`. Default: Kraken Spot's shape
   * (krakenStyleOrderID).
   */
  readonly orderID?: (count: number, now: number) => string;
}

/** Texts for 58 on cancels. Kraken does not document its own; these are the simulator's. */
const cancelTexts: Record<CancelReason, string> = {
  requested: "Order canceled by request",
  "mass-cancel": "Order canceled by mass cancel",
  "immediate-or-cancel": "Unfilled quantity of an immediate-or-cancel order canceled",
  "market-unfilled": "Unfilled quantity of a market order canceled: no more liquidity",
  "fill-or-kill": "Fill-or-kill order could not be filled in full",
  "self-trade-prevention": "Order canceled by self-trade prevention",
  "invalid-trigger-limit": "Trailing stop limit price after trigger is not a positive price",
  "reduce-only": "Reduce-only order canceled: no position left to reduce",
  "post-only": "EOrder:Post only order",
};

/** Per-symbol state. */
interface Market {
  readonly instrument: Instrument;
  readonly book: RestingBook<Order>;
  /** Trigger orders waiting for their price, in acceptance order. */
  readonly untriggered: Set<Order>;
  lastPrice: bigint | undefined;
  tradeSeq: number;
  /** Trades printed during the current call. */
  trades: MarketTrade[];
}

type QueuedEvent =
  | { readonly name: "execution"; readonly event: ExecutionEvent }
  | { readonly name: "market-data"; readonly event: MarketDataEvent };

/** Distributes the Omit over the execution-event union, so each kind keeps its own fields. */
type ExecutionDetails = ExecutionEvent extends infer E
  ? E extends ExecutionEvent
    ? Omit<E, "execID" | "transactTime" | "order">
    : never
  : never;

export class MatchingEngine extends EventEmitter<EngineEvents> {
  readonly #markets = new Map<string, Market>();
  /** Open orders by OrderID, in acceptance order. */
  readonly #orders = new Map<string, Order>();
  /** Open orders by account, then ClOrdID. */
  readonly #clOrdIDs = new Map<string, Map<string, Order>>();
  readonly #expiries = new ExpiryQueue<Order>();
  /** Orders waiting for their EffectiveTime. */
  readonly #activations = new ExpiryQueue<Order>();
  /** Net position in base units per account, then symbol (buys add, sells subtract); only position-tracking orders move it. */
  readonly #positions = new Map<string, Map<string, bigint>>();
  readonly #clock: Clock;
  readonly #indexPrices: IndexPriceSource | undefined;
  readonly #pendingNew: boolean;
  readonly #orderID: (count: number, now: number) => string;
  /** Reference prices still to show to trigger orders in this call. */
  readonly #prices: { readonly market: Market; readonly price: bigint; readonly source: "last" | "index" }[] = [];
  readonly #queue: QueuedEvent[] = [];
  #delivering = false;
  #orderCount = 0;
  #execCount = 0;
  #tradeCount = 0;

  constructor(options: MatchingEngineOptions) {
    super();
    this.#clock = options.clock ?? systemClock;
    this.#indexPrices = options.indexPrices;
    this.#pendingNew = (options.acknowledgement ?? "pending-new") === "pending-new";
    this.#orderID = options.orderID ?? krakenStyleOrderID;
    for (const spec of options.instruments) {
      if (this.#markets.has(spec.symbol)) throw new RangeError(`${spec.symbol}: instrument listed twice`);
      this.#markets.set(spec.symbol, createMarket(spec));
    }
  }

  /** Accepts or refuses a NewOrderSingle. Accepted orders report everything else through events. */
  submit(request: NewOrderRequest): SubmitResult {
    return this.#step(() => {
      const market = this.#markets.get(request.symbol);
      if (!market) return reject("unknown-symbol", "EQuery:Unknown asset pair");
      const now = this.#clock.now();
      const parsed = parseNewOrder(request, market.instrument, now);
      if (isRejection(parsed)) return parsed;
      const terms = this.#sized(parsed, request.account, market);
      if (isRejection(terms)) return terms;
      if (this.#openByClOrdID(request.account, request.clOrdID)) return duplicateClOrdID();
      if (
        isTriggerType(terms.ordType) &&
        terms.triggerReference === TriggerReference.Index &&
        this.#indexPrice(market) === undefined
      ) {
        return reject("index-unavailable", "EGeneral:Invalid arguments:Index unavailable");
      }
      const scheduled = terms.effectiveTime !== undefined && terms.effectiveTime > now;
      // A scheduled order meets the book only at its EffectiveTime; post-only is checked then.
      if (!scheduled && terms.postOnly && this.#wouldTake(market, terms.side, terms.price)) {
        return reject("post-only-would-take", "EOrder:Post only order");
      }

      const order = new Order(
        this.#orderID(++this.#orderCount, now),
        request.account,
        request.session,
        market.instrument,
        request.clOrdID,
        terms,
      );
      this.#open(order);
      if (this.#pendingNew || scheduled) {
        this.#report(order, { kind: "pending-new", execType: "A", ordStatus: "A", text: order.describe() });
      }
      if (order.expireTime !== undefined) this.#expiries.add(order, order.expireTime);
      if (scheduled) {
        order.status = "scheduled";
        this.#activations.add(order, terms.effectiveTime as number);
      } else {
        this.#start(order, market);
      }
      return { ok: true, orderID: order.orderID };
    });
  }

  /**
   * The terms with their final OrderQty: a viqc market order converts its quote amount against the book now, and
   * a reduce-only order is refused when it would not reduce the position and cut down to it when larger.
   */
  #sized(terms: OrderTerms, account: string, market: Market): OrderTerms | Rejection {
    let orderQty = terms.orderQty;
    if (terms.quoteBudget !== undefined) {
      orderQty = this.#baseForQuote(market, terms.side, terms.quoteBudget);
      if (orderQty < market.instrument.qtyMin) return reject("order-minimum", "EOrder:Order minimum not met");
    }
    if (terms.reduceOnly) {
      const reducible = this.#reducible(account, market, terms.side);
      if (reducible === 0n) return reject("reduce-only", "EOrder:Reduce only:No position to reduce");
      if (orderQty > reducible) orderQty = reducible;
    }
    if (orderQty === terms.orderQty) return terms;
    // A cut-down iceberg cannot show more than it now has.
    const displayQty = terms.displayQty !== undefined ? minimum(terms.displayQty, orderQty) : undefined;
    return { ...terms, orderQty, displayQty };
  }

  /**
   * The base quantity a quote amount (units of 10^-(pricePrecision + qtyPrecision)) trades against the visible
   * opposite book, best level first, rounded down at each level so the cost never exceeds the amount.
   */
  #baseForQuote(market: Market, side: Side, quote: bigint): bigint {
    let remaining = quote;
    let base = 0n;
    for (const level of market.book.levels(side === Side.Buy ? Side.Sell : Side.Buy)) {
      const affordable = remaining / level.key;
      const taken = minimum(affordable, level.size);
      base += taken;
      remaining -= taken * level.key;
      if (taken < level.size) break;
    }
    return base;
  }

  /** How much of `side` the account may trade before its position in the market would grow again. */
  #reducible(account: string, market: Market, side: Side): bigint {
    const position = this.#positions.get(account)?.get(market.instrument.symbol) ?? 0n;
    if (side === Side.Buy) return position < 0n ? -position : 0n;
    return position > 0n ? position : 0n;
  }

  /** What an order may trade now: its rest, or for reduce-only orders no more than the position left. */
  #room(order: Order, market: Market): bigint {
    const leaves = order.leavesQty;
    return order.reduceOnly ? minimum(leaves, this.#reducible(order.account, market, order.side)) : leaves;
  }

  /** The order goes live: New, then it waits for its trigger or executes. */
  #start(order: Order, market: Market): void {
    this.#report(order, { kind: "new", execType: "0", ordStatus: "0", text: order.describe() });
    if (isTriggerType(order.submittedOrdType)) {
      order.status = "untriggered";
      market.untriggered.add(order);
      this.#checkTrigger(order, market);
    } else {
      order.status = "working";
      this.#execute(order, market);
    }
  }

  /** Its EffectiveTime came: a post-only order that would take now is canceled, any other goes live. */
  #activate(order: Order): void {
    const market = this.#marketOf(order);
    if (order.postOnly && this.#wouldTake(market, order.side, order.price)) this.#cancel(order, "post-only");
    else this.#start(order, market);
  }

  /** An account's net position in a symbol (positive long, negative short), or undefined for an unknown symbol. */
  position(account: string, symbol: string): Decimal | undefined {
    const market = this.#markets.get(symbol);
    if (!market) return undefined;
    return this.#qty(market, this.#positions.get(account)?.get(symbol) ?? 0n);
  }

  /**
   * Amends an open order in place (Kraken Spot semantics): it keeps its OrderID and fills and takes the amend's
   * ClOrdID. A resting order keeps its queue place when only its quantity goes down; a new price or a larger
   * quantity (or display quantity) sends it to the back of the queue, and a new price may make it trade.
   */
  amend(request: AmendRequest): RequestResult {
    return this.#step(() => {
      const order = this.#openByClOrdID(request.account, request.origClOrdID);
      if (!order || (request.orderID !== undefined && request.orderID !== order.orderID)) return unknownOrder();
      if (this.#openByClOrdID(request.account, request.clOrdID)) return duplicateClOrdID();
      const market = this.#marketOf(order);
      const terms = parseAmend(request, order);
      if (isRejection(terms)) return terms;
      if (order.postOnly && this.#wouldTake(market, order.side, terms.price)) {
        return reject("post-only-would-take", "EOrder:Post only order");
      }
      this.#applyAmend(order, market, request.clOrdID, terms);
      return { ok: true };
    });
  }

  #applyAmend(order: Order, market: Market, clOrdID: string, terms: AmendTerms): void {
    const keepsPlace =
      terms.price === order.price &&
      terms.orderQty <= order.orderQty &&
      (terms.displayQty === undefined || order.displayQty === undefined || terms.displayQty <= order.displayQty);
    const requeues = order.status === "resting" && !keepsPlace;
    if (requeues) market.book.remove(order);
    order.origClOrdID = order.clOrdID;
    this.#renameClOrdID(order, clOrdID);
    order.orderQty = terms.orderQty;
    order.displayQty = terms.displayQty;
    order.price = terms.price;
    order.limitOffset = terms.limitOffset;
    order.stopPx = terms.stopPx;
    // Keeping its place, an iceberg keeps what is left of its current slice, capped by the new terms.
    if (order.status === "resting" && !requeues) {
      market.book.resize(order, minimum(order.visible, order.displayed(order.leavesQty)));
    }
    this.#report(order, { kind: "replaced", execType: "5", ordStatus: "5" });
    if (order.status === "untriggered") this.#checkTrigger(order, market);
    else if (requeues) {
      order.status = "working";
      this.#execute(order, market);
    }
  }

  /** OrderCancelRequest: only orders placed on the same session can be canceled this way (Kraken's rule). */
  cancel(request: CancelRequest): RequestResult {
    return this.#step(() => {
      const order =
        request.orderID !== undefined
          ? this.#orders.get(request.orderID)
          : request.origClOrdID !== undefined
            ? this.#openByClOrdID(request.account, request.origClOrdID)
            : undefined;
      if (!order || order.account !== request.account || order.session !== request.session) return unknownOrder();
      this.#cancel(order, "requested", request.clOrdID);
      return { ok: true };
    });
  }

  /** OrderMassCancelRequest: cancels every open order (untriggered included) in scope; returns how many. */
  massCancel(scope: MassCancelScope): number {
    return this.#step(() => {
      const inScope = [...this.#orders.values()].filter(
        (order) =>
          (scope.session === undefined || order.session === scope.session) &&
          (scope.account === undefined || order.account === scope.account) &&
          (scope.symbol === undefined || order.instrument.symbol === scope.symbol),
      );
      for (const order of inScope) this.#cancel(order, "mass-cancel");
      return inScope.length;
    });
  }

  /**
   * Lets time and index prices act: expires due GTD orders and shows every symbol's current index price to the
   * orders that trigger on it. Call it on a timer and whenever index prices change.
   */
  tick(): void {
    this.#step(() => {
      for (const market of this.#markets.values()) {
        const index = this.#indexPrice(market);
        if (index !== undefined) this.#prices.push({ market, price: index, source: "index" });
      }
    });
  }

  /** Visible L2 levels of a symbol, best first (for snapshots and the 5041 checksum), or undefined if unknown. */
  levels(symbol: string, depth?: number): { bids: BookLevelText[]; asks: BookLevelText[] } | undefined {
    const market = this.#markets.get(symbol);
    return market && this.#levelsOf(market, depth);
  }

  /** A symbol's precisions and minimum quantity (in units), or undefined for an unknown symbol. */
  instrument(symbol: string): Instrument | undefined {
    return this.#markets.get(symbol)?.instrument;
  }

  /** An open order as it stands, or undefined when it is unknown or closed. */
  order(orderID: string): OrderView | undefined {
    return this.#orders.get(orderID)?.view();
  }

  // ---- one step ------------------------------------------------------------------------------------------------

  #step<T>(body: () => T): T {
    for (const order of this.#expiries.takeDue(this.#clock.now())) {
      if (order.status === "closed") continue;
      this.#close(order);
      this.#report(order, { kind: "expired", execType: "C", ordStatus: "C" });
    }
    for (const order of this.#activations.takeDue(this.#clock.now())) {
      if (order.status === "scheduled") this.#activate(order);
    }
    const result = body();
    this.#runTriggers();
    this.#publishMarketData();
    this.#deliver();
    return result;
  }

  #deliver(): void {
    if (this.#delivering) return;
    this.#delivering = true;
    let delivered = 0;
    try {
      while (delivered < this.#queue.length) {
        const queued = this.#queue[delivered++] as QueuedEvent;
        if (queued.name === "execution") this.emit("execution", queued.event);
        else this.emit("market-data", queued.event);
      }
    } finally {
      this.#queue.splice(0, delivered);
      this.#delivering = false;
    }
  }

  #publishMarketData(): void {
    // Every market is looked at: there are few, and no code path can forget to mark one as changed.
    for (const market of this.#markets.values()) {
      const levels: LevelChange[] = market.book.takeChanges().map(({ side, price, before, after }) => ({
        mdUpdateAction: before === 0n ? "0" : after === 0n ? "2" : "1",
        mdEntryType: side === Side.Buy ? "0" : "1",
        mdEntryPx: this.#price(market, price),
        mdEntrySize: this.#qty(market, after),
      }));
      if (levels.length > 0 || market.trades.length > 0) {
        const top = this.#levelsOf(market, CHECKSUM_DEPTH);
        this.#queue.push({
          name: "market-data",
          event: { symbol: market.instrument.symbol, trades: market.trades, levels, top },
        });
      }
      market.trades = [];
    }
  }

  // ---- matching ------------------------------------------------------------------------------------------------

  /** Runs a working order as the aggressor, then rests or cancels what is left. */
  #execute(order: Order, market: Market): void {
    if (order.timeInForce === TimeInForce.FillOrKill && !this.#canFillInFull(order, market)) {
      this.#cancel(order, "fill-or-kill");
      return;
    }
    if (!this.#match(order, market) || order.leavesQty === 0n) return;
    if (order.ordType === OrdType.Market) this.#cancel(order, "market-unfilled");
    else if (order.timeInForce === TimeInForce.ImmediateOrCancel || order.timeInForce === TimeInForce.FillOrKill) {
      this.#cancel(order, "immediate-or-cancel");
    } else {
      order.status = "resting";
      order.visible = order.displayed(order.leavesQty);
      market.book.append(order);
    }
  }

  /** Trades the taker against the opposite side; false when self-trade prevention canceled it. */
  #match(taker: Order, market: Market): boolean {
    const opposite = taker.side === Side.Buy ? Side.Sell : Side.Buy;
    while (taker.leavesQty > 0n) {
      const level = market.book.best(opposite);
      if (!level || !crosses(taker, level.key)) return true;
      const maker = level.head as Order;
      if (maker.account === taker.account) {
        const mode = taker.selfTradePrevention;
        if (mode !== SelfTradePrevention.CancelNewest) this.#cancel(maker, "self-trade-prevention");
        if (mode === SelfTradePrevention.CancelOldest) continue;
        this.#cancel(taker, "self-trade-prevention");
        return false;
      }
      const takerRoom = this.#room(taker, market);
      if (takerRoom === 0n) {
        this.#cancel(taker, "reduce-only");
        return false;
      }
      const makerRoom = this.#room(maker, market);
      if (makerRoom === 0n) {
        this.#cancel(maker, "reduce-only");
        continue;
      }
      this.#trade(taker, maker, level.key, minimum(takerRoom, minimum(maker.visible, makerRoom)), market);
    }
    return true;
  }

  #trade(taker: Order, maker: Order, price: bigint, quantity: bigint, market: Market): void {
    market.book.resize(maker, maker.visible - quantity);
    for (const order of [taker, maker]) {
      order.cumQty += quantity;
      order.notional += price * quantity;
      if (order.tracksPosition) this.#movePosition(order, quantity);
    }
    if (maker.leavesQty === 0n) this.#close(maker);
    else if (maker.visible === 0n) market.book.requeue(maker, maker.displayed(maker.leavesQty));
    if (taker.leavesQty === 0n) this.#close(taker);

    const tradeSeq = ++market.tradeSeq;
    const tradeID = `T${++this.#tradeCount}`;
    const lastPx = this.#price(market, price);
    const lastQty = this.#qty(market, quantity);
    for (const [order, liquidity] of [
      [taker, "taker"],
      [maker, "maker"],
    ] as const) {
      const ordStatus = order.leavesQty === 0n ? "2" : "1";
      this.#report(order, {
        kind: "trade",
        execType: "F",
        ordStatus,
        fill: { lastPx, lastQty, tradeSeq, tradeID, liquidity },
      });
    }
    market.trades.push({
      price: lastPx,
      size: lastQty,
      aggressorSide: taker.side,
      ordType: taker.ordType,
      tradeSeq,
      tradeID,
      time: this.#clock.now(),
    });
    market.lastPrice = price;
    this.#prices.push({ market, price, source: "last" });
  }

  /**
   * Whether a FOK taker would fill completely. It walks the book as `#match` would: levels ahead of the first
   * order of its own account count in full (icebergs included, their refills come back in the same level); at
   * that order CancelNewest/CancelBoth would stop it, so only what is queued ahead of it counts; CancelOldest
   * cancels such orders, so they are skipped.
   */
  #canFillInFull(taker: Order, market: Market): boolean {
    const skipsOwn = taker.selfTradePrevention === SelfTradePrevention.CancelOldest;
    let available = 0n;
    for (const level of market.book.levels(taker.side === Side.Buy ? Side.Sell : Side.Buy)) {
      if (!crosses(taker, level.key)) break;
      let ahead = 0n;
      let levelTotal = 0n;
      for (let maker = level.head; maker; maker = maker.next) {
        if (maker.account === taker.account) {
          if (skipsOwn) continue;
          return available + ahead >= taker.leavesQty;
        }
        ahead += maker.visible;
        levelTotal += maker.leavesQty;
      }
      available += levelTotal;
      if (available >= taker.leavesQty) return true;
    }
    return false;
  }

  /** Whether a limit order at `price` on `side` would trade on arrival (post-only check). */
  #wouldTake(market: Market, side: Side, price: bigint | undefined): boolean {
    const best = market.book.best(side === Side.Buy ? Side.Sell : Side.Buy);
    return best !== undefined && price !== undefined && (side === Side.Buy ? price >= best.key : price <= best.key);
  }

  // ---- triggers ------------------------------------------------------------------------------------------------

  #checkTrigger(order: Order, market: Market): void {
    const price = this.#referencePrice(order, market);
    if (price !== undefined && observePrice(order, price)) this.#trigger(order, market, price);
  }

  #runTriggers(): void {
    // Triggered orders trade and push new prices; every trigger removes an order, so this ends.
    for (let next = this.#prices.shift(); next; next = this.#prices.shift()) {
      const { market, price, source } = next;
      const fired = [...market.untriggered].filter(
        (order) => this.#referenceSource(order, market) === source && observePrice(order, price),
      );
      // Only resting orders can be canceled while others trade, so every fired order is still untriggered here.
      for (const order of fired) this.#trigger(order, market, price);
    }
  }

  #trigger(order: Order, market: Market, price: bigint): void {
    market.untriggered.delete(order);
    order.status = "working";
    order.triggerPrice = price;
    order.ordType = triggeredOrdType(order.submittedOrdType);
    if (order.submittedOrdType === OrdType.TrailingStopLimit) {
      order.price = price + (order.limitOffset ?? 0n);
      if (order.price <= 0n) {
        this.#cancel(order, "invalid-trigger-limit");
        return;
      }
    }
    this.#report(order, {
      kind: "restated",
      execType: "D",
      ordStatus: order.cumQty > 0n ? "1" : "0",
      reason: "triggered",
    });
    this.#execute(order, market);
  }

  /**
   * Index-referenced orders watch the index while it is available and fall back to the last trade price while
   * it is not (Kraken documents this fallback for its Unified API).
   */
  #referenceSource(order: Order, market: Market): "last" | "index" {
    return order.triggerReference === TriggerReference.Index && this.#indexPrice(market) !== undefined
      ? "index"
      : "last";
  }

  #referencePrice(order: Order, market: Market): bigint | undefined {
    return this.#referenceSource(order, market) === "index" ? this.#indexPrice(market) : market.lastPrice;
  }

  /** The index price in price units, rounded half-up to the price precision; undefined when unavailable or not a decimal. */
  #indexPrice(market: Market): bigint | undefined {
    const text = this.#indexPrices?.price(market.instrument.symbol);
    if (text === undefined || !isDecimal(text)) return undefined;
    const scale = market.instrument.pricePrecision;
    return unitsAtScale(divideDecimal(text, "1", scale), scale);
  }

  // ---- bookkeeping ---------------------------------------------------------------------------------------------

  #movePosition(order: Order, quantity: bigint): void {
    let bySymbol = this.#positions.get(order.account);
    if (!bySymbol) this.#positions.set(order.account, (bySymbol = new Map()));
    const symbol = order.instrument.symbol;
    bySymbol.set(symbol, (bySymbol.get(symbol) ?? 0n) + (order.side === Side.Buy ? quantity : -quantity));
  }

  #open(order: Order): void {
    this.#orders.set(order.orderID, order);
    let byClOrdID = this.#clOrdIDs.get(order.account);
    if (!byClOrdID) this.#clOrdIDs.set(order.account, (byClOrdID = new Map()));
    byClOrdID.set(order.clOrdID, order);
  }

  #renameClOrdID(order: Order, clOrdID: string): void {
    const byClOrdID = this.#clOrdIDs.get(order.account);
    byClOrdID?.delete(order.clOrdID);
    order.clOrdID = clOrdID;
    byClOrdID?.set(clOrdID, order);
  }

  /** Takes the order out of the book, the trigger list and the indexes; it frees its ClOrdID. */
  #close(order: Order): void {
    const market = this.#marketOf(order);
    if (order.status === "resting") market.book.remove(order);
    if (order.status === "untriggered") market.untriggered.delete(order);
    order.status = "closed";
    this.#orders.delete(order.orderID);
    const byClOrdID = this.#clOrdIDs.get(order.account);
    if (byClOrdID?.get(order.clOrdID) === order) byClOrdID.delete(order.clOrdID);
  }

  /** `clOrdID`: the ClOrdID of the cancel request, which the report carries with the old one as OrigClOrdID. */
  #cancel(order: Order, reason: CancelReason, clOrdID?: string): void {
    this.#close(order);
    if (clOrdID !== undefined) {
      order.origClOrdID = order.clOrdID;
      order.clOrdID = clOrdID;
    }
    this.#report(order, { kind: "canceled", execType: "4", ordStatus: "4", reason, text: cancelTexts[reason] });
  }

  #report(order: Order, details: ExecutionDetails): void {
    const event = { execID: `E${++this.#execCount}`, transactTime: this.#clock.now(), order: order.view(), ...details };
    this.#queue.push({ name: "execution", event: event as ExecutionEvent });
  }

  #openByClOrdID(account: string, clOrdID: string): Order | undefined {
    return this.#clOrdIDs.get(account)?.get(clOrdID);
  }

  #marketOf(order: Order): Market {
    return this.#markets.get(order.instrument.symbol) as Market;
  }

  #levelsOf(market: Market, depth: number | undefined): { bids: BookLevelText[]; asks: BookLevelText[] } {
    const side = (s: Side): BookLevelText[] => {
      const levels: BookLevelText[] = [];
      for (const level of market.book.levels(s)) {
        if (depth !== undefined && levels.length >= depth) break;
        levels.push({ price: this.#price(market, level.key), size: this.#qty(market, level.size) });
      }
      return levels;
    };
    return { bids: side(Side.Buy), asks: side(Side.Sell) };
  }

  #price(market: Market, units: bigint): Decimal {
    return formatScaled({ units, scale: market.instrument.pricePrecision });
  }

  #qty(market: Market, units: bigint): Decimal {
    return formatScaled({ units, scale: market.instrument.qtyPrecision });
  }
}

function createMarket(spec: InstrumentSpec): Market {
  for (const [name, value] of [
    ["pricePrecision", spec.pricePrecision],
    ["qtyPrecision", spec.qtyPrecision],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${spec.symbol}: ${name} must be a non-negative integer, got ${value}`);
    }
  }
  const qtyMin = spec.qtyMin === undefined ? 1n : unitsAtScale(parseDecimal(spec.qtyMin), spec.qtyPrecision);
  if (qtyMin === undefined || qtyMin <= 0n) {
    throw new RangeError(
      `${spec.symbol}: qtyMin ${spec.qtyMin} is not a positive quantity at ${spec.qtyPrecision} decimals`,
    );
  }
  const instrument: Instrument = {
    symbol: spec.symbol,
    pricePrecision: spec.pricePrecision,
    qtyPrecision: spec.qtyPrecision,
    qtyMin,
  };
  return {
    instrument,
    book: new RestingBook<Order>(),
    untriggered: new Set(),
    lastPrice: undefined,
    tradeSeq: 0,
    trades: [],
  };
}

/** Whether a taker may trade at `price`: market orders take any price, limit orders their price or better. */
function crosses(taker: Order, price: bigint): boolean {
  if (taker.ordType === OrdType.Market || taker.price === undefined) return true;
  return taker.side === Side.Buy ? price <= taker.price : price >= taker.price;
}

function minimum(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function unknownOrder(): Rejection {
  return reject("unknown-order", "EOrder:Unknown order");
}

function duplicateClOrdID(): Rejection {
  return reject("duplicate-clordid", "EOrder:Duplicate ClOrdID: already used by an open order of this account");
}
