/**
 * The encoder: writes fields straight into a reusable scratch Buffer in dictionary order, with pre-encoded
 * `tag=` bytes, then puts 8 and 9 in front and 10 behind. One allocation per message: the returned copy.
 */
import { checksum, formatChecksum } from "./checksum.js";
import type { CompiledField, CompiledMessage, Dictionary, Layout } from "./dictionary.js";
import { writeLatin1 } from "./latin1.js";
import { displayValue } from "./secrets.js";
import type { UnknownField } from "./types.js";
import { isMultiValueElement, isWireInteger, ValueKind, wireIntegerRule } from "./values.js";

const SOH = 1;
/**
 * Strings up to this length are copied with a charCodeAt loop: for the short values FIX messages hold, that is
 * 2.4–3.1× faster than `latin1Write`, a call into C++ (bench/string-io.ts). Longer ones go to `latin1Write`.
 */
const SHORT_TEXT = 32;
/** Room in front of the body for `8=FIXT.1.1␁9=<up to 10 digits>␁`. */
const PREFIX_ROOM = 32;

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

class Writer {
  buf = Buffer.allocUnsafe(4096);
  pos = 0;

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  bytes(bytes: Buffer): void {
    this.ensure(bytes.length);
    const { buf } = this;
    let pos = this.pos;
    // Tags are a few bytes: a loop beats Buffer.set's call overhead.
    for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i]!;
    this.pos = pos;
  }

  /** Writes `text` as latin1, SOH included (DATA values, and text the encoder made itself). */
  text(text: string): void {
    this.writeText(text, false);
  }

  /**
   * Writes a value that must not hold SOH; false when it does (then the bytes written are garbage and the
   * caller throws). The short-string loop checks as it copies, so no separate scan of the value is needed.
   */
  valueWithoutSoh(text: string): boolean {
    return this.writeText(text, true);
  }

  private writeText(text: string, rejectSoh: boolean): boolean {
    const length = text.length;
    // latin1 writes one byte per UTF-16 unit; reserve the worst case.
    this.ensure(length + 1);
    if (length > SHORT_TEXT) {
      if (rejectSoh && text.indexOf("\x01") >= 0) return false;
      this.pos = writeLatin1(this.buf, text, this.pos);
      return true;
    }
    const { buf } = this;
    let pos = this.pos;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === SOH && rejectSoh) return false;
      // A Uint8Array store keeps the low byte, as latin1Write does for code units above 0xFF.
      buf[pos++] = c;
    }
    this.pos = pos;
    return true;
  }

  int(value: number): void {
    if (value >= 0 && value < 10) {
      this.ensure(1);
      this.buf[this.pos++] = 48 + value;
    } else this.text(String(value));
  }

  soh(): void {
    this.ensure(1);
    this.buf[this.pos++] = SOH;
  }
}

const writer = new Writer();

export function encodeWire(
  dict: Dictionary,
  message: CompiledMessage,
  body: object,
  header: object,
  beginString = dict.beginString,
): Buffer {
  const w = writer;
  w.pos = PREFIX_ROOM;
  w.bytes(message.msgTypeBytes);
  writeLayout(w, dict.header, header as Record<string, unknown>, "Header");
  writeLayout(w, message.layout, body as Record<string, unknown>, message.def.name);
  const unknown = (body as { unknownFields?: readonly UnknownField[] }).unknownFields;
  if (unknown) for (const field of unknown) writeUnknown(w, field, message.def.name);

  const bodyLength = w.pos - PREFIX_ROOM;
  const prefix = beginString === dict.beginString ? dict.beginStringBytes : Buffer.from(`8=${beginString}\x01`, "latin1");
  const lengthText = `9=${bodyLength}\x01`;
  const start = PREFIX_ROOM - prefix.length - lengthText.length;
  prefix.copy(w.buf, start);
  writeLatin1(w.buf, lengthText, start + prefix.length);
  const sum = checksum(w.buf, start, w.pos);
  w.text(`10=${formatChecksum(sum)}`);
  w.soh();
  return Buffer.from(w.buf.subarray(start, w.pos));
}

