/**
 * Exact arithmetic on FIX decimal strings. Values stay strings on the wire and in messages; arithmetic goes
 * through scaled bigints so that `0.1 + 0.2` is `0.3` and `84000.10` keeps its digits.
 */
import type { Decimal } from "./types.js";

/** A decimal as `units × 10^-scale`. */
export interface ScaledDecimal {
  readonly units: bigint;
  readonly scale: number;
}

/** True when `text` is a FIX decimal: optional `-`, digits, optional `.digits` (no exponent, no `+`). */
export function isDecimal(text: string): text is Decimal {
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/** Checks the text and returns it typed as a Decimal; throws a RangeError naming the bad value otherwise. */
export function decimal(value: string | number | bigint): Decimal {
  const text = typeof value === "number" ? numberToText(value) : String(value);
  if (!isDecimal(text)) throw notDecimal(text);
  return text;
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // String() gives the shortest text that round-trips, but switches to exponent form (1e-7, 1e+21).
  const text = String(value);
  const e = text.indexOf("e");
  if (e < 0) return text;
  const { units, scale } = parseDecimal(text.slice(0, e));
  const exponent = Number(text.slice(e + 1));
  return exponent >= scale
    ? formatScaled({ units: units * 10n ** BigInt(exponent - scale), scale: 0 })
    : formatScaled({ units, scale: scale - exponent });
}

/** Digits a double holds exactly as an integer (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/** A decimal of at most 15 digits as `units × 10^-scale` with `units` a JS number, which is exact for it. */
export interface SmallDecimal {
  readonly units: number;
  readonly scale: number;
}

/** 10^0 … 10^30, the exponents two scales of at most 15 digits each can differ by: a load instead of `**`. */
const POW10: readonly number[] = Array.from({ length: 31 }, (_, i) => 10 ** i);

/** What `scanSmall` found in a text. */
const enum Scan {
  /** A FIX decimal of at most 15 digits: its value is in `scannedUnits` × 10^-`scannedScale`. */
  Small,
  /** A FIX decimal with more digits than a double holds exactly. */
  Large,
  NotDecimal,
}

// scanSmall's result, in module state rather than an object per call: rules and order checks scan the prices and
// quantities of every message.
let scannedUnits = 0;
let scannedScale = 0;

/** isDecimal's check and the digit sum in one pass. */
function scanSmall(text: string): Scan {
  const negative = text.charCodeAt(0) === 45;
  let units = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
      if (dot) scale++;
    } else if (c === 46 && !dot) dot = true;
    else return Scan.NotDecimal;
  }
  if (digits === 0) return Scan.NotDecimal;
  if (digits > EXACT_DIGITS) return Scan.Large;
  // 0 rather than -0 for "-0": the bigint form has no negative zero either.
  scannedUnits = negative && units !== 0 ? -units : units;
  scannedScale = scale;
  return Scan.Small;
}

// scanPair's first value (the second is in scannedUnits / scannedScale).
let pairUnits = 0;
let pairScale = 0;

/**
 * Scans `a`, then `b`, throwing parseDecimal's RangeError for either that is not a FIX decimal. True when both
 * are Small: `a` is then in `pairUnits` / `pairScale`, `b` in `scannedUnits` / `scannedScale`.
 */
function scanPair(a: string, b: string): boolean {
  const first = scanSmall(a);
  if (first === Scan.NotDecimal) throw notDecimal(a);
  pairUnits = scannedUnits;
  pairScale = scannedScale;
  const second = scanSmall(b);
  if (second === Scan.NotDecimal) throw notDecimal(b);
  return first === Scan.Small && second === Scan.Small;
}

/**
 * `text` as a SmallDecimal, or undefined when it has more than 15 digits. Prices and quantities fit: summing
 * digits as a double is much cheaper than slicing, concatenating and parsing a string as a BigInt, which a rule
 * check did for every field (bench/README.md). Throws a RangeError for text that is not a FIX decimal.
 */
