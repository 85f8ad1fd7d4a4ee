/**
 * A lazy, re-pointable view of one FIX message: `wrap(bytes)` finds every field in one pass over the bytes and
 * records where it is (tag, value start, value end) in typed arrays, checking the message's framing as
 * `decodeWire` does; values become JS strings or numbers only when asked for. One `FixView` is meant to be
 * re-pointed at message after message: for Buffer input, once its arrays have grown to the largest message seen, a wrap allocates
 * nothing (an error report aside).
 *
 * What the view does not do: check values against the dictionary (types, enums, required fields, order of
 * fields, group counts). `decodeWire` does; the view only reads.
 */
import * as checksums from "./checksum.js";
import * as decoder from "./decode.js";
import { framingError, newFrame, tagProblem } from "./decode.js";
import type { Frame } from "./decode.js";
import type { Dictionary, GroupMember, Layout } from "./dictionary.js";
import { fixError } from "./errors.js";
import type { FixError, FixErrorCode } from "./errors.js";
import "./latin1.js";
import { displayValue } from "./secrets.js";
import type { Decimal, DecodeOptions } from "./types.js";
import * as values from "./values.js";

/** Fields a new view has room for; the arrays double when a message has more. */
const INITIAL_CAPACITY = 64;
const EMPTY = Buffer.alloc(0);
/**
 * What every wrap uses from the decoder and the value helpers, bound to module constants once: when the module
 * runs as CommonJS (under tsx), every read of an imported binding is a getter call, which made the scan ~5×
 * slower (the scan reads SOH per byte). Errors use the imports directly.
 */
const { SOH, checkTrailer, compareChecksum, isTagAt, readFrame } = decoder;
const { isWellFormed, parseIntAt, ValueKind } = values;
const { checksum } = checksums;
const DATA = ValueKind.Data;
const LENGTH = ValueKind.Length;
const INT = ValueKind.Int;
const DECIMAL = ValueKind.Decimal;

/** A value that cannot be read as asked (`getInt` on `abc`, `getDecimal` on an empty value). */
export class FixValueError extends Error {
  override readonly name = "FixValueError";
  constructor(readonly error: FixError) {
    super(error.text);
  }
}

/** The view used in a way that cannot work: a stale group entry, a group the dictionary does not define. */
export class FixViewUsageError extends Error {
  override readonly name = "FixViewUsageError";
}

/** One field as the iterators yield it: the tag and where its value is in `view.bytes`. */
export interface FixFieldRef {
  /** Position among the message's fields (0 is BeginString). */
  readonly index: number;
  readonly tag: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/**
 * The tag-based accessors over a run of fields: the whole message (`FixView`) or one group entry
 * (`FixGroupEntry`). A tag that occurs more than once in the run is read at its first occurrence.
 */
abstract class FieldRun {
  protected abstract readonly view: FixView;
  /** Index of the run's first field. */
  abstract get start(): number;
  /** Index after the run's last field. */
  abstract get end(): number;
  /** The group entry this run is, for error reports (`NoMDEntries[2]`); undefined for the message. */
  abstract get path(): string | undefined;
  /** The dictionary's group member for a counter tag read in this run, undefined when there is none. */
  protected abstract groupMember(counterTag: number): GroupMember | undefined;

  /** Number of fields in the run. */
  get count(): number {
    return this.end - this.start;
  }

  /** Index of the first field with this tag in the run, -1 when there is none. A linear search: runs are short. */
  indexOf(tag: number): number {
    return this.view.indexBetween(tag, this.start, this.end);
  }

  has(tag: number): boolean {
    return this.indexOf(tag) >= 0;
  }

  /** The value as latin1 text (every byte one character), made now; undefined when the tag is absent. */
  getString(tag: number): string | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.stringAt(i);
  }

