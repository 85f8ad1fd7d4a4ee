import type { IndexPriceSource } from "./types.js";

/**
 * A settable index price per symbol. Prices are decimal text; a symbol without a price (or cleared) reads as
 * unavailable, which makes index-referenced triggers fall back to the last trade price, as Kraken documents for
 * its Unified API.
 */
export class IndexPriceTable implements IndexPriceSource {
  readonly #prices = new Map<string, string>();

  price(symbol: string): string | undefined {
    return this.#prices.get(symbol);
  }

  set(symbol: string, price: string | undefined): void {
    if (price === undefined) this.#prices.delete(symbol);
    else this.#prices.set(symbol, price);
  }
}
