/**
 * Dictionary descriptors: the plain data the generator emits and the runtime interprets.
 *
 * Descriptors are JSON-shaped so that the same structure can be produced either by generated code
 * (`generated/<dict>/…`) or at run time from a QuickFIX XML file (`--dict`), and one runtime serves both.
 */

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
}

export function isGroupRef(member: MemberDef): member is GroupRef {
  return "group" in member;
}

export function isComponentRef(member: MemberDef): member is ComponentRef {
  return "component" in member;
}
