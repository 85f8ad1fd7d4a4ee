/**
 * What the matching engine accepts. Enumerations use Kraken's FIX wire values so the FIX layer can pass decoded
 * fields straight through; the engine still checks them, because a decoded value may be one the engine does not
 * support (TimeInForce 0 DAY, for example).
 */

/** 54 Side. */
export const Side = { Buy: "1", Sell: "2" } as const;
export type Side = (typeof Side)[keyof typeof Side];

/** 40 OrdType, with Kraken's extensions (R, T, U, V). */
export const OrdType = {
  Market: "1",
  Limit: "2",
  StopLoss: "3",
  StopLossLimit: "4",
  TakeProfit: "R",
  TakeProfitLimit: "T",
  TrailingStop: "U",
  TrailingStopLimit: "V",
} as const;
export type OrdType = (typeof OrdType)[keyof typeof OrdType];

/** 59 TimeInForce values Kraken offers. */
export const TimeInForce = { GoodTillCancel: "1", ImmediateOrCancel: "3", FillOrKill: "4", GoodTillDate: "6" } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/** 7928 SelfTradePrevention: what happens when an order would trade with an order of the same account. */
export const SelfTradePrevention = { CancelBoth: "0", CancelNewest: "1", CancelOldest: "2" } as const;
export type SelfTradePrevention = (typeof SelfTradePrevention)[keyof typeof SelfTradePrevention];

/** 388 DiscretionInst as Kraken uses it: the price a trigger order watches. */
export const TriggerReference = { Index: "1", Last: "5" } as const;
export type TriggerReference = (typeof TriggerReference)[keyof typeof TriggerReference];

/** One tradable symbol. Prices and quantities are held as integers at these precisions. */
export interface InstrumentSpec {
  readonly symbol: string;
  /** 2349: decimals a price may have. */
  readonly pricePrecision: number;
  /** 5010: decimals a quantity may have. */
  readonly qtyPrecision: number;
  /** 5011: smallest OrderQty accepted (default: one quantity unit). */
  readonly qtyMin?: string;
}

/** A NewOrderSingle (35=D) as the engine sees it. Decimals are FIX decimal text. */
export interface NewOrderRequest {
  /** The owner; self-trade prevention and ClOrdID uniqueness work per account. */
  readonly account: string;
  /** The FIX session the order came from; 35=F and mass cancel by session are scoped by it. */
  readonly session: string;
  readonly clOrdID: string;
  readonly symbol: string;
  readonly side: Side;
  readonly ordType: OrdType;
  readonly orderQty: string;
  /** Limit price for 2/4/T; for V the limit's signed offset from the trigger price. */
  readonly price?: string;
  /** Trigger price for 3/4/R/T; for U/V the trailing distance as an absolute price offset. */
  readonly stopPx?: string;
  /** Iceberg: the part shown in the book (limit orders only, at least OrderQty / 15). */
  readonly displayQty?: string;
  /** Default GTC. */
  readonly timeInForce?: TimeInForce;
  /** Required for GTD: epoch milliseconds on the engine's clock. */
  readonly expireTime?: number;
  /** ExecInst P: rejected instead of taking liquidity. Limit orders only. */
  readonly postOnly?: boolean;
  /** Default CancelNewest. */
  readonly selfTradePrevention?: SelfTradePrevention;
  /** Default Last. */
  readonly triggerReference?: TriggerReference;
  /**
   * Whether the order's fills move the account's net position in the symbol (Spot margin orders, every
   * derivatives order). Default false.
   */
  readonly tracksPosition?: boolean;
  /**
   * ExecInst E: the order may only shrink the account's position. Refused when it would not, resized at
   * acceptance to the position, and capped (or canceled) at each fill as the position moves. Requires
   * tracksPosition.
   */
  readonly reduceOnly?: boolean;
  /**
   * ExecInst v (viqc): OrderQty is an amount of the quote currency. A limit order converts it at its limit price
   * when accepted; a market order walks the visible book when it executes. Both round the base quantity down, so
   * the order never costs more than asked. Market and limit orders only.
   */
  readonly quoteQty?: boolean;
  /**
   * EffectiveTime (168), epoch milliseconds on the engine's clock: until then the order is acknowledged (Pending
   * New) but invisible and non-matching; at that time it becomes New and rests, matches or waits for its trigger.
   */
  readonly effectiveTime?: number;
}

/** An OrderCancelReplaceRequest (35=G): a new total OrderQty and optionally a new price, StopPx or DisplayQty. */
export interface AmendRequest {
  readonly account: string;
  /** The amend's own ClOrdID; it becomes the order's ClOrdID. */
  readonly clOrdID: string;
  /** The order's current ClOrdID: it finds the order. */
  readonly origClOrdID: string;
  /** When given it must be the order found by origClOrdID. */
  readonly orderID?: string;
  /** New total quantity, filled part included. */
  readonly orderQty: string;
  readonly price?: string;
  readonly stopPx?: string;
  readonly displayQty?: string;
}

/** An OrderCancelRequest (35=F). Only orders of the same session can be canceled this way. */
export interface CancelRequest {
  readonly account: string;
  readonly session: string;
  readonly clOrdID: string;
  /** One of orderID and origClOrdID is needed; orderID wins when both are given. */
  readonly orderID?: string;
  readonly origClOrdID?: string;
}

/**
 * An OrderMassCancelRequest (35=q): open orders (untriggered ones included) matching every given criterion.
 * Kraken's 530=1 is `{session, symbol}`, 530=6 `{session}`, 530=7 `{account}`.
 */
export type MassCancelScope =
  | { readonly session: string; readonly account?: string; readonly symbol?: string }
  | { readonly account: string; readonly session?: string; readonly symbol?: string };

/** A per-symbol index price feed for triggers with TriggerReference Index; undefined = unavailable right now. */
export interface IndexPriceSource {
  price(symbol: string): string | undefined;
}

/** Why a request was refused before it changed anything (Kraken answers these with 35=j). */
export type RejectReason =
  | "unknown-symbol"
  | "invalid-argument"
  | "invalid-quantity"
  | "invalid-price"
  | "order-minimum"
  | "duplicate-clordid"
  | "post-only-would-take"
  | "index-unavailable"
  | "unknown-order"
  | "reduce-only";

export interface Rejection {
  readonly ok: false;
  readonly reason: RejectReason;
  /** Text for 58, in Kraken's `E<Category>:<message>` style. */
  readonly text: string;
}

export type SubmitResult = { readonly ok: true; readonly orderID: string } | Rejection;
export type RequestResult = { readonly ok: true } | Rejection;
