/**
 * Compiles descriptors into the lookup structures the decoder, encoder and validators walk: components are
 * flattened, every member knows its property name, value kind, pre-encoded `tag=` bytes and enum set.
 */
import { isComponentRef, isGroupRef } from "./descriptor.js";
import type { DictionaryDef, FieldDef, GroupDef, MemberDef, MessageDef } from "./descriptor.js";
import { groupPropertyName, propertyName } from "./naming.js";
import { isNumericKind, valueKind, ValueKind } from "./values.js";

export interface CompiledField {
  readonly def: FieldDef;
  readonly tag: number;
  readonly name: string;
  readonly kind: ValueKind;
  /** Property name in decoded objects. */
  readonly key: string;
  /** `tag=` as bytes, written before every value. */
  readonly tagBytes: Buffer;
  /** Allowed values (numbers for numeric kinds) when the dictionary enumerates them. */
  readonly values: ReadonlySet<string | number> | undefined;
}

export interface FieldMember {
  readonly type: "field";
  readonly field: CompiledField;
  readonly required: boolean;
  /** Position in the owning layout, to detect fields out of order. */
  readonly index: number;
  /** For a DATA field: the LENGTH field written just before it. */
  readonly lengthField: CompiledField | undefined;
}

export interface GroupMember {
  readonly type: "group";
  /** The NumInGroup counter field. */
  readonly field: CompiledField;
  readonly required: boolean;
  readonly index: number;
  readonly key: string;
  readonly layout: Layout;
  /** The tag that starts every entry. */
  readonly delimiter: number;
}

export type Member = FieldMember | GroupMember;

export interface Layout {
  readonly name: string;
  readonly members: readonly Member[];
  readonly byTag: ReadonlyMap<number, Member>;
  readonly required: readonly Member[];
  /** LENGTH fields that only carry the size of a DATA field: derived on encode, not properties. */
  readonly lengthTags: ReadonlySet<number>;
}

export interface CompiledMessage {
  readonly def: MessageDef;
  readonly layout: Layout;
  /** `35=<type>␁` bytes. */
  readonly msgTypeBytes: Buffer;
}

export interface Dictionary {
  readonly def: DictionaryDef;
  readonly beginString: string;
  readonly fields: ReadonlyMap<number, CompiledField>;
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
  for (const field of def.fields) fields.set(field.tag, compileField(field));
  const lookup = (tag: number, owner: string): CompiledField => {
    const field = fields.get(tag);
    if (!field) throw new DictionaryDefinitionError(`${owner}: tag ${tag} is not a field of the dictionary`);
    return field;
  };
  const messages = new Map<string, CompiledMessage>();
  return {
    def,
    beginString: def.beginString,
    fields,
    header: compileLayout("Header", def.header, lookup),
    trailer: compileLayout("Trailer", def.trailer, lookup),
    messages,
    beginStringBytes: Buffer.from(`8=${def.beginString}\x01`, "latin1"),
    field: (tag) => fields.get(tag),
    message(messageDef) {
      const known = messages.get(messageDef.msgType);
      if (known) return known;
      const compiled: CompiledMessage = {
        def: messageDef,
        layout: compileLayout(messageDef.name, messageDef.members, lookup),
        msgTypeBytes: Buffer.from(`35=${messageDef.msgType}\x01`, "latin1"),
      };
      messages.set(messageDef.msgType, compiled);
      return compiled;
    },
  };
}

function compileField(def: FieldDef): CompiledField {
  const kind = valueKind(def.type);
  const numeric = isNumericKind(kind);
  return {
    def,
    tag: def.tag,
    name: def.name,
    kind,
    key: propertyName(def.name),
    tagBytes: Buffer.from(`${def.tag}=`, "latin1"),
    values: def.values && new Set<string | number>(numeric ? def.values.map(Number) : def.values),
  };
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
): Layout {
  const flat = flatten(defs, true, []);
  const members: Member[] = [];
  const byTag = new Map<number, Member>();
  const lengthTags = new Set<number>();
  flat.forEach((entry, index) => {
    const field = lookup(entry.tag, name);
    if (byTag.has(entry.tag)) throw new DictionaryDefinitionError(`${name}: tag ${entry.tag} appears twice`);
    let member: Member;
    if (entry.group) {
      const layout = compileLayout(`${name}.${field.name}`, entry.group.members, lookup);
      const first = layout.members[0];
      if (!first) throw new DictionaryDefinitionError(`${name}: group ${field.name} has no members`);
      member = {
        type: "group",
        field,
        required: entry.required,
        index,
        key: groupPropertyName(field.name),
        layout,
        delimiter: first.field.tag,
      };
    } else {
      const previous = members[index - 1];
      const lengthField =
        field.kind === ValueKind.Data && previous?.type === "field" && previous.field.kind === ValueKind.Length
          ? previous.field
          : undefined;
      if (lengthField) lengthTags.add(lengthField.tag);
      member = { type: "field", field, required: entry.required, index, lengthField };
    }
    members.push(member);
    byTag.set(entry.tag, member);
  });
  return {
    name,
    members,
    byTag,
    required: members.filter((m) => m.required && !lengthTags.has(m.field.tag)),
    lengthTags,
  };
}
