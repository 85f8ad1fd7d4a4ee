/**
 * Dictionary problems as typed values. Each names the element it was found in (`path`) and the rule it breaks, so a
 * dictionary author can go straight to the line to fix.
 */

export type DictionaryRule =
  /** The text is not well-formed XML. */
  | "xml-syntax"
  /** Well-formed XML that is not a QuickFIX dictionary: wrong root, unknown element, missing or bad attribute. */
  | "structure"
  /** Field, component and message names become TypeScript identifiers. */
  | "invalid-name"
  | "unknown-type"
  | "undefined-field"
  | "undefined-component"
  | "duplicate-tag"
  | "duplicate-name"
  | "group-counter"
  | "empty-group"
  | "recursive-component"
  | "enum-value"
  | "missing-msgtype"
  | "duplicate-msgtype"
  | "message-category"
  /** A tag occurs twice in one message, group entry, header or trailer once components are flattened. */
  | "duplicate-member"
  /** Two members of one layout whose decoded-object properties would have the same name. */
  | "property-clash";

export class DictionaryError extends Error {
  override readonly name = "DictionaryError";

  constructor(
    readonly rule: DictionaryRule,
    /** Element the problem is in, e.g. `message NewOrderSingle > group NoAllocs`. */
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** Thrown when a dictionary cannot be used: carries every problem found, not just the first. */
export class InvalidDictionaryError extends Error {
  override readonly name = "InvalidDictionaryError";

  constructor(
    readonly source: string,
    readonly errors: readonly DictionaryError[],
  ) {
    const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
    super(`${source}: ${count}\n${errors.map((error) => `  ${error.message} [${error.rule}]`).join("\n")}`);
  }
}
