/**
 * The trading half of the simulator's FIX face, for one account: decoded order messages (D, F, G, H, q) go to
 * the matching engine, and what comes back (refusals and execution events) leaves as the typed messages Kraken
 * would send — 35=8 ExecutionReport, 35=j BusinessMessageReject, and 35=3 Reject for a malformed ClOrdID.
 * It knows nothing about sockets or sequence numbers: the session layer hands it decoded messages and sends
 * whatever it passes to `send`.
 *
 * Kraken Spot and Futures send no OrderCancelReject (35=9) and no OrderMassCancelReport (35=r): a refused cancel or
 * amend is a 35=j, and a mass cancel is answered only by one 150=4 ExecutionReport per canceled order.
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
import { formatUtcTimestamp, parseUtcTimestamp } from "../../../runtime/kraken/utc-timestamp.js";
import { systemClock, type Clock } from "../engine/clock.js";
import type { ExecutionEvent, OrderView } from "../engine/events.js";
import type { MatchingEngine } from "../engine/matching-engine.js";
import type {
  MassCancelScope,
  NewOrderRequest,
  RejectReason,
  SelfTradePrevention,
  TriggerReference,
} from "../engine/types.js";

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

/** Running totals an ExecutionReport reports cumulatively (381 and the Spot fee). */
interface OrderTotals {
  cost: Decimal;
  fee: Decimal;
}

/** ExecInst values the engine can honour: P post-only; f/q/s only pick the fee currency, which we do not model. */
const SUPPORTED_EXEC_INST = new Set(["P", "f", "q", "s"]);

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
    const request = this.#newOrderRequest(session, message);
    if (typeof request === "string") {
      return this.#businessReject(session, message, BusinessRejectReason.Other, request);
    }
    if (!this.#withinRate(session, message, message.symbol, "add")) return;
    const result = this.#engine.submit(request);
    if (!result.ok) this.#businessReject(session, message, rejectReason(result.reason), result.text);
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
    this.#send(session, {
      msgType: "3",
      refSeqNum: message.header.msgSeqNum,
      refTagID: 11,
      refMsgType: message.msgType,
      sessionRejectReason: SessionRejectReason.ValueIsIncorrect,
      text: problem,
    });
    return false;
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

  /** Translates the FIX fields the engine models; returns the 58 text when the order asks for something else. */
  #newOrderRequest(session: string, message: NewOrderSingle): NewOrderRequest | string {
    const unsupported = message.execInst?.find((value) => !SUPPORTED_EXEC_INST.has(value));
    if (unsupported !== undefined) return `EGeneral:Invalid arguments:ExecInst ${unsupported} is not simulated`;
    let expireTime: number | undefined;
    if (message.expireTime !== undefined) {
      expireTime = parseUtcTimestamp(message.expireTime);
      if (expireTime === undefined) return "EGeneral:Invalid arguments:expiretm";
    }
    return {
      account: this.#account,
      session,
      clOrdID: message.clOrdID,
      symbol: message.symbol,
      side: message.side,
      ordType: message.ordType,
      orderQty: message.orderQty,
      timeInForce: message.timeInForce,
      postOnly: message.execInst?.includes("P") ?? false,
      ...(message.price !== undefined && { price: message.price }),
      ...(message.stopPx !== undefined && { stopPx: message.stopPx }),
      ...(message.displayQty !== undefined && {
        displayQty: message.displayQty,
      }),
      ...(expireTime !== undefined && { expireTime }),
      ...(message.selfTradePrevention !== undefined && {
        selfTradePrevention: String(message.selfTradePrevention) as SelfTradePrevention,
      }),
      ...(message.discretionInst !== undefined && {
        triggerReference: message.discretionInst as TriggerReference,
      }),
    };
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
    const totals = this.#totalsOf(order.orderID);
    let details: ReportDetails = {
      execType: event.execType,
      ordStatus: event.ordStatus,
    };
    if (event.kind === "trade") {
      const { fill } = event;
      const lastCost = multiplyDecimal(fill.lastQty, fill.lastPx);
      const rate = fill.liquidity === "maker" ? this.#fees.maker : this.#fees.taker;
      totals.cost = addDecimal(totals.cost, lastCost);
      totals.fee = addDecimal(
        totals.fee,
        trimDecimal(divideDecimal(multiplyDecimal(lastCost, rate), "1", FEE_DECIMALS)),
      );
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

  #totalsOf(orderID: string): OrderTotals {
    let totals = this.#totals.get(orderID);
    if (!totals) {
      totals = { cost: ZERO, fee: ZERO };
      this.#totals.set(orderID, totals);
    }
    return totals;
  }

  #executionReport(
    order: OrderView,
    execID: string,
    transactTime: number,
    details: ReportDetails,
    totals: OrderTotals = this.#totals.get(order.orderID) ?? {
      cost: ZERO,
      fee: ZERO,
    },
  ): ExecutionReport {
    const quote = quoteCurrency(order.symbol);
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
      avgPx: order.avgPx,
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
      // Spot reports the fee cumulated over the order's fills; 891=2 is what Kraken sends, whatever it means.
      miscFees: [
        {
          miscFeeAmt: totals.fee,
          ...(quote !== undefined && { miscFeeCurr: quote }),
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

/** `BTC/USD` → `USD`; Kraken Spot symbols are BASE/QUOTE. Undefined for a symbol without a slash. */
function quoteCurrency(symbol: string): string | undefined {
  const slash = symbol.indexOf("/");
  return slash < 0 ? undefined : symbol.slice(slash + 1);
}
