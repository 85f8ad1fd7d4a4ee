/**
 * The decoder's fast path: generated code (`LayoutAccessors.decodeFields`) reads a layout's fields with a `switch`
 * on the tag and named stores, through this reader. It only ever accepts what the decoder in `decode.ts` would
 * accept without a single finding, even with every check at "error": on anything else (an empty or malformed
 * value, an unknown or repeated tag, a field out of order, a required field missing, a wrong count, CheckSum)
 * the fast path gives up and `decodeWire` decodes the message again with the full decoder, which then says
 * precisely what is wrong. So there is still one place that defines the rules and reports errors; the fast path
 * is an optimisation of its happy path, checked against it by a differential property test
 * (test/codec/fast-path.test.ts).
 */
import { checksum } from "./checksum.js";
import { isTagAt } from "./decode.js";
import type { DecodedObject, MessageResolver, WireDecodeResult } from "./decode.js";
import { isEnumerated } from "./dictionary.js";
import type { Dictionary, GroupMember, Layout } from "./dictionary.js";
import { isBooleanAt, isDateAt, isDecimalAt, isIntAt, isTimeOnlyAt, isTimestampAt, parseIntAt } from "./values.js";

const SOH = 1;
const EMPTY = Buffer.alloc(0);
const EQUALS = 61;

/** `tag` after the last field. */
const END_OF_FIELDS = 0;
/** `tag` of a field whose tag or framing is unusable: no layout has it, so every reader stops there. */
const BAD_FIELD = -1;

export class FieldReader {
  /** Tag of the current field; END_OF_FIELDS after the last one, BAD_FIELD for an unusable one. */
  tag = END_OF_FIELDS;
  private b: Buffer = EMPTY;
  /** The message as one latin1 string (same offsets as `b`): values are substrings of it. */
  private s = "";
  private pos = 0;
  private end = 0;
  private start = 0;
  private stop = 0;
  /** Sum of the bytes passed, for the CheckSum. */
  sum = 0;
  /** Whether enumerated values are checked (the decode's `enumValues` check is on). */
  private enums = false;
  private dict!: Dictionary;

  /** Points the reader at the fields from `pos` to `end` (the trailer's `10=`) and reads the first one. */
  reset(dict: Dictionary, b: Buffer, s: string, pos: number, end: number, enums: boolean): void {
    this.dict = dict;
    this.b = b;
    this.s = s;
    this.pos = pos;
    this.end = end;
    this.sum = 0;
    this.enums = enums;
    // What lets `next` scan without bounds: readFrame guarantees it, and this check covers any other caller.
    if (pos < end && b[end - 1] !== SOH) this.tag = BAD_FIELD;
    else this.next();
  }

  /**
   * Moves to the next field, summing its bytes. The loops need no bound: the byte before `end` is an SOH (the
   * trailer was found after one, see `readFrame`; `reset` checks), so neither a tag nor a value runs past it.
   */
  next(): void {
    const { b, end } = this;
    const at = this.pos;
    if (at >= end) {
      this.tag = END_OF_FIELDS;
      return;
    }
    let sum = this.sum;
    let i = at;
    let tag = 0;
    let c = b[i]!;
    while (c >= 48 && c <= 57) {
      tag = tag * 10 + (c - 48);
      sum += c;
      c = b[++i]!;
    }
    if (!isTagAt(b, at, i)) {
      this.tag = BAD_FIELD;
      return;
    }
    sum += EQUALS;
    let j = i + 1;
    while ((c = b[j]!) !== SOH) {
      sum += c;
      j++;
    }
    this.sum = sum + SOH;
    this.tag = tag;
    this.start = i + 1;
    this.stop = j;
    this.pos = j + 1;
  }

  /** Drops the message: the reader is shared and would otherwise hold the last one until the next decode. */
  release(): void {
    this.b = EMPTY;
    this.s = "";
  }

  /** Whether every field has been read (the current one is not a field the readers stopped at). */
  atEnd(): boolean {
    return this.tag === END_OF_FIELDS;
  }

  /** The value as a string; undefined when empty (as for every reader below). */
  text(): string | undefined {
    return this.start === this.stop ? undefined : this.s.substring(this.start, this.stop);
  }

  char(): string | undefined {
    return this.stop - this.start === 1 ? this.s.substring(this.start, this.stop) : undefined;
  }

