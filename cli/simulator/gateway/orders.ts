/**
 * The trading half of the simulator's FIX face, for one account: decoded order messages (D, F, G, H, q) go to
 * the matching engine, and what comes back (refusals and execution events) leaves as the typed messages Kraken
 * would send — 35=8 ExecutionReport, 35=j BusinessMessageReject, and 35=3 Reject for a malformed ClOrdID.
 * It knows nothing about sockets or sequence numbers: the session layer hands it decoded messages and sends
 * whatever it passes to `send`.
 *
 * Kraken Spot and Futures send no OrderCancelReject (35=9) and no OrderMassCancelReport (35=r): a refused cancel or
 * amend is a 35=j, and a mass cancel is answered only by one 150=4 ExecutionReport per canceled order.
 *
 * The venue decides the rest: which fields a NewOrderSingle may carry (new-order-fields.ts), which messages are
 * served (no 35=G or 35=H on derivatives), whether fees are reported per order or per fill, and AvgPx.
 */
import {
  BusinessRejectReason,
  SessionRejectReason,
  type BusinessMessageReject,
  type ExecutionReport,
  type Header,
  type Message,
  type NewOrderSingle,
  type OrderCancelReplaceRequest,
  type OrderCancelRequest,
  type OrderMassCancelRequest,
  type OrderStatusRequest,
  type Reject,
} from "../../../generated/kraken-fix44/index.js";
import {
  addDecimal,
  isDecimal,
  multiplyDecimal,
  divideDecimal,
  isZeroDecimal,
  trimDecimal,
} from "../../../runtime/codec/decimal.js";
import type { Decimal, Received } from "../../../runtime/codec/types.js";
import { clOrdIDProblem } from "../../../runtime/kraken/clordid.js";
import type { Venue } from "../../../runtime/kraken/presets.js";
import { RateCounter, type RateAction, type RateTier } from "../../../runtime/kraken/throttle.js";
import { formatUtcTimestamp } from "../../../runtime/codec/utc-timestamp.js";
import { systemClock, type Clock } from "../engine/clock.js";
import type { ExecutionEvent, OrderView } from "../engine/events.js";
import type { MatchingEngine } from "../engine/matching-engine.js";
import type { MassCancelScope, RejectReason } from "../engine/types.js";
import { checkValidUntil, defaultFeeCurrency, translateNewOrder, type FeePreference } from "./new-order-fields.js";

/** A decoded inbound message, as the session layer delivers it. */
export type InboundMessage = Received<Message, Header>;

/** What the trading gateway sends; the session layer adds the header and encodes. */
export type TradingOutbound = ExecutionReport | BusinessMessageReject | Reject;

/** Fee rates as fractions of the traded cost (`"0.0026"` = 0.26 %). */
export interface FeeSchedule {
  readonly maker: string;
  readonly taker: string;
}

export interface TradingGatewayOptions {
  readonly engine: MatchingEngine;
  /** The engine account every session of this gateway trades for. */
  readonly account: string;
  /** Which ClOrdID rules apply (clOrdIDProblem). */
  readonly venue: Venue;
  /** Receives each outbound message with the session it belongs to. */
  readonly send: (session: string, message: TradingOutbound) => void;
  /** Drives ClOrdID freshness and the rate counter. Default: the system clock. */
  readonly clock?: Clock;
  /** Kraken's per-pair trading rate counter; omit to trade without a limit. */
  readonly rateTier?: RateTier;
  /** Default: no fees (the 136 group then reports 0). */
  readonly fees?: FeeSchedule;
}

export interface DisconnectInfo {
  /** True when the session ended with a Logout exchange, false when the connection dropped. */
  readonly graceful: boolean;
}

/** Fees are reported at this many decimals of the quote currency, rounded half-up per fill. */
const FEE_DECIMALS = 8;
const RATE_LIMIT_TEXT = "EOrder:Rate limit exceeded";
const UNKNOWN_ORDER_TEXT = "EOrder:Unknown order";
const ZERO = "0" as Decimal;

