/**
 * Issue 6's absolute targets (the ratio targets are in ratios.ts): session throughput and round-trip latency with
 * FileStore's default durability, and the validate command's throughput and memory. Each verdict names the
 * measured figure it was taken from.
 */
import { HELD_CPU_LATENCY_US } from "./cpu-latency.js";
import type { SessionLoopback } from "./session-loopback.js";
import type { ValidateCli } from "./validate-cli.js";

export interface TargetResult {
  readonly id: string;
  readonly label: string;
  /** Which measurement the value comes from. */
  readonly source: string;
  readonly unit: string;
  readonly value: number;
  readonly op: "<=" | ">=";
  readonly limit: number;
  readonly met: boolean;
}

/**
 * "Memory flat as the log grows": the largest log's peak RSS at most this many times the smallest's. Start-up
 * RSS (~100 MB of Node, tsx and the dictionary) dominates both, so a leak of a few bytes per message shows well
 * before this.
 */
export const FLAT_RSS_FACTOR = 1.25;

function target(id: string, label: string, source: string, unit: string, value: number, op: "<=" | ">=", limit: number): TargetResult {
  return { id, label, source, unit, value, op, limit, met: op === "<=" ? value <= limit : value >= limit };
}

export function computeTargets(session: SessionLoopback | undefined, cli: ValidateCli | undefined): TargetResult[] {
  const results: TargetResult[] = [];
  const durable = session?.modes.find((m) => m.isDefault);
  if (durable) {
    const source = `session loopback, ${durable.label}`;
    results.push(
      target("session-throughput", "session loopback throughput", `${source}, ${durable.throughput.window} in flight`, "ER/s", durable.throughput.perSecond, ">=", 50_000),
      target("round-trip-p50", "NOS→ER round trip p50", `${source}, 1 in flight`, "µs", durable.latency.p50Us, "<=", 100),
      target("round-trip-p99", "NOS→ER round trip p99", `${source}, 1 in flight`, "µs", durable.latency.p99Us, "<=", 500),
    );
  }
  // The same targets with the latency option on: what an app that asks for it gets, beside what the default gives.
  const spinning = session?.modes.find((m) => m.busySpinMs > 0);
  if (spinning) {
    const source = `session loopback, ${spinning.label}, 1 in flight`;
    results.push(
      target("round-trip-p50-spin", "NOS→ER round trip p50, busySpinMs", source, "µs", spinning.latency.p50Us, "<=", 100),
      target("round-trip-p99-spin", "NOS→ER round trip p99, busySpinMs", source, "µs", spinning.latency.p99Us, "<=", 500),
    );
  }
  // And with the kernel keeping idle CPUs out of halt, as on a host tuned for latency: the default idle strategy.
  const held = session?.modes.find((m) => m.cpuLatencyHeld);
  if (held) {
    const source = `session loopback, ${held.label}, 1 in flight`;
    results.push(
      target("round-trip-p50-cpu-latency", `NOS→ER round trip p50, CPU latency ${HELD_CPU_LATENCY_US} µs`, source, "µs", held.latency.p50Us, "<=", 100),
      target("round-trip-p99-cpu-latency", `NOS→ER round trip p99, CPU latency ${HELD_CPU_LATENCY_US} µs`, source, "µs", held.latency.p99Us, "<=", 500),
    );
  }
  // The ¼× log and the measured one (validateCliSizes); the 2× run is information in the validate CLI table.
  const small = cli?.runs[0];
  const large = cli?.runs[1];
  if (small && large) {
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
    results.push(
      target("validate-cli-throughput", "validate CLI throughput", `wall clock, ${mb(large.logBytes)} log, start-up included`, "MB/s", large.mbPerSecond, ">=", 100),
      target("validate-cli-flat-rss", "validate CLI memory flat", `peak RSS ${mb(large.logBytes)} log ÷ ${mb(small.logBytes)} log`, "×", large.peakRssBytes / small.peakRssBytes, "<=", FLAT_RSS_FACTOR),
    );
  }
  return results;
}
