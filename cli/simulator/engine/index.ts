/** The simulator's matching engine: what the FIX layer of `kraken-fix simulate` builds on. */
export { ManualClock, systemClock, type Clock } from "./clock.js";
export type * from "./events.js";
export { IndexPriceTable } from "./index-prices.js";
export { MatchingEngine, type MatchingEngineOptions } from "./matching-engine.js";
export type { Instrument } from "./order.js";
export { SyntheticMarket, type SyntheticMarketOptions, type SyntheticSymbol } from "./synthetic-market.js";
export * from "./types.js";
