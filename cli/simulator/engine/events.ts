/**
 * What the matching engine reports. Execution events carry Kraken's ExecType (150) and OrdStatus (39) values so the
 * FIX layer can write an ExecutionReport from each one; market-data events are shaped like 35=X entries.
 */
import type { Decimal } from "../../../runtime/codec/types.js";
import type { OrdType, SelfTradePrevention, Side, TimeInForce, TriggerReference } from "./types.js";

/** An order as it stands right after the event. */
export interface OrderView {
  readonly orderID: string;
  readonly clOrdID: string;
  /** The ClOrdID it had before the amend or cancel this event reports. */
  readonly origClOrdID?: string;
  readonly account: string;
  readonly session: string;
  readonly symbol: string;
  readonly side: Side;
  /** The current type: a triggered order becomes `1` (market) or `2` (limit), as Kraken reports it. */
  readonly ordType: OrdType;
  /** The type it was submitted with. */
  readonly submittedOrdType: OrdType;
  /** Current limit price (for V after triggering: trigger price + offset). */
  readonly price?: Decimal;
  readonly stopPx?: Decimal;
  readonly orderQty: Decimal;
  readonly displayQty?: Decimal;
  readonly timeInForce: TimeInForce;
  readonly expireTime?: number;
  readonly postOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly triggerReference: TriggerReference;
  /** 1102: the reference price at which the order triggered. */
  readonly triggerPrice?: Decimal;
  readonly cumQty: Decimal;
  /** 0 once the order is closed. */
  readonly leavesQty: Decimal;
  /** Volume-weighted fill price, 0 before the first fill. */
  readonly avgPx: Decimal;
}

/** 150 ExecType values the engine emits. */
export type ExecType = "A" | "0" | "F" | "4" | "C" | "5" | "D";
/** 39 OrdStatus values the engine emits. */
export type OrdStatus = "A" | "0" | "1" | "2" | "4" | "C" | "5";

/**
 * - `requested`: 35=F; `mass-cancel`: 35=q;
 * - `immediate-or-cancel`: the unfilled rest of an IOC; `market-unfilled`: the rest of a market order with no
 *   more liquidity; `fill-or-kill`: a FOK that could not fill in full (it never trades);
 * - `self-trade-prevention`: see SelfTradePrevention;
 * - `invalid-trigger-limit`: a trailing-stop-limit whose trigger price + offset is not a positive price;
 * - `reduce-only`: a reduce-only order about to trade when the position it reduces is already closed;
 * - `post-only`: a post-only order that would take liquidity when its EffectiveTime comes.
 */
export type CancelReason =
  | "requested"
  | "mass-cancel"
  | "immediate-or-cancel"
  | "market-unfilled"
  | "fill-or-kill"
  | "self-trade-prevention"
  | "invalid-trigger-limit"
  | "reduce-only"
  | "post-only";

export interface Fill {
  /** 31 */
  readonly lastPx: Decimal;
  /** 32 */
  readonly lastQty: Decimal;
  /** 527 SecondaryExecID: trade sequence number, per symbol, from 1. Both sides of a trade share it. */
  readonly tradeSeq: number;
  /** 1003 TradeID, shared by both sides of a trade. */
  readonly tradeID: string;
  /** 5050 LiquidityInd: maker (0) or taker (1). */
  readonly liquidity: "maker" | "taker";
}

interface ExecutionBase {
  /** 17: unique per event. */
  readonly execID: string;
  /** Engine clock, epoch milliseconds. */
  readonly transactTime: number;
  readonly order: OrderView;
}

export type ExecutionEvent = ExecutionBase &
  (
    | { readonly kind: "pending-new"; readonly execType: "A"; readonly ordStatus: "A"; readonly text: string }
    | { readonly kind: "new"; readonly execType: "0"; readonly ordStatus: "0"; readonly text: string }
    | { readonly kind: "trade"; readonly execType: "F"; readonly ordStatus: "1" | "2"; readonly fill: Fill }
    | {
        readonly kind: "canceled";
        readonly execType: "4";
        readonly ordStatus: "4";
        readonly reason: CancelReason;
        readonly text: string;
      }
    | { readonly kind: "expired"; readonly execType: "C"; readonly ordStatus: "C" }
    | { readonly kind: "replaced"; readonly execType: "5"; readonly ordStatus: "5" }
    | { readonly kind: "restated"; readonly execType: "D"; readonly ordStatus: "0" | "1"; readonly reason: "triggered" }
  );

/** A trade print for market data (a 269=2 entry). */
export interface MarketTrade {
  readonly price: Decimal;
  readonly size: Decimal;
  /** 2446 */
  readonly aggressorSide: Side;
  /** 40 on the trade entry: the taker's (current) order type, `1` or `2`. */
  readonly ordType: OrdType;
  readonly tradeSeq: number;
  readonly tradeID: string;
  readonly time: number;
}

/** One changed L2 level, shaped like an X entry: 279 action, 269 side, 270 price, 271 visible size (0 on delete). */
export interface LevelChange {
  readonly mdUpdateAction: "0" | "1" | "2";
  readonly mdEntryType: "0" | "1";
  readonly mdEntryPx: Decimal;
  readonly mdEntrySize: Decimal;
}

/** A visible L2 level. */
export interface BookLevelText {
  readonly price: Decimal;
  readonly size: Decimal;
}

/** Everything one engine call did to one symbol's public market data. */
export interface MarketDataEvent {
  readonly symbol: string;
  /** In the order they happened. */
  readonly trades: readonly MarketTrade[];
  /** Net change of each level the call touched, at full depth; levels that ended where they started are left out. */
  readonly levels: readonly LevelChange[];
  /**
   * The best 10 levels per side right after the call: what Kraken's 5041 checksums. Carried in the event because
   * when a listener's own calls are delivered in the same batch, the engine has already moved on.
   */
  readonly top: { readonly bids: readonly BookLevelText[]; readonly asks: readonly BookLevelText[] };
}

export interface EngineEvents {
  execution: [ExecutionEvent];
  "market-data": [MarketDataEvent];
}
