/** Client-side market data: L2 order books from 35=W/X and Kraken's 5041 book checksum. */
export * from "./book-checksum.js";
export * from "./order-book.js";
export { SortedLevels } from "./sorted-levels.js";
