/**
 * A layout's `LayoutAccessors` (runtime/codec/descriptor.ts) as an object literal: a `switch` with one named
 * property store per member for the decoder, and one named load per member for the encoder. The codec's own
 * `target[key]` is one keyed access for every field of every message, which V8 turns megamorphic; these
 * accesses each see one layout's objects.
 */
import { groupPropertyName, propertyName } from "../../runtime/codec/naming.js";
import { valueKind, ValueKind } from "../../runtime/codec/values.js";
import type { FieldMemberModel, GroupMemberModel, MemberModel } from "../model/types.js";
import { isDataLengthPair } from "./members.js";
import type { EmitPlan } from "./plan.js";

/** Said above every emitted accessors object. */
const ACCESSORS_COMMENT =
  "Named stores and loads, and the codec's fast-path reader and writer, by member index (components flattened).";

/**
 * What the accessors of a layout read on the decoder's fast path: a message section (message body, header), a
 * group entry (which also ends at its delimiter's next occurrence and keeps its members in order), or nothing (the
 * trailer: the fast path leaves every message with trailer fields to the full decoder).
 */
export type FastRead = "section" | "entry" | "none";

/**
 * `{ keys: [...], store(target, index, value) { switch (index) { … } }, read(source, values) { … },
 * decodeFields(r, target, layout) { … } }` for the layout the runtime compiles from `members`: components flattened
 * into their owner, in order, as `createDictionary` does. A LENGTH field that frames the DATA field after it is a
 * member (it has a key) but no property, so it is neither stored nor read. Undefined for a layout without members:
 * nothing to store or read.
 */
export function emitAccessors(members: readonly MemberModel[], plan: EmitPlan, fastRead: FastRead): string | undefined {
  const flat = flatten(members, true, plan, []);
  if (flat.length === 0) return undefined;
  const keys: string[] = [];
  const stores: string[] = [];
  const reads: string[] = [];
  flat.forEach(({ member }, index) => {
    const key = memberKey(member);
    keys.push(JSON.stringify(key));
    if (isDataLengthPair(member, flat[index + 1]?.member, plan)) return;
    stores.push(`case ${index}: target.${key} = value; return;`);
    reads.push(`values[${index}] = source.${key};`);
  });
  return [
    "{",
    `keys: [${keys.join(", ")}],`,
    `store(target, index, value) { switch (index) { ${stores.join(" ")} } },`,
    `read(source, values) { ${reads.join(" ")} },`,
    fastRead === "none" ? "" : `${emitDecodeFields(flat, plan, fastRead === "entry")},`,
    fastRead === "none" ? "" : emitEncodeFields(flat, plan),
    "}",
  ].join("\n");
}

/** The writer's method for each kind of value (`FieldWriter` in runtime/codec/encode.ts); text for the rest. */
const WRITERS: Partial<Readonly<Record<ValueKind, string>>> = {
  [ValueKind.Int]: "intField",
  [ValueKind.Boolean]: "booleanField",
  [ValueKind.MultiValue]: "multiField",
};

/**
 * `encodeFields` (runtime/codec/descriptor.ts): one named load per member, in layout order, each present value
 * handed to the writer's method for its type. Empty (no writer: the full encoder serves the layout) when the
 * layout has LENGTH or DATA fields, whose framing the full encoder handles.
 */
function emitEncodeFields(flat: readonly FlatMember[], plan: EmitPlan): string {
  const kinds = flat.map(({ member }) => valueKind(plan.field(member.name).type));
  if (kinds.some((kind) => kind === ValueKind.Length || kind === ValueKind.Data)) return "";
  const writes = flat.map(({ member }, index) => {
    const field = plan.field(member.name);
    const write =
      member.kind === "group"
        ? `w.groupField(layout, ${index}, value)`
        : `w.${WRITERS[kinds[index]!] ?? "textField"}(${field.tag}, value)`;
    return `if ((value = source.${memberKey(member)}) !== undefined && !${write}) return false;`;
  });
  return ["encodeFields(w, source, layout) {", "let value: unknown;", ...writes, "return true;", "},"].join("\n");
}

function memberKey(member: MemberModel): string {
  return member.kind === "group" ? groupPropertyName(member.name) : propertyName(member.name);
}

/** Members per word of the "seen" bit sets: 31 keeps every mask a positive 32-bit integer. */
const BITS = 31;