  /** The value's bytes: a subarray of the wrapped buffer, not a copy (valid as long as that buffer is). */
  getBytes(tag: number): Buffer | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.bytesAt(i);
  }

  /** The value as an integer; throws FixValueError when it is not one (at most 15 digits, optional `-`). */
  getInt(tag: number): number | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.intAt(i, this.path);
  }

  /** The value's wire text as a Decimal (`"84000.10"` stays so); throws FixValueError when it is not a decimal. */
  getDecimal(tag: number): Decimal | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.view.decimalAt(i, this.path);
  }

  /**
   * The entries of a repeating group whose counter is in this run (entries of a nested group: ask the entry).
   * An entry starts at each occurrence of the group's delimiter field (its first member) and holds the fields
   * the dictionary puts in the group, nested groups included, plus tags the dictionary does not define; the
   * first field the group does not have ends the group. Empty when the counter is absent. The counts and order
   * are not checked (`decodeWire` does): a counter saying 3 over 2 entries gives 2 entries.
   */
  group(counterTag: number): FixGroupEntry[] {
    const member = this.groupMember(counterTag);
    if (!member) {
      const name = this.view.dictionary.field(counterTag)?.name ?? `tag ${counterTag}`;
      throw new FixViewUsageError(`${name} is not a repeating group ${this.path === undefined ? `of MsgType ${this.view.msgType}` : `in ${this.path}`}`);
    }
    const at = this.indexOf(counterTag);
    const entries: FixGroupEntry[] = [];
    if (at >= 0) this.view.walkGroup(member, at + 1, this.end, entries, this.path);
    return entries;
  }

  /** The run's fields in wire order (one small object each: loop over `start`…`end` with `tagAt` to allocate nothing). */
  *fields(): IterableIterator<FixFieldRef> {
    const view = this.view;
    for (let i = this.start; i < this.end; i++) yield { index: i, tag: view.tagAt(i), valueStart: view.valueStart(i), valueEnd: view.valueEnd(i) };
  }

  [Symbol.iterator](): IterableIterator<FixFieldRef> {
    return this.fields();
  }
}

/**
 * The view over one message. Every field is visible from it, those inside group entries too: `getString(270)`
 * reads the first MDEntryPx of the message; per-entry values come from `group(268)`. A repeated tag outside
 * groups reads as its first occurrence (`decodeWire` reports the repeat as TagAppearsMoreThanOnce).
 *
 * Fields 0, 1 and 2 are always BeginString (8), BodyLength (9) and MsgType (35); the last one CheckSum (10).
 * A DATA field after its LENGTH field is as long as the LENGTH says, SOH bytes included, as in `decodeWire`.
 */
export class FixView extends FieldRun {
  protected readonly view: FixView = this;
  private tags = new Int32Array(INITIAL_CAPACITY);
  private starts = new Int32Array(INITIAL_CAPACITY);
  private ends = new Int32Array(INITIAL_CAPACITY);
  private n = 0;
  private b: Buffer = EMPTY;
  private msgTypeText: string | undefined = undefined;
  private problem: FixError | undefined = undefined;
  /** Scratch for the decoder's helpers that report into an array. */
  private readonly reported: FixError[] = [];
  private readonly frame: Frame = newFrame();
  /** What the scan needs to know of each tag (index): LENGTH_FIELD, DATA_FIELD or OTHER; one byte load per field. */
  private readonly framingKinds: Uint8Array;
  private readonly beginString: string;
  private readonly checkIntegrity: boolean;
  private wraps = 0;

  constructor(
    readonly dictionary: Dictionary,
    options: DecodeOptions = {},
  ) {
    super();
    this.framingKinds = framingKindsOf(dictionary);
    this.beginString = options.beginString ?? dictionary.beginString;
    this.checkIntegrity = options.validateLengthAndChecksum !== false;
  }

  /**
   * Counts wraps: a group entry remembers the wrap it was made in and refuses to read after the next one, when
   * its field indexes would point into another message.
   */
  get generation(): number {
    return this.wraps;
  }

  get start(): number {
    return 0;
  }

  get end(): number {
    return this.n;
  }

  get path(): undefined {
    return undefined;
  }

  /** The wrapped bytes (as a Buffer over the same memory). */
  get bytes(): Buffer {
    return this.b;
  }

  /** The first framing problem of the last wrap, undefined when the view holds a message. */
  get error(): FixError | undefined {
    return this.problem;
  }

  /** The MsgType (35) value, made once per wrap. Throws when the view holds no message. */
  get msgType(): string {
    if (this.n === 0) throw new FixViewUsageError("the view holds no message (wrap reported an error or was not called)");
    return (this.msgTypeText ??= this.stringAt(2));
  }

