/**
 * An order inside the engine. Prices and quantities are integer units at the instrument's precisions (see
 * `Instrument`); they become decimal text only in events.
 */
import { divideDecimal, formatScaled, trimDecimal } from "../../../runtime/codec/decimal.js";
import type { Decimal } from "../../../runtime/codec/types.js";
import type { OrderView } from "./events.js";
import type { PriceLevel, QueuedOrder } from "./resting-book.js";
import type { TriggerState } from "./triggers.js";
import { OrdType, Side, type SelfTradePrevention, type TimeInForce, type TriggerReference } from "./types.js";

export interface Instrument {
  readonly symbol: string;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  readonly qtyMin: bigint;
}

/** AvgPx is rounded half-up to this many decimals beyond the price precision. */
const AVG_PX_EXTRA_DECIMALS = 4;

/**
 * - `scheduled`: acknowledged, waiting for its EffectiveTime (invisible, non-matching);
 * - `untriggered`: a trigger order waiting for its price;
 * - `working`: being matched as the aggressor (during one engine call);
 * - `resting`: in the book;
 * - `closed`: filled, canceled or expired.
 */
export type OrderStatus = "scheduled" | "untriggered" | "working" | "resting" | "closed";

/** The fields a NewOrderSingle sets, checked and in units. */
export interface OrderTerms {
  readonly side: Side;
  readonly ordType: OrdType;
  readonly orderQty: bigint;
  /** Limit price (2/4/T). */
  readonly price: bigint | undefined;
  /** Trailing-stop-limit (V): signed offset of the limit from the trigger price. */
  readonly limitOffset: bigint | undefined;
  readonly stopPx: bigint | undefined;
  readonly displayQty: bigint | undefined;
  readonly timeInForce: TimeInForce;
  readonly expireTime: number | undefined;
  readonly postOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly triggerReference: TriggerReference;
  readonly tracksPosition: boolean;
  readonly reduceOnly: boolean;
  /** ExecInst v on a market order: the quote amount (units of 10^-(pricePrecision + qtyPrecision)) still to convert. */
  readonly quoteBudget: bigint | undefined;
  readonly effectiveTime: number | undefined;
}

export class Order implements QueuedOrder, TriggerState {
  readonly side: Side;
  readonly submittedOrdType: OrdType;
  ordType: OrdType;
  clOrdID: string;
  origClOrdID: string | undefined = undefined;
  price: bigint | undefined;
  limitOffset: bigint | undefined;
  stopPx: bigint;
  orderQty: bigint;
  displayQty: bigint | undefined;
  readonly timeInForce: TimeInForce;
  readonly expireTime: number | undefined;
  readonly postOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly triggerReference: TriggerReference;
  readonly tracksPosition: boolean;
  readonly reduceOnly: boolean;
  readonly effectiveTime: number | undefined;
  triggerPrice: bigint | undefined = undefined;
  trailAnchor: bigint | undefined = undefined;
  cumQty = 0n;
  /** Σ price × quantity over fills, in units of 10^-(pricePrecision + qtyPrecision). */
  notional = 0n;
  status: OrderStatus = "working";
  visible = 0n;
  level: PriceLevel<this> | undefined = undefined;
  previous: this | undefined = undefined;
  next: this | undefined = undefined;

  constructor(
    readonly orderID: string,
    readonly account: string,
    readonly session: string,
    readonly instrument: Instrument,
    clOrdID: string,
    terms: OrderTerms,
  ) {
    this.clOrdID = clOrdID;
    this.side = terms.side;
    this.submittedOrdType = terms.ordType;
    this.ordType = terms.ordType;
    this.price = terms.price;
    this.limitOffset = terms.limitOffset;
    this.stopPx = terms.stopPx ?? 0n;
    this.orderQty = terms.orderQty;
    this.displayQty = terms.displayQty;
    this.timeInForce = terms.timeInForce;
    this.expireTime = terms.expireTime;
    this.postOnly = terms.postOnly;
    this.selfTradePrevention = terms.selfTradePrevention;
    this.triggerReference = terms.triggerReference;
    this.tracksPosition = terms.tracksPosition;
    this.reduceOnly = terms.reduceOnly;
    this.effectiveTime = terms.effectiveTime;
  }

