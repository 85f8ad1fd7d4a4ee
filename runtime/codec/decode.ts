/**
 * The decoder: one pass over the bytes of a framed message, filling a plain object through the compiled layout.
 * It never throws: every problem becomes a FixError with tag, byte offset and group path, and decoding goes on
 * where the structure still makes sense, so that a trading app sees as much of a message as can be trusted.
 */
import { checksum, formatChecksum } from "./checksum.js";
import "./latin1.js";
import { isEnumerated } from "./dictionary.js";
import type { CompiledField, CompiledMessage, Dictionary, GroupMember, Layout, Member } from "./dictionary.js";
import { fixError } from "./errors.js";
import { decodeFast } from "./field-reader.js";
import { displayValue } from "./secrets.js";
import type { FixError, FixErrorCode, Severity } from "./errors.js";
import type { DecodeOptions, UnknownField } from "./types.js";
import { isWellFormed, parseIntAt, ValueKind } from "./values.js";

export const SOH = 1;
export const EQUALS = 61;
const TRAILER = Buffer.from("\x0110=", "latin1");

/** How strictly the decoder checks what is beyond structure. `off` skips the check entirely. */
export type CheckLevel = "error" | "warning" | "off";

export interface WireChecks {
  /** 373=1 required tag missing, recursively into every group entry. */
  readonly requiredFields: CheckLevel;
  /** 373=5 value not among the dictionary's enumerated values. */
  readonly enumValues: CheckLevel;
  /** 373=3 tag < 5000 that the dictionary does not define. */
  readonly undefinedTags: CheckLevel;
  /** 373=3 user-defined tag (≥ 5000) that the dictionary does not define. */
  readonly userDefinedTags: CheckLevel;
  /** 373=2 tag defined by the dictionary but not for this message type. */
  readonly tagsNotInMessage: CheckLevel;
  /** 373=14 header field after the body started, body field after the trailer. */
  readonly fieldsOutOfOrder: CheckLevel;
  /** 373=15 fields of a group entry not in dictionary order. */
  readonly groupFieldOrder: CheckLevel;
  /** 373=4 tag present with an empty value. */
  readonly emptyValues: CheckLevel;
}

/** Structure only: what `decode` checks unless asked for more. */
export const structuralChecks: WireChecks = {
  requiredFields: "off",
  enumValues: "off",
  undefinedTags: "off",
  userDefinedTags: "off",
  tagsNotInMessage: "off",
  fieldsOutOfOrder: "error",
  groupFieldOrder: "off",
  emptyValues: "error",
};

export interface WireDecodeOptions extends DecodeOptions {
  readonly checks?: WireChecks;
}

export type DecodedObject = Record<string, unknown> & { msgType: string; header: Record<string, unknown> };

export interface WireDecodeResult {
  readonly message: DecodedObject | undefined;
  readonly errors: FixError[];
  readonly msgType: string | undefined;
}

/** Finds the layout for a MsgType; undefined means "not a message of this dictionary". */
export type MessageResolver = (msgType: string) => CompiledMessage | undefined;

/**
 * Numbers scopes across all decodes, so that stamps left in a layout by earlier messages never match a new
 * scope and the stamp arrays never need clearing. A double counts exactly far beyond any process lifetime.
 */
let lastStamp = 0;

/** Where fields are stored: a message section, or one entry of a group (the n-th entry of `counterName`). */
class Scope {
  /** This scope's number in `layout.stamps`: a member is set here when its stamp equals this. */
  readonly stamp = ++lastStamp;
  private entryPath: string | undefined = undefined;

  constructor(
    readonly layout: Layout,
    readonly target: Record<string, unknown>,
    private readonly owner: Scope | undefined = undefined,
    private readonly counterName: string | undefined = undefined,
    private readonly n = 0,
  ) {}

