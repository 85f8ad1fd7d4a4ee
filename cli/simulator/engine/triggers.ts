/**
 * When stop-loss, take-profit and trailing orders fire. Prices are integer units at the instrument's price
 * precision; the reference price is the last trade or the index price, as the order asks.
 */
import { OrdType, Side } from "./types.js";

export interface TriggerState {
  readonly side: Side;
  readonly submittedOrdType: OrdType;
  /** Trigger price, or for trailing orders the trailing distance (an absolute price offset). */
  readonly stopPx: bigint;
  /** Trailing orders: the best reference price seen since acceptance (highest for a sell, lowest for a buy). */
  trailAnchor: bigint | undefined;
}

/** Whether a type waits for a trigger before it can trade. */
export function isTriggerType(ordType: OrdType): boolean {
  return ordType !== OrdType.Market && ordType !== OrdType.Limit;
}

/** What a triggered order becomes: market for 3/R/U, limit for 4/T/V (Kraken reports 40 changing this way). */
export function triggeredOrdType(ordType: OrdType): typeof OrdType.Market | typeof OrdType.Limit {
  return ordType === OrdType.StopLossLimit ||
    ordType === OrdType.TakeProfitLimit ||
    ordType === OrdType.TrailingStopLimit
    ? OrdType.Limit
    : OrdType.Market;
}

/**
 * Feeds one reference price to an untriggered order; returns true when it fires at that price.
 * - stop-loss: a buy fires at or above StopPx, a sell at or below (protection against a move against you);
 * - take-profit: the opposite (a buy at or below, a sell at or above);
 * - trailing: a sell fires once the price falls StopPx below the highest price seen, a buy once it rises StopPx
 *   above the lowest; the anchor starts at the first price seen.
 */
export function observePrice(order: TriggerState, price: bigint): boolean {
  const buy = order.side === Side.Buy;
  switch (order.submittedOrdType) {
    case OrdType.StopLoss:
    case OrdType.StopLossLimit:
      return buy ? price >= order.stopPx : price <= order.stopPx;
    case OrdType.TakeProfit:
    case OrdType.TakeProfitLimit:
      return buy ? price <= order.stopPx : price >= order.stopPx;
    case OrdType.TrailingStop:
    case OrdType.TrailingStopLimit: {
      const anchor = order.trailAnchor;
      order.trailAnchor =
        anchor === undefined ? price : buy ? (price < anchor ? price : anchor) : price > anchor ? price : anchor;
      return buy ? price >= order.trailAnchor + order.stopPx : price <= order.trailAnchor - order.stopPx;
    }
    default:
      return false;
  }
}
