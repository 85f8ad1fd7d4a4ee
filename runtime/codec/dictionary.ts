/**
 * Compiles descriptors into the lookup structures the decoder, encoder and validators walk: components are
 * flattened, every member knows its property name, value kind, pre-encoded `tag=` bytes and enum set.
 */
import { isComponentRef, isGroupRef } from "./descriptor.js";
import type { DictionaryDef, FieldDef, GroupDef, LayoutAccessors, MemberDef, MessageDef } from "./descriptor.js";
import { groupPropertyName, propertyName } from "./naming.js";
import { isNumericKind, parseIntAt, valueKind, ValueKind } from "./values.js";

export interface CompiledField {
  readonly def: FieldDef;
  /** Dense number (0, 1, 2, … in dictionary order): indexes `Layout.memberById`. */
  readonly id: number;
  readonly tag: number;
  readonly name: string;
  readonly kind: ValueKind;
  /** Property name in decoded objects. */
  readonly key: string;
  /** `tag=` as bytes, written before every value. */
  readonly tagBytes: Buffer;
  /** Allowed values (numbers for numeric kinds) when the dictionary enumerates them. */
  readonly values: ReadonlySet<string | number> | undefined;
  /** With `values`: 1 at each byte that is on its own an allowed value (Side, OrdType, …). */
  readonly singleByteValues: Uint8Array | undefined;
}

/**
 * Whether the value at bytes `start`–`end` of `b` (and of `messageText`, the same bytes as a latin1 string) is one
 * the field's dictionary entry enumerates: INT values compared as numbers, each element of a MULTIPLEVALUESTRING
 * on its own. Fields without enumerated values accept all.
 */
export function isEnumerated(field: CompiledField, b: Uint8Array, start: number, end: number, messageText: string): boolean {
  const values = field.values;
  if (!values) return true;
  // Most enumerated values are one character: a byte table answers them without a string and a hash lookup.
  if (end - start === 1 && field.singleByteValues![b[start]!] === 1) return true;
  if (field.kind === ValueKind.Int) return values.has(parseIntAt(b, start, end));
  const text = messageText.substring(start, end);
  if (field.kind === ValueKind.MultiValue) return text.split(" ").every((v) => values.has(v));
  return values.has(text);
}

export interface FieldMember {
  readonly type: "field";
  readonly field: CompiledField;
  /** Property name in decoded objects (`field.key`), here so that every member has one. */
  readonly key: string;
  readonly required: boolean;
  /** Position in the owning layout, to detect fields out of order. */
  readonly index: number;
  /** For a DATA field: the LENGTH field written just before it. */
  readonly lengthField: CompiledField | undefined;
  /** A LENGTH field that only carries the size of the DATA field after it (`Layout.lengthTags` has its tag). */
  readonly isDataLength: boolean;
  /** Undefined: here so that fields and groups share one object shape (see `GroupMember`). */
  readonly layout: undefined;
  readonly delimiter: undefined;
}

/**
 * A group has every property a field member has, in the same order (the field-only ones undefined or false), so
 * that V8 sees one hidden class for all members: `member.key` etc. stay monomorphic loads in the decoder and
 * encoder loops.
 */
export interface GroupMember {
  readonly type: "group";
  /** The NumInGroup counter field. */
  readonly field: CompiledField;
  readonly key: string;
  readonly required: boolean;
  readonly index: number;
  readonly lengthField: undefined;
  readonly isDataLength: false;
  readonly layout: Layout;
  /** The tag that starts every entry. */
  readonly delimiter: number;
}

export type Member = FieldMember | GroupMember;

export interface Layout {
  readonly name: string;
  readonly members: readonly Member[];
  readonly byTag: ReadonlyMap<number, Member>;
  /**
   * The member for each `CompiledField.id`, undefined for fields not in this layout. The decoder looks up every
   * field it reads here: an array load instead of a Map lookup (one array of field-count slots per layout).
   */
  readonly memberById: readonly (Member | undefined)[];
  /**
   * Decoder scratch, one slot per member: the number of the scope (message section or group entry) that last
   * stored the member. "Already set in this scope?" becomes one typed-array load instead of a keyed property
   * load on the result object, which is megamorphic across messages. Decoding is synchronous, so one array per
   * layout is enough; see `decode.ts`.
   */
  readonly stamps: Float64Array;
  readonly required: readonly Member[];
  /** LENGTH fields that only carry the size of a DATA field: derived on encode, not properties. */
  readonly lengthTags: ReadonlySet<number>;
  /** Makes the empty plain object the decoder fills for this layout (see `plainObjectConstructor`). */
  readonly Decoded: new () => Record<string, unknown>;
  /** Named stores and loads by member index, when generated code gave them; else the codec uses `member.key`. */
  readonly accessors: LayoutAccessors | undefined;
}

