/**
 * A synthetic market that keeps the simulator's books alive: each step moves every symbol's mid price by a random
 * number of ticks, replaces a ladder of maker quotes around it, sometimes sends a market order from a taker, and
 * publishes the mid as the index price. Quotes are plain orders, so a user's resting orders fill when the walk
 * crosses them or a taker sweeps them. The walk is driven by a seeded PRNG: the same seed replays the same market.
 */
import { formatScaled, unitsAtScale } from "../../../runtime/codec/decimal.js";
import type { IndexPriceTable } from "./index-prices.js";
import type { MatchingEngine } from "./matching-engine.js";
import type { Instrument } from "./order.js";
import { SeededRandom } from "./prng.js";
import { OrdType, Side } from "./types.js";

export interface SyntheticSymbol {
  readonly symbol: string;
  /** First mid price, at most the instrument's price precision. */
  readonly startPrice: string;
  /** Distance between quotes and unit of the walk, a positive price at the instrument's precision. */
  readonly tickSize: string;
  /** Quotes per side, ≥ 1. */
  readonly levels: number;
  /** Size range of each quote and taker order, positive quantities at the instrument's precision. */
  readonly minSize: string;
  readonly maxSize: string;
  /** Largest move of the mid per step, in ticks (≥ 0). */
  readonly maxMoveTicks: number;
  /** Chance per step (0–1) that a taker sends a market order. */
  readonly takerProbability: number;
}

export interface SyntheticMarketOptions {
  readonly seed: number;
  readonly symbols: readonly SyntheticSymbol[];
  /** When given, each step publishes the mid as the symbol's index price. */
  readonly indexPrices?: IndexPriceTable;
  /** Default `synthetic-maker`. */
  readonly makerAccount?: string;
  /** Default `synthetic-taker`. */
  readonly takerAccount?: string;
}

interface WalkState {
  readonly config: SyntheticSymbol;
  readonly instrument: Instrument;
  readonly tick: bigint;
  readonly minSize: bigint;
  readonly maxSize: bigint;
  mid: bigint;
}

export class SyntheticMarket {
  readonly #engine: MatchingEngine;
  readonly #random: SeededRandom;
  readonly #walks: WalkState[];
  readonly #indexPrices: IndexPriceTable | undefined;
  readonly #maker: string;
  readonly #taker: string;
  #clOrdCount = 0;

  /** Throws RangeError naming the symbol and setting when a configuration does not fit its instrument. */
  constructor(engine: MatchingEngine, options: SyntheticMarketOptions) {
    this.#engine = engine;
    this.#random = new SeededRandom(options.seed);
    this.#indexPrices = options.indexPrices;
    this.#maker = options.makerAccount ?? "synthetic-maker";
    this.#taker = options.takerAccount ?? "synthetic-taker";
    this.#walks = options.symbols.map((config) => this.#walkState(config));
    for (const walk of this.#walks) this.#publishIndex(walk);
  }

  /** The current mid price of a configured symbol. */
  mid(symbol: string): string | undefined {
    const walk = this.#walks.find((candidate) => candidate.config.symbol === symbol);
    return walk && formatScaled({ units: walk.mid, scale: walk.instrument.pricePrecision });
  }

  /** One step for every symbol, then an engine tick so expiries and index triggers run. */
  step(): void {
    for (const walk of this.#walks) {
      const { config, tick } = walk;
      const move = BigInt(this.#random.integer(-config.maxMoveTicks, config.maxMoveTicks));
      const floor = BigInt(config.levels + 1) * tick;
      walk.mid = walk.mid + move * tick > floor ? walk.mid + move * tick : floor;
      this.#engine.massCancel({ account: this.#maker, symbol: config.symbol });
      for (let level = 1n; level <= BigInt(config.levels); level++) {
        this.#send(walk, this.#maker, Side.Buy, walk.mid - level * tick);
        this.#send(walk, this.#maker, Side.Sell, walk.mid + level * tick);
      }
      if (this.#random.next() < config.takerProbability) {
        this.#send(walk, this.#taker, this.#random.next() < 0.5 ? Side.Buy : Side.Sell, undefined);
      }
      this.#publishIndex(walk);
    }
    this.#engine.tick();
  }

  /** A GTC limit quote at `price`, or a market order when `price` is undefined. */
  #send(walk: WalkState, account: string, side: Side, price: bigint | undefined): void {
    const { instrument } = walk;
    const span = Number(walk.maxSize - walk.minSize);
    const size = walk.minSize + BigInt(this.#random.integer(0, span));
    this.#engine.submit({
      account,
      session: account,
      clOrdID: `syn-${++this.#clOrdCount}`,
      symbol: instrument.symbol,
      side,
      ordType: price === undefined ? OrdType.Market : OrdType.Limit,
      orderQty: formatScaled({ units: size, scale: instrument.qtyPrecision }),
      ...(price !== undefined && { price: formatScaled({ units: price, scale: instrument.pricePrecision }) }),
    });
  }

  #publishIndex(walk: WalkState): void {
    this.#indexPrices?.set(
      walk.config.symbol,
      formatScaled({ units: walk.mid, scale: walk.instrument.pricePrecision }),
    );
  }

  #walkState(config: SyntheticSymbol): WalkState {
    const fail = (message: string): never => {
      throw new RangeError(`synthetic market ${config.symbol}: ${message}`);
    };
    const instrument = this.#engine.instrument(config.symbol) ?? fail("the engine has no such instrument");
    const units = (text: string, scale: number, name: string): bigint => {
      const value = unitsAtScale(text, scale);
      return value !== undefined && value > 0n ? value : fail(`${name} ${text} is not positive at ${scale} decimals`);
    };
    const tick = units(config.tickSize, instrument.pricePrecision, "tickSize");
    const mid = units(config.startPrice, instrument.pricePrecision, "startPrice");
    const minSize = units(config.minSize, instrument.qtyPrecision, "minSize");
    const maxSize = units(config.maxSize, instrument.qtyPrecision, "maxSize");
    if (minSize < instrument.qtyMin || maxSize < minSize || maxSize - minSize > BigInt(Number.MAX_SAFE_INTEGER)) {
      fail(`sizes must satisfy qtyMin ≤ minSize ≤ maxSize (got ${config.minSize}–${config.maxSize})`);
    }
    if (!Number.isSafeInteger(config.levels) || config.levels < 1) {
      fail(`levels must be an integer ≥ 1, got ${config.levels}`);
    }
    if (!Number.isSafeInteger(config.maxMoveTicks) || config.maxMoveTicks < 0) {
      fail(`maxMoveTicks must be an integer ≥ 0, got ${config.maxMoveTicks}`);
    }
    if (!(config.takerProbability >= 0 && config.takerProbability <= 1)) {
      fail(`takerProbability must be between 0 and 1, got ${config.takerProbability}`);
    }
    return { config, instrument, tick, minSize, maxSize, mid };
  }
}