  /**
   * `NoMDEntries[3]`, under the owner's path when the group is nested; undefined for a message section. Made
   * on first use: only error reports need it, and building it for every entry cost more than the entry's fields.
   */
  get path(): string | undefined {
    if (this.counterName === undefined) return undefined;
    return (this.entryPath ??= entryPath(this.owner, this.counterName, this.n));
  }
}

function newScope(layout: Layout, target: Record<string, unknown>): Scope {
  return new Scope(layout, target);
}

function newEntry(owner: Scope, member: GroupMember, n: number): Scope {
  return new Scope(member.layout, new member.layout.Decoded(), owner, member.field.name, n);
}

/** Whether `member` was already stored in `scope`: what `scope.target[key] !== undefined` says, without the keyed load. */
function isSet(scope: Scope, member: Member): boolean {
  return scope.layout.stamps[member.index] === scope.stamp;
}

/**
 * Stores a member's value in its scope and stamps it as set: with the layout's named store when generated code
 * gave one (`LayoutAccessors`), else with a keyed store, which V8 sees for every field of every message.
 */
function store(scope: Scope, member: Member, value: unknown): void {
  const { layout } = scope;
  const accessors = layout.accessors;
  if (accessors) accessors.store(scope.target, member.index, value);
  else scope.target[member.key] = value;
  layout.stamps[member.index] = scope.stamp;
}

class Cursor {
  tag = 0;
  fieldStart = 0;
  valueStart = 0;
  valueEnd = 0;
  /** Value of the last LENGTH field, for the DATA field after it. */
  lastLength = -1;
  /**
   * Sum of every byte the cursor has moved past: the CheckSum of the fields, added up in the same pass that finds
   * them instead of a second pass over the message (bench/README.md).
   */
  sum = 0;
  /** The dictionary's field for `tag`, undefined when the dictionary does not define it. */
  field: CompiledField | undefined = undefined;
  unknown: UnknownField[] | undefined;
  readonly errors: FixError[] = [];
  constructor(
    readonly b: Buffer,
    public pos: number,
    readonly end: number,
    /**
     * The message's bytes up to `end` as one latin1 string (same offsets as `b`), cut into values by `text()`.
     * Values of 13+ characters become slices that keep it alive as long as they live: a few hundred bytes.
     */
    readonly s: string,
    readonly dict: Dictionary,
    readonly checks: WireChecks,
  ) {}

  text(): string {
    return this.s.substring(this.valueStart, this.valueEnd);
  }

  report(code: FixErrorCode, text: string, severity: Severity = "error", path?: string, tag = this.tag): void {
    this.errors.push(
      fixError({ code, text, severity, tag, tagName: this.dict.field(tag)?.name, offset: this.fieldStart, path }),
    );
  }

  /**
   * The first SOH at or after `from` within the fields (one just at `end` counts), -1 when there is none.
   * Values are a few bytes: a JS loop beats `Buffer.indexOf`, a call into C++ per field.
   */
  private sohFrom(from: number): number {
    const { b, end } = this;
    let i = from;
    let sum = this.sum;
    let c: number;
    // Adds up the bytes it passes (not the SOH: `next` adds it when it moves past it).
    while (i < end && (c = b[i]!) !== SOH) {
      sum += c;
      i++;
    }
    this.sum = sum;
    return i < end || b[end] === SOH ? i : -1;
  }

