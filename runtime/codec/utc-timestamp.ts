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
  if (text.length < 17 || text[8] !== "-" || text[11] !== ":" || text[14] !== ":") return undefined;
  const midnight = parseDate(text);
  if (midnight === undefined) return undefined;
  const hour = digits(text, 9, 2);
  const minute = digits(text, 12, 2);
  const second = digits(text, 15, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 60) return undefined;
  let fractionMs = 0;
  if (text.length > 17) {
    const places = text.length - 18;
    if (text[17] !== "." || places < 1 || places > 9) return undefined;
    const value = digits(text, 18, places);
    if (value < 0) return undefined;
    fractionMs = value / 10 ** (places - 3);
  }
  return midnight + ((hour * 60 + minute) * 60 + second) * 1000 + fractionMs;
}

/** The last `YYYYMMDD` parsed and its epoch ms: inbound SendingTimes of one day share it. */
let cachedDateText = "";
let cachedMidnight = 0;

/** Epoch ms of the `YYYYMMDD` that starts `text`, or undefined for a date that does not exist. */
function parseDate(text: string): number | undefined {
  if (text.startsWith(cachedDateText) && cachedDateText.length === 8) return cachedMidnight;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 2);
  const day = digits(text, 6, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const midnight = Date.UTC(year, month - 1, day);
  // Date.UTC rolls Feb 30 over into March; refuse dates that do not exist.
  if (new Date(midnight).getUTCDate() !== day) return undefined;
  cachedDateText = text.slice(0, 8);
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
