/**
 * Validation switches, named as QuickFIX names them, and the two profiles. The switches decide which checks
 * the decoder runs and how loud each one is (see WireChecks in codec/decode.ts).
 */
import type { CheckLevel, WireChecks } from "../codec/decode.js";
import type { FixError, FixErrorCode } from "../codec/errors.js";

export interface ValidationSwitches {
  /** Header fields after the body, body fields after the trailer (373=14). QuickFIX default Y. */
  readonly ValidateFieldsOutOfOrder: boolean;
  /** Tags without a value (373=4). QuickFIX default Y. */
  readonly ValidateFieldsHaveValues: boolean;
  /** Check tags ≥ 5000 like any other: defined, and defined for the message (373=3/2). QuickFIX default Y. */
  readonly ValidateUserDefinedFields: boolean;
  /** Accept tags < 5000 that are undefined or not defined for the message. QuickFIX default N. */
  readonly AllowUnknownMsgFields: boolean;
  /** Fields of a repeating group entry must follow the dictionary's order (373=15). QuickFIX default Y. */
  readonly ValidateUnorderedGroupFields: boolean;
  /** Verify BodyLength (9) and CheckSum (10). QuickFIX default Y. */
  readonly ValidateLengthAndChecksum: boolean;
  /** Accept values outside a field's enumeration (373=5). Not a QuickFIX switch; default N. */
  readonly AllowUnknownEnumValues: boolean;
}

export const SWITCH_NAMES = [
  "ValidateFieldsOutOfOrder",
  "ValidateFieldsHaveValues",
  "ValidateUserDefinedFields",
  "AllowUnknownMsgFields",
  "ValidateUnorderedGroupFields",
  "ValidateLengthAndChecksum",
  "AllowUnknownEnumValues",
] as const satisfies readonly (keyof ValidationSwitches)[];

/** QuickFIX's defaults. */
export const defaultSwitches: ValidationSwitches = {
  ValidateFieldsOutOfOrder: true,
  ValidateFieldsHaveValues: true,
  ValidateUserDefinedFields: true,
  AllowUnknownMsgFields: false,
  ValidateUnorderedGroupFields: true,
  ValidateLengthAndChecksum: true,
  AllowUnknownEnumValues: false,
};

/**
 * `strict`: QuickFIX's behaviour. `kraken`: the same, except that in messages *from Kraken* unknown tags and
 * unknown enum values are warnings — Kraken adds fields and values without notice, and a session that rejected
 * them would stop trading.
 */
export type Profile = "strict" | "kraken";

export function wireChecks(switches: ValidationSwitches): WireChecks {
  const level = (on: boolean): CheckLevel => (on ? "error" : "off");
  return {
    requiredFields: "error",
    enumValues: level(!switches.AllowUnknownEnumValues),
    undefinedTags: level(!switches.AllowUnknownMsgFields),
    tagsNotInMessage: level(!switches.AllowUnknownMsgFields),
    userDefinedTags: level(switches.ValidateUserDefinedFields),
    fieldsOutOfOrder: level(switches.ValidateFieldsOutOfOrder),
    groupFieldOrder: level(switches.ValidateUnorderedGroupFields),
    emptyValues: level(switches.ValidateFieldsHaveValues),
  };
}

/** What the `kraken` profile tolerates in messages from Kraken: new tags and new enum values. */
const TOLERATED: ReadonlySet<FixErrorCode> = new Set(["UndefinedTag", "TagNotDefinedForMessageType", "ValueIncorrect"]);

/** Applies the profile: under `kraken`, tolerated problems in Kraken's messages become warnings. */
export function applyProfile(errors: readonly FixError[], profile: Profile, fromKraken: boolean): FixError[] {
  // A fresh array either way: the validator appends rule errors to it. Most messages have none.
  if (profile === "strict" || !fromKraken) return errors.length === 0 ? [] : errors.slice();
  return errors.map((error) => (TOLERATED.has(error.code) && error.severity === "error" ? { ...error, severity: "warning" } : error));
}

/** Parses `Name=Y|N` (as in a QuickFIX settings file); throws a message naming the valid switches. */
export function parseSwitch(text: string): [keyof ValidationSwitches, boolean] {
  const [name, value] = text.split("=", 2);
  const known = SWITCH_NAMES.find((s) => s.toLowerCase() === name?.trim().toLowerCase());
  if (!known) throw new RangeError(`unknown switch "${name}"; known: ${SWITCH_NAMES.join(", ")}`);
  const flag = value?.trim().toUpperCase();
  if (flag !== "Y" && flag !== "N") throw new RangeError(`switch ${known} needs =Y or =N, got "${value ?? ""}"`);
  return [known, flag === "Y"];
}