export function parseSmallDecimal(text: string): SmallDecimal | undefined {
  const scan = scanSmall(text);
  if (scan === Scan.NotDecimal) throw notDecimal(text);
  return scan === Scan.Small ? { units: scannedUnits, scale: scannedScale } : undefined;
}

function notDecimal(text: string): RangeError {
  return new RangeError(`not a FIX decimal: ${JSON.stringify(text)}`);
}

export function parseDecimal(text: string): ScaledDecimal {
  const small = parseSmallDecimal(text);
  if (small !== undefined) return { units: BigInt(small.units), scale: small.scale };
  const negative = text.charCodeAt(0) === 45;
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf(".");
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? "" : body.slice(dot + 1);
  const units = BigInt((intPart || "0") + fracPart);
  return { units: negative ? -units : units, scale: fracPart.length };
}

/**
 * `value < other / divisor`, decided exactly as `value × divisor < other` (reversed for a negative divisor): no
 * division, no rounding. On doubles when every integer involved stays below 2^53 (then every product is
 * exact), on bigints otherwise. Throws a RangeError for text that is not a FIX decimal, and the one a division
 * would for a zero divisor. Each value is scanned once: the check and the digits in one pass.
 */
export function isBelowQuotient(value: string, other: string, divisor: string): boolean {
  const small = scanPair(value, other);
  const vUnits = pairUnits;
  const vScale = pairScale;
  const oUnits = scannedUnits;
  const oScale = scannedScale;
  const d = scanSmall(divisor);
  if (d === Scan.NotDecimal) throw notDecimal(divisor);
  if (d === Scan.Small && scannedUnits === 0) throw new RangeError(`division by zero: ${other} / ${divisor}`);
  const onDoubles = small && d === Scan.Small ? belowOnDoubles(vUnits, vScale, oUnits, oScale, scannedUnits, scannedScale) : undefined;
  if (onDoubles !== undefined) return onDoubles;
  const bd = parseDecimal(divisor);
  if (bd.units === 0n) throw new RangeError(`division by zero: ${other} / ${divisor}`);
  return belowOnBigints(value, other, bd);
}

/**
 * isBelowQuotient for one divisor, read once: `(value, other) => value < other / divisor`, undefined when either
 * is not a FIX decimal instead of a throw. For rules, which hold every order to a fixed ratio. Throws a RangeError
 * now for a divisor that is not a non-zero decimal.
 */
export function quotientTest(divisor: string): (value: string, other: string) => boolean | undefined {
  const bd = parseDecimal(divisor);
  if (bd.units === 0n) throw new RangeError(`division by zero: ${divisor}`);
  const small = scanSmall(divisor) === Scan.Small;
  const dUnits = scannedUnits;
  const dScale = scannedScale;
  return (value, other) => {
    const v = scanSmall(value);
    if (v === Scan.NotDecimal) return undefined;
    const vUnits = scannedUnits;
    const vScale = scannedScale;
    const o = scanSmall(other);
    if (o === Scan.NotDecimal) return undefined;
    const onDoubles = small && v === Scan.Small && o === Scan.Small ? belowOnDoubles(vUnits, vScale, scannedUnits, scannedScale, dUnits, dScale) : undefined;
    return onDoubles ?? belowOnBigints(value, other, bd);
  };
}

/**
 * `v × d < o` (reversed for a negative d) with each number as units × 10^-scale in doubles; undefined when a
 * product could have been rounded.
 */
function belowOnDoubles(vUnits: number, vScale: number, oUnits: number, oScale: number, dUnits: number, dScale: number): boolean | undefined {
  // v × d has scale v.scale + d.scale; bring both sides to the larger scale, then compare integers.
  const productScale = vScale + dScale;
  const scale = Math.max(productScale, oScale);
  const product = vUnits * dUnits * POW10[scale - productScale]!;
  const bound = oUnits * POW10[scale - oScale]!;
  // Rounding is monotonic: a result at most 2^53 - 1 means the exact one was too, so nothing was rounded.
  if (Math.abs(product) > Number.MAX_SAFE_INTEGER || Math.abs(bound) > Number.MAX_SAFE_INTEGER) return undefined;
  return dUnits > 0 ? product < bound : product > bound;
}