/** Running totals an ExecutionReport reports cumulatively (381, and the fee unless it is per trade). */
interface OrderTotals {
  cost: Decimal;
  fee: Decimal;
  readonly fees: FeePreference;
}

/**
 * Message types the trading endpoint serves; the session answers any other with 35=j 380=3. Derivatives have no
 * amend (35=G, "Coming soon" in Kraken's FIX introduction, dialect notes §3.8) and no status request (35=H, "Spot
 * only" on the osr page, §3.9 and §9, as the dictionary's rules say too; the newer introduction lists it for both).
 */
export function tradingMsgTypes(venue: Venue): readonly string[] {
  return venue === "spot" ? ["D", "F", "G", "H", "q"] : ["D", "F", "q"];
}

export class TradingGateway {
  readonly #engine: MatchingEngine;
  readonly #account: string;
  readonly #venue: Venue;
  readonly #send: (session: string, message: TradingOutbound) => void;
  readonly #clock: Clock;
  readonly #rateTier: RateTier | undefined;
  readonly #fees: FeeSchedule;
  /** Kraken's counter is per pair, so one per symbol. */
  readonly #rates = new Map<string, RateCounter>();
  readonly #totals = new Map<string, OrderTotals>();
  /** Fee preferences of submitted orders by ClOrdID, until the order's first report (which may come before submit returns). */
  readonly #unacknowledged = new Map<string, FeePreference>();
  readonly #msgTypes: ReadonlySet<string>;
  /** 8674 per live session: true = cancel its orders on an abnormal disconnect. */
  readonly #cancelOnDisconnect = new Map<string, boolean>();
  readonly #onExecution = (event: ExecutionEvent): void => this.#report(event);
  #statusCount = 0;

