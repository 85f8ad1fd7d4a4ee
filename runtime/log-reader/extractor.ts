/**
 * Finds FIX messages in a byte stream fed chunk by chunk, in constant memory: one bounded message buffer, one
 * bounded text buffer and a few counters, whatever the input looks like. A message may be split across chunks at
 * any byte.
 *
 * Why a byte state machine instead of splitting lines: a raw SOH capture can hold thousands of messages on one
 * "line", and a garbage line can be gigabytes long; neither may be buffered whole.
 *
 * Recognised: SOH, `|`, `^A` (caret + A) and `^` delimiters, detected per message from the byte after the
 * BeginString value; QuickFIX FileLog prefixes; any text before `8=FIX`; CRLF; several messages per line.
 */
import type {
  ExtractorOptions,
  ExtractStats,
  LogDelimiter,
  LogRecord,
  MessageEnding,
  NonFixLineSample,
} from "./types.js";
import { isDigit } from "./ascii.js";
import { describeLinePrefix, trimmedText } from "./line-prefix.js";

const SOH = 0x01;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const EQUALS = 0x3d;
const EIGHT = 0x38;
const LETTER_A = 0x41;
const CARET = 0x5e;
const PIPE = 0x7c;
const MESSAGE_START = [0x38, 0x3d, 0x46, 0x49, 0x58]; // "8=FIX"
// "8=FIX" found by its F (indexOfMessageStart).
const [, , LETTER_F, LETTER_I, LETTER_X] = MESSAGE_START as [number, number, number, number, number];
const SOH_CHECKSUM = Buffer.from("\x0110=", "latin1");
// What takeRestOfMessage looks for ahead (`next`), by index.
const LF_AT = 0;
const FIX_START_AT = 1;
/** BeginString values are short (`FIX.4.4`, `FIXT.1.1`); a longer run is not a BeginString. */
const MAX_BEGIN_STRING_TAIL = 16;

// Where the scanner is.
const OUTSIDE = 0; // between messages: bytes are line text
const TAG = 1; // inside a message, reading a tag number
const VALUE = 2; // inside a message, reading a value
const SKIP = 3; // after an oversized message: dropping bytes until the next message or line end
type ScanState = typeof OUTSIDE | typeof TAG | typeof VALUE | typeof SKIP;

// Progress of a possible new message (`8=FIX…`), tracked alongside the scanner so that text such as
// `58=see 8=FIX docs` inside a value does not cut the message: only a BeginString followed by a delimiter counts.
const NO_CANDIDATE = 0;
const MATCHING = 1; // inside "8=FIX"
const BEGIN_STRING = 2; // after "8=FIX", reading the rest of the BeginString value
const AFTER_CARET = 3; // BeginString ended with '^': "^A" or "^" decides on the next byte
type CandidatePhase = typeof NO_CANDIDATE | typeof MATCHING | typeof BEGIN_STRING | typeof AFTER_CARET;

/** Set as the digit count of a tag that cannot be CheckSum (too long or not a number). */
const NOT_CHECKSUM_TAG = 99;
/** Room for any message start (`8=FIX` + BeginString + delimiter) so that starting a message never overflows. */
const MIN_MESSAGE_BYTES = 64;
export const EXTRACTOR_DEFAULTS = { maxMessageBytes: 1024 * 1024, maxTextBytes: 256, nonFixSampleLimit: 20 } as const;

export class FixLogExtractor {
  readonly stats: ExtractStats = {
    bytes: 0,
    lines: 0,
    messages: 0,
    truncatedMessages: 0,
    oversizedMessages: 0,
    nonFixLines: 0,
    nonFixSamples: [],
  };

  private readonly maxMessageBytes: number;
  private readonly nonFixSampleLimit: number;
  private out: LogRecord[] = [];

  // Position of the byte being scanned.
  private line = 1;
  private lineOffset = 0;
  private offset = 0;
  private prevByte = LF;
  private pendingCR = false;
  private lineHasFix = false;
  private lineHasText = false;