/**
 * `decodeFields` (runtime/codec/descriptor.ts): a `switch` on the tag with one case per member, each checking that
 * the member is not there yet, reading its value with the reader's method for its type (and its enumerated values),
 * and storing it by name. Members the fast path leaves to the full decoder (LENGTH and DATA fields) get no case,
 * so a message with them stops the fast path. The required members are checked at the end with bit masks.
 */
function emitDecodeFields(flat: readonly FlatMember[], plan: EmitPlan, entry: boolean): string {
  const words = Math.ceil(flat.length / BITS);
  const seen = (index: number) => `seen${Math.floor(index / BITS)}`;
  const bit = (index: number) => `0x${(1 << index % BITS).toString(16)}`;
  const cases: string[] = [];
  flat.forEach(({ member }, index) => {
    const field = plan.field(member.name);
    const kind = valueKind(field.type);
    if (kind === ValueKind.Length || kind === ValueKind.Data) return;
    const repeated = entry && index === 0 ? "break fields;" : "return false;";
    const lines = [`case ${field.tag}:`, `if (${seen(index)} & ${bit(index)}) ${repeated}`, `${seen(index)} |= ${bit(index)};`];
    // An entry starts with its delimiter (index 0), so only the members after it can be out of order.
    if (entry) lines.push(...(index > 0 ? [`if (previous > ${index}) return false;`] : []), `previous = ${index};`);
    const key = memberKey(member);
    if (member.kind === "group") {
      lines.push(`if ((target.${key} = r.group(layout, ${index})) === undefined) return false;`, "continue;");
    } else {
      const enumCheck = field.values.length > 0 ? ` || !r.inEnum(${field.tag})` : "";
      lines.push(`if ((target.${key} = r.${READERS[kind]}()) === undefined${enumCheck}) return false;`, "break;");
    }
    cases.push(lines.join(" "));
  });
  const required = new Array<number>(words).fill(0);
  flat.forEach(({ required: isRequired }, index) => {
    if (isRequired) required[Math.floor(index / BITS)]! |= 1 << index % BITS;
  });
  const declarations = required.map((_, word) => `let seen${word} = 0;`);
  if (entry) declarations.push("let previous = -1;");
  const checks = required.flatMap((mask, word) => (mask === 0 ? [] : [`(seen${word} & 0x${mask.toString(16)}) === 0x${mask.toString(16)}`]));
  return [
    "decodeFields(r, target, layout) {",
    ...declarations,
    "fields: for (;;) {",
    "switch (r.tag) {",
    ...cases,
    "default: break fields;",
    "}",
    "r.next();",
    "}",
    `return ${checks.length === 0 ? "true" : checks.join(" && ")};`,
    "}",
  ].join("\n");
}

/** The reader's method for each kind of value (`FieldReader` in runtime/codec/field-reader.ts). */
const READERS: Readonly<Record<ValueKind, string>> = {
  [ValueKind.String]: "text",
  [ValueKind.Int]: "int",
  [ValueKind.Decimal]: "decimal",
  [ValueKind.Boolean]: "boolean",
  [ValueKind.Char]: "char",
  [ValueKind.MultiValue]: "multi",
  [ValueKind.Data]: "text",
  [ValueKind.Length]: "int",
  [ValueKind.UtcTimestamp]: "timestamp",
  [ValueKind.UtcTimeOnly]: "timeOnly",
  [ValueKind.Date]: "date",
};

interface FlatMember {
  readonly member: FieldMemberModel | GroupMemberModel;
  /** Required in the layout: the member is, and so is every component it sits in. */
  readonly required: boolean;
}

function flatten(members: readonly MemberModel[], required: boolean, plan: EmitPlan, out: FlatMember[]): FlatMember[] {
  for (const member of members) {
    if (member.kind === "component") flatten(plan.component(member.name).component.members, required && member.required, plan, out);
    else out.push({ member, required: required && member.required });
  }
  return out;
}

/**
 * `, accessors: {…}` for a message or group descriptor, with a comment saying what it is for; empty when the
 * layout has no members.
 */
export function accessorsProperty(members: readonly MemberModel[], plan: EmitPlan, fastRead: FastRead): string {
  const accessors = emitAccessors(members, plan, fastRead);
  if (accessors === undefined) return "";
  return `,\n// ${ACCESSORS_COMMENT}\naccessors: ${accessors}`;
}
