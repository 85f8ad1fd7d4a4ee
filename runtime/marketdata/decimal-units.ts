/**
 * Scaled-bigint helpers that runtime/codec/decimal.ts does not offer yet (candidates to move there): converting
 * decimal text to integer units at a fixed number of decimals without rounding, and comparing parsed values.
 * The order book, its checksum and the simulator's matching engine all keep prices and sizes this way.
 */
import { parseDecimal, type ScaledDecimal } from "../codec/decimal.js";

/**
 * `value` as an integer count of `10^-scale` units (`"1.5"` at scale 3 → 1500n), or undefined when it has
 * non-zero digits beyond `scale` (it would have to be rounded). Throws RangeError for text that is not a FIX
 * decimal.
 */
export function unitsAtScale(value: string | ScaledDecimal, scale: number): bigint | undefined {
  const { units, scale: own } = typeof value === "string" ? parseDecimal(value) : value;
  if (own === scale) return units;
  if (own < scale) return units * 10n ** BigInt(scale - own);
  const factor = 10n ** BigInt(own - scale);
  return units % factor === 0n ? units / factor : undefined;
}

/** Orders two parsed decimals by value (`1.50` equals `1.5`) with bigint comparisons only. */
export function compareScaled(a: ScaledDecimal, b: ScaledDecimal): -1 | 0 | 1 {
  // Levels of one book nearly always share a scale: skip the rescaling then.
  if (a.scale === b.scale) return a.units < b.units ? -1 : a.units > b.units ? 1 : 0;
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}