  /**
   * Points the view at a framed message (8=… through 10=nnn␁) and indexes its fields. Returns the first framing
   * problem, the same FixError (code, tag, offset, text) `decodeWire` reports first for these bytes among
   * these: BeginString, BodyLength, CheckSum, Garbled, Truncated, InvalidTagNumber (unusable tag), MsgType not
   * third (TagSpecifiedOutOfRequiredOrder), a DATA field not as long as its LENGTH says (IncorrectDataFormat).
   * A message with a problem is not readable: the view is then empty (`count` 0). Entries from `group()` of the
   * previous message stop working.
   */
  wrap(bytes: Uint8Array): FixError | undefined {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.b = b;
    this.n = 0;
    this.wraps++;
    this.msgTypeText = undefined;
    this.problem = undefined;

    // The checks before the fields are decodeWire's own (readFrame); the view stops at the first problem.
    const reported = this.reported;
    if (reported.length > 0) reported.length = 0;
    const frame = this.frame;
    readFrame(b, this.beginString, this.checkIntegrity, reported, frame);
    if (reported.length > 0) return this.fail(reported[0]!);
    const { beginEnd, lengthAt, lengthEnd, bodyStart, trailerAt } = frame;
    // `10=ddd␁` ending the bytes is read here; anything else goes to the decoder's check for its exact error
    // (checkTrailer's SOH search is a call into C++, a sizeable part of a short message's wrap).
    let declaredSum = -1;
    const valueAt = trailerAt + 3;
    if (b.length === valueAt + 4 && b[valueAt + 3] === SOH && isWellFormed(LENGTH, b, valueAt, valueAt + 3)) {
      if (this.checkIntegrity) declaredSum = parseIntAt(b, valueAt, valueAt + 3);
    } else {
      declaredSum = checkTrailer(b, trailerAt, this.checkIntegrity, reported);
      if (reported.length > 0) return this.fail(reported[0]!);
    }

    this.ensureCapacity(3);
    this.tags[0] = 8;
    this.starts[0] = 2;
    this.ends[0] = beginEnd;
    this.tags[1] = 9;
    this.starts[1] = lengthAt + 2;
    this.ends[1] = lengthEnd;
    const sum = this.scan(bodyStart, trailerAt);
    if (declaredSum >= 0) {
      compareChecksum(reported, 0, trailerAt, declaredSum, (checksum(b, 0, bodyStart) + sum) & 0xff);
      if (reported.length > 0) return this.fail(reported[0]!);
    }
    if (this.problem) return this.fail(this.problem);
    this.ensureCapacity(this.n + 1);
    this.tags[this.n] = 10;
    this.starts[this.n] = trailerAt + 3;
    this.ends[this.n] = trailerAt + 6;
    this.n++;
    return undefined;
  }

  /**
   * Records the fields from `from` to `end` (the `10=` of the trailer, after an SOH), adding up their bytes for
   * the CheckSum in the same pass. Keeps going after a problem (the first is kept in `problem`): a CheckSum
   * mismatch, found only at the end, is reported before it, as decodeWire does. Returns the sum.
   */
  private scan(from: number, end: number): number {
    const b = this.b;
    const framingKinds = this.framingKinds;
    let tags = this.tags;
    let starts = this.starts;
    let ends = this.ends;
    let n = 2;
    let sum = 0;
    /** Value of the last LENGTH field, for the DATA field after it (-1: none). */
    let lastLength = -1;
    let i = from;
    while (i < end) {
      const fieldStart = i;
      let tag = 0;
      let c = b[i]!;
      while (c >= 48 && c <= 57) {
        tag = tag * 10 + (c - 48);
        sum += c;
        c = b[++i]!;
      }
      // The field's SOH: there is one before `end`, which follows an SOH.
      let soh = i;
      while ((c = b[soh]!) !== SOH) {
        sum += c;
        soh++;
      }
      sum += SOH;
      if (!isTagAt(b, fieldStart, i)) {
        this.problem ??= tagError(b, fieldStart, i, soh);
        i = soh + 1;
        continue;
      }
      if (n === 2 && tag !== 35) this.problem ??= msgTypeError(from);
      const valueStart = i + 1;
      let valueEnd = soh;
      const framing = tag < framingKinds.length ? framingKinds[tag]! : OTHER;
      if (lastLength >= 0 && framing === DATA_FIELD) {
        // DATA may contain SOH: its length comes from the LENGTH field before it.
        const dataEnd = valueStart + lastLength;
        if (dataEnd < end && b[dataEnd] === SOH) {
          sum += checksum(b, soh + 1, dataEnd + 1);
          valueEnd = dataEnd;
        } else {
          this.problem ??= this.dataLengthError(tag, lastLength, fieldStart);
        }
      }
      lastLength = framing === LENGTH_FIELD && isWellFormed(LENGTH, b, valueStart, valueEnd) ? parseIntAt(b, valueStart, valueEnd) : -1;
      if (n === tags.length) {
        this.n = n;
        this.ensureCapacity(n + 1);
        ({ tags, starts, ends } = this);
      }
      tags[n] = tag;
      starts[n] = valueStart;
      ends[n] = valueEnd;
      n++;
      i = valueEnd + 1;
    }
    if (n === 2) this.problem ??= msgTypeError(from);
    this.n = n;
    return sum;
  }

