/**
 * FIX UTCTimestamp text (`YYYYMMDD-HH:MM:SS[.fraction]`, UTC) to and from epoch milliseconds. Used for
 * SendingTime (52), clock-skew checks and log line prefixes.
 */

const DAY_MS = 86_400_000;
/** The `YYYYMMDD-` prefix of the last day formatted: every message stamps SendingTime, so this is a hot path. */
let cachedDay = Number.NaN;
let cachedDayPrefix = "";

/** `YYYYMMDD-HH:MM:SS.sss` — the millisecond form Kraken sends and QuickFIX logs write. */
export function formatUtcTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    const iso = new Date(day * DAY_MS).toISOString(); // 2025-03-03T00:00:00.000Z
    if (iso.length !== 24) throw new RangeError(`${epochMs} is outside the years 0000–9999`);
    cachedDayPrefix = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-`;
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedDayPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}`;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

/**
 * Epoch milliseconds (with sub-millisecond fraction when the text has one), or undefined when the text is not a
 * valid UTCTimestamp: wrong shape, or a date/time that does not exist (month 13, Feb 30, 24:00). A leap second
 * (SS = 60) is accepted and counted as the next second's start.
 */
export function parseUtcTimestamp(text: string): number | undefined {
  // Character codes, not `text[i]`, and the date compared as a number: the log checks parse every SendingTime.
  const length = text.length;
  if (length < 17 || text.charCodeAt(8) !== DASH || text.charCodeAt(11) !== COLON || text.charCodeAt(14) !== COLON) {
    return undefined;
  }
  const date = digits(text, 0, 8);
  const midnight = date === cachedDate ? cachedMidnight : midnightOf(date);
  if (midnight === undefined) return undefined;
  const hour = digits(text, 9, 2);
  const minute = digits(text, 12, 2);
  const second = digits(text, 15, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 60) return undefined;
  let fractionMs = 0;
  if (length > 17) {
    const places = length - 18;
    if (text.charCodeAt(17) !== DOT || places < 1 || places > 9) return undefined;
    const value = digits(text, 18, places);
    if (value < 0) return undefined;
    fractionMs = value / FRACTION_DIVISORS[places]!;
  }
  return midnight + ((hour * 60 + minute) * 60 + second) * 1000 + fractionMs;
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
/** Per count of fraction digits, what turns them into milliseconds: `10 ** (places - 3)`, computed once. */
const FRACTION_DIVISORS: readonly number[] = Array.from({ length: 10 }, (_, places) => 10 ** (places - 3));

/**
 * The last `YYYYMMDD` parsed (as a number) and its epoch ms: the SendingTimes of one day share it. NaN until a
 * date is parsed: no text matches it, not even one whose date is not digits (`digits` says -1).
 */
let cachedDate = Number.NaN;
let cachedMidnight = 0;

/** Epoch ms of the date `YYYYMMDD` (-1 when it was not digits), or undefined for a date that does not exist. */
function midnightOf(date: number): number | undefined {
  if (date < 0) return undefined;
  const year = Math.floor(date / 10_000);
  const month = Math.floor(date / 100) % 100;
  const day = date % 100;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const midnight = Date.UTC(year, month - 1, day);
  // Date.UTC rolls Feb 30 over into March; refuse dates that do not exist.
  if (new Date(midnight).getUTCDate() !== day) return undefined;
  cachedDate = date;
  cachedMidnight = midnight;
  return midnight;
}

/** The decimal value of `count` ASCII digits at `start`, or -1. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