export interface CompiledMessage {
  readonly def: MessageDef;
  readonly layout: Layout;
  /** `35=<type>␁` bytes. */
  readonly msgTypeBytes: Buffer;
  /** Whether the decoder's fast path (`field-reader.ts`) may read this message: see `canDecodeFast`. */
  readonly decodesFast: boolean;
  /** Whether generated writers (`LayoutAccessors.encodeFields`) cover the header, the message and its groups. */
  readonly encodesFast: boolean;
}

export interface Dictionary {
  readonly def: DictionaryDef;
  readonly beginString: string;
  readonly fields: ReadonlyMap<number, CompiledField>;
  /** `fields` as a dense array indexed by tag (undefined past the highest tag): the decoder's per-field lookup. */
  readonly fieldByTag: readonly (CompiledField | undefined)[];
  readonly header: Layout;
  readonly trailer: Layout;
  readonly messages: Map<string, CompiledMessage>;
  /** Pre-encoded `8=<BeginString>␁`. */
  readonly beginStringBytes: Buffer;
  field(tag: number): CompiledField | undefined;
  /** Compiles (once) and registers a message type. */
  message(def: MessageDef): CompiledMessage;
}

export class DictionaryDefinitionError extends Error {
  override readonly name = "DictionaryDefinitionError";
}

export function createDictionary(def: DictionaryDef): Dictionary {
  const fields = new Map<number, CompiledField>();
  def.fields.forEach((field, id) => fields.set(field.tag, compileField(field, id)));
  // Filled with undefined rather than left with holes, so that V8 keeps it a packed array.
  const fieldByTag = new Array<CompiledField | undefined>(Math.max(0, ...fields.keys()) + 1).fill(undefined);
  for (const field of fields.values()) fieldByTag[field.tag] = field;
  const lookup = (tag: number, owner: string): CompiledField => {
    const field = fields.get(tag);
    if (!field) throw new DictionaryDefinitionError(`${owner}: tag ${tag} is not a field of the dictionary`);
    return field;
  };
  const messages = new Map<string, CompiledMessage>();
  const header = compileLayout("Header", def.header, lookup, fields.size, def.headerAccessors);
  const trailer = compileLayout("Trailer", def.trailer, lookup, fields.size, def.trailerAccessors);
  return {
    def,
    beginString: def.beginString,
    fields,
    fieldByTag,
    header,
    trailer,
    messages,
    beginStringBytes: Buffer.from(`8=${def.beginString}\x01`, "latin1"),
    field: (tag) => fieldByTag[tag],
    message(messageDef) {
      const known = messages.get(messageDef.msgType);
      if (known) return known;
      const layout = compileLayout(messageDef.name, messageDef.members, lookup, fields.size, messageDef.accessors);
      const compiled: CompiledMessage = {
        def: messageDef,
        layout,
        msgTypeBytes: Buffer.from(`35=${messageDef.msgType}\x01`, "latin1"),
        decodesFast: canDecodeFast(header, trailer, layout),
        encodesFast: hasWriters(header) && hasWriters(layout),
      };
      messages.set(messageDef.msgType, compiled);
      return compiled;
    },
  };
}

function compileField(def: FieldDef, id: number): CompiledField {
  const kind = valueKind(def.type);
  const numeric = isNumericKind(kind);
  return {
    def,
    id,
    tag: def.tag,
    name: def.name,
    kind,
    key: propertyName(def.name),
    tagBytes: Buffer.from(`${def.tag}=`, "latin1"),
    values: def.values && new Set<string | number>(numeric ? def.values.map(Number) : def.values),
    singleByteValues: def.values && singleByteTable(def.values),
  };
}

function singleByteTable(values: readonly string[]): Uint8Array {
  const table = new Uint8Array(256);
  for (const value of values) if (value.length === 1 && value.charCodeAt(0) < 256) table[value.charCodeAt(0)] = 1;
  return table;
}

interface Flat {
  readonly tag: number;
  readonly required: boolean;
  readonly group: GroupDef | undefined;
}

/** Components dissolve into their owner; a component's field is required only if the component is too. */
function flatten(members: readonly MemberDef[], required: boolean, out: Flat[]): Flat[] {
  for (const member of members) {
    if (isComponentRef(member)) flatten(member.component.members, required && member.required, out);
    else if (isGroupRef(member)) out.push({ tag: member.group.counter, required: required && member.required, group: member.group });
    else out.push({ tag: member.tag, required: required && member.required, group: undefined });
  }
  return out;
}