function writeLayout(w: Writer, layout: Layout, source: Record<string, unknown>, path: string): void {
  for (const member of layout.members) {
    if (member.type === "group") {
      const entries = source[member.key];
      if (entries === undefined) continue;
      if (!Array.isArray(entries)) throw new EncodeError(member.field.tag, member.field.name, `${path}.${member.key}`, "a repeating group must be an array");
      w.bytes(member.field.tagBytes);
      w.int(entries.length);
      w.soh();
      for (let i = 0; i < entries.length; i++) {
        const entry: unknown = entries[i];
        const entryPath = `${path}.${member.key}[${i}]`;
        if (typeof entry !== "object" || entry === null) {
          throw new EncodeError(member.field.tag, member.field.name, entryPath, "a group entry must be an object");
        }
        writeLayout(w, member.layout, entry as Record<string, unknown>, entryPath);
      }
      continue;
    }
    if (member.isDataLength) continue; // written with its DATA field
    const field = member.field;
    const value = source[member.key];
    if (value === undefined) continue;
    if (member.lengthField) {
      // Framed by its LENGTH field, DATA may hold SOH.
      const text = textOf(field, value, path);
      w.bytes(member.lengthField.tagBytes);
      w.int(text.length);
      w.soh();
      w.bytes(field.tagBytes);
      w.text(text);
      w.soh();
      continue;
    }
    w.bytes(field.tagBytes);
    writeValue(w, field, value, path);
    w.soh();
  }
}

function writeValue(w: Writer, field: CompiledField, value: unknown, path: string): void {
  if (field.kind === ValueKind.Int || field.kind === ValueKind.Length) {
    if (typeof value !== "number" || !isWireInteger(field.kind, value)) throw invalid(field, path, value, wireIntegerRule(field.kind));
    w.int(value);
    return;
  }
  if (field.kind === ValueKind.Boolean) {
    if (typeof value !== "boolean") throw invalid(field, path, value, "a boolean");
    w.ensure(1);
    w.buf[w.pos++] = value ? 89 : 78;
    return;
  }
  if (!w.valueWithoutSoh(textOf(field, value, path))) throw invalid(field, path, value, "a value without SOH");
}

/**
 * The wire text of a string-like value; an empty value would read back as "tag without value". SOH is checked
 * as the text is written (`Writer.valueWithoutSoh`), except in DATA values, which may hold it.
 */
function textOf(field: CompiledField, value: unknown, path: string): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (field.kind === ValueKind.MultiValue && Array.isArray(value)) {
    if (!value.every(isMultiValueElement)) throw invalid(field, path, value, "an array of non-empty strings without spaces");
    text = value.join(" ");
  } else throw invalid(field, path, value, field.kind === ValueKind.MultiValue ? "an array of values" : "a string");
  if (text.length === 0) throw invalid(field, path, value, "a non-empty value");
  return text;
}

function invalid(field: CompiledField, path: string, value: unknown, expected: string): EncodeError {
  const shown = typeof value === "string" ? displayValue(field.tag, value) : typeof value;
  return new EncodeError(field.tag, field.name, `${path}.${field.key}`, `${field.name} (${field.tag}) must be ${expected}, got ${shown}`);
}

function writeUnknown(w: Writer, field: UnknownField, path: string): void {
  // Tags have at most 9 digits on the wire (the decoder rejects longer ones).
  if (!Number.isInteger(field.tag) || field.tag <= 0 || field.tag > 999_999_999) {
    throw new EncodeError(field.tag, String(field.tag), `${path}.unknownFields`, `invalid tag ${field.tag}`);
  }
  if (typeof field.value !== "string" || field.value.length === 0) throw unknownValueError(field, path);
  w.int(field.tag);
  w.ensure(1);
  w.buf[w.pos++] = 61;
  if (!w.valueWithoutSoh(field.value)) throw unknownValueError(field, path);
  w.soh();
}

function unknownValueError(field: UnknownField, path: string): EncodeError {
  return new EncodeError(field.tag, String(field.tag), `${path}.unknownFields`, `tag ${field.tag} needs a non-empty value without SOH`);
}
