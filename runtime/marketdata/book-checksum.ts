/**
 * Kraken's order-book checksum (tag 5041 ChecksumOrderBook on MarketDataIncrementalRefresh).
 *
 * Payload: the top 10 asks (best first, price low → high) then the top 10 bids (best first, price high → low);
 * each level contributes `digits(price, PricePrecision) + digits(size, QtyPrecision)`, where `digits` renders the
 * value with exactly that many decimals, drops the `.` and strips leading zeros. The checksum is the IEEE CRC-32
 * (zlib) of the ASCII payload, written as an unsigned decimal.
 *
 * FIX sends 270/271 as shortest decimals (`271=0.001`), so the precisions from the InstrumentList (2349 and 5010)
 * are needed to rebuild the fixed-width text. Values are handled as decimal text and scaled bigints: a JS number
 * would turn `0.0000005` into `5e-7` and drop trailing zeros.
 */
import { crc32 } from "node:zlib";
import { parseDecimal, unitsAtScale } from "../codec/decimal.js";

/** How many levels per side Kraken checksums, whatever the subscribed depth. */
export const CHECKSUM_DEPTH = 10;

/** A price level as the checksum sees it: decimal text, in any width (`"28013.0"`, `"0.001"`). */
export interface ChecksumLevel {
  readonly price: string;
  readonly size: string;
}

/** Decimals used to render prices and sizes: InstrumentList 2349 PricePrecision and 5010 QtyPrecision. */
export interface ChecksumPrecision {
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
}

/**
 * A value with more significant decimals than its precision allows. Rounding it would checksum a book that is
 * not the one we hold, so it is reported instead.
 */
export interface LossyValue {
  readonly side: "ask" | "bid";
  /** 0 = best level of that side. */
  readonly level: number;
  readonly field: "price" | "size";
  readonly value: string;
  readonly precision: number;
}

export type ChecksumPayload =
  { readonly ok: true; readonly payload: string } | { readonly ok: false; readonly lossy: readonly LossyValue[] };

export type BookChecksum =
  | { readonly ok: true; readonly checksum: number; readonly payload: string }
  | { readonly ok: false; readonly lossy: readonly LossyValue[] };

/**
 * `digits("0.001", 8)` → `"100000"`: the value at exactly `precision` decimals, without the `.`, leading zeros
 * stripped (a zero value becomes `""`). Returns undefined when the value has non-zero digits beyond `precision`.
 * Throws RangeError for text that is not a FIX decimal, for a negative value (Kraken defines no text for it) and
 * for a precision that is not a non-negative integer.
 */
export function checksumDigits(value: string, precision: number): string | undefined {
  assertPrecision(precision);
  const parsed = parseDecimal(value);
  if (parsed.units < 0n) throw new RangeError(`negative value in an order-book checksum: ${JSON.stringify(value)}`);
  const units = unitsAtScale(parsed, precision);
  if (units === undefined) return undefined;
  // A bigint's decimal text has no leading zeros, which is exactly the stripping Kraken asks for.
  return units === 0n ? "" : units.toString();
}

/**
 * The text Kraken checksums. `asks` must be best first (low → high) and `bids` best first (high → low); only the
 * first 10 of each are used, and a side with fewer levels contributes what it has.
 */
export function checksumPayload(
  asks: readonly ChecksumLevel[],
  bids: readonly ChecksumLevel[],
  precision: ChecksumPrecision,
): ChecksumPayload {
  const parts: string[] = [];
  const lossy: LossyValue[] = [];
  appendSide("ask", asks, precision, parts, lossy);
  appendSide("bid", bids, precision, parts, lossy);
  return lossy.length > 0 ? { ok: false, lossy } : { ok: true, payload: parts.join("") };
}

/** The checksum of a book (see `checksumPayload` for the order of the levels). */
export function bookChecksum(
  asks: readonly ChecksumLevel[],
  bids: readonly ChecksumLevel[],
  precision: ChecksumPrecision,
): BookChecksum {
  const result = checksumPayload(asks, bids, precision);
  return result.ok ? { ok: true, checksum: crc32Unsigned(result.payload), payload: result.payload } : result;
}

/** IEEE 802.3 / zlib CRC-32 of ASCII text, as an unsigned 32-bit integer (`"123456789"` → 3421780262). */
export function crc32Unsigned(text: string): number {
  // zlib.crc32 (Node ≥ 20.15) encodes strings as UTF-8, which equals ASCII for the digit-only payload.
  return crc32(text) >>> 0;
}

function appendSide(
  side: LossyValue["side"],
  levels: readonly ChecksumLevel[],
  precision: ChecksumPrecision,
  parts: string[],
  lossy: LossyValue[],
): void {
  const count = Math.min(levels.length, CHECKSUM_DEPTH);
  for (let level = 0; level < count; level++) {
    const { price, size } = levels[level] as ChecksumLevel;
    const priceDigits = checksumDigits(price, precision.pricePrecision);
    const sizeDigits = checksumDigits(size, precision.qtyPrecision);
    if (priceDigits === undefined) {
      lossy.push({ side, level, field: "price", value: price, precision: precision.pricePrecision });
    }
    if (sizeDigits === undefined) {
      lossy.push({ side, level, field: "size", value: size, precision: precision.qtyPrecision });
    }
    parts.push(priceDigits ?? "", sizeDigits ?? "");
  }
}

function assertPrecision(precision: number): void {
  if (!Number.isSafeInteger(precision) || precision < 0) {
    throw new RangeError(`precision must be a non-negative integer, got ${precision}`);
  }
}