  private dataLengthError(tag: number, length: number, offset: number): FixError {
    const tagName = this.dictionary.field(tag)!.name;
    return fixError({ code: "IncorrectDataFormat", text: `${tagName} is not ${length} bytes long as its length field says`, tag, tagName, offset });
  }

  private fail(error: FixError): FixError {
    this.n = 0;
    this.problem = error;
    return error;
  }

  /** Grows the arrays (doubling, keeping the first `n` fields) to hold at least `fields` fields. */
  private ensureCapacity(fields: number): void {
    let capacity = this.tags.length;
    if (fields <= capacity) return;
    while (capacity < fields) capacity *= 2;
    const grow = (from: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const to = new Int32Array(capacity);
      to.set(from.subarray(0, this.n));
      return to;
    };
    this.tags = grow(this.tags);
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
  }

  /** Number of fields the arrays hold without growing. */
  get capacity(): number {
    return this.tags.length;
  }

  /** Index of the first field with this tag from `start` to before `end`, -1 when there is none (the runs use it). */
  indexBetween(tag: number, start: number, end: number): number {
    const tags = this.tags;
    for (let i = start; i < end; i++) if (tags[i] === tag) return i;
    return -1;
  }

  tagAt(index: number): number {
    return this.tags[index]!;
  }

  /** Byte offset of the value of field `index` in `bytes`. */
  valueStart(index: number): number {
    return this.starts[index]!;
  }

  /** Byte offset just after the value (its SOH). */
  valueEnd(index: number): number {
    return this.ends[index]!;
  }

  /** Byte offset where field `index` starts (its tag), as errors report it. */
  fieldStart(index: number): number {
    // Tags are written without leading zeros (wrap refuses others), so the tag's digits are its decimal form.
    return this.starts[index]! - 1 - String(this.tags[index]!).length;
  }

  stringAt(index: number): string {
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    return end - start <= SHORT_VALUE ? shortLatin1(this.b, start, end) : this.b.latin1Slice(start, end);
  }

  bytesAt(index: number): Buffer {
    return this.b.subarray(this.starts[index]!, this.ends[index]!);
  }

  intAt(index: number, path?: string): number {
    this.checkValue(index, INT, "an integer", path);
    return parseIntAt(this.b, this.starts[index]!, this.ends[index]!);
  }

  decimalAt(index: number, path?: string): Decimal {
    this.checkValue(index, DECIMAL, "a decimal", path);
    return this.stringAt(index) as Decimal;
  }

  private checkValue(index: number, kind: values.ValueKind, what: string, path: string | undefined): void {
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    if (start !== end && isWellFormed(kind, this.b, start, end)) return;
    const tag = this.tags[index]!;
    const tagName = this.dictionary.field(tag)?.name;
    const name = tagName ?? `tag ${tag}`;
    const [code, text]: [FixErrorCode, string] =
      start === end ? ["TagSpecifiedWithoutValue", `${name} has no value`] : ["IncorrectDataFormat", `${name} is not ${what}: ${displayValue(tag, this.stringAt(index))}`];
    throw new FixValueError(fixError({ code, text, tag, tagName, offset: this.fieldStart(index), path }));
  }

  protected groupMember(counterTag: number): GroupMember | undefined {
    const body = this.n === 0 ? undefined : this.dictionary.messages.get(this.msgType)?.layout;
    return asGroup(body, counterTag) ?? asGroup(this.dictionary.header, counterTag);
  }