  constructor(options: TradingGatewayOptions) {
    this.#engine = options.engine;
    this.#account = options.account;
    this.#venue = options.venue;
    this.#send = options.send;
    this.#clock = options.clock ?? systemClock;
    this.#rateTier = options.rateTier;
    this.#fees = options.fees ?? { maker: ZERO, taker: ZERO };
    this.#msgTypes = new Set(tradingMsgTypes(this.#venue));
    // Checked here because a bad rate would otherwise only surface as an exception in the middle of a trade.
    for (const [name, rate] of Object.entries(this.#fees)) {
      if (!isDecimal(rate) || rate.startsWith("-")) {
        throw new RangeError(`${name} fee rate must be a non-negative decimal fraction, got ${JSON.stringify(rate)}`);
      }
    }
    this.#engine.on("execution", this.#onExecution);
  }

  /** Stops listening to the engine. */
  dispose(): void {
    this.#engine.off("execution", this.#onExecution);
  }

  /**
   * Records a session that logged on, with its CancelOrdersOnDisconnect (8674): 0 or absent = cancel its orders
   * when it drops, 1 = keep them.
   */
  onLogon(session: string, cancelOrdersOnDisconnect: number | undefined): void {
    this.#cancelOnDisconnect.set(session, cancelOrdersOnDisconnect !== 1);
  }

  /**
   * Ends a session and returns how many orders it canceled. Kraken documents 8674 as "cancel on disconnect"
   * without saying whether a Logout counts; the simulator treats a Logout-confirmed end as deliberate and keeps
   * the orders, and cancels only when the connection dropped (the case cancel-on-disconnect exists for). The
   * cancel ExecutionReports are passed to `send` for the ended session; the session layer may store or drop them.
   */
  onDisconnect(session: string, info: DisconnectInfo): number {
    const cancel = this.#cancelOnDisconnect.get(session) ?? true;
    this.#cancelOnDisconnect.delete(session);
    if (info.graceful || !cancel) return 0;
    return this.#engine.massCancel({ session, account: this.#account });
  }

  /** Handles one decoded application message from `session`. Returns false for a type it does not handle. */
  handle(session: string, message: InboundMessage): boolean {
    if (!this.#msgTypes.has(message.msgType)) return false;
    switch (message.msgType) {
      case "D":
        this.#newOrder(session, message);
        return true;
      case "F":
        this.#cancel(session, message);
        return true;
      case "G":
        this.#amend(session, message);
        return true;
      case "H":
        this.#status(session, message);
        return true;
      case "q":
        this.#massCancel(session, message);
        return true;
      default:
        return false;
    }
  }

  #newOrder(session: string, message: Received<NewOrderSingle, Header>): void {
    if (!this.#clOrdIDAcceptable(session, message)) return;
    const translated = translateNewOrder(message, {
      venue: this.#venue,
      account: this.#account,
      session,
      now: this.#clock.now(),
    });
    if ("kind" in translated) return this.#businessReject(session, message, BusinessRejectReason.Other, translated.text);
    if (!this.#withinRate(session, message, message.symbol, "add")) return;
    this.#unacknowledged.set(message.clOrdID, translated.fees);
    const result = this.#engine.submit(translated.request);
    if (!result.ok) {
      this.#unacknowledged.delete(message.clOrdID);
      this.#businessReject(session, message, rejectReason(result.reason), result.text);
    }
  }

  #cancel(session: string, message: Received<OrderCancelRequest, Header>): void {
    if (!this.#clOrdIDAcceptable(session, message)) return;
    if (!this.#withinRate(session, message, message.symbol, "cancel")) return;
    const result = this.#engine.cancel({
      account: this.#account,
      session,
      clOrdID: message.clOrdID,
      ...(message.orderID !== undefined && { orderID: message.orderID }),
      ...(message.origClOrdID !== undefined && {
        origClOrdID: message.origClOrdID,
      }),
    });
    if (!result.ok) this.#businessReject(session, message, rejectReason(result.reason), result.text);
  }

  #amend(session: string, message: Received<OrderCancelReplaceRequest, Header>): void {
    if (!this.#clOrdIDAcceptable(session, message)) return;
    // ValidUntilTime has the same 2–60 s rule on amends (dialect notes §3.8).
    const late = checkValidUntil(message.validUntilTime, this.#clock.now());
    if (late) return this.#businessReject(session, message, BusinessRejectReason.Other, late.text);
    if (!this.#withinRate(session, message, message.symbol, "amend")) return;
    const result = this.#engine.amend({
      account: this.#account,
      clOrdID: message.clOrdID,
      origClOrdID: message.origClOrdID,
      orderID: message.orderID,
      orderQty: message.orderQty,
      ...(message.price !== undefined && { price: message.price }),
      ...(message.stopPx !== undefined && { stopPx: message.stopPx }),
      ...(message.displayQty !== undefined && {
        displayQty: message.displayQty,
      }),
    });
    if (!result.ok) this.#businessReject(session, message, rejectReason(result.reason), result.text);
  }

  #status(session: string, message: Received<OrderStatusRequest, Header>): void {
    const order = this.#engine.order(message.orderID);
    if (!order || order.account !== this.#account) {
      return this.#businessReject(session, message, BusinessRejectReason.UnknownOrder, UNKNOWN_ORDER_TEXT);
    }
    const ordStatus = isZeroDecimal(order.cumQty) ? "0" : "1";
    const execID = `S${++this.#statusCount}`;
    this.#send(
      session,
      this.#executionReport(order, execID, this.#clock.now(), {
        execType: "I",
        ordStatus,
      }),
    );
  }

  #massCancel(session: string, message: Received<OrderMassCancelRequest, Header>): void {
    let scope: MassCancelScope;
    switch (message.massCancelRequestType) {
      case "1":
        if (message.symbol === undefined) {
          return this.#businessReject(
            session,
            message,
            BusinessRejectReason.ConditionallyRequiredFieldMissing,
            "Symbol (55) is required with MassCancelRequestType 1",
          );
        }
        scope = { session, account: this.#account, symbol: message.symbol };
        break;
      case "6":
        scope = { session, account: this.#account };
        break;
      case "7":
        scope = { account: this.#account };
        break;
    }
    this.#engine.massCancel(scope);
  }

  /** A malformed ClOrdID is a session-level Reject (35=3, 373=5) on 11, as Kraken answers it. */
  #clOrdIDAcceptable(session: string, message: InboundMessage & { readonly clOrdID: string }): boolean {
    const problem = clOrdIDProblem(this.#venue, message.clOrdID, {
      nowMs: this.#clock.now(),
    });
    if (problem === undefined) return true;
    this.#sessionReject(session, message, 11, SessionRejectReason.ValueIsIncorrect, problem);
    return false;
  }

  #sessionReject(
    session: string,
    message: InboundMessage,
    tag: number,
    reason: SessionRejectReason,
    text: string,
  ): void {
    this.#send(session, {
      msgType: "3",
      refSeqNum: message.header.msgSeqNum,
      refTagID: tag,
      refMsgType: message.msgType,
      sessionRejectReason: reason,
      text,
    });
  }

  #withinRate(
    session: string,
    message: InboundMessage & { readonly clOrdID: string },
    symbol: string,
    action: RateAction,
  ): boolean {
    if (this.#rateTier === undefined) return true;
    let counter = this.#rates.get(symbol);
    if (!counter) {
      counter = new RateCounter({
        tier: this.#rateTier,
        now: () => this.#clock.now(),
      });
      this.#rates.set(symbol, counter);
    }
    if (counter.tryConsume(action)) return true;
    this.#businessReject(session, message, BusinessRejectReason.Other, RATE_LIMIT_TEXT);
    return false;
  }

  #businessReject(
    session: string,
    message: InboundMessage & { readonly clOrdID: string },
    reason: BusinessRejectReason,
    text: string,
  ): void {
    this.#send(session, {
      msgType: "j",
      refSeqNum: message.header.msgSeqNum,
      refMsgType: message.msgType,
      businessRejectRefID: message.clOrdID,
      businessRejectReason: reason,
      text,
    });
  }

  #report(event: ExecutionEvent): void {
    const { order } = event;
    if (order.account !== this.#account) return;
    const totals = this.#totalsOf(order);
    let details: ReportDetails = {
      execType: event.execType,
      ordStatus: event.ordStatus,
    };
    if (event.kind === "trade") {
      const { fill } = event;
      const lastCost = multiplyDecimal(fill.lastQty, fill.lastPx);
      const rate = fill.liquidity === "maker" ? this.#fees.maker : this.#fees.taker;
      // A fee in the base currency is the same rate applied to the quantity instead of the cost.
      const charged = totals.fees.currency === "base" ? fill.lastQty : lastCost;
      const lastFee = trimDecimal(divideDecimal(multiplyDecimal(charged, rate), "1", FEE_DECIMALS));
      totals.cost = addDecimal(totals.cost, lastCost);
      totals.fee = totals.fees.perTrade ? lastFee : addDecimal(totals.fee, lastFee);
      details = {
        ...details,
        lastPx: fill.lastPx,
        lastQty: fill.lastQty,
        netMoney: lastCost,
        secondaryExecID: String(fill.tradeSeq),
        tradeID: fill.tradeID,
        liquidityInd: fill.liquidity === "maker" ? "0" : "1",
      };
    }
    if ("text" in event) details = { ...details, text: event.text };
    this.#send(order.session, this.#executionReport(order, event.execID, event.transactTime, details, totals));
    if (isZeroDecimal(order.leavesQty)) this.#totals.delete(order.orderID);
  }

  #totalsOf(order: OrderView): OrderTotals {
    let totals = this.#totals.get(order.orderID);
    if (!totals) {
      const fees = this.#unacknowledged.get(order.clOrdID) ?? this.#defaultFees(order);
      this.#unacknowledged.delete(order.clOrdID);
      totals = { cost: ZERO, fee: ZERO, fees };
      this.#totals.set(order.orderID, totals);
    }
    return totals;
  }

  /** An order this gateway did not submit (another gateway of the same account): the venue's defaults. */
  #defaultFees(order: OrderView): FeePreference {
    return { currency: defaultFeeCurrency(this.#venue, order.side), perTrade: this.#venue === "derivatives" };
  }

  #executionReport(
    order: OrderView,
    execID: string,
    transactTime: number,
    details: ReportDetails,
    totals: OrderTotals = this.#totals.get(order.orderID) ?? { cost: ZERO, fee: ZERO, fees: this.#defaultFees(order) },
  ): ExecutionReport {
    const feeCurrency = currencies(order.symbol)?.[totals.fees.currency];
    return {
      msgType: "8",
      clOrdID: order.clOrdID,
      ...(order.origClOrdID !== undefined && {
        origClOrdID: order.origClOrdID,
      }),
      execID,
      orderID: order.orderID,
      ...(details.secondaryExecID !== undefined && {
        secondaryExecID: details.secondaryExecID,
      }),
      transactTime: formatUtcTimestamp(transactTime),
      ordType: order.ordType,
      side: order.side,
      symbol: order.symbol,
      ...(order.price !== undefined && { price: order.price }),
      ...(order.stopPx !== undefined && { stopPx: order.stopPx }),
      ...(details.lastPx !== undefined && { lastPx: details.lastPx }),
      // Derivatives fills have been seen with 6=0 and the price only in 31 (a third-party production report in
      // the dialect notes, §3.11); the simulator sends 0 on every derivatives report so clients exercise that path.
      avgPx: this.#venue === "derivatives" ? ZERO : order.avgPx,
      ...(order.triggerPrice !== undefined && {
        triggerPrice: order.triggerPrice,
      }),
      cumQty: order.cumQty,
      ...(details.lastQty !== undefined && { lastQty: details.lastQty }),
      leavesQty: order.leavesQty,
      orderQty: order.orderQty,
      ...(order.displayQty !== undefined && { displayQty: order.displayQty }),
      execType: details.execType,
      ordStatus: details.ordStatus,
      ...(details.text !== undefined && { text: details.text }),
      timeInForce: order.timeInForce,
      // Spot reports the fee cumulated over the order's fills unless ExecInst s asks for it per fill (always so on
      // derivatives); 891=2 is what Kraken sends, whatever it means.
      miscFees: [
        {
          // A per-trade fee belongs to its fill: every other report of such an order carries 0.
          miscFeeAmt: totals.fees.perTrade && details.lastQty === undefined ? ZERO : totals.fee,
          ...(feeCurrency !== undefined && { miscFeeCurr: feeCurrency }),
          miscFeeType: "4",
          miscFeeBasis: 2,
        },
      ],
      grossTradeAmt: totals.cost,
      ...(details.netMoney !== undefined && { netMoney: details.netMoney }),
      ...(details.tradeID !== undefined && { tradeID: details.tradeID }),
      ...(details.liquidityInd !== undefined && {
        liquidityInd: details.liquidityInd,
      }),
    };
  }
}