  // Text since the line start or the previous message: the first bytes are kept, all are counted.
  private readonly text: Buffer;
  private textStored = 0;
  private textTotal = 0;

  private state: ScanState = OUTSIDE;
  // The current message, normalised to SOH. Grows on demand up to maxMessageBytes + 1 (room for a final SOH).
  private msg: Buffer = Buffer.allocUnsafe(4096);
  private msgLength = 0;
  private msgLine = 0;
  private msgColumn = 0;
  private msgOffset = 0;
  private msgTimestamp: string | undefined;
  private msgText: string | undefined;
  private delimiter: LogDelimiter = "SOH";
  private delimiterByte = SOH;
  private caretPending = false; // "^A" mode: a '^' waiting for its 'A'
  private tagNumber = 0;
  private tagDigits = 0;
  private inCheckSum = false;
  private checkSumDigits = 0;

  // Where the next LF and `8=FIX` are in the chunk being scanned (its length when there is none; -1 before the
  // first search): takeRestOfMessage searches again only once it has passed them, so a stream without line ends
  // costs one search per chunk for them instead of one per message.
  private readonly nextFound = [-1, -1];

  private candidate: CandidatePhase = NO_CANDIDATE;
  private readonly candidateBytes = Buffer.allocUnsafe(MESSAGE_START.length + MAX_BEGIN_STRING_TAIL);
  private candidateLength = 0;
  private candidateContext: ScanState = OUTSIDE;
  private candidateLine = 0;
  private candidateColumn = 0;
  private candidateOffset = 0;
  private candidateMsgAt = 0;
  private candidateTextAt = 0;

  constructor(
    readonly source: string,
    options: ExtractorOptions = {},
  ) {
    this.maxMessageBytes = integerAtLeast(
      "maxMessageBytes",
      options.maxMessageBytes ?? EXTRACTOR_DEFAULTS.maxMessageBytes,
      MIN_MESSAGE_BYTES,
    );
    this.nonFixSampleLimit = integerAtLeast(
      "nonFixSampleLimit",
      options.nonFixSampleLimit ?? EXTRACTOR_DEFAULTS.nonFixSampleLimit,
      0,
    );
    this.text = Buffer.allocUnsafe(
      integerAtLeast("maxTextBytes", options.maxTextBytes ?? EXTRACTOR_DEFAULTS.maxTextBytes, 1),
    );
  }

  /** Scans one chunk; returns the messages that ended in it. The chunk is not kept. */
  push(chunk: Uint8Array): LogRecord[] {
    this.out = [];
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.nextFound.fill(-1);
    for (let i = 0; i < chunk.length; i++) {
      if (!this.pendingCR && this.candidate === NO_CANDIDATE) {
        const state = this.state;
        const run =
          state === OUTSIDE
            ? this.takeTextRun(chunk, i) || this.takeMessageStart(bytes, i)
            : state === VALUE
              ? this.takeValueRun(chunk, i)
              : state === TAG
                ? this.takeRestOfMessage(bytes, i) || this.takeTagRun(chunk, i)
                : 0;
        if (run > 0) {
          this.offset += run;
          this.lineOffset += run;
          this.prevByte = chunk[i + run - 1]!;
          i += run - 1;
          continue;
        }
      }
      const b = chunk[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (b !== LF) this.scan(CR);
      }
      if (b === LF) {
        this.stats.lines++;
        this.endLine("end-of-line");
      } else if (b === CR) {
        // Held back: before LF it is part of the line ending, otherwise plain content.
        this.pendingCR = true;
        this.lineOffset++;
      } else {
        this.scan(b);
        this.lineOffset++;
      }
      this.offset++;
    }
    this.stats.bytes = this.offset;
    return this.out;
  }

  /** Ends the input: returns the message cut short by the end, if any, and counts a last line without newline. */
  end(): LogRecord[] {
    this.out = [];
    if (this.pendingCR) {
      this.pendingCR = false;
      this.scan(CR);
    }
    if (this.lineOffset > 0) this.stats.lines++;
    this.endLine("end-of-input");
    return this.out;
  }

