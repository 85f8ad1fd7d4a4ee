/** Plain-text tables for stdout. The JSON file holds everything; the tables are what a person reads. */
import { CASE_LABELS } from "./case-ids.js";
import type { CaseId } from "./case-ids.js";
import { describeFinding } from "./correctness.js";
import type { Finding } from "./correctness.js";
import { HELD_CPU_LATENCY_US } from "./cpu-latency.js";
import type { Timing } from "./harness.js";
import type { BenchMessage } from "./messages.js";
import type { RatioResult } from "./ratios.js";
import type { LatencyResult, SessionLoopback } from "./session-loopback.js";
import type { StreamValidation } from "./stream-validate.js";
import type { TargetResult } from "./targets.js";
import type { ValidateCli } from "./validate-cli.js";

export interface CaseResult extends Timing {
  readonly id: CaseId;
  readonly label: string;
  readonly message: string;
  readonly outputBytes?: number;
}

/** Columns after the first are right-aligned (numbers) unless `textColumns` says they hold prose. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], textColumns = false): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 || textColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** `1234` → `1,234`; nanoseconds are shown whole. */
function ns(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

export function timingTable(messages: readonly BenchMessage[], results: readonly CaseResult[]): string {
  const ids = Object.keys(CASE_LABELS) as CaseId[];
  const rows = ids.map((id) => [
    CASE_LABELS[id],
    ...messages.map((m) => {
      const r = results.find((c) => c.id === id && c.message === m.id);
      if (!r) return "-";
      const iqr = r.medianNs > 0 ? ((r.q3Ns - r.q1Ns) / r.medianNs) * 100 : 0;
      return `${ns(r.medianNs)} (${ns(r.minNs)}–${ns(r.maxNs)}) ±${iqr.toFixed(0)}%`;
    }),
  ]);
  return table(["ns/message: median (min–max) ±IQR", ...messages.map((m) => `${m.id} ${m.bytes.length} B/${m.fieldCount} fields`)], rows);
}

export function encodeSizeTable(messages: readonly BenchMessage[], results: readonly CaseResult[]): string {
  const encoders = results.filter((r) => r.outputBytes !== undefined);
  const ids = [...new Set(encoders.map((r) => r.id))];
  return table(
    ["bytes written by encode", ...messages.map((m) => `${m.id} (input ${m.bytes.length} B)`)],
    ids.map((id) => [CASE_LABELS[id], ...messages.map((m) => String(encoders.find((r) => r.id === id && r.message === m.id)?.outputBytes ?? "-"))]),
  );
}

export function ratioTable(messages: readonly BenchMessage[], ratios: readonly RatioResult[]): string {
  const labels = [...new Set(ratios.map((r) => r.label))];
  const rows = labels.map((label) => {
    const of = ratios.filter((r) => r.label === label);
    const first = of[0];
    const target = first?.target ? `${first.target.op} ${formatRatio(first, first.target.limit)}` : "info";
    const verdict = first?.target ? (of.every((r) => r.met) ? "met" : `MISSED (${of.filter((r) => !r.met).map((r) => r.message).join(", ")})`) : "";
    return [label, ...messages.map((m) => {
      const r = of.find((x) => x.message === m.id);
      return r ? `${formatRatio(r, r.value)} [${formatRatio(r, r.min)}–${formatRatio(r, r.max)}]` : "-";
    }), target, verdict];
  });
  return table(["ratio, run by run: median [range]", ...messages.map((m) => m.id), "target", "verdict"], rows);
}

function formatRatio(ratio: RatioResult, value: number): string {
  return ratio.overhead ? `${(value * 100).toFixed(0)}%` : `${value.toFixed(value < 10 ? 2 : 1)}×`;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const whole = (value: number) => Math.round(value).toLocaleString("en-US");
const us = (value: number) => (value < 10 ? value.toFixed(1) : whole(value));

export function streamTable(stream: StreamValidation): string {
  return table(
    ["stream validation", "value"],
    [
      ["what", stream.what],
      ["log", `${mb(stream.logBytes)}, ${stream.messages.toLocaleString("en-US")} messages`],
      ["throughput", `${stream.mbPerSecond.toFixed(1)} MB/s, ${Math.round(stream.messagesPerSecond).toLocaleString("en-US")} msg/s`],
      ["peak RSS", `${mb(stream.peakRssBytes)} (RSS before streaming ${mb(stream.rssBeforeBytes)})`],
      ["invalid / garbage frames", `${stream.invalid} / ${stream.garbage}`],
    ],
    true,
  );
}

export function findingsTable(findings: readonly Finding[]): string {
  const rows = findings.flatMap((f) => {
    const lines = describeFinding(f);
    return (lines.length ? lines : ["round-trips exactly"]).map((line, i) => [i === 0 ? f.subject : "", i === 0 ? f.contender : "", line]);
  });
  return table(["same bytes, decode → encode", "contender", "observed"], rows, true);
}

export function sessionTable(session: SessionLoopback): string {
  const floor = (label: string, echo: LatencyResult) => [label, "–", us(echo.p50Us), us(echo.p99Us), us(echo.p999Us), us(echo.maxUs), `${whole(echo.samples)} / ${whole(echo.warmup)}`, "–"];
  const floors = [floor("floor: bare TCP echo in the child, 209 B", session.echoFloor)];
  const pinned = session.modes.find((m) => m.cpu !== null)?.cpu ?? 0;
  if (session.echoFloorOneCpu) floors.push(floor(`floor: the same echo, both on CPU ${pinned}`, session.echoFloorOneCpu));
  if (session.echoFloorCpuLatency) floors.push(floor(`floor: the same echo, CPU latency held at ${HELD_CPU_LATENCY_US} µs`, session.echoFloorCpuLatency));
  const rows = session.modes.map((m) => [
    m.label,
    `${whole(m.throughput.perSecond)} (${m.throughput.window} in flight, ${m.throughput.seconds} s)`,
    us(m.latency.p50Us),
    us(m.latency.p99Us),
    us(m.latency.p999Us),
    us(m.latency.maxUs),
    `${whole(m.latency.samples)} / ${whole(m.latency.warmup)}`,
    `${((m.acceptor.cpuUserUs + m.acceptor.cpuSystemUs) / m.acceptor.executions).toFixed(0)} µs (${Math.round((m.acceptor.cpuSystemUs / (m.acceptor.cpuUserUs + m.acceptor.cpuSystemUs)) * 100)}% sys)`,
  ]);
  return table(
    ["session loopback, acceptor store fsync", "NOS→ER/s", "RTT p50 µs", "p99 µs", "p99.9 µs", "max µs", "samples / warm-up", "acceptor CPU per order"],
    [...floors, ...rows],
  );
}

export function validateCliTable(cli: ValidateCli): string {
  const rows = cli.runs.map((r) => [
    `${mb(r.logBytes)}, ${whole(r.messages)} messages`,
    `${r.mbPerSecond.toFixed(1)} MB/s`,
    `${r.wallSeconds.toFixed(2)} s`,
    `${whole(r.messagesPerSecond)} msg/s`,
    mb(r.peakRssBytes),
    `${r.errors} / ${r.warnings} / ${r.findings}`,
  ]);
  const [first, last] = [cli.runs[0], cli.runs.at(-1)];
  if (first && last && last !== first) {
    // Start-up costs the same on both logs: the extra bytes over the extra time is the rate once running.
    const extraSeconds = last.wallSeconds - first.wallSeconds;
    const steady = extraSeconds > 0 ? `${((last.logBytes - first.logBytes) / 1e6 / extraSeconds).toFixed(1)} MB/s` : "- (no extra time)";
    rows.push([`steady state (the ${mb(last.logBytes - first.logBytes)} more)`, steady, "", "", "", ""]);
  }
  // Whether the peak still grows past the measured log (information; the target compares it with the ¼× one).
  const [, measured, double] = cli.runs;
  if (measured && double) {
    rows.push([`peak RSS ${mb(double.logBytes)} ÷ ${mb(measured.logBytes)} log`, "", "", "", `${(double.peakRssBytes / measured.peakRssBytes).toFixed(2)}×`, ""]);
  }
  return table(["validate CLI (child process, wall clock)", "throughput", "wall", "messages", "peak RSS", "errors / warnings / findings"], rows);
}

export function targetTable(targets: readonly TargetResult[]): string {
  const format = (t: TargetResult, value: number) => (t.unit === "×" ? `${value.toFixed(2)}×` : `${value < 10 ? value.toFixed(1) : whole(value)} ${t.unit}`);
  return table(
    ["issue 6 target", "measured", "target", "verdict", "from"],
    targets.map((t) => [t.label, format(t, t.value), `${t.op} ${format(t, t.limit)}`, t.met ? "met" : "MISSED", t.source]),
  );
}
