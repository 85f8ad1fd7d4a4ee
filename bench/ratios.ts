/**
 * Issue 6's targets as ratios measured in the same process, plus the informative ratios around them. A ratio is
 * `numerator / denominator`, taken run by run (both were timed in the same interleaved run) and summarised by its
 * median and range; `overhead` ratios are reported as `numerator / denominator − 1`.
 */
import type { CaseId } from "./case-ids.js";
import { pairedRatio } from "./harness.js";
import type { Timing } from "./harness.js";

export interface RatioDef {
  readonly id: string;
  readonly label: string;
  readonly numerator: CaseId;
  /** Several cases: the cheapest of them (the string floors: whichever way of making strings is faster). */
  readonly denominator: CaseId | readonly CaseId[];
  readonly overhead?: boolean;
  /** The target; informative ratios have none. */
  readonly target?: { readonly op: "<=" | ">="; readonly limit: number };
}

export const RATIOS: readonly RatioDef[] = [
  { id: "decode-vs-strings-floor", label: "decode ÷ strings floor (cheaper)", numerator: "kraken-fix.decode", denominator: ["floor.slicePerValue", "floor.substring"], target: { op: "<=", limit: 1.5 } },
  { id: "decode-vs-slice-floor", label: "decode ÷ latin1Slice floor", numerator: "kraken-fix.decode", denominator: "floor.slicePerValue" },
  { id: "decode-vs-offsets-floor", label: "decode ÷ offsets floor", numerator: "kraken-fix.decode", denominator: "floor.offsets" },
  { id: "view-vs-offsets-floor", label: "lazy view ÷ offsets floor", numerator: "kraken-fix.lazyView", denominator: "floor.offsets", target: { op: "<=", limit: 2 } },
  { id: "decode-vs-view", label: "decode ÷ lazy view", numerator: "kraken-fix.decode", denominator: "kraken-fix.lazyView" },
  { id: "fixparser-parse-vs-decode", label: "fixparser parse ÷ decode", numerator: "fixparser.parse", denominator: "kraken-fix.decode", target: { op: ">=", limit: 5 } },
  { id: "jspurefix-object-vs-decode", label: "jspurefix object ÷ decode", numerator: "jspurefix.parseObject", denominator: "kraken-fix.decode", target: { op: ">=", limit: 10 } },
  { id: "jspurefix-view-vs-decode", label: "jspurefix view ÷ decode", numerator: "jspurefix.parseView", denominator: "kraken-fix.decode" },
  { id: "fixparser-encode-vs-encode", label: "fixparser encode ÷ encode", numerator: "fixparser.encode", denominator: "kraken-fix.encode", target: { op: ">=", limit: 3 } },
  { id: "jspurefix-encode-vs-encode", label: "jspurefix encode ÷ encode", numerator: "jspurefix.encode", denominator: "kraken-fix.encode" },
  { id: "validate-overhead", label: "validate overhead over decode", numerator: "kraken-fix.validate", denominator: "kraken-fix.decode", overhead: true, target: { op: "<=", limit: 0.5 } },
  { id: "dispatch-overhead", label: "decodeMessage overhead over decode", numerator: "kraken-fix.decodeMessage", denominator: "kraken-fix.decode", overhead: true },
];

export interface RatioResult {
  readonly id: string;
  readonly label: string;
  readonly message: string;
  /** Reported as `ratio − 1` (the added cost), shown as a percentage. */
  readonly overhead: boolean;
  /** Median of the run-by-run ratios. */
  readonly value: number;
  /** Range of the run-by-run ratios. */
  readonly min: number;
  readonly max: number;
  readonly target: RatioDef["target"] | null;
  /** Null for informative ratios. */
  readonly met: boolean | null;
}

export function computeRatios(messageIds: readonly string[], timing: (message: string, id: CaseId) => Timing): RatioResult[] {
  return RATIOS.flatMap((def) =>
    messageIds.map((message): RatioResult => {
      const denominators = typeof def.denominator === "string" ? [def.denominator] : def.denominator;
      const ratio = pairedRatio(timing(message, def.numerator), denominators.map((id) => timing(message, id)));
      const shift = def.overhead ? 1 : 0;
      const value = ratio.median - shift;
      const target = def.target ?? null;
      const met = target === null ? null : target.op === "<=" ? value <= target.limit : value >= target.limit;
      return { id: def.id, label: def.label, message, overhead: shift === 1, value, min: ratio.min - shift, max: ratio.max - shift, target, met };
    }),
  );
}
