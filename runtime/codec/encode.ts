/**
 * The encoder: writes fields straight into a block of memory in dictionary order, then puts 8 and 9 in front and
 * 10 behind, and hands out that stretch of the block as the message. Messages follow each other in a block as
 * `Buffer.allocUnsafe` results share Node's pool: no copy and no allocation per message.
 */
import { markAsUntransferable } from "node:worker_threads";
import { checksum } from "./checksum.js";
import type { CompiledField, CompiledMessage, Dictionary, GroupMember, Layout } from "./dictionary.js";
import { latin1Rule } from "./latin1.js";
import { displayValue } from "./secrets.js";
import type { UnknownField } from "./types.js";
import { isMultiValueElement, isWireInteger, ValueKind, wireIntegerRule } from "./values.js";

const SOH = 1;
/** Room in front of the body for `8=<BeginString>␁9=<up to 10 digits>␁`. */
const PREFIX_ROOM = 32;
/** `8=` + BeginString + SOH must fit the room left by `9=<10 digits>␁`. */
const MAX_BEGIN_STRING = PREFIX_ROOM - 13 - 3;
/**
 * Encoded messages are views into blocks of this size. Handing out a view instead of a copy saved ~80 ns per
 * message (bench/README.md); a message kept alive keeps its block alive, as with `Buffer.allocUnsafe`.
 */
const BLOCK_SIZE = 16 * 1024;
/** A message starts in a fresh block when less than this is left in the current one. */
const MIN_ROOM = 1024;

function newBlock(size: number): Buffer {
  // Not from Node's pool (Node 24's holds 64 KiB, enough for a 16 KiB block): an ArrayBuffer of its own, so that
  // marking it untransferable below concerns our messages only.
  const block = Buffer.allocUnsafeSlow(size);
  // An app that transferred a message's ArrayBuffer to a worker would detach the messages beside it, and the
  // writer's next message too (Node's own Buffer pool is marked the same way).
  markAsUntransferable(block.buffer);
  return block;
}

/** A value that cannot be put on the wire as given. Thrown by `encode`: it is a bug in the caller's code. */
export class EncodeError extends Error {
  override readonly name = "EncodeError";
  constructor(
    readonly tag: number,
    readonly tagName: string,
    readonly path: string,
    text: string,
  ) {
    super(`${path}: ${text}`);
  }
}

/**
 * Writes messages into its block, one after the other, with the CheckSum summed as bytes go in. Its `…Field`
 * methods are the encoder's fast path: generated code (`LayoutAccessors.encodeFields`) calls them with named
 * loads, and each returns false instead of throwing when the value cannot be written as given, so that the full
 * encoder writes the message again and throws its precise `EncodeError`.
 */
export class FieldWriter {
  buf = newBlock(BLOCK_SIZE);
  /** Where the message being written starts: its room for BeginString and BodyLength. */
  base = 0;
  pos = 0;
  /** Sum of every byte written since `begin()`: the CheckSum, without a second pass over the message. */
  sum = 0;
  /** The first byte after the messages handed out from `buf`. */
  private free = 0;

  /** Starts a message after the ones handed out, in a fresh block when little room is left. */
  begin(): void {
    if (this.buf.length - this.free < MIN_ROOM) {
      this.buf = newBlock(BLOCK_SIZE);
      this.free = 0;
    }
    this.base = this.free;
    this.pos = this.base + PREFIX_ROOM;
    this.sum = 0;
  }

  /** Hands out bytes `start`–`pos` as the message; the next one starts after it. */
  finish(start: number): Buffer {
    this.free = this.pos;
    return this.buf.subarray(start, this.pos);
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    // The message so far moves to a block of its own; the old one keeps the messages handed out before.
    const used = this.pos - this.base;
    let size = BLOCK_SIZE;
    while (size < used + extra) size *= 2;
    const block = newBlock(size);
    this.buf.copy(block, 0, this.base, this.pos);
    this.buf = block;
    this.base = 0;
    this.pos = used;
    this.free = 0;
  }

