/** Counts for the end-of-run summary: kept as counters only, so a log of any size is summarised in constant memory. */
import type { Problem } from "./problem.js";

export interface Summary {
  messages: number;
  /** Messages with at least one error. */
  invalidMessages: number;
  errors: number;
  warnings: number;
  /** Cross-log findings (sequence, resend, heartbeat, order checks). */
  findings: number;
  nonFixLines: number;
  truncatedMessages: number;
  /** Problems by `code` with its 373 reason: `RequiredTagMissing [373=1]` → count. */
  readonly byReason: Map<string, number>;
  /** Problems by message name. */
  readonly byMessage: Map<string, number>;
}

export function emptySummary(): Summary {
  return {
    messages: 0,
    invalidMessages: 0,
    errors: 0,
    warnings: 0,
    findings: 0,
    nonFixLines: 0,
    truncatedMessages: 0,
    byReason: new Map(),
    byMessage: new Map(),
  };
}

export function reasonLabel(problem: Pick<Problem, "code" | "reason">): string {
  return problem.reason === undefined ? problem.code : `${problem.code} [373=${problem.reason}]`;
}

export function count(summary: Summary, problem: Problem): void {
  if (problem.stream !== undefined) summary.findings++;
  else if (problem.severity === "error") summary.errors++;
  else summary.warnings++;
  increment(summary.byReason, reasonLabel(problem));
  increment(summary.byMessage, problem.message ?? "(none)");
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Exit status: 1 when anything but warnings was found. */
export function hasProblems(summary: Summary): boolean {
  return summary.errors > 0 || summary.findings > 0;
}

export function summaryJson(summary: Summary): Record<string, unknown> {
  return {
    messages: summary.messages,
    invalidMessages: summary.invalidMessages,
    errors: summary.errors,
    warnings: summary.warnings,
    findings: summary.findings,
    nonFixLines: summary.nonFixLines,
    truncatedMessages: summary.truncatedMessages,
    byReason: Object.fromEntries(sorted(summary.byReason)),
    byMessage: Object.fromEntries(sorted(summary.byMessage)),
  };
}

/** Largest count first, then by name: the order both the table and JSON use. */
export function sorted(map: ReadonlyMap<string, number>): [string, number][] {
  return [...map].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}