  int(): number | undefined {
    const { b, start, stop } = this;
    return isIntAt(b, start, stop) ? parseIntAt(b, start, stop) : undefined;
  }

  boolean(): boolean | undefined {
    return isBooleanAt(this.b, this.start, this.stop) ? this.b[this.start] === 89 : undefined;
  }

  multi(): string[] | undefined {
    return this.start === this.stop ? undefined : this.s.substring(this.start, this.stop).split(" ");
  }

  decimal(): string | undefined {
    const { b, start, stop } = this;
    return isDecimalAt(b, start, stop) ? this.s.substring(start, stop) : undefined;
  }

  timestamp(): string | undefined {
    const { b, start, stop } = this;
    return isTimestampAt(b, start, stop) ? this.s.substring(start, stop) : undefined;
  }

  timeOnly(): string | undefined {
    const { b, start, stop } = this;
    return isTimeOnlyAt(b, start, stop) ? this.s.substring(start, stop) : undefined;
  }

  date(): string | undefined {
    const { b, start, stop } = this;
    return isDateAt(b, start, stop) ? this.s.substring(start, stop) : undefined;
  }

  /**
   * Whether the current value of field `tag` is one the dictionary enumerates, as the decoder's `enumValues`
   * check decides it (always true when that check is off).
   */
  inEnum(tag: number): boolean {
    return !this.enums || isEnumerated(this.dict.fieldByTag[tag]!, this.b, this.start, this.stop, this.s);
  }

  /**
   * Reads the group whose counter is the current field (member `index` of `layout`) and its entries; afterwards
   * the current field is the first one after the group. Undefined when the count is malformed or differs from the
   * entries found, when an entry does not read cleanly, or when the field after the group belongs to it (an entry
   * that does not start with the delimiter).
   */
  group(layout: Layout, index: number): Record<string, unknown>[] | undefined {
    const member = layout.members[index] as GroupMember;
    const declared = this.int();
    if (declared === undefined) return undefined;
    const entryLayout = member.layout;
    const decodeFields = entryLayout.accessors!.decodeFields!;
    const entries: Record<string, unknown>[] = [];
    this.next();
    while (this.tag === member.delimiter) {
      const entry = new entryLayout.Decoded();
      if (!decodeFields(this, entry, entryLayout)) return undefined;
      entries.push(entry);
    }
    if (entries.length !== declared) return undefined;
    const field = this.tag > 0 ? this.dict.fieldByTag[this.tag] : undefined;
    if (field && entryLayout.memberById[field.id]) return undefined;
    return entries;
  }
}

/** Decoding is synchronous and calls no user code: one reader serves every decode. */
const reader = new FieldReader();

/**
 * The whole message through the generated readers: header, then body, then nothing left, then the CheckSum
 * (`declaredSum`, already read by the caller; -1 when not checked) against the bytes. Undefined whenever the full
 * decoder has to look: the caller then decodes as if this had not run. `s` is the message up to `fieldsEnd` as one
 * latin1 string.
 */
export function decodeFast(
  dict: Dictionary,
  b: Buffer,
  s: string,
  bodyStart: number,
  fieldsEnd: number,
  declaredSum: number,
  resolve: MessageResolver,
  enums: boolean,
): WireDecodeResult | undefined {
  const r = reader;
  try {
    r.reset(dict, b, s, bodyStart, fieldsEnd, enums);
    if (r.tag !== 35) return undefined;
    const msgType = r.text();
    const compiled = msgType === undefined ? undefined : resolve(msgType);
    if (!compiled?.decodesFast) return undefined;
    r.next();
    const headerLayout = dict.header;
    const header = new headerLayout.Decoded();
    if (!headerLayout.accessors!.decodeFields!(r, header, headerLayout)) return undefined;
    const layout = compiled.layout;
    const message = new layout.Decoded() as DecodedObject;
    message.msgType = msgType!;
    message.header = header;
    if (!layout.accessors!.decodeFields!(r, message, layout) || !r.atEnd()) return undefined;
    if (declaredSum >= 0 && ((checksum(b, 0, bodyStart) + r.sum) & 0xff) !== declaredSum) return undefined;
    return { message, errors: [], msgType: msgType! };
  } finally {
    // The reader outlives the call: it must not keep the message (a Password) alive until the next decode.
    r.release();
  }
}