  // Fast paths: runs of bytes that cannot change the state (no line end, delimiter or possible `8=FIX`) are
  // copied in one go. They do exactly what scan() would do byte by byte.

  /** Between messages: keeps the run as line text. Returns its length. */
  private takeTextRun(chunk: Uint8Array, start: number): number {
    const text = this.text;
    let stored = this.textStored;
    let visible = false;
    let end = start;
    for (; end < chunk.length; end++) {
      const b = chunk[end]!;
      if (b === LF || b === CR || b === EIGHT) break;
      if (b > SPACE) visible = true;
      if (stored < text.length) text[stored++] = b;
    }
    if (visible) this.lineHasText = true;
    this.textStored = stored;
    this.textTotal += end - start;
    return end - start;
  }

  /** Inside a value other than CheckSum: appends the run to the message. Returns its length. */
  private takeValueRun(chunk: Uint8Array, start: number): number {
    if (this.inCheckSum || this.caretPending) return 0;
    const limit = Math.min(chunk.length, start + this.maxMessageBytes - this.msgLength);
    this.ensureCapacity(this.msgLength + (limit - start));
    const msg = this.msg;
    const delimiter = this.delimiterByte;
    let previous = this.prevByte; // what trackCandidate would compare with
    let length = this.msgLength;
    let end = start;
    for (; end < limit; end++) {
      const b = chunk[end]!;
      if (b === delimiter || b === LF || b === CR) break;
      // An `8` right after a digit cannot start `8=FIX` (see trackCandidate): prices are full of them.
      if (b === EIGHT && !isDigit(previous)) break;
      msg[length++] = b;
      previous = b;
    }
    this.msgLength = length;
    return end - start;
  }

  /**
   * At the start of a field of an SOH-delimited message: when the rest of the message up to its `10=nnn␁` is in this
   * chunk and holds nothing that would stop the byte machine (a line end, a possible `8=FIX` start), takes it in
   * one copy and ends the message, as the machine would byte by byte. Native searches instead of a loop per byte:
   * this is most of a clean capture. Returns the length taken, 0 to leave the bytes to the machine.
   */
  private takeRestOfMessage(chunk: Buffer, start: number): number {
    if (this.delimiterByte !== SOH || this.tagDigits !== 0 || this.caretPending) return 0;
    // The CheckSum field itself is left to the machine (the search below would find the next message's).
    if (chunk[start] === 0x31 && chunk[start + 1] === 0x30 && chunk[start + 2] === EQUALS) return 0;
    const trailer = chunk.indexOf(SOH_CHECKSUM, start);
    if (trailer < 0) return 0;
    let end = trailer + SOH_CHECKSUM.length;
    const digitsAt = end;
    while (end < chunk.length && isDigit(chunk[end]!)) end++;
    if (end === digitsAt || chunk[end] !== SOH) return 0;
    end++;
    if (this.msgLength + (end - start) > this.maxMessageBytes) return 0;
    // A CR needs no search: before an LF the LF is found, elsewhere the machine takes it as content too.
    if (this.next(chunk, LF_AT, start) < end || this.next(chunk, FIX_START_AT, start) < end) return 0;
    this.ensureCapacity(this.msgLength + (end - start));
    chunk.copy(this.msg, this.msgLength, start, end);
    this.finishMessage("checksum", this.msgLength + (end - start));
    return end - start;
  }

  /** Position of the first LF or `8=FIX` (`which`) at or after `start` in `chunk`; its length when none. */
  private next(chunk: Buffer, which: typeof LF_AT | typeof FIX_START_AT, start: number): number {
    const found = this.nextFound[which]!;
    if (found >= start) return found;
    const next = which === LF_AT ? chunk.indexOf(LF, start) : indexOfMessageStart(chunk, start);
    this.nextFound[which] = next < 0 ? chunk.length : next;
    return this.nextFound[which]!;
  }