  get leavesQty(): bigint {
    return this.orderQty - this.cumQty;
  }

  /** The price the order rests at; only limit orders rest, and always with a price. */
  get restingPrice(): bigint {
    return this.price ?? 0n;
  }

  /** What the book shows of `leaves`: all of it, or an iceberg's display slice. */
  displayed(leaves: bigint): bigint {
    return this.displayQty !== undefined && this.displayQty < leaves ? this.displayQty : leaves;
  }

  view(): OrderView {
    const { pricePrecision, qtyPrecision } = this.instrument;
    const price = (units: bigint): Decimal => formatScaled({ units, scale: pricePrecision });
    const qty = (units: bigint): Decimal => formatScaled({ units, scale: qtyPrecision });
    const cumQty = qty(this.cumQty);
    const avgPx =
      this.cumQty === 0n
        ? ("0" as Decimal)
        : trimDecimal(
            divideDecimal(
              formatScaled({ units: this.notional, scale: pricePrecision + qtyPrecision }),
              cumQty,
              pricePrecision + AVG_PX_EXTRA_DECIMALS,
            ),
          );
    const limit = this.ordType === OrdType.TrailingStopLimit ? this.limitOffset : this.price;
    return {
      orderID: this.orderID,
      clOrdID: this.clOrdID,
      ...(this.origClOrdID !== undefined && { origClOrdID: this.origClOrdID }),
      account: this.account,
      session: this.session,
      symbol: this.instrument.symbol,
      side: this.side,
      ordType: this.ordType,
      submittedOrdType: this.submittedOrdType,
      ...(limit !== undefined && { price: price(limit) }),
      ...(this.submittedOrdType !== OrdType.Market &&
        this.submittedOrdType !== OrdType.Limit && { stopPx: price(this.stopPx) }),
      orderQty: qty(this.orderQty),
      ...(this.displayQty !== undefined && { displayQty: qty(this.displayQty) }),
      timeInForce: this.timeInForce,
      ...(this.expireTime !== undefined && { expireTime: this.expireTime }),
      postOnly: this.postOnly,
      selfTradePrevention: this.selfTradePrevention,
      triggerReference: this.triggerReference,
      ...(this.triggerPrice !== undefined && { triggerPrice: price(this.triggerPrice) }),
      cumQty,
      leavesQty: qty(this.status === "closed" ? 0n : this.leavesQty),
      avgPx,
    };
  }

  /**
   * Kraken's order summary for 58 on acks, as REST's `descr.order` words it: `buy 0.5 BTC/USD @ limit 84000.0`,
   * `sell 1 BTC/USD @ stop loss 30000.0 -> limit 29900.0`, trailing distances and offsets signed.
   */
  describe(): string {
    const view = this.view();
    const side = this.side === Side.Buy ? "buy" : "sell";
    const signed = (text: string): string => (text.startsWith("-") ? text : `+${text}`);
    const trigger = view.stopPx ?? "";
    const terms: Record<OrdType, string> = {
      [OrdType.Market]: "market",
      [OrdType.Limit]: `limit ${view.price}`,
      [OrdType.StopLoss]: `stop loss ${trigger}`,
      [OrdType.StopLossLimit]: `stop loss ${trigger} -> limit ${view.price}`,
      [OrdType.TakeProfit]: `take profit ${trigger}`,
      [OrdType.TakeProfitLimit]: `take profit ${trigger} -> limit ${view.price}`,
      [OrdType.TrailingStop]: `trailing stop ${signed(trigger)}`,
      [OrdType.TrailingStopLimit]: `trailing stop ${signed(trigger)} -> limit ${signed(view.price ?? "")}`,
    };
    return `${side} ${view.orderQty} ${view.symbol} @ ${terms[this.submittedOrdType]}`;
  }
}
