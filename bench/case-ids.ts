/** The measured cases, in report order, with their row labels (kept apart from the heavy case builders). */

export type CaseId =
  | "floor.offsets"
  | "floor.slicePerValue"
  | "floor.substring"
  | "kraken-fix.decode"
  | "kraken-fix.decodeMessage"
  | "kraken-fix.validate"
  | "kraken-fix.encode"
  | "kraken-fix.lazyView"
  | "jspurefix.parseView"
  | "jspurefix.parseObject"
  | "jspurefix.encode"
  | "fixparser.parse"
  | "fixparser.encode";

/** Row order and labels of the report; also the set of cases every run measures. */
export const CASE_LABELS: Readonly<Record<CaseId, string>> = {
  "floor.offsets": "floor: field offsets only",
  "floor.slicePerValue": "floor: + latin1Slice per value",
  "floor.substring": "floor: + 1 latin1 string, substring/value",
  "kraken-fix.decode": "kraken-fix Codec.decode (typed)",
  "kraken-fix.decodeMessage": "kraken-fix decodeMessage (dispatch)",
  "kraken-fix.validate": "kraken-fix Validator.validate",
  "kraken-fix.encode": "kraken-fix Codec.encode",
  "kraken-fix.lazyView": "kraken-fix lazy view (wrap + 3 reads)",
  "jspurefix.parseView": "jspurefix parse → MsgView",
  "jspurefix.parseObject": "jspurefix parse → toObject()",
  "jspurefix.encode": "jspurefix encode (transmitter)",
  "fixparser.parse": "fixparser parse",
  "fixparser.encode": "fixparser encode",
};