  /** Moves to the next field; false at the end of the fields. Skips (and reports) fields whose tag is unusable. */
  next(): boolean {
    const b = this.b;
    while (this.pos < this.end) {
      const start = this.pos;
      let i = start;
      let tag = 0;
      let c = b[i]!;
      while (c >= 48 && c <= 57 && i < this.end) {
        tag = tag * 10 + (c - 48);
        this.sum += c;
        c = b[++i]!;
      }
      this.fieldStart = start;
      const soh = this.sohFrom(i);
      // Every path below moves past this SOH (the one at `end` belongs to what follows the fields).
      if (soh >= 0 && soh < this.end) this.sum += SOH;
      const lineEnd = soh < 0 || soh > this.end ? this.end : soh;
      if (!isTagAt(b, start, i)) {
        this.tag = tag;
        this.pos = lineEnd + 1;
        this.errors.push(
          fixError({ code: "InvalidTagNumber", text: `${tagProblem(b, start, i, lineEnd)}: expected <tag>=<value>`, offset: start }),
        );
        continue;
      }
      this.tag = tag;
      this.valueStart = i + 1;
      const field = this.dict.fieldByTag[tag];
      this.field = field;
      if (this.lastLength >= 0 && field?.kind === ValueKind.Data) {
        // DATA may contain SOH: its length comes from the LENGTH field before it.
        const dataEnd = this.valueStart + this.lastLength;
        this.lastLength = -1;
        if (dataEnd < this.end && b[dataEnd] === SOH) {
          // sohFrom summed up to the first SOH in the data (at most `dataEnd`): add the rest of the data.
          this.sum += checksum(b, soh + 1, dataEnd + 1);
          this.valueEnd = dataEnd;
          this.pos = dataEnd + 1;
          return true;
        }
        this.report("IncorrectDataFormat", `${field.name} is not ${dataEnd - this.valueStart} bytes long as its length field says`);
      }
      if (soh < 0 || soh > this.end) {
        this.valueEnd = this.end;
        this.pos = this.end;
        if (this.end === b.length) this.report("Truncated", "message ends inside a field (no SOH)");
      } else {
        this.valueEnd = soh;
        this.pos = soh + 1;
      }
      this.lastLength = field?.kind === ValueKind.Length && isWellFormed(ValueKind.Length, b, this.valueStart, this.valueEnd)
        ? parseIntAt(b, this.valueStart, this.valueEnd)
        : -1;
      return true;
    }
    return false;
  }
}

/**
 * Whether the digits from `start` to `digitsEnd` are a usable tag followed by `=`: at least one digit, no leading
 * zero, at most 9 digits (a larger number is no tag). The decoder, the fast path and the view all ask this.
 */
export function isTagAt(b: Buffer, start: number, digitsEnd: number): boolean {
  return b[digitsEnd] === EQUALS && digitsEnd > start && b[start] !== 48 && digitsEnd - start <= 9;
}

/**
 * Why a field's tag is unusable, in words. No byte of the field is quoted: when a DATA field's length is wrong,
 * the "fields" that follow are pieces of its value, which may be a credential.
 */
export function tagProblem(b: Buffer, start: number, digitsEnd: number, lineEnd: number): string {
  const next = digitsEnd < lineEnd ? b[digitsEnd] : undefined;
  if (digitsEnd === start) return next === EQUALS ? "empty tag" : "tag does not start with a digit";
  if (b[start] === 48) return "tag starts with 0";
  if (digitsEnd - start > 9) return "tag has more than 9 digits";
  return next === undefined ? "no = after the tag" : "tag contains a non-digit";
}

/** The tags the decoder reads itself have these names whatever the dictionary defines. */
const FRAMING_TAG_NAMES: Readonly<Record<number, string>> = { 8: "BeginString", 9: "BodyLength", 10: "CheckSum", 35: "MsgType" };

export function framingError(code: FixErrorCode, offset: number, text: string, tag?: 8 | 9 | 10 | 35): FixError {
  return fixError({ code, offset, text, tag, tagName: tag === undefined ? undefined : FRAMING_TAG_NAMES[tag] });
}

/** Where the parts of a message are, as `readFrame` found them (filled in place: a wrap allocates nothing). */
export interface Frame {
  /** End of the BeginString value (its SOH). */
  beginEnd: number;
  /** Offset of `9=`. */
  lengthAt: number;
  /** End of the BodyLength value (its SOH). */
  lengthEnd: number;
  bodyLength: number;
  /** First byte after the BodyLength field. */
  bodyStart: number;
  /** Offset of the trailer's `10=`: where BodyLength says, else the last `␁10=`; -1 when there is none. */
  trailerAt: number;
}

