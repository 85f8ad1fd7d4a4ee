/**
 * Every name generated code imports from the runtime, and the globals it must not shadow. Dictionary names that
 * equal one of these get another name (see plan.ts), so that a declaration never shadows an import or a global.
 */
export const RUNTIME_SYMBOLS = [
  "ComponentDef",
  "Decimal",
  "FieldDef",
  "GroupDef",
  "LayoutAccessors",
  "LocalMktDate",
  "MemberDef",
  "MessageCodec",
  "MessageExtras",
  "MonthYear",
  "Protocol",
  "Received",
  "RuleDef",
  "UTCDateOnly",
  "UTCTimeOnly",
  "UTCTimestamp",
  "createDictionary",
  "createMessageDecoder",
  "defineMessage",
] as const;

export type RuntimeSymbol = (typeof RUNTIME_SYMBOLS)[number];

/** Globals a user of the generated package is likely to need unshadowed (a FIX group `NoDates` must not export `Date`). */
export const TYPESCRIPT_GLOBALS = [
  "Array",
  "Boolean",
  "Buffer",
  "Date",
  "Error",
  "Function",
  "JSON",
  "Map",
  "Math",
  "Number",
  "Object",
  "Partial",
  "Promise",
  "Readonly",
  "Record",
  "RegExp",
  "Required",
  "Set",
  "String",
  "Symbol",
] as const;
