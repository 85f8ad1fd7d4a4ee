/** The human report: one line per problem, then a summary table. */
import { errorLocation } from "../../runtime/codec/errors.js";
import type { Problem } from "./problem.js";
import type { Style } from "./style.js";
import { reasonLabel, sorted, type Summary } from "./summary.js";

/**
 * `log/a.log:12  seq 34  NewOrderSingle  Price (44)  error RequiredTagMissing [373=1]: Price (44) is required …`
 * (`NoMDEntries[3].MDEntryPx (270)` for a field inside a group entry)
 */
export function formatProblem(problem: Problem, style: Style): string {
  const where = problem.line > 0 ? `${problem.source}:${problem.line}` : problem.source || "(log)";
  const parts = [style.bold(where)];
  if (problem.seqNum !== undefined) parts.push(`seq ${problem.seqNum}`);
  if (problem.stream !== undefined) parts.push(problem.stream);
  if (problem.message !== undefined) parts.push(problem.message);
  const location = errorLocation(problem);
  if (location !== undefined) parts.push(location);
  const severity = problem.severity === "error" ? style.red(problem.severity) : style.yellow(problem.severity);
  return `${parts.join("  ")}  ${severity} ${reasonLabel(problem)}: ${problem.text}`;
}

export function formatSummary(summary: Summary, unlisted: number, style: Style): string {
  const lines: string[] = [];
  if (unlisted > 0) lines.push(style.dim(`… ${unlisted} more problems not listed (raise --max-errors to see them)`), "");
  lines.push(style.bold("Summary"));
  lines.push(
    table([
      ["messages", summary.messages],
      ["messages with errors", summary.invalidMessages],
      ["errors", summary.errors],
      ["warnings", summary.warnings],
      ["cross-log findings", summary.findings],
      ["truncated messages", summary.truncatedMessages],
      ["non-FIX lines", summary.nonFixLines],
    ]),
  );
  if (summary.byReason.size > 0) lines.push("", style.bold("By reason"), table(sorted(summary.byReason)));
  if (summary.byMessage.size > 0) lines.push("", style.bold("By message type"), table(sorted(summary.byMessage)));
  return lines.join("\n");
}

function table(rows: readonly (readonly [string, number])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  const countWidth = Math.max(...rows.map(([, n]) => String(n).length));
  return rows.map(([label, n]) => `  ${label.padEnd(width)}  ${String(n).padStart(countWidth)}`).join("\n");
}