  bytes(bytes: Buffer): void {
    this.ensure(bytes.length);
    const { buf } = this;
    let pos = this.pos;
    let sum = this.sum;
    // Tags are a few bytes: a loop beats Buffer.set's call overhead.
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]!;
      buf[pos++] = c;
      sum += c;
    }
    this.pos = pos;
    this.sum = sum;
  }

  /**
   * Writes `text` one byte per character. Returns -1 when written, else the index of the first character that
   * cannot be: one above U+00FF (a byte holds only latin1; `latin1Write` would silently keep the low byte), or
   * SOH when `rejectSoh` (every value but DATA). The copy loop checks as it copies, so no separate scan is needed,
   * and for the short values FIX messages hold it is 2.4–3.1× faster than `latin1Write`, a call into C++
   * (bench/string-io.ts). The bytes written before a bad character are garbage: the caller throws.
   */
  text(text: string, rejectSoh: boolean): number {
    const length = text.length;
    this.ensure(length + 1);
    const { buf } = this;
    let pos = this.pos;
    let sum = this.sum;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff || (c === SOH && rejectSoh)) return i;
      buf[pos++] = c;
      sum += c;
    }
    this.pos = pos;
    this.sum = sum;
    return -1;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
    this.sum += c;
  }

  /** An integer's digits (and sign), written from the last digit back: no string per number. */
  int(value: number): void {
    if (value < 0) {
      this.byte(45);
      value = -value;
    }
    this.ensure(16);
    this.digits(value, 0);
  }

  /**
   * The digits of a non-negative integer below 2^53, then `suffix` when it is not 0 (one byte). Values below 2^31
   * (tags, sequence numbers, counts: nearly every integer in FIX) are split with int32 arithmetic: a double
   * division per digit cost more than the rest of writing a field (bench/README.md). Needs 17 bytes of room.
   */
  private digits(value: number, suffix: number): void {
    const { buf } = this;
    let sum = this.sum;
    let at = this.pos + digitCount(value);
    let end = at;
    if (suffix !== 0) {
      buf[end++] = suffix;
      sum += suffix;
    }
    if (value <= 0x7fffffff) {
      let rest = value | 0;
      do {
        const next = (rest / 10) | 0;
        const digit = rest - next * 10;
        buf[--at] = 48 + digit;
        sum += 48 + digit;
        rest = next;
      } while (rest > 0);
    } else {
      do {
        const digit = value % 10;
        value = (value - digit) / 10;
        buf[--at] = 48 + digit;
        sum += 48 + digit;
      } while (value > 0);
    }
    this.pos = end;
    this.sum = sum;
  }

  soh(): void {
    this.byte(SOH);
  }

  /** `tag=`. */
  tag(tag: number): void {
    this.ensure(17);
    this.digits(tag, 61);
  }

  /** `tag=value␁` for a string-like value: a non-empty string without SOH or characters above U+00FF. */
  textField(tag: number, value: unknown): boolean {
    if (typeof value !== "string" || value.length === 0) return false;
    this.tag(tag);
    if (this.text(value, true) >= 0) return false;
    this.soh();
    return true;
  }

  /** `tag=value␁` for an INT value (what `isWireInteger` accepts). */
  intField(tag: number, value: unknown): boolean {
    if (typeof value !== "number" || !isWireInteger(ValueKind.Int, value)) return false;
    this.tag(tag);
    this.int(value);
    this.soh();
    return true;
  }

  booleanField(tag: number, value: unknown): boolean {
    if (typeof value !== "boolean") return false;
    this.tag(tag);
    this.byte(value ? 89 : 78);
    this.soh();
    return true;
  }

  /** `tag=a b c␁` for a MULTIPLEVALUESTRING given as an array (or as its text). */
  multiField(tag: number, value: unknown): boolean {
    if (!Array.isArray(value)) return this.textField(tag, value);
    if (!value.every(isMultiValueElement)) return false;
    return this.textField(tag, value.join(" "));
  }

  /** A repeating group given as an array of entries: the count, then each entry through its layout's writer. */
  groupField(layout: Layout, index: number, value: unknown): boolean {
    if (!Array.isArray(value)) return false;
    const member = layout.members[index] as GroupMember;
    const entryLayout = member.layout;
    const encodeFields = entryLayout.accessors!.encodeFields!;
    this.tag(member.field.tag);
    this.int(value.length);
    this.soh();
    for (const entry of value as unknown[]) {
      if (typeof entry !== "object" || entry === null || !encodeFields(this, entry as Record<string, unknown>, entryLayout)) return false;
    }
    return true;
  }

  /** `10=nnn␁`: the CheckSum as three digits. */
  trailer(sum: number): void {
    this.ensure(7);
    const { buf } = this;
    const at = this.pos;
    buf[at] = 49;
    buf[at + 1] = 48;
    buf[at + 2] = 61;
    buf[at + 3] = 48 + Math.floor(sum / 100);
    buf[at + 4] = 48 + (Math.floor(sum / 10) % 10);
    buf[at + 5] = 48 + (sum % 10);
    buf[at + 6] = SOH;
    this.pos = at + 7;
  }
}