  /**
   * Between messages, at an `8`: when `8=FIX`, the rest of its BeginString and the SOH or `|` after it are in this
   * chunk, starts the message at once, as trackCandidate and confirmCandidate would byte by byte (the bytes the
   * machine would also keep as line text are dropped by confirmCandidate anyway). Returns the length taken, 0 to
   * leave the bytes to the machine.
   */
  private takeMessageStart(chunk: Buffer, start: number): number {
    if (chunk[start] !== EIGHT || isDigit(this.prevByte)) return 0;
    let end = start + 1;
    for (; end - start < MESSAGE_START.length; end++) if (chunk[end] !== MESSAGE_START[end - start]) return 0;
    const limit = Math.min(chunk.length, start + this.candidateBytes.length);
    while (end < limit && isBeginStringByte(chunk[end]!)) end++;
    const delimiter = chunk[end];
    if (end - start === MESSAGE_START.length || (delimiter !== SOH && delimiter !== PIPE)) return 0;
    this.beginCandidate();
    // A loop: Buffer.copy costs a view object and a call into C++ for these ~10 bytes.
    for (let i = 1; i < end - start; i++) this.candidateBytes[i] = chunk[start + i]!;
    this.candidateLength = end - start;
    this.confirmCandidate(delimiter === SOH ? "SOH" : "|", delimiter);
    return end + 1 - start;
  }

  /** Inside a tag: appends its digits (but `8`, which may start `8=FIX`) to the message. Returns their count. */
  private takeTagRun(chunk: Uint8Array, start: number): number {
    if (this.caretPending) return 0;
    const limit = Math.min(chunk.length, start + this.maxMessageBytes - this.msgLength);
    this.ensureCapacity(this.msgLength + (limit - start));
    const msg = this.msg;
    let length = this.msgLength;
    let end = start;
    for (; end < limit; end++) {
      const b = chunk[end]!;
      if (!isDigit(b) || b === EIGHT) break;
      this.addTagDigit(b);
      msg[length++] = b;
    }
    this.msgLength = length;
    return end - start;
  }

  private scan(b: number): void {
    if (this.candidate !== NO_CANDIDATE || b === EIGHT) {
      if (this.trackCandidate(b)) return;
    }
    this.scanInState(b);
    this.prevByte = b;
  }

  private scanInState(b: number): void {
    if (this.state === OUTSIDE) {
      this.keepText(b);
      if (b > SPACE) this.lineHasText = true;
    } else if (this.state !== SKIP) {
      this.scanMessageByte(b);
    }
  }

  /** Returns true when `b` completed a new message start and was consumed by it. */
  private trackCandidate(b: number): boolean {
    switch (this.candidate) {
      case NO_CANDIDATE:
        // "18=FIX" or "58=FIX…" is a field, not a message start.
        if (!isDigit(this.prevByte)) this.beginCandidate();
        return false;
      case MATCHING:
        if (b === MESSAGE_START[this.candidateLength]) {
          this.candidateBytes[this.candidateLength++] = b;
          if (this.candidateLength === MESSAGE_START.length) this.candidate = BEGIN_STRING;
          return false;
        }
        this.candidate = NO_CANDIDATE;
        return b === EIGHT ? this.trackCandidate(b) : false;
      case BEGIN_STRING:
        if (isBeginStringByte(b) && this.candidateLength < this.candidateBytes.length) {
          this.candidateBytes[this.candidateLength++] = b;
          return false;
        }
        if (this.candidateLength > MESSAGE_START.length) {
          if (b === SOH) return this.confirmCandidate("SOH", SOH);
          if (b === PIPE) return this.confirmCandidate("|", PIPE);
          if (b === CARET) {
            this.candidate = AFTER_CARET;
            return false;
          }
        }
        this.candidate = NO_CANDIDATE;
        return false;
      case AFTER_CARET:
        if (b === LETTER_A) return this.confirmCandidate("^A", CARET);
        this.confirmCandidate("^", CARET);
        this.scan(b); // the first byte of the new message's second field
        return true;
    }
  }

  /** The `8` being scanned may start a message: remembers where, and what the message or the text had before it. */
  private beginCandidate(): void {
    this.candidate = MATCHING;
    this.candidateBytes[0] = EIGHT;
    this.candidateLength = 1;
    this.candidateContext = this.state;
    this.candidateLine = this.line;
    this.candidateColumn = this.lineOffset + 1;
    this.candidateOffset = this.offset;
    this.candidateMsgAt = this.msgLength;
    this.candidateTextAt = this.textTotal;
  }

