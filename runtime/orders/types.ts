/**
 * What the OrderTracker reads and reports. Inputs are structural: a decoded ExecutionReport (or any object with
 * the same camelCase fields) fits, and so does a hand-built one in a test or simulator.
 */
import type { Decimal } from "../codec/types.js";

/** One entry of the MiscFees group (136). */
export interface MiscFeeLike {
  /** 137: on Spot the order's fees so far, on Derivatives this trade's fee. */
  readonly miscFeeAmt?: string;
  /** 138 */
  readonly miscFeeCurr?: string;
  /** 139 (Kraken sends 4 = exchange fees) */
  readonly miscFeeType?: string | number;
}

/** The ExecutionReport (35=8) fields the tracker uses; decimals as FIX text. */
export interface ExecutionReportLike {
  readonly clOrdID?: string;
  readonly origClOrdID?: string;
  readonly orderID?: string;
  readonly execID?: string;
  readonly execType?: string;
  readonly ordStatus?: string;
  readonly orderQty?: string;
  readonly cumQty?: string;
  readonly leavesQty?: string;
  readonly avgPx?: string;
  readonly lastQty?: string;
  readonly lastPx?: string;
  readonly price?: string;
  readonly side?: string;
  readonly symbol?: string;
  readonly miscFees?: readonly MiscFeeLike[];
  readonly text?: string;
  readonly transactTime?: string;
}

/** NewOrderSingle (35=D) as sent. */
export interface NewOrderSingleLike {
  readonly clOrdID: string;
  readonly symbol?: string;
  readonly side?: string;
  readonly orderQty?: string;
  readonly price?: string;
}

/** OrderCancelRequest (35=F) as sent; Kraken needs one of OrigClOrdID and OrderID. */
export interface OrderCancelRequestLike {
  readonly clOrdID: string;
  readonly origClOrdID?: string;
  readonly orderID?: string;
  readonly symbol?: string;
  readonly side?: string;
}

/** OrderCancelReplaceRequest (35=G, an amend) as sent. */
export interface OrderCancelReplaceRequestLike extends OrderCancelRequestLike {
  readonly orderQty?: string;
  readonly price?: string;
}

/** OrderMassCancelRequest (35=q) as sent. 530: 1 = by symbol, 6 = this session's orders, 7 = all orders. */
export interface OrderMassCancelRequestLike {
  readonly clOrdID: string;
  readonly massCancelRequestType?: string | number;
  readonly symbol?: string;
}

/** Where an input came from, for anomaly reports. */
export interface EventContext {
  /** The caller's position of the message (e.g. its index in a log). Default: the tracker's own count of inputs. */
  readonly index?: number;
  /** MsgSeqNum (34) of the message. */
  readonly seqNum?: number;
}

/**
 * How MiscFeeAmt (137) adds up. Kraken Spot sends the order's fees so far (`"cumulative"`: a fill's fee is the
 * increase); Kraken Derivatives sends each trade's own fee (`"per-trade"`: fees are summed).
 */
export type FeeModel = "cumulative" | "per-trade";

export interface FeeAmount {
  readonly currency?: string;
  readonly type?: string;
  readonly amount: Decimal;
}

export interface Fill {
  readonly index: number;
  readonly seqNum?: number;
  readonly execID?: string;
  /** `"trade"`: an ExecType=Trade report; `"catch-up"`: CumQty rose on another report (e.g. Restated, 150=D). */
  readonly kind: "trade" | "catch-up";
  /** LastQty of a trade; the CumQty increase of a catch-up. */
  readonly qty: Decimal;
  /** LastPx; absent on catch-ups that carry none. */
  readonly price?: Decimal;
  /** CumQty after this fill. */
  readonly cumQty: Decimal;
  /** This fill's own fees (differences of cumulative amounts, or the amounts themselves per trade). */
  readonly fees: readonly FeeAmount[];
  readonly transactTime?: string;
}

/** A cancel or amend sent and not answered yet. */
export interface PendingRequest {
  readonly kind: "cancel" | "replace";
  readonly clOrdID: string;
  readonly orderQty?: string;
  readonly price?: string;
}

export interface TrackedOrder {
  /** The ClOrdID currently naming the order: the last one the exchange confirmed (or the NOS's, before that). */
  readonly clOrdID: string | undefined;
  /** Every confirmed ClOrdID of the order, oldest first (NOS, then amends and cancels). */
  readonly clOrdIDs: readonly string[];
  readonly orderID?: string;
  readonly symbol?: string;
  readonly side?: string;
  readonly price?: string;
  readonly orderQty?: string;
  /** Last OrdStatus (39) reported; absent before the first report. */
  readonly ordStatus?: string;
  readonly lastExecType?: string;
  readonly cumQty: Decimal;
  readonly leavesQty?: string;
  readonly avgPx?: string;
  /** Filled, canceled, expired, rejected by the exchange, or its NewOrderSingle was rejected (onRequestRejected). */
  readonly closed: boolean;
  /** How the tracker learned of it: from a request sent, or only from a report (e.g. another session's order). */
  readonly origin: "request" | "report";
  readonly fills: readonly Fill[];
  /** The order's fees so far, per currency and type. */
  readonly fees: readonly FeeAmount[];
  readonly pending: readonly PendingRequest[];
  /** Last Text (58) received, or the reject text given to onRequestRejected. */
  readonly text?: string;
}

export type OrderAnomalyKind =
  /** A Trade report on an order already Filled, Canceled, Expired or Rejected. */
  | "fill-after-close"
  /** An OrdStatus that cannot follow the current one: New after Filled, Pending New after New, … */
  | "impossible-transition"
  | "cum-qty-decreased"
  /** CumQty + LeavesQty ≠ OrderQty on a live order. */
  | "quantity-mismatch"
  /** A Trade report whose LastQty is not the CumQty increase (or that has no LastQty). */
  | "last-qty-mismatch"
  /** CumQty rose on a report other than Trade, Restated (150=D) or Order Status (150=I): a fill was not reported. */
  | "unreported-fill"
  /** A cumulative fee went down: the fee model is probably wrong for this venue. */
  | "fee-decreased"
  /** A ClOrdID used before for another order or request. */
  | "clordid-reused"
  /** A report for an order this session never saw (flagged only after onLogon). */
  | "unknown-order"
  /** A quantity or price that is not a FIX decimal. */
  | "invalid-value";

export interface OrderAnomaly {
  readonly kind: OrderAnomalyKind;
  readonly index: number;
  readonly seqNum?: number;
  readonly clOrdID?: string;
  readonly orderID?: string;
  /** What was seen, with the values involved. */
  readonly text: string;
}

export interface ExecutionReportResult {
  /** The order the report belongs to; absent only when the report names no order at all. */
  readonly order?: TrackedOrder;
  /** The fill this report added, if any. */
  readonly fill?: Fill;
  readonly anomalies: readonly OrderAnomaly[];
  /** True when the ExecID was seen before for this order (a resend): the report was ignored. */
  readonly duplicate: boolean;
}

export interface OrderTotals {
  readonly orders: number;
  readonly openOrders: number;
  readonly fills: number;
  readonly catchUpFills: number;
  /** Fees of all orders, per currency and type. */
  readonly fees: readonly FeeAmount[];
  /** Filled quantity (sum of CumQty) per symbol and side, for orders with fills. */
  readonly filled: readonly { readonly symbol?: string; readonly side?: string; readonly qty: Decimal }[];
  readonly anomalies: number;
}
