/**
 * How each QuickFIX type is represented in TypeScript and checked on the wire. Unknown type names are treated as
 * strings, so a dictionary with an exotic type still decodes.
 */

export const ValueKind = {
  String: 0,
  Int: 1,
  Decimal: 2,
  Boolean: 3,
  Char: 4,
  MultiValue: 5,
  Data: 6,
  Length: 7,
  UtcTimestamp: 8,
  UtcTimeOnly: 9,
  Date: 10,
} as const;
export type ValueKind = (typeof ValueKind)[keyof typeof ValueKind];

const kinds: Record<string, ValueKind> = {
  INT: ValueKind.Int,
  SEQNUM: ValueKind.Int,
  NUMINGROUP: ValueKind.Int,
  TAGNUM: ValueKind.Int,
  DAYOFMONTH: ValueKind.Int,
  LENGTH: ValueKind.Length,
  FLOAT: ValueKind.Decimal,
  PRICE: ValueKind.Decimal,
  QTY: ValueKind.Decimal,
  AMT: ValueKind.Decimal,
  PRICEOFFSET: ValueKind.Decimal,
  PERCENTAGE: ValueKind.Decimal,
  BOOLEAN: ValueKind.Boolean,
  CHAR: ValueKind.Char,
  MULTIPLEVALUESTRING: ValueKind.MultiValue,
  MULTIPLESTRINGVALUE: ValueKind.MultiValue,
  MULTIPLECHARVALUE: ValueKind.MultiValue,
  DATA: ValueKind.Data,
  XMLDATA: ValueKind.Data,
  UTCTIMESTAMP: ValueKind.UtcTimestamp,
  TZTIMESTAMP: ValueKind.String,
  UTCTIMEONLY: ValueKind.UtcTimeOnly,
  TIME: ValueKind.UtcTimestamp,
  UTCDATEONLY: ValueKind.Date,
  UTCDATE: ValueKind.Date,
  LOCALMKTDATE: ValueKind.Date,
  DATE: ValueKind.Date,
};

export function valueKind(fixType: string): ValueKind {
  return kinds[fixType] ?? ValueKind.String;
}

/** Kinds whose TypeScript value is a number. */
export function isNumericKind(kind: ValueKind): boolean {
  return kind === ValueKind.Int || kind === ValueKind.Length;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** Longest INT on the wire: up to 15 digits parseIntAt stays exact (10^15 < 2^53). */
const MAX_INT_DIGITS = 15;
const INT_LIMIT = 10 ** MAX_INT_DIGITS;

/**
 * Whether a number can be written for a field of this kind and read back unchanged: the encoder and `validate`
 * must not accept what isWellFormed rejects (a 16-digit integer, a negative LENGTH).
 */
export function isWireInteger(kind: ValueKind, value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) < INT_LIMIT && (kind !== ValueKind.Length || value >= 0);
}

/** isWireInteger's rule as error messages state it. */
export function wireIntegerRule(kind: ValueKind): string {
  return kind === ValueKind.Length ? "a non-negative integer of at most 15 digits" : "an integer of at most 15 digits";
}

/** Elements of a MULTIPLEVALUESTRING are joined with spaces: one that is empty or holds a space would not come back. */
export function isMultiValueElement(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && !value.includes(" ");
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= DIGIT_0 && c <= DIGIT_9;
}

function digitsAt(b: Uint8Array, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) if (!isDigit(b[i])) return false;
  return true;
}

/** `.` followed by 1–9 digits up to `end` (or nothing at all). */
function fractionAt(b: Uint8Array, at: number, end: number): boolean {
  if (at === end) return true;
  const digits = end - at - 1;
  return b[at] === 46 && digits >= 1 && digits <= 9 && digitsAt(b, at + 1, digits);
}

/** Two digits at `at` (in bounds: callers check the length first). */
function twoDigitsAt(b: Uint8Array, at: number): boolean {
  const c = b[at]!;
  const d = b[at + 1]!;
  return c >= DIGIT_0 && c <= DIGIT_9 && d >= DIGIT_0 && d <= DIGIT_9;
}

