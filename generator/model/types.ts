/**
 * The dictionary as the generator sees it: QuickFIX XML read into plain typed data, names not yet resolved.
 * Resolution (names → tags) happens in `toDictionaryDef` after the lint pass has proven every name exists.
 */

export interface EnumValueModel {
  /** Wire value (`enum` attribute). */
  readonly value: string;
  /** Meaning (`description` attribute); empty when the dictionary gives none. */
  readonly description: string;
}

export interface FieldModel {
  readonly tag: number;
  readonly name: string;
  /** QuickFIX type name as written (INT, PRICE, …). */
  readonly type: string;
  readonly description: string | undefined;
  readonly values: readonly EnumValueModel[];
}

export interface FieldMemberModel {
  readonly kind: "field";
  readonly name: string;
  readonly required: boolean;
}

export interface ComponentMemberModel {
  readonly kind: "component";
  readonly name: string;
  readonly required: boolean;
}

/** A repeating group, declared inline where it is used; `name` is its NumInGroup counter field. */
export interface GroupMemberModel {
  readonly kind: "group";
  readonly name: string;
  readonly required: boolean;
  readonly members: readonly MemberModel[];
}

export type MemberModel = FieldMemberModel | ComponentMemberModel | GroupMemberModel;

export interface ComponentModel {
  readonly name: string;
  readonly description: string | undefined;
  readonly members: readonly MemberModel[];
}

export interface MessageModel {
  readonly name: string;
  /** Undefined when the `msgtype` attribute is missing (a lint error). */
  readonly msgType: string | undefined;
  /** `msgcat` as written: QuickFIX uses "admin" and "app". */
  readonly category: string;
  readonly description: string | undefined;
  readonly members: readonly MemberModel[];
}

export interface DictionaryModel {
  /** File name or label the XML came from, used in error messages and generated headers. */
  readonly source: string;
  /** "FIX.4.4", or "FIXT.1.1" for FIX 5 dictionaries (whose sessions run over FIXT). */
  readonly beginString: string;
  /** Application version, e.g. "FIX.4.4" or "FIX.5.0SP2". */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly header: readonly MemberModel[];
  readonly trailer: readonly MemberModel[];
  readonly messages: readonly MessageModel[];
  readonly components: readonly ComponentModel[];
  readonly fields: readonly FieldModel[];
}