export function newFrame(): Frame {
  return { beginEnd: 0, lengthAt: 0, lengthEnd: 0, bodyLength: 0, bodyStart: 0, trailerAt: -1 };
}

/**
 * The checks before the fields, shared by decodeWire and FixView: `8=` first, BeginString, BodyLength second and
 * well-formed, the trailer where BodyLength says. Problems go into `errors` in the order found; returns false when
 * the fields cannot be read at all. A wrong BeginString or BodyLength still fills `frame` (the trailer found by the
 * last `␁10=`), so a decoder can go on and report more.
 */
export function readFrame(b: Buffer, expectedBeginString: string, checkIntegrity: boolean, errors: FixError[], frame: Frame): boolean {
  // Bytes that stop where a well-formed message could go on are a cut message (Truncated), not a garbled one.
  if (b[0] !== 56 || (b.length > 1 && b[1] !== EQUALS)) return fatal(errors, framingError("Garbled", 0, "a FIX message starts with 8=", 8));
  const beginEnd = sohAt(b, 2);
  if (beginEnd < 0) return fatal(errors, framingError("Truncated", 0, "message ends inside BeginString (8)", 8));
  // Compared byte by byte: a string of it is only needed for the error.
  if (!isLatin1At(b, 2, beginEnd, expectedBeginString)) {
    errors.push(framingError("BeginString", 0, `BeginString is ${beginStringText(b, beginEnd)}, expected ${expectedBeginString}`, 8));
  }

  const lengthAt = beginEnd + 1;
  if ((lengthAt < b.length && b[lengthAt] !== 57) || (lengthAt + 1 < b.length && b[lengthAt + 1] !== EQUALS)) {
    return fatal(errors, framingError("BodyLength", lengthAt, "BodyLength (9) must be the second field", 9));
  }
  const lengthEnd = sohAt(b, lengthAt + 2);
  if (lengthEnd < 0) return fatal(errors, framingError("Truncated", lengthAt, "message ends inside BodyLength (9)", 9));
  if (!isWellFormed(ValueKind.Length, b, lengthAt + 2, lengthEnd)) return fatal(errors, framingError("BodyLength", lengthAt, "BodyLength (9) is not a number", 9));
  const bodyLength = parseIntAt(b, lengthAt + 2, lengthEnd);
  const bodyStart = lengthEnd + 1;

  // The trailer is where BodyLength says; when it is not there, fall back to the last "␁10=" so the fields can
  // still be read and the report can say what the length should have been.
  const declared = bodyStart + bodyLength;
  let trailerAt = declared;
  if (!(b[declared] === 49 && b[declared + 1] === 48 && b[declared + 2] === EQUALS && b[declared - 1] === SOH)) {
    const found = b.lastIndexOf(TRAILER, b.length - 1);
    trailerAt = found >= bodyStart - 1 ? found + 1 : -1;
    if (checkIntegrity || trailerAt < 0) {
      const text = trailerAt < 0
        ? `no CheckSum (10) field: message truncated (BodyLength says ${bodyLength})`
        : `BodyLength says ${bodyLength}, body is ${trailerAt - bodyStart} bytes`;
      errors.push(framingError(trailerAt < 0 ? "Truncated" : "BodyLength", lengthAt, text, 9));
    }
  }
  frame.beginEnd = beginEnd;
  frame.lengthAt = lengthAt;
  frame.lengthEnd = lengthEnd;
  frame.bodyLength = bodyLength;
  frame.bodyStart = bodyStart;
  frame.trailerAt = trailerAt;
  return true;
}

/**
 * The BeginString value for an error text, quoted only when it looks like one (short, no `=`): with delimiters
 * other than SOH, "the value up to the first SOH" is the rest of the message, a Password included.
 */
function beginStringText(b: Buffer, beginEnd: number): string {
  const length = beginEnd - 2;
  const equals = b.indexOf(EQUALS, 2);
  const plain = length <= 16 && (equals < 0 || equals > beginEnd);
  return plain ? b.latin1Slice(2, beginEnd) : `not a BeginString (${length} bytes)`;
}

