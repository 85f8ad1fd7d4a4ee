/**
 * Stream framing: turns arbitrary TCP chunks into whole FIX messages using BeginString and BodyLength, skips
 * garbage to the next `8=FIX`, and refuses a declared BodyLength above a limit so that a hostile or corrupt
 * stream cannot make it buffer without bound.
 */
const SOH = 1;
const START = Buffer.from("8=FIX", "latin1");
/** Bytes after the body: `10=nnn␁`. */
const TRAILER_LENGTH = 7;
/** Longest `8=<BeginString>` accepted (`8=FIXT.1.1` is 10 bytes): beyond it the field is not a BeginString. */
const MAX_BEGIN_FIELD = 32;
const EQUALS = 61;

export type Frame =
  | { readonly type: "message"; readonly bytes: Buffer }
  /** Bytes that were skipped; `bytes` is at most 256 bytes of them, for logs. */
  | { readonly type: "garbage"; readonly bytes: Buffer; readonly length: number; readonly reason: string };

export interface FrameReaderOptions {
  /** Largest BodyLength accepted. Default 1 MiB. */
  readonly maxBodyLength?: number;
}

export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly maxBodyLength: number;

  constructor(options: FrameReaderOptions = {}) {
    this.maxBodyLength = options.maxBodyLength ?? 1 << 20;
  }

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Feeds a chunk; returns the frames completed by it, in stream order. */
  push(chunk: Buffer): Frame[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let pos = 0;
    while (pos < data.length) {
      const start = data.indexOf(START, pos);
      if (start < 0) {
        // Keep a possible partial "8=FI" at the end; the rest cannot start a message.
        const keep = Math.max(pos, data.length - (START.length - 1));
        if (keep > pos) frames.push(garbage(data, pos, keep, "no BeginString (8=FIX…)"));
        pos = keep;
        break;
      }
      if (start > pos) frames.push(garbage(data, pos, start, "bytes before BeginString"));
      const header = readHeader(data, start);
      if (header === "incomplete") {
        pos = start;
        break;
      }
      if (typeof header === "string") {
        const next = nextStart(data, start);
        frames.push(garbage(data, start, next, header));
        pos = next;
        continue;
      }
      if (header.bodyLength > this.maxBodyLength) {
        const next = nextStart(data, start);
        frames.push(garbage(data, start, next, `BodyLength ${header.bodyLength} exceeds the limit of ${this.maxBodyLength}`));
        pos = next;
        continue;
      }
      const end = header.bodyStart + header.bodyLength + TRAILER_LENGTH;
      if (end > data.length) {
        pos = start;
        break;
      }
      if (!isTrailer(data, end - TRAILER_LENGTH)) {
        const next = nextStart(data, start);
        frames.push(garbage(data, start, next, `no CheckSum where BodyLength ${header.bodyLength} ends the body`));
        pos = next;
        continue;
      }
      frames.push({ type: "message", bytes: data.subarray(start, end) });
      pos = end;
    }
    this.pending = pos >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(pos));
    return frames;
  }
}

interface Header {
  readonly bodyLength: number;
  readonly bodyStart: number;
}

/** Parses `8=…␁9=<digits>␁`; a string is the reason the bytes cannot be a message. */
function readHeader(data: Buffer, start: number): Header | "incomplete" | string {
  // Look for the SOH ending BeginString only a few bytes ahead: searching further would read a stray `8=FIX`
  // as the start of the next real message and swallow that message into a corrupt frame.
  const limit = Math.min(data.length, start + MAX_BEGIN_FIELD);
  let beginEnd = start + START.length;
  while (beginEnd < limit && data[beginEnd] !== SOH) {
    if (data[beginEnd] === EQUALS) return "BeginString is malformed";
    beginEnd++;
  }
  if (beginEnd === limit) return limit === data.length ? "incomplete" : "BeginString is not terminated";
  let i = beginEnd + 1;
  if (i + 2 > data.length) return "incomplete";
  if (data[i] !== 57 || data[i + 1] !== EQUALS) return "BodyLength (9) does not follow BeginString";
  i += 2;
  let bodyLength = 0;
  const digitsStart = i;
  for (; i < data.length; i++) {
    const c = data[i]!;
    if (c === SOH) break;
    if (c < 48 || c > 57 || i - digitsStart >= 10) return "BodyLength (9) is not a number";
    bodyLength = bodyLength * 10 + (c - 48);
  }
  if (i >= data.length) return "incomplete";
  if (i === digitsStart) return "BodyLength (9) is empty";
  return { bodyLength, bodyStart: i + 1 };
}

function isTrailer(data: Buffer, at: number): boolean {
  return (
    data[at - 1] === SOH &&
    data[at] === 49 &&
    data[at + 1] === 48 &&
    data[at + 2] === EQUALS &&
    isDigit(data[at + 3]) &&
    isDigit(data[at + 4]) &&
    isDigit(data[at + 5]) &&
    data[at + 6] === SOH
  );
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/** Resynchronise after a bad frame: the next BeginString after `start`, or everything that is buffered. */
function nextStart(data: Buffer, start: number): number {
  const next = data.indexOf(START, start + 1);
  return next < 0 ? data.length : next;
}

function garbage(data: Buffer, from: number, to: number, reason: string): Frame {
  return { type: "garbage", bytes: Buffer.from(data.subarray(from, Math.min(to, from + 256))), length: to - from, reason };
}
