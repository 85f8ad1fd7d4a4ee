/**
 * Typed codec and validation errors. Every problem found in a message is one of these values: it names the
 * rule broken, the tag, the byte offset in the message and, where FIX defines one, the SessionRejectReason (373).
 */

/** FIX 4.4 SessionRejectReason (tag 373) values the codec and validators report. */
export const SessionRejectReason = {
  InvalidTagNumber: 0,
  RequiredTagMissing: 1,
  TagNotDefinedForMessageType: 2,
  UndefinedTag: 3,
  TagSpecifiedWithoutValue: 4,
  ValueIncorrect: 5,
  IncorrectDataFormat: 6,
  DecryptionProblem: 7,
  SignatureProblem: 8,
  CompIDProblem: 9,
  SendingTimeAccuracyProblem: 10,
  InvalidMsgType: 11,
  XmlValidationError: 12,
  TagAppearsMoreThanOnce: 13,
  TagSpecifiedOutOfRequiredOrder: 14,
  RepeatingGroupFieldsOutOfOrder: 15,
  IncorrectNumInGroupCount: 16,
  NonDataValueIncludesFieldDelimiter: 17,
  Other: 99,
} as const;
export type SessionRejectReason = (typeof SessionRejectReason)[keyof typeof SessionRejectReason];

/**
 * What went wrong. Framing codes (BeginString … Truncated) have no SessionRejectReason: FIX says such a
 * message is garbled and must be ignored, not rejected.
 */
export type FixErrorCode =
  | "BeginString"
  | "BodyLength"
  | "CheckSum"
  | "Garbled"
  | "Truncated"
  | "InvalidTagNumber"
  | "RequiredTagMissing"
  | "TagNotDefinedForMessageType"
  | "UndefinedTag"
  | "TagSpecifiedWithoutValue"
  | "ValueIncorrect"
  | "IncorrectDataFormat"
  | "InvalidMsgType"
  | "TagAppearsMoreThanOnce"
  | "TagSpecifiedOutOfRequiredOrder"
  | "RepeatingGroupFieldsOutOfOrder"
  | "IncorrectNumInGroupCount"
  | "RuleViolation";

const reasonByCode: Partial<Record<FixErrorCode, SessionRejectReason>> = {
  InvalidTagNumber: 0,
  RequiredTagMissing: 1,
  TagNotDefinedForMessageType: 2,
  UndefinedTag: 3,
  TagSpecifiedWithoutValue: 4,
  ValueIncorrect: 5,
  IncorrectDataFormat: 6,
  InvalidMsgType: 11,
  TagAppearsMoreThanOnce: 13,
  TagSpecifiedOutOfRequiredOrder: 14,
  RepeatingGroupFieldsOutOfOrder: 15,
  IncorrectNumInGroupCount: 16,
  RuleViolation: 99,
};

export type Severity = "error" | "warning";

export interface FixError {
  readonly code: FixErrorCode;
  /** SessionRejectReason (373) to answer with, when FIX defines one for this problem. */
  readonly reason: SessionRejectReason | undefined;
  readonly severity: Severity;
  readonly tag: number | undefined;
  readonly tagName: string | undefined;
  /** Byte offset in the message where the problem was found (start of the field, or of the message). */
  readonly offset: number;
  /** The group entry the problem is in, e.g. `NoMDEntries[3]` (see errorLocation); undefined at message level. */
  readonly path: string | undefined;
  /** One line for humans. Never contains secrets: values of secret tags are not quoted. */
  readonly text: string;
}

export interface FixErrorInit {
  readonly code: FixErrorCode;
  readonly offset: number;
  readonly text: string;
  readonly tag?: number | undefined;
  readonly tagName?: string | undefined;
  readonly path?: string | undefined;
  readonly severity?: Severity;
}

export function fixError(init: FixErrorInit): FixError {
  return {
    code: init.code,
    reason: reasonByCode[init.code],
    severity: init.severity ?? "error",
    tag: init.tag,
    tagName: init.tagName,
    offset: init.offset,
    path: init.path,
    text: init.text,
  };
}

/**
 * Where a problem is, for people: `NoMDEntries[3].MDEntryPx (270)`, `Price (44)`, `tag 6000`, `NoAllocs[2]`; undefined
 * for the message as a whole.
 */
export function errorLocation(error: Pick<FixError, "path" | "tagName" | "tag">): string | undefined {
  const field =
    error.tag === undefined ? error.tagName : error.tagName === undefined ? `tag ${error.tag}` : `${error.tagName} (${error.tag})`;
  if (error.path === undefined) return field;
  return field === undefined ? error.path : `${error.path}.${field}`;
}

/** `error CheckSum at byte 120, CheckSum (10): expected 042, found 041` style rendering for logs and CLIs. */
export function formatFixError(error: FixError): string {
  const reason = error.reason === undefined ? "" : ` [373=${error.reason}]`;
  return `${error.severity} ${error.code}${reason} at byte ${error.offset}, ${errorLocation(error) ?? "message"}: ${error.text}`;
}