  private confirmCandidate(delimiter: LogDelimiter, delimiterByte: number): true {
    const context = this.candidateContext;
    this.candidate = NO_CANDIDATE;
    if (context === TAG || context === VALUE) this.finishMessage("next-message", this.candidateMsgAt);
    if (context === OUTSIDE) {
      const prefix = describeLinePrefix(
        this.text,
        Math.min(this.textStored, this.candidateTextAt),
        this.candidateTextAt,
      );
      this.msgTimestamp = prefix.timestamp;
      this.msgText = prefix.text;
    } else {
      this.msgTimestamp = undefined;
      this.msgText = undefined;
    }
    this.lineHasFix = true;
    this.msgLine = this.candidateLine;
    this.msgColumn = this.candidateColumn;
    this.msgOffset = this.candidateOffset;
    this.delimiter = delimiter;
    this.delimiterByte = delimiterByte;
    this.caretPending = false;
    // A message start and its SOH always fit: they are shorter than MIN_MESSAGE_BYTES.
    const length = this.candidateLength;
    this.ensureCapacity(length + 1);
    for (let i = 0; i < length; i++) this.msg[i] = this.candidateBytes[i]!;
    this.msg[length] = SOH;
    this.msgLength = length + 1;
    this.startField();
    this.resetText();
    this.prevByte = delimiter === "^A" ? LETTER_A : delimiterByte;
    return true;
  }

  private scanMessageByte(b: number): void {
    if (this.caretPending) {
      this.caretPending = false;
      if (b === LETTER_A) {
        this.endField();
        return;
      }
      this.messageContent(CARET);
      if (this.state !== TAG && this.state !== VALUE) {
        this.scanInState(b);
        return;
      }
    }
    if (b === this.delimiterByte) {
      if (this.delimiter === "^A") this.caretPending = true;
      else this.endField();
      return;
    }
    this.messageContent(b);
  }

  private messageContent(b: number): void {
    if (this.state === TAG) {
      if (b === EQUALS) {
        this.inCheckSum = this.tagDigits === 2 && this.tagNumber === 10;
        this.checkSumDigits = 0;
        this.state = VALUE;
      } else if (isDigit(b)) {
        this.addTagDigit(b);
      } else {
        this.tagDigits = NOT_CHECKSUM_TAG;
      }
      this.appendByte(b);
    } else if (this.inCheckSum && !isDigit(b)) {
      // A CheckSum value is digits only: the message ended without its trailing delimiter and this byte is
      // the text that follows it (`…|10=123 latency=5us`).
      this.finishWholeMessage();
      this.scanInState(b);
    } else {
      if (this.inCheckSum) this.checkSumDigits++;
      this.appendByte(b);
    }
  }

  /** Only tag 10 matters, so only the first digits are kept; a tag longer than 3 digits is not 10. */
  private addTagDigit(b: number): void {
    if (this.tagDigits < 3) {
      this.tagNumber = this.tagNumber * 10 + (b - 0x30);
      this.tagDigits++;
    } else {
      this.tagDigits = NOT_CHECKSUM_TAG;
    }
  }

  private endField(): void {
    if (this.state === VALUE && this.inCheckSum) {
      this.finishWholeMessage();
      return;
    }
    if (this.appendByte(SOH)) this.startField();
  }

  private startField(): void {
    this.state = TAG;
    this.tagNumber = 0;
    this.tagDigits = 0;
    this.inCheckSum = false;
  }

  /** Appends one byte to the message; ends it with "size-limit" (and returns false) when it is full. */
  private appendByte(b: number): boolean {
    if (this.msgLength >= this.maxMessageBytes) {
      this.finishMessage("size-limit", this.msgLength);
      return false;
    }
    this.ensureCapacity(this.msgLength + 1);
    this.msg[this.msgLength++] = b;
    return true;
  }