/** The per-event part of an ExecutionReport; the rest comes from the order. */
interface ReportDetails {
  readonly execType: ExecutionReport["execType"];
  readonly ordStatus: ExecutionReport["ordStatus"];
  readonly text?: string;
  readonly lastPx?: Decimal;
  readonly lastQty?: Decimal;
  readonly netMoney?: Decimal;
  readonly secondaryExecID?: string;
  readonly tradeID?: string;
  readonly liquidityInd?: "0" | "1";
}

/** 380 for each engine refusal: the instrument and order cases have their own codes, the rest is `0` Other. */
function rejectReason(reason: RejectReason): BusinessRejectReason {
  if (reason === "unknown-symbol") return BusinessRejectReason.UnknownSecurity;
  if (reason === "unknown-order") return BusinessRejectReason.UnknownOrder;
  return BusinessRejectReason.Other;
}

/**
 * Base and quote currencies of a symbol. Spot symbols are BASE/QUOTE (`BTC/USD`). Derivatives use the venue id
 * (`PF_XBTUSD`, dialect notes §9); the simulator's perpetuals are all USD-quoted, so the quote is the last three
 * letters after the `PF_` prefix. Undefined for any other shape.
 */
function currencies(symbol: string): { base: string; quote: string } | undefined {
  const slash = symbol.indexOf("/");
  if (slash > 0) return { base: symbol.slice(0, slash), quote: symbol.slice(slash + 1) };
  const underscore = symbol.indexOf("_");
  const pair = symbol.slice(underscore + 1);
  if (underscore < 0 || pair.length <= 3) return undefined;
  return { base: pair.slice(0, -3), quote: pair.slice(-3) };
}