/**
 * The first SOH at or after `from`, -1 when there is none: `Buffer.indexOf` without its call into C++, which cost
 * more than the few bytes of BeginString, BodyLength or CheckSum it searches (three per message).
 */
function sohAt(b: Buffer, from: number): number {
  for (let i = from; i < b.length; i++) if (b[i] === SOH) return i;
  return -1;
}

function fatal(errors: FixError[], error: FixError): false {
  errors.push(error);
  return false;
}

/** decodeWire runs synchronously to the end, so one frame serves every call. */
const wireFrame = newFrame();

/** Decodes one framed FIX message (8=… through 10=nnn␁). */
export function decodeWire(
  dict: Dictionary,
  bytes: Uint8Array,
  resolve: MessageResolver,
  options: WireDecodeOptions = {},
): WireDecodeResult {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const errors: FixError[] = [];

  const checkIntegrity = options.validateLengthAndChecksum !== false;
  if (!readFrame(b, options.beginString ?? dict.beginString, checkIntegrity, errors, wireFrame)) {
    return { message: undefined, errors, msgType: undefined };
  }
  const { bodyStart, trailerAt } = wireFrame;
  const fieldsEnd = trailerAt < 0 ? b.length : trailerAt;
  // The CheckSum value, when well-formed and to be compared with the bytes once the fields have been summed; its
  // error then goes where it stands now, ahead of the field errors.
  const declaredSum = trailerAt >= 0 ? checkTrailer(b, trailerAt, checkIntegrity, errors) : -1;
  const checksumErrorAt = errors.length;

  const checks = options.checks ?? structuralChecks;
  // One latin1 string of the message for every value: one call into C++, then a JS substring per value, ~4×
  // cheaper than a latin1Slice per value (bench/string-io.ts).
  const text = b.latin1Slice(0, fieldsEnd);
  // No error so far means a well-formed trailer: its CheckSum in declaredSum, or -1 when integrity is not checked.
  if (errors.length === 0) {
    // Generated readers take a clean message in one pass; anything else is left to the full decoder below.
    const fast = decodeFast(dict, b, text, bodyStart, fieldsEnd, declaredSum, resolve, checks.enumValues !== "off");
    if (fast) return fast;
  }
  const cursor = new Cursor(b, bodyStart, fieldsEnd, text, dict, checks);
  if (!cursor.next() || cursor.tag !== 35) {
    // The fields were not all read, so not all summed.
    if (declaredSum >= 0) compareChecksum(errors, checksumErrorAt, trailerAt, declaredSum, checksum(b, 0, trailerAt));
    errors.push(...cursor.errors);
    return failed(errors, framingError("TagSpecifiedOutOfRequiredOrder", bodyStart, "MsgType (35) must be the third field", 35));
  }
  const msgType = cursor.text();
  const compiled = resolve(msgType);
  const headerScope = newScope(dict.header, new dict.header.Decoded());
  // msgType and header first, as in `{ msgType, header }`: key order is what users see.
  const message = (compiled ? new compiled.layout.Decoded() : {}) as DecodedObject;
  message.msgType = msgType;
  message.header = headerScope.target;
  if (!compiled) {
    errors.push(framingError("InvalidMsgType", cursor.fieldStart, `MsgType ${msgType} is not defined by the dictionary`, 35));
    // Keep the header: a session still needs MsgSeqNum and CompIDs to answer with a reject.
    readTopLevel(cursor, undefined, headerScope, message);
  } else {
    const bodyScope = newScope(compiled.layout, message);
    readTopLevel(cursor, bodyScope, headerScope, message);
    const required = checks.requiredFields;
    if (required !== "off") {
      checkRequired(cursor, headerScope, required);
      checkRequired(cursor, bodyScope, required);
    }
  }
  if (cursor.unknown) message["unknownFields"] = cursor.unknown;
  // The cursor read (and summed) every byte from bodyStart to the trailer.
  if (declaredSum >= 0) compareChecksum(errors, checksumErrorAt, trailerAt, declaredSum, (checksum(b, 0, bodyStart) + cursor.sum) & 0xff);
  errors.push(...cursor.errors);
  return { message, errors, msgType };
}