/** The same on bigints, for any size; `divisor` is not zero. */
function belowOnBigints(value: string, other: string, divisor: ScaledDecimal): boolean {
  const bv = parseDecimal(value);
  const bo = parseDecimal(other);
  const productScale = bv.scale + divisor.scale;
  const scale = Math.max(productScale, bo.scale);
  const product = bv.units * divisor.units * 10n ** BigInt(scale - productScale);
  const bound = bo.units * 10n ** BigInt(scale - bo.scale);
  return divisor.units > 0n ? product < bound : product > bound;
}

/** Renders `units × 10^-scale` with exactly `scale` decimals. */
export function formatScaled(value: ScaledDecimal): Decimal {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, "0");
  const cut = digits.length - value.scale;
  const text = value.scale === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return (negative ? `-${text}` : text) as Decimal;
}

function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function align(a: string, b: string): [bigint, bigint, number] {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return [rescale(x, scale), rescale(y, scale), scale];
}

/** -1, 0 or 1; `"1.50"` equals `"1.5"`. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  if (alignSmall(a, b)) return alignedX < alignedY ? -1 : alignedX > alignedY ? 1 : 0;
  return compareScaled(parseDecimal(a), parseDecimal(b));
}

// alignSmall's result, in module state for the reason scanSmall's is.
let alignedX = 0;
let alignedY = 0;
let alignedScale = 0;

/**
 * Both values as integer counts of the finer one's units (`alignedX`, `alignedY` at `alignedScale`), on doubles,
 * when every number involved (the sum and difference included) stays within 2^53, so that each is exact; false
 * otherwise (the bigint path decides). Prices and quantities nearly always fit, and the order checks add and
 * compare them for every report: this skips a BigInt per value (bench/README.md). Throws the RangeError of
 * parseDecimal for a value that is not a FIX decimal.
 */
function alignSmall(a: string, b: string): boolean {
  if (!scanPair(a, b)) return false;
  const scale = pairScale > scannedScale ? pairScale : scannedScale;
  const x = pairUnits * POW10[scale - pairScale]!;
  const y = scannedUnits * POW10[scale - scannedScale]!;
  // Rounding is monotonic: results within 2^53 mean the exact ones were too.
  const limit = Number.MAX_SAFE_INTEGER / 2;
  if (Math.abs(x) > limit || Math.abs(y) > limit) return false;
  alignedX = x;
  alignedY = y;
  alignedScale = scale;
  return true;
}

/**
 * -1, 0 or 1 as `a + b` is below, equal to or above `c`, exactly, without writing the sum out: the order checks
 * compare a sum with a third value for every report (CumQty + LeavesQty against OrderQty, the CumQty before plus
 * LastQty against the CumQty after). Throws parseDecimal's RangeError for a value that is not a FIX decimal.
 */
export function compareSum(a: string, b: string, c: string): -1 | 0 | 1 {
  if (alignSmall(a, b)) {
    const sum = alignedX + alignedY; // exact: alignSmall keeps both within 2^52
    const sumScale = alignedScale;
    const third = scanSmall(c);
    if (third === Scan.NotDecimal) throw notDecimal(c);
    if (third === Scan.Small) {
      const scale = sumScale > scannedScale ? sumScale : scannedScale;
      const x = sum * POW10[scale - sumScale]!;
      const y = scannedUnits * POW10[scale - scannedScale]!;
      // As in alignSmall: products that round to within 2^53 were exact.
      if (Math.abs(x) <= Number.MAX_SAFE_INTEGER && Math.abs(y) <= Number.MAX_SAFE_INTEGER) {
        return x < y ? -1 : x > y ? 1 : 0;
      }
    }
  }
  const [x, y, scale] = align(a, b);
  return compareScaled({ units: x + y, scale }, parseDecimal(c));
}