const writer = new FieldWriter();

export function encodeWire(
  dict: Dictionary,
  message: CompiledMessage,
  body: object,
  header: object,
  beginString = dict.beginString,
): Buffer {
  const prefix = beginString === dict.beginString ? dict.beginStringBytes : Buffer.from(`8=${beginString}\x01`, "latin1");
  if (prefix.length > MAX_BEGIN_STRING + 3) throw new RangeError(`BeginString has more than ${MAX_BEGIN_STRING} characters: ${beginString}`);
  const w = writer;
  w.begin();
  w.bytes(message.msgTypeBytes);
  // From the message's start: the block may change while the fields are written.
  const fieldsAt = w.pos - w.base;
  const { layout } = message;
  // Generated writers first; when they refuse a value, the full encoder writes the fields again and throws.
  const written =
    message.encodesFast &&
    dict.header.accessors!.encodeFields!(w, header as Record<string, unknown>, dict.header) &&
    layout.accessors!.encodeFields!(w, body as Record<string, unknown>, layout);
  if (!written) {
    w.pos = w.base + fieldsAt;
    // The sum is taken modulo 256 at the end, so the masked sum of `35=…␁` is as good as the one written.
    w.sum = checksum(message.msgTypeBytes, 0, message.msgTypeBytes.length);
    writeLayout(w, dict.header, header as Record<string, unknown>, "Header");
    writeLayout(w, layout, body as Record<string, unknown>, message.def.name);
  }
  const unknown = (body as { unknownFields?: readonly UnknownField[] }).unknownFields;
  if (unknown) for (const field of unknown) writeUnknown(w, field, message.def.name);

  // Room for the trailer now: making room later could move the message, prefix and all, to another block.
  w.ensure(7);
  const bodyAt = w.base + PREFIX_ROOM;
  const bodyLength = w.pos - bodyAt;
  // `9=<length>␁` right in front of the body, then BeginString in front of that.
  const { buf } = w;
  let start = bodyAt - 1;
  buf[start] = SOH;
  let length = bodyLength;
  do {
    const digit = length % 10;
    length = (length - digit) / 10;
    buf[--start] = 48 + digit;
  } while (length > 0);
  buf[--start] = 61;
  buf[--start] = 57;
  start -= prefix.length;
  prefix.copy(buf, start);
  const sum = (checksum(buf, start, bodyAt) + w.sum) & 0xff;
  w.trailer(sum);
  return w.finish(start);
}

/** Number of decimal digits of a non-negative integer below 2^53, by comparisons with (exact) powers of ten. */
function digitCount(value: number): number {
  let digits = 1;
  for (let limit = 10; value >= limit; limit *= 10) digits++;
  return digits;
}

/**
 * Writes the members of `layout` found in `source`. Its path for error texts is `owner`, or `owner[entry]` for a
 * group entry (`entry` ≥ 0), put together only when an error needs it (`pathOf`): building a string per group
 * entry cost more than writing the entry's fields.
 */
function writeLayout(w: FieldWriter, layout: Layout, source: Record<string, unknown>, owner: string, entry = -1): void {
  // With generated accessors, one call loads every member with named loads (see `LayoutAccessors`); without,
  // each member is a keyed load. A fresh array per call: a scratch array kept per layout would hold the caller's
  // values (a Password too) after encode, and clearing it cost as much as the allocation (bench/README.md).
  const { accessors } = layout;
  let values: unknown[] | undefined;
  if (accessors) {
    values = new Array<unknown>(layout.members.length);
    accessors.read(source, values);
  }
  for (const member of layout.members) {
    if (member.type === "group") {
      const entries = values ? values[member.index] : source[member.key];
      if (entries === undefined) continue;
      const groupPath = `${pathOf(owner, entry)}.${member.key}`;
      if (!Array.isArray(entries)) throw new EncodeError(member.field.tag, member.field.name, groupPath, "a repeating group must be an array");
      w.bytes(member.field.tagBytes);
      w.int(entries.length);
      w.soh();
      for (let i = 0; i < entries.length; i++) {
        const value: unknown = entries[i];
        if (typeof value !== "object" || value === null) {
          throw new EncodeError(member.field.tag, member.field.name, pathOf(groupPath, i), "a group entry must be an object");
        }
        writeLayout(w, member.layout, value as Record<string, unknown>, groupPath, i);
      }
      continue;
    }
    if (member.isDataLength) continue; // written with its DATA field
    const field = member.field;
    const value = values ? values[member.index] : source[member.key];
    if (value === undefined) continue;
    if (member.lengthField) {
      // Framed by its LENGTH field, DATA may hold SOH.
      const text = textOf(field, value, owner, entry);
      w.bytes(member.lengthField.tagBytes);
      w.int(text.length);
      w.soh();
      w.bytes(field.tagBytes);
      const bad = w.text(text, false);
      if (bad >= 0) throw unwritable(field, owner, entry, value, text, bad);
      w.soh();
      continue;
    }
    w.bytes(field.tagBytes);
    writeValue(w, field, value, owner, entry);
    w.soh();
  }
}