  /**
   * Walks a group's entries from field `from` (just after the counter) up to `limit`, pushing one entry per
   * delimiter into `entries` (none when undefined: skipping a nested group). Returns the index after the group.
   */
  walkGroup(member: GroupMember, from: number, limit: number, entries: FixGroupEntry[] | undefined, ownerPath: string | undefined): number {
    const { layout, delimiter } = member;
    const fieldByTag = this.dictionary.fieldByTag;
    // The CheckSum field is never in a group, even when the dictionary does not define it.
    const last = Math.min(limit, this.n - 1);
    let entryStart = -1;
    let i = from;
    while (i < last) {
      const tag = this.tags[i]!;
      const field = tag < fieldByTag.length ? fieldByTag[tag] : undefined;
      const inner = field && layout.memberById[field.id];
      if (!inner) {
        // A tag the dictionary does not know stays in the entry (as in decodeWire); a known one ends the group.
        if (entryStart < 0 || field) break;
        i++;
        continue;
      }
      if (tag === delimiter || entryStart < 0) {
        if (entryStart >= 0) entries?.push(new FixGroupEntry(this, member, entryStart, i, ownerPath, entries.length + 1));
        entryStart = i;
      }
      i = inner.type === "group" ? this.walkGroup(inner, i + 1, last, undefined, undefined) : i + 1;
    }
    if (entryStart >= 0) entries?.push(new FixGroupEntry(this, member, entryStart, i, ownerPath, entries.length + 1));
    return i;
  }
}

/** The latin1 string of each byte value. */
const ONE_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte));

/** Values up to this many bytes are made by `shortLatin1`. */
const SHORT_VALUE = 8;

/**
 * The latin1 string of a value of at most SHORT_VALUE bytes. Most values are that short (MsgType, Side, symbols,
 * prices, quantities), and `String.fromCharCode` with the bytes as arguments makes them in JS, ~2.5× faster than
 * a `latin1Slice`, a call into C++ (~20 against ~50 ns per value on the bench VM); a one-byte value is a table load.
 */
function shortLatin1(b: Buffer, s: number, end: number): string {
  switch (end - s) {
    case 0:
      return "";
    case 1:
      return ONE_BYTE[b[s]!]!;
    case 2:
      return String.fromCharCode(b[s]!, b[s + 1]!);
    case 3:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    default:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
  }
}

const OTHER = 0;
const LENGTH_FIELD = 1;
const DATA_FIELD = 2;

function framingKindsOf(dictionary: Dictionary): Uint8Array {
  const kinds = new Uint8Array(dictionary.fieldByTag.length);
  for (const field of dictionary.fields.values()) kinds[field.tag] = field.kind === LENGTH ? LENGTH_FIELD : field.kind === DATA ? DATA_FIELD : OTHER;
  return kinds;
}

/** The scan's errors, worded as decodeWire words them; out of the scan's loop, which stays small. */
function tagError(b: Buffer, fieldStart: number, digitsEnd: number, soh: number): FixError {
  return fixError({ code: "InvalidTagNumber", text: `${tagProblem(b, fieldStart, digitsEnd, soh)}: expected <tag>=<value>`, offset: fieldStart });
}

function msgTypeError(bodyStart: number): FixError {
  return framingError("TagSpecifiedOutOfRequiredOrder", bodyStart, "MsgType (35) must be the third field", 35);
}

function asGroup(layout: Layout | undefined, tag: number): GroupMember | undefined {
  const member = layout?.byTag.get(tag);
  return member?.type === "group" ? member : undefined;
}

/**
 * One entry of a repeating group: the same accessors over the entry's fields (its nested groups' fields
 * included). Valid until the view is wrapped again; after that every read throws FixViewUsageError.
 */
export class FixGroupEntry extends FieldRun {
  private readonly generation: number;
  private entryPath: string | undefined = undefined;

  constructor(
    protected readonly view: FixView,
    private readonly member: GroupMember,
    private readonly first: number,
    private readonly after: number,
    private readonly ownerPath: string | undefined,
    /** 1-based position in the group, as error paths count. */
    readonly position: number,
  ) {
    super();
    this.generation = view.generation;
  }

  get start(): number {
    this.checkCurrent();
    return this.first;
  }

  get end(): number {
    return this.after;
  }

  /** `NoMDEntries[2]`, under the owner entry's path for a nested group: made on first use (error reports). */
  get path(): string {
    return (this.entryPath ??= `${this.ownerPath === undefined ? "" : `${this.ownerPath}.`}${this.member.field.name}[${this.position}]`);
  }

  protected groupMember(counterTag: number): GroupMember | undefined {
    return asGroup(this.member.layout, counterTag);
  }

  private checkCurrent(): void {
    if (this.generation !== this.view.generation) {
      throw new FixViewUsageError(`${this.path} belongs to a message the view no longer holds (wrap was called again)`);
    }
  }
}