/** `units × 10^-scale` (an exact integer double) written as trimDecimal writes it. */
function formatSmallTrimmed(units: number, scale: number): Decimal {
  while (scale > 0 && units % 10 === 0) {
    units /= 10;
    scale--;
  }
  if (units === 0) return "0" as Decimal;
  const digits = String(Math.abs(units)).padStart(scale + 1, "0");
  const cut = digits.length - scale;
  const text = scale === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return (units < 0 ? `-${text}` : text) as Decimal;
}

/** Orders two parsed decimals by value (`1.50` equals `1.5`) with bigint comparisons only. */
export function compareScaled(a: ScaledDecimal, b: ScaledDecimal): -1 | 0 | 1 {
  // Levels of one book nearly always share a scale: skip the rescaling then.
  if (a.scale === b.scale) return a.units < b.units ? -1 : a.units > b.units ? 1 : 0;
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `value` as an integer count of `10^-scale` units (`"1.5"` at scale 3 → 1500n), or undefined when it has
 * non-zero digits beyond `scale` (it would have to be rounded). Throws RangeError for text that is not a FIX
 * decimal.
 */
export function unitsAtScale(value: string | ScaledDecimal, scale: number): bigint | undefined {
  const parsed = typeof value === "string" ? parseDecimal(value) : value;
  if (parsed.scale <= scale) return rescale(parsed, scale);
  const factor = 10n ** BigInt(parsed.scale - scale);
  return parsed.units % factor === 0n ? parsed.units / factor : undefined;
}

export function addDecimal(a: string, b: string): Decimal {
  if (alignSmall(a, b)) return formatSmallTrimmed(alignedX + alignedY, alignedScale);
  const [x, y, scale] = align(a, b);
  return trimDecimal(formatScaled({ units: x + y, scale }));
}

export function subtractDecimal(a: string, b: string): Decimal {
  if (alignSmall(a, b)) return formatSmallTrimmed(alignedX - alignedY, alignedScale);
  const [x, y, scale] = align(a, b);
  return trimDecimal(formatScaled({ units: x - y, scale }));
}

/** Exact product. */
export function multiplyDecimal(a: string, b: string): Decimal {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return trimDecimal(formatScaled({ units: x.units * y.units, scale: x.scale + y.scale }));
}

/** Quotient rounded half-up to `scale` decimals. Throws RangeError on division by zero. */
export function divideDecimal(a: string, b: string, scale: number): Decimal {
  checkScale(scale);
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (y.units === 0n) throw new RangeError(`division by zero: ${a} / ${b}`);
  // a/b = (x.units / 10^xs) / (y.units / 10^ys); scale the numerator so the integer quotient has `scale` decimals.
  const exponent = scale + y.scale - x.scale;
  let numerator = x.units * 10n ** BigInt(Math.max(exponent, 0));
  let denominator = y.units * 10n ** BigInt(Math.max(-exponent, 0));
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const roundAway = 2n * (remainder < 0n ? -remainder : remainder) >= denominator;
  const units = roundAway ? quotient + (numerator < 0n ? -1n : 1n) : quotient;
  return formatScaled({ units, scale });
}

/**
 * Removes trailing fractional zeros (`"1.500"` → `"1.5"`, `"2.0"` → `"2"`) and writes the rest canonically
 * (`".50"` → `"0.5"`, `"-0.0"` → `"0"`). Throws a RangeError for text that is not a decimal.
 */
export function trimDecimal(text: string): Decimal {
  let { units, scale } = parseDecimal(text);
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return formatScaled({ units, scale });
}

/** Renders with exactly `scale` decimals, padding with zeros; throws when digits would be lost. */
export function toFixedScale(text: string, scale: number): Decimal {
  checkScale(scale);
  const units = unitsAtScale(text, scale);
  if (units === undefined) throw new RangeError(`${text} has more than ${scale} decimals`);
  return formatScaled({ units, scale });
}

/** A count of decimals: formatScaled would write nonsense for a negative or fractional one. */
function checkScale(scale: number): void {
  if (!Number.isSafeInteger(scale) || scale < 0) throw new RangeError(`not a number of decimals: ${scale}`);
}

export function isZeroDecimal(text: string): boolean {
  return parseDecimal(text).units === 0n;
}
