/** Turns the bytes before a message (or a whole non-FIX line) into report text. */
import { isDigit } from "./ascii.js";

export interface LinePrefix {
  /** QuickFIX FileLog timestamp (`20261124-10:00:00.123`) when the text starts with one followed by ` : `. */
  readonly timestamp?: string;
  /** The rest, trimmed; absent when empty. */
  readonly text?: string;
}

/**
 * `bytes[0, stored)` holds the first bytes of a prefix that was `total` bytes long (the rest was not kept).
 * QuickFIX FileLog writes `<UTCTimestamp> : <message>`; that timestamp is split off so tools can sort by it.
 */
export function describeLinePrefix(bytes: Buffer, stored: number, total: number): LinePrefix {
  // Runs once per message of a FileLog: compared byte by byte and built by assignment, not with strings and spreads.
  const timestampEnd = fileLogTimestampEnd(bytes, stored);
  const hasTimestamp = timestampEnd > 0 && hasSeparatorAt(bytes, timestampEnd, stored);
  const text = trimmedText(bytes, hasTimestamp ? timestampEnd + FILE_LOG_SEPARATOR.length : 0, stored, total > stored);
  const prefix: { timestamp?: string; text?: string } = {};
  if (hasTimestamp) prefix.timestamp = bytes.toString("latin1", 0, timestampEnd);
  if (text !== "") prefix.text = text;
  return prefix;
}

/** UTF-8 text of `bytes[start, end)`, trimmed, with `…` when the source was longer than what was kept. */
export function trimmedText(bytes: Buffer, start: number, end: number, cut: boolean): string {
  const text = start >= end ? "" : bytes.toString("utf8", start, end).trim();
  return cut ? `${text}…` : text;
}

const FILE_LOG_SEPARATOR = " : ";

function hasSeparatorAt(bytes: Buffer, at: number, end: number): boolean {
  if (at + FILE_LOG_SEPARATOR.length > end) return false;
  for (let i = 0; i < FILE_LOG_SEPARATOR.length; i++) if (bytes[at + i] !== FILE_LOG_SEPARATOR.charCodeAt(i)) return false;
  return true;
}
/** `YYYYMMDD-HH:MM:SS`: `d` is a digit, other characters must match exactly. */
const TIMESTAMP_SHAPE = "dddddddd-dd:dd:dd";

/** End index of a leading `YYYYMMDD-HH:MM:SS[.f…]` (up to 9 fraction digits), or 0 when there is none. */
function fileLogTimestampEnd(bytes: Buffer, length: number): number {
  if (length < TIMESTAMP_SHAPE.length) return 0;
  for (let i = 0; i < TIMESTAMP_SHAPE.length; i++) {
    const b = bytes[i]!;
    const expected = TIMESTAMP_SHAPE.charCodeAt(i);
    if (expected === 0x64 ? !isDigit(b) : b !== expected) return 0;
  }
  let end = TIMESTAMP_SHAPE.length;
  if (end < length && bytes[end] === 0x2e) {
    let digits = 0;
    while (end + 1 + digits < length && digits < 9 && isDigit(bytes[end + 1 + digits]!)) digits++;
    if (digits > 0) end += 1 + digits;
  }
  return end;
}