function writeValue(w: FieldWriter, field: CompiledField, value: unknown, owner: string, entry: number): void {
  if (field.kind === ValueKind.Int || field.kind === ValueKind.Length) {
    if (typeof value !== "number" || !isWireInteger(field.kind, value)) throw invalid(field, owner, entry, value, wireIntegerRule(field.kind));
    w.int(value);
    return;
  }
  if (field.kind === ValueKind.Boolean) {
    if (typeof value !== "boolean") throw invalid(field, owner, entry, value, "a boolean");
    w.byte(value ? 89 : 78);
    return;
  }
  const text = textOf(field, value, owner, entry);
  const bad = w.text(text, true);
  if (bad >= 0) throw unwritable(field, owner, entry, value, text, bad);
}

/**
 * The wire text of a string-like value; an empty value would read back as "tag without value". SOH and
 * characters above U+00FF are checked as the text is written (`Writer.text`); DATA values may hold SOH.
 */
function textOf(field: CompiledField, value: unknown, owner: string, entry: number): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (field.kind === ValueKind.MultiValue && Array.isArray(value)) {
    if (!value.every(isMultiValueElement)) throw invalid(field, owner, entry, value, "an array of non-empty strings without spaces");
    text = value.join(" ");
  } else throw invalid(field, owner, entry, value, field.kind === ValueKind.MultiValue ? "an array of values" : "a string");
  if (text.length === 0) throw invalid(field, owner, entry, value, "a non-empty value");
  return text;
}

/** The error for a value `Writer.text` stopped at: SOH in a value, or a character no byte can hold. */
function unwritable(field: CompiledField, owner: string, entry: number, value: unknown, text: string, at: number): EncodeError {
  return text.charCodeAt(at) === SOH
    ? invalid(field, owner, entry, value, "a value without SOH")
    : invalid(field, owner, entry, value, latin1Rule(at));
}

/** The error for a value of `field` in the layout at `owner` (`owner[entry]` for a group entry). */
function invalid(field: CompiledField, owner: string, entry: number, value: unknown, expected: string): EncodeError {
  const shown = typeof value === "string" ? displayValue(field.tag, value) : typeof value;
  return new EncodeError(field.tag, field.name, `${pathOf(owner, entry)}.${field.key}`, `${field.name} (${field.tag}) must be ${expected}, got ${shown}`);
}

/** `Order.allocs[1]` for entry 1 of the group at `Order.allocs`; `owner` itself outside groups (entry < 0). */
function pathOf(owner: string, entry: number): string {
  return entry < 0 ? owner : `${owner}[${entry}]`;
}

function writeUnknown(w: FieldWriter, field: UnknownField, path: string): void {
  // Tags have at most 9 digits on the wire (the decoder rejects longer ones).
  if (!Number.isInteger(field.tag) || field.tag <= 0 || field.tag > 999_999_999) {
    throw new EncodeError(field.tag, String(field.tag), `${path}.unknownFields`, `invalid tag ${field.tag}`);
  }
  if (typeof field.value !== "string" || field.value.length === 0) throw unknownValueError(field, path, "a non-empty value without SOH");
  w.tag(field.tag);
  const bad = w.text(field.value, true);
  if (bad >= 0) throw unknownValueError(field, path, field.value.charCodeAt(bad) === SOH ? "a non-empty value without SOH" : latin1Rule(bad));
  w.soh();
}

function unknownValueError(field: UnknownField, path: string, needed: string): EncodeError {
  return new EncodeError(field.tag, String(field.tag), `${path}.unknownFields`, `tag ${field.tag} needs ${needed}`);
}
