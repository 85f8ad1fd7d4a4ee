/**
 * Dictionary descriptors: the plain data the generator emits and the runtime interprets.
 *
 * Descriptors are JSON-shaped so that the same structure can be produced either by generated code
 * (`generated/<dict>/…`) or at run time from a QuickFIX XML file (`--dict`), and one runtime serves both.
 */
import type { Layout } from "./dictionary.js";
import type { FieldWriter } from "./encode.js";
import type { FieldReader } from "./field-reader.js";

/** A field of the dictionary's `<fields>` section. */
export interface FieldDef {
  readonly tag: number;
  readonly name: string;
  /** QuickFIX type name as written in the dictionary (INT, PRICE, UTCTIMESTAMP, …). */
  readonly type: string;
  /** Allowed wire values when the dictionary enumerates them. */
  readonly values?: readonly string[];
}

/** A plain field inside a message, component or group. */
export interface FieldRef {
  readonly tag: number;
  readonly required: boolean;
}

/** A repeating group: `counter` is the NumInGroup tag; the first member's first tag delimits entries. */
export interface GroupDef {
  readonly name: string;
  readonly counter: number;
  readonly members: readonly MemberDef[];
  /** Named stores and loads for an entry's members (generated code); without them the codec uses keyed ones. */
  readonly accessors?: LayoutAccessors;
}

export interface GroupRef {
  readonly group: GroupDef;
  readonly required: boolean;
}

/** A component is flattened into its owner; its fields are required only when the component is. */
export interface ComponentDef {
  readonly name: string;
  readonly members: readonly MemberDef[];
}

export interface ComponentRef {
  readonly component: ComponentDef;
  readonly required: boolean;
}

export type MemberDef = FieldRef | GroupRef | ComponentRef;

export interface MessageDef {
  readonly name: string;
  readonly msgType: string;
  readonly category: "admin" | "app";
  readonly members: readonly MemberDef[];
  /** Named stores and loads for the members, components flattened (generated code); optional. */
  readonly accessors?: LayoutAccessors;
}

export interface DictionaryDef {
  /** e.g. "FIX.4.4" (or "FIXT.1.1" for FIX 5 dictionaries). */
  readonly beginString: string;
  /** Every field of the dictionary, including header and trailer fields. */
  readonly fields: readonly FieldDef[];
  /** Header members after 8, 9 and 35 (which the codec writes itself), in dictionary order. */
  readonly header: readonly MemberDef[];
  /** Trailer members before 10 (which the codec writes itself). */
  readonly trailer: readonly MemberDef[];
  /** Named stores and loads for the header's members (generated code); optional. */
  readonly headerAccessors?: LayoutAccessors;
  /** Named stores and loads for the trailer's members (generated code); optional. */
  readonly trailerAccessors?: LayoutAccessors;
}

/**
 * Reads and writes the properties of one layout's objects with named property accesses (`target.clOrdID = value`,
 * `source.clOrdID`) instead of the codec's `target[key] = value` and `source[key]`. The codec's keyed store and
 * load serve every member of every message, so V8 finds them megamorphic; a named access in code made for one
 * layout stays monomorphic. The generator emits these per message, group entry, header and trailer; descriptors
 * built at run time (`--dict`) leave them out and get the same objects and bytes through the keyed accesses.
 *
 * A layout's members are its own members with components flattened into it, in dictionary order: index 0 is
 * the first field (or group counter) of the first member, and so on. `keys` names each one's property, and
 * `createDictionary` refuses accessors whose keys differ from the layout it compiles.
 */
export interface LayoutAccessors {
  /** Property name of every member, in layout order (a LENGTH that only frames a DATA field included). */
  readonly keys: readonly string[];
  /** `target[keys[index]] = value`, with a named store: the decoder stores fields one by one, in wire order. */
  store(target: Record<string, unknown>, index: number, value: unknown): void;
  /**
   * `values[index] = source[keys[index]]` for every member that is a property, with named loads: the encoder
   * walks every member, present or not, so one call loading them all beats a call per member.
   */
  read(source: Record<string, unknown>, values: unknown[]): void;
  /**
   * The decoder's fast path (`field-reader.ts`): reads the layout's fields into `target` from the reader's current
   * field up to the first field that is not its own (a group entry also stops at its delimiter's next occurrence)
   * and says whether they all read cleanly and every required member is there. False means "let the full decoder
   * decide": it never reports anything itself.
   */
  decodeFields?(r: FieldReader, target: Record<string, unknown>, layout: Layout): boolean;
  /**
   * The encoder's fast path (`FieldWriter` in encode.ts): writes the layout's members found in `source`, in
   * layout order, with named loads. False as soon as a value cannot be written as given; the encoder then writes
   * the message with its full path, which throws the precise error. Absent for layouts with LENGTH or DATA fields.
   */
  encodeFields?(w: FieldWriter, source: Record<string, unknown>, layout: Layout): boolean;
}

export function isGroupRef(member: MemberDef): member is GroupRef {
  return "group" in member;
}

export function isComponentRef(member: MemberDef): member is ComponentRef {
  return "component" in member;
}
