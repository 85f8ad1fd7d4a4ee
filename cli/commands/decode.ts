/**
 * `kraken-fix decode`: messages of logs shown for people (tag names, enum meanings, indented groups) or as one
 * typed JSON object per line, optionally filtered by MsgType and field values.
 */
import type { CompiledField } from "../../runtime/codec/dictionary.js";
import { formatFixError } from "../../runtime/codec/errors.js";
import { groupPropertyName } from "../../runtime/codec/naming.js";
import { REDACTED, SECRET_TAGS } from "../../runtime/codec/secrets.js";
import { readFixLog } from "../../runtime/log-reader/read-fix-log.js";
import type { LogRecord } from "../../runtime/log-reader/types.js";
import { LineWriter } from "../report/output.js";
import { styleFor, type Style } from "../report/style.js";
import { commandFailure } from "./failure.js";
import { UsageError } from "./options.js";
import { loadProtocol, type LoadedProtocol } from "./protocol.js";

export interface DecodeCommandOptions {
  readonly json?: boolean;
  readonly type?: string;
  readonly tag: readonly string[];
  readonly dict?: string;
}

/** Returns the exit code: 0 all shown messages decoded, 1 some could not be decoded, 2 usage or input error. */
export async function runDecode(inputs: readonly string[], options: DecodeCommandOptions): Promise<number> {
  try {
    return await decode(inputs, options);
  } catch (error) {
    return commandFailure(error);
  }
}

async function decode(inputs: readonly string[], options: DecodeCommandOptions): Promise<number> {
  const types = options.type === undefined ? undefined : new Set(options.type.split(",").map((t) => t.trim()).filter(Boolean));
  const fieldFilters = options.tag.map(parseTagFilter);
  const loaded = await loadProtocol(options.dict);
  const printer = new MessagePrinter(loaded, styleFor(process.stdout));
  const out = new LineWriter(process.stdout);
  let failed = 0;
  for await (const record of readFixLog(inputs)) {
    if (!fieldFilters.every((filter) => hasField(record.raw, filter))) continue;
    const result = loaded.protocol.decode(record.raw);
    const message = result.message as Decoded | undefined;
    if (types !== undefined && !types.has(message?.msgType ?? "")) continue;
    if (message === undefined) {
      failed++;
      const reasons = result.errors.map(formatFixError).join("; ");
      process.stderr.write(`${record.source}:${record.line}: cannot decode: ${reasons}\n`);
      continue;
    }
    if (options.json) await out.line(JSON.stringify(message));
    else for (const line of printer.lines(message, record, result.errors.map(formatFixError))) await out.line(line);
  }
  return failed > 0 ? 1 : 0;
}

type Decoded = Readonly<Record<string, unknown>> & { readonly msgType: string; readonly header?: Readonly<Record<string, unknown>> };

/** `11=ABC` → the bytes `␁11=ABC␁`, looked for in the raw message (so header fields can be filtered too). */
function parseTagFilter(text: string): Buffer {
  const at = text.indexOf("=");
  const tag = text.slice(0, at);
  if (at < 1 || !/^\d+$/.test(tag)) throw new UsageError(`--tag needs tag=value (e.g. 11=123), got "${text}"`);
  return Buffer.from(`\x01${tag}=${text.slice(at + 1)}\x01`, "latin1");
}

/** True when the field is in the message; a message cut short may end with it, without the closing SOH. */
function hasField(raw: Buffer, filter: Buffer): boolean {
  return raw.indexOf(filter) >= 0 || raw.subarray(raw.length - filter.length + 1).equals(filter.subarray(0, -1));
}

class MessagePrinter {
  /** Decoded property name → field, for plain fields and group counters alike. */
  private readonly byKey = new Map<string, CompiledField>();

  constructor(
    private readonly loaded: LoadedProtocol,
    private readonly style: Style,
  ) {
    for (const field of loaded.protocol.dictionary.fields.values()) {
      this.byKey.set(field.key, field);
      if (field.def.type === "NUMINGROUP") this.byKey.set(groupPropertyName(field.name), field);
    }
  }

  lines(message: Decoded, record: LogRecord, problems: readonly string[]): string[] {
    const name = this.loaded.protocol.dictionary.messages.get(message.msgType)?.def.name ?? "message";
    const lines = [this.style.bold(`${record.source}:${record.line}  ${name} (35=${message.msgType})`)];
    if (message.header !== undefined) {
      lines.push("  header");
      this.fields(message.header, "    ", lines);
    }
    this.fields(message, "  ", lines);
    for (const problem of problems) lines.push(this.style.yellow(`  ! ${problem}`));
    lines.push("");
    return lines;
  }

  private fields(object: Readonly<Record<string, unknown>>, indent: string, lines: string[]): void {
    for (const [key, value] of Object.entries(object)) {
      if (key === "msgType" || key === "header") continue;
      if (key === "unknownFields" && Array.isArray(value)) {
        for (const unknown of value as { tag: number; value: string }[]) {
          lines.push(`${indent}${this.style.dim(`(undefined tag) ${unknown.tag}`)} = ${shownValue(unknown.tag, unknown.value)}`);
        }
        continue;
      }
      const field = this.byKey.get(key);
      const label = field === undefined ? key : `${field.name} (${field.tag})`;
      if (Array.isArray(value) && value.every((entry) => typeof entry === "object" && entry !== null)) {
        lines.push(`${indent}${label} = ${value.length}`);
        value.forEach((entry, i) => {
          lines.push(`${indent}  [${i + 1}]`);
          this.fields(entry as Record<string, unknown>, `${indent}    `, lines);
        });
        continue;
      }
      lines.push(`${indent}${label} = ${this.value(field, value)}`);
    }
  }

  private value(field: CompiledField | undefined, value: unknown): string {
    const items = Array.isArray(value) ? value.map(wireText) : [wireText(value)];
    return items
      .map((item) => {
        if (field === undefined) return item;
        const shown = shownValue(field.tag, item);
        const meaning = this.loaded.meaning(field.tag, item);
        return meaning === undefined ? shown : `${shown} ${this.style.dim(`(${meaning})`)}`;
      })
      .join(" ");
  }
}

/** Wire text as is (decode shows values unquoted), except credentials, which are never shown. */
function shownValue(tag: number, value: string): string {
  return SECRET_TAGS.has(tag) ? REDACTED : value;
}

function wireText(value: unknown): string {
  return typeof value === "boolean" ? (value ? "Y" : "N") : String(value);
}