function compileLayout(
  name: string,
  defs: readonly MemberDef[],
  lookup: (tag: number, owner: string) => CompiledField,
  fieldCount: number,
  accessors: LayoutAccessors | undefined,
): Layout {
  const flat = flatten(defs, true, []);
  const fieldsOf = flat.map((entry) => lookup(entry.tag, name));
  // A DATA field right after a LENGTH field is framed by it; that LENGTH is derived on encode, not a property.
  const lengthTags = new Set<number>();
  fieldsOf.forEach((field, index) => {
    const previous = index > 0 ? flat[index - 1] : undefined;
    const previousField = fieldsOf[index - 1];
    if (field.kind === ValueKind.Data && !flat[index]!.group && previous && !previous.group && previousField?.kind === ValueKind.Length) {
      lengthTags.add(previousField.tag);
    }
  });
  const members: Member[] = [];
  const byTag = new Map<number, Member>();
  const memberById = new Array<Member | undefined>(fieldCount).fill(undefined);
  flat.forEach((entry, index) => {
    const field = fieldsOf[index]!;
    if (byTag.has(entry.tag)) throw new DictionaryDefinitionError(`${name}: tag ${entry.tag} appears twice`);
    let member: Member;
    if (entry.group) {
      const layout = compileLayout(`${name}.${field.name}`, entry.group.members, lookup, fieldCount, entry.group.accessors);
      const first = layout.members[0];
      if (!first) throw new DictionaryDefinitionError(`${name}: group ${field.name} has no members`);
      member = {
        type: "group",
        field,
        key: groupPropertyName(field.name),
        required: entry.required,
        index,
        lengthField: undefined,
        isDataLength: false,
        layout,
        delimiter: first.field.tag,
      };
    } else {
      const previous = members[index - 1];
      const lengthField =
        field.kind === ValueKind.Data && previous?.type === "field" && previous.field.kind === ValueKind.Length
          ? previous.field
          : undefined;
      member = {
        type: "field",
        field,
        key: field.key,
        required: entry.required,
        index,
        lengthField,
        isDataLength: lengthTags.has(field.tag),
        layout: undefined,
        delimiter: undefined,
      };
    }
    members.push(member);
    byTag.set(entry.tag, member);
    memberById[field.id] = member;
  });
  if (accessors) checkAccessors(name, members, accessors);
  return {
    name,
    members,
    byTag,
    memberById,
    stamps: new Float64Array(members.length),
    required: members.filter((m) => m.required && !lengthTags.has(m.field.tag)),
    lengthTags,
    Decoded: plainObjectConstructor(),
    accessors,
  };
}

/**
 * Whether generated readers (`LayoutAccessors.decodeFields`) cover a message: its layout, the header and every
 * group in them have one, and no body field is also a header or trailer field (the full decoder files such a
 * field under the body wherever it stands, where the header's reader would take it).
 */
function canDecodeFast(header: Layout, trailer: Layout, layout: Layout): boolean {
  return (
    hasReaders(header) &&
    hasReaders(layout) &&
    layout.members.every((member) => !header.byTag.has(member.field.tag) && !trailer.byTag.has(member.field.tag))
  );
}

function hasReaders(layout: Layout): boolean {
  return layout.accessors?.decodeFields !== undefined && layout.members.every((m) => m.type !== "group" || hasReaders(m.layout));
}

function hasWriters(layout: Layout): boolean {
  return layout.accessors?.encodeFields !== undefined && layout.members.every((m) => m.type !== "group" || hasWriters(m.layout));
}

/**
 * Accessors address members by index: keys in another order would put values under the wrong properties, so a
 * mismatch (accessors emitted for another version of the descriptors) is refused rather than decoded wrongly.
 */
function checkAccessors(name: string, members: readonly Member[], accessors: LayoutAccessors): void {
  const expected = members.map((member) => member.key);
  const { keys } = accessors;
  if (keys.length !== expected.length || expected.some((key, index) => keys[index] !== key)) {
    throw new DictionaryDefinitionError(
      `${name}: accessors are for members [${keys.join(", ")}], the layout has [${expected.join(", ")}]`,
    );
  }
}

/**
 * A constructor of empty plain objects (prototype `Object.prototype`, so they are `{}` to every caller), one per
 * layout. An object made by `new` gets room for its properties inside itself, sized by V8 from the first objects
 * it made (in-object slack tracking), and all objects of one layout start from the same hidden class; a `{}`
 * literal has room for 4 properties, then every few stores copy a growing out-of-object property array.
 */
function plainObjectConstructor(): new () => Record<string, unknown> {
  function DecodedObject(): void {}
  DecodedObject.prototype = Object.prototype;
  return DecodedObject as unknown as new () => Record<string, unknown>;
}