  /** Ends the message after its CheckSum value, adding the SOH the log may have left out. */
  private finishWholeMessage(): void {
    this.ensureCapacity(this.msgLength + 1); // may exceed maxMessageBytes by this one byte
    this.msg[this.msgLength++] = SOH;
    this.finishMessage("checksum", this.msgLength);
  }

  private ensureCapacity(size: number): void {
    if (size <= this.msg.length) return;
    const grown = Buffer.allocUnsafe(Math.min(Math.max(size, this.msg.length * 2), this.maxMessageBytes + 1));
    this.msg.copy(grown, 0, 0, this.msgLength);
    this.msg = grown;
  }

  private finishMessage(ending: MessageEnding, length: number): void {
    const record: {
      -readonly [K in keyof LogRecord]: LogRecord[K];
    } = {
      source: this.source,
      line: this.msgLine,
      column: this.msgColumn,
      offset: this.msgOffset,
      raw: Buffer.from(this.msg.subarray(0, length)),
      delimiter: this.delimiter,
      ending,
    };
    if (this.msgTimestamp !== undefined) record.timestamp = this.msgTimestamp;
    if (this.msgText !== undefined) record.text = this.msgText;
    this.out.push(record);
    this.stats.messages++;
    if (ending !== "checksum") this.stats.truncatedMessages++;
    this.msgLength = 0;
    this.caretPending = false;
    if (ending === "size-limit") {
      this.stats.oversizedMessages++;
      this.state = SKIP;
      // A message start already under way survives: it is no longer inside a message.
      if (this.candidate !== NO_CANDIDATE) this.candidateContext = SKIP;
    } else {
      this.state = OUTSIDE;
      this.candidate = NO_CANDIDATE;
      this.resetText();
    }
  }

  private endLine(ending: "end-of-line" | "end-of-input"): void {
    if (this.caretPending) {
      this.caretPending = false;
      this.messageContent(CARET);
    }
    if (this.state === TAG || this.state === VALUE) {
      if (this.inCheckSum && this.checkSumDigits > 0) this.finishWholeMessage();
      else this.finishMessage(ending, this.msgLength);
    }
    if (!this.lineHasFix && this.lineHasText) this.countNonFixLine();
    this.candidate = NO_CANDIDATE;
    this.state = OUTSIDE;
    this.resetText();
    this.line++;
    this.lineOffset = 0;
    this.lineHasFix = false;
    this.lineHasText = false;
    this.prevByte = LF;
  }

  private countNonFixLine(): void {
    this.stats.nonFixLines++;
    if (this.stats.nonFixSamples.length >= this.nonFixSampleLimit) return;
    const sample: NonFixLineSample = {
      source: this.source,
      line: this.line,
      text: trimmedText(this.text, 0, this.textStored, this.textTotal > this.textStored),
    };
    this.stats.nonFixSamples.push(sample);
  }

  private keepText(b: number): void {
    if (this.textStored < this.text.length) this.text[this.textStored++] = b;
    this.textTotal++;
  }

  private resetText(): void {
    this.textStored = 0;
    this.textTotal = 0;
  }
}

/**
 * `chunk.indexOf("8=FIX", start)`, found by its `F`: a search for a pattern stops at every occurrence of the
 * pattern's first byte, and prices are full of 8s while an F is rare in FIX text (~8x faster on the bench log).
 */
function indexOfMessageStart(chunk: Buffer, start: number): number {
  for (let f = chunk.indexOf(LETTER_F, start + 2); f >= 0; f = chunk.indexOf(LETTER_F, f + 1)) {
    if (chunk[f - 2] === EIGHT && chunk[f - 1] === EQUALS && chunk[f + 1] === LETTER_I && chunk[f + 2] === LETTER_X) return f - 2;
  }
  return -1;
}

/** Bytes of a BeginString after "FIX": `.4.4`, `T.1.1`. */
function isBeginStringByte(b: number): boolean {
  return isDigit(b) || b === 0x2e || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

function integerAtLeast(name: string, value: number, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer >= ${minimum}, got ${value}`);
  }
  return value;
}