/** `HH:MM:SS[.f{1,9}]` starting at `at`; the fixed part unrolled (every message has one or two timestamps). */
function timeAt(b: Uint8Array, at: number, end: number): boolean {
  return (
    end - at >= 8 &&
    twoDigitsAt(b, at) &&
    b[at + 2] === 58 &&
    twoDigitsAt(b, at + 3) &&
    b[at + 5] === 58 &&
    twoDigitsAt(b, at + 6) &&
    fractionAt(b, at + 8, end)
  );
}

/**
 * Checks the wire text of a value against its kind without allocating. Range checks (month 13) are left to
 * Date parsing by the app: FIX validators historically check the shape, and so do we. One function per kind
 * below, so that a caller that knows the kind (the generated readers) calls its check directly.
 */
export function isWellFormed(kind: ValueKind, b: Uint8Array, start: number, end: number): boolean {
  switch (kind) {
    case ValueKind.Int:
      return isIntAt(b, start, end);
    case ValueKind.Length:
      return isLengthAt(b, start, end);
    case ValueKind.Decimal:
      return isDecimalAt(b, start, end);
    case ValueKind.Boolean:
      return isBooleanAt(b, start, end);
    case ValueKind.Char:
      return end - start === 1;
    case ValueKind.UtcTimestamp:
      return isTimestampAt(b, start, end);
    case ValueKind.UtcTimeOnly:
      return isTimeOnlyAt(b, start, end);
    case ValueKind.Date:
      return isDateAt(b, start, end);
    default:
      return true;
  }
}

/** INT: an optional `-` and 1–15 digits. */
export function isIntAt(b: Uint8Array, start: number, end: number): boolean {
  const from = b[start] === 45 ? start + 1 : start;
  return end > from && end - from <= MAX_INT_DIGITS && digitsAt(b, from, end - from);
}

/** LENGTH: 1–15 digits, no sign. */
export function isLengthAt(b: Uint8Array, start: number, end: number): boolean {
  return end > start && end - start <= MAX_INT_DIGITS && digitsAt(b, start, end - start);
}

/** FLOAT and its kin: an optional `-`, digits with at most one `.`, at least one digit. */
export function isDecimalAt(b: Uint8Array, start: number, end: number): boolean {
  let i = b[start] === 45 ? start + 1 : start;
  let digits = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= DIGIT_0 && c <= DIGIT_9) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/** BOOLEAN: `Y` or `N`. */
export function isBooleanAt(b: Uint8Array, start: number, end: number): boolean {
  return end - start === 1 && (b[start] === 89 || b[start] === 78);
}

/** UTCTIMESTAMP: `YYYYMMDD-HH:MM:SS[.f{1,9}]`. */
export function isTimestampAt(b: Uint8Array, start: number, end: number): boolean {
  return (
    end - start >= 17 &&
    twoDigitsAt(b, start) &&
    twoDigitsAt(b, start + 2) &&
    twoDigitsAt(b, start + 4) &&
    twoDigitsAt(b, start + 6) &&
    b[start + 8] === 45 &&
    timeAt(b, start + 9, end)
  );
}

/** UTCTIMEONLY: `HH:MM:SS[.f{1,9}]`. */
export function isTimeOnlyAt(b: Uint8Array, start: number, end: number): boolean {
  return timeAt(b, start, end);
}

/** UTCDATEONLY / LOCALMKTDATE: `YYYYMMDD`. */
export function isDateAt(b: Uint8Array, start: number, end: number): boolean {
  return end - start === 8 && digitsAt(b, start, 8);
}

/** Parses digits already checked by isWellFormed. */
export function parseIntAt(b: Uint8Array, start: number, end: number): number {
  const negative = b[start] === 45;
  let value = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) value = value * 10 + (b[i]! - DIGIT_0);
  return negative ? -value : value;
}