/** Whether the bytes from `start` to `end` are `text` written as latin1. */
function isLatin1At(b: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * A message that could not be read: no object, only errors. A function rather than a closure in decodeWire:
 * under tsx every closure creation costs a `__name` call (bench/README.md).
 */
function failed(errors: FixError[], error: FixError): WireDecodeResult {
  errors.push(error);
  return { message: undefined, errors, msgType: undefined };
}

/**
 * Checks the CheckSum field's form and what follows it. Returns its value when the bytes are to be summed and
 * compared with it (`compareChecksum`), -1 otherwise.
 */
export function checkTrailer(b: Buffer, at: number, checkIntegrity: boolean, errors: FixError[]): number {
  const valueAt = at + 3;
  const soh = sohAt(b, valueAt);
  if (soh < 0 && b.length - valueAt < 4) {
    errors.push(framingError("Truncated", at, "message ends inside CheckSum (10)", 10));
    return -1;
  }
  // LENGTH's check: digits only, no sign.
  if (soh !== valueAt + 3 || !isWellFormed(ValueKind.Length, b, valueAt, soh)) {
    errors.push(framingError("CheckSum", at, "CheckSum (10) must be three digits followed by SOH", 10));
    return -1;
  }
  if (soh !== b.length - 1) errors.push(framingError("Garbled", soh + 1, `${b.length - soh - 1} bytes after CheckSum (10)`));
  return checkIntegrity ? parseIntAt(b, valueAt, soh) : -1;
}

/** Reports a CheckSum that differs from the sum of the bytes before `10=`, at `index` of `errors`. */
export function compareChecksum(errors: FixError[], index: number, at: number, declared: number, actual: number): void {
  if (declared === actual) return;
  errors.splice(index, 0, framingError("CheckSum", at, `CheckSum is ${formatChecksum(declared)}, bytes sum to ${formatChecksum(actual)}`, 10));
}

const enum Section {
  Header = 0,
  Body = 1,
  Trailer = 2,
}

/** Header, body and trailer fields in one loop: their order is checked, their place decided by the dictionary. */
function readTopLevel(cursor: Cursor, bodyScope: Scope | undefined, headerScope: Scope, message: DecodedObject): void {
  const { dict } = cursor;
  const body = bodyScope?.layout;
  let section = Section.Header;
  let trailerScope: Scope | undefined;
  let hasField = cursor.next();
  while (hasField) {
    // Tags the dictionary does not define are in no layout; the others are looked up by dense field id.
    const id = cursor.field?.id ?? -1;
    const bodyMember = id < 0 ? undefined : body?.memberById[id];
    if (bodyMember) {
      if (section === Section.Trailer) outOfOrder(cursor, "body field after the trailer started");
      section = Section.Body;
      hasField = readMember(cursor, bodyMember, bodyScope!, -1);
      continue;
    }
    const headerMember = id < 0 ? undefined : dict.header.memberById[id];
    if (headerMember) {
      if (section !== Section.Header) outOfOrder(cursor, "header field after the body started");
      hasField = readMember(cursor, headerMember, headerScope, -1);
      continue;
    }
    const trailerMember = id < 0 ? undefined : dict.trailer.memberById[id];
    if (trailerMember) {
      section = Section.Trailer;
      trailerScope ??= newScope(dict.trailer, (message["trailer"] = new dict.trailer.Decoded()));
      hasField = readMember(cursor, trailerMember, trailerScope, -1);
      continue;
    }
    if (body) keepUnknown(cursor, undefined);
    else (cursor.unknown ??= []).push({ tag: cursor.tag, value: cursor.text() });
    hasField = cursor.next();
  }
}

function outOfOrder(cursor: Cursor, text: string): void {
  if (cursor.checks.fieldsOutOfOrder !== "off") {
    const name = cursor.dict.field(cursor.tag)?.name ?? String(cursor.tag);
    cursor.report("TagSpecifiedOutOfRequiredOrder", `${name}: ${text}`, cursor.checks.fieldsOutOfOrder);
  }
}

/** A tag with no place here is kept in `unknownFields` and reported as the checks ask. */
function keepUnknown(cursor: Cursor, scope: Scope | undefined): void {
  const { tag, checks } = cursor;
  (cursor.unknown ??= []).push({ tag, value: cursor.text() });
  const known = cursor.field;
  const level = known ? checks.tagsNotInMessage : tag >= 5000 ? checks.userDefinedTags : checks.undefinedTags;
  if (level === "off") return;
  if (known) cursor.report("TagNotDefinedForMessageType", `${known.name} (${tag}) is not defined for this message`, level, scope?.path);
  else cursor.report("UndefinedTag", `tag ${tag} is not defined by the dictionary`, level, scope?.path);
}

/**
 * Reads the current field into `scope` and advances. Returns whether the cursor holds a field afterwards.
 * `previousIndex` is the layout position of the field before (group entries only), to check their order.
 */
function readMember(cursor: Cursor, member: Member, scope: Scope, previousIndex: number): boolean {
  if (isSet(scope, member)) {
    cursor.report("TagAppearsMoreThanOnce", `${member.field.name} appears more than once`, "error", scope.path);
    return cursor.next();
  }
  if (previousIndex > member.index && cursor.checks.groupFieldOrder !== "off") {
    cursor.report("RepeatingGroupFieldsOutOfOrder", `${member.field.name} is out of the group's field order`, cursor.checks.groupFieldOrder, scope.path);
  }
  if (member.type === "group") return readGroup(cursor, member, scope);
  if (member.isDataLength) {
    // The LENGTH of a DATA field is derived from the data, not a property of its own.
    checkValue(cursor, member.field, scope);
    return cursor.next();
  }
  const value = readValue(cursor, member.field, scope);
  if (value !== undefined) store(scope, member, value);
  return cursor.next();
}

function readValue(cursor: Cursor, field: CompiledField, scope: Scope): unknown {
  if (!checkValue(cursor, field, scope)) return undefined;
  const { b, valueStart, valueEnd } = cursor;
  switch (field.kind) {
    case ValueKind.Int:
    case ValueKind.Length:
      return parseIntAt(b, valueStart, valueEnd);
    case ValueKind.Boolean:
      return b[valueStart] === 89;
    case ValueKind.MultiValue:
      return cursor.text().split(" ");
    default:
      return cursor.text();
  }
}

/** Format and enum checks on the current value; false when the value cannot be represented. */
function checkValue(cursor: Cursor, field: CompiledField, scope: Scope): boolean {
  const { b, valueStart, valueEnd, checks } = cursor;
  if (valueStart === valueEnd) {
    if (checks.emptyValues !== "off") cursor.report("TagSpecifiedWithoutValue", `${field.name} has no value`, checks.emptyValues, scope.path);
    return false;
  }
  if (!isWellFormed(field.kind, b, valueStart, valueEnd)) {
    cursor.report("IncorrectDataFormat", `${field.name} is not a valid ${field.def.type}: ${displayValue(field.tag, cursor.text())}`, "error", scope.path);
    return false;
  }
  if (field.values && checks.enumValues !== "off") checkEnum(cursor, field, scope, checks.enumValues);
  return true;
}

function checkEnum(cursor: Cursor, field: CompiledField, scope: Scope, level: Severity): void {
  if (!isEnumerated(field, cursor.b, cursor.valueStart, cursor.valueEnd, cursor.s)) {
    cursor.report("ValueIncorrect", `${displayValue(field.tag, cursor.text())} is not a valid ${field.name}`, level, scope.path);
  }
}

/**
 * A repeating group: the counter is the current field; entries follow, each starting with the delimiter tag.
 * A tag the dictionary does not know stays inside the entry (kept as unknown): Kraken may add fields to groups.
 */
function readGroup(cursor: Cursor, member: GroupMember, scope: Scope): boolean {
  const counterName = member.field.name;
  if (!checkValue(cursor, member.field, scope)) return cursor.next();
  const declared = parseIntAt(cursor.b, cursor.valueStart, cursor.valueEnd);
  const counterOffset = cursor.fieldStart;
  const entries: Record<string, unknown>[] = [];
  store(scope, member, entries);
  const { layout, delimiter } = member;

  let hasField = cursor.next();
  let entry: Scope | undefined;
  let previousIndex = -1;
  while (hasField) {
    const tag = cursor.tag;
    const field = cursor.field;
    const inner = field && layout.memberById[field.id];
    if (!inner) {
      if (!entry || field) break;
      keepUnknown(cursor, entry);
      hasField = cursor.next();
      continue;
    }
    if (tag === delimiter) {
      if (entry) finishEntry(cursor, entry);
      entry = newEntry(scope, member, entries.length + 1);
      entries.push(entry.target);
      previousIndex = -1;
    } else if (!entry) {
      cursor.report("RepeatingGroupFieldsOutOfOrder", `${counterName}: entry starts with ${field.name} instead of the delimiter ${cursor.dict.field(delimiter)?.name ?? delimiter}`, "error", entryPath(scope, counterName, 1));
      entry = newEntry(scope, member, 1);
      entries.push(entry.target);
    } else if (isSet(entry, inner)) {
      // A repeated member without a new delimiter: the delimiter of the next entry is missing.
      cursor.report("RepeatingGroupFieldsOutOfOrder", `${counterName}: ${inner.field.name} repeats without the delimiter ${cursor.dict.field(delimiter)?.name ?? delimiter}`, "error", entry.path);
      finishEntry(cursor, entry);
      entry = newEntry(scope, member, entries.length + 1);
      entries.push(entry.target);
      previousIndex = -1;
    }
    hasField = readMember(cursor, inner, entry, previousIndex);
    previousIndex = inner.index;
  }
  if (entry) finishEntry(cursor, entry);
  if (entries.length !== declared) {
    cursor.errors.push(
      fixError({
        code: "IncorrectNumInGroupCount",
        tag: member.field.tag,
        tagName: counterName,
        offset: counterOffset,
        path: scope.path,
        text: `${counterName} says ${declared} entries, found ${entries.length}`,
      }),
    );
  }
  return hasField;
}

/** `NoMDEntries[3]`, under the owner's path when the group is nested. Only reports use it. */
function entryPath(owner: Scope | undefined, counterName: string, n: number): string {
  const ownerPath = owner?.path;
  return `${ownerPath === undefined ? "" : `${ownerPath}.`}${counterName}[${n}]`;
}

function finishEntry(cursor: Cursor, entry: Scope): void {
  const level = cursor.checks.requiredFields;
  if (level !== "off") checkRequired(cursor, entry, level);
}

function reportedAt(cursor: Cursor, tag: number, path: string | undefined): boolean {
  return cursor.errors.some((error) => error.tag === tag && error.path === path);
}

function checkRequired(cursor: Cursor, scope: Scope, level: Severity): void {
  for (const member of scope.layout.required) {
    // Not stored: absent, or present but unusable (empty, malformed), which is already reported and not also "missing".
    if (isSet(scope, member)) continue;
    const path = scope.path;
    if (!reportedAt(cursor, member.field.tag, path)) {
      cursor.errors.push(
        fixError({
          code: "RequiredTagMissing",
          severity: level,
          tag: member.field.tag,
          tagName: member.field.name,
          offset: cursor.end,
          path,
          text: `required ${member.field.name} (${member.field.tag}) is missing`,
        }),
      );
    }
  }
}
