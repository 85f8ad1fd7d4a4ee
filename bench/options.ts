/** Command-line options of `npm run bench` (see bench/run.ts for usage). */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { TimingOptions } from "./harness.js";
import type { SessionLoopbackOptions } from "./session-loopback.js";

export interface BenchOptions {
  /** Smoke run: tiny fixed N, numbers meaningless. */
  readonly quick: boolean;
  readonly timing: TimingOptions;
  /**
   * Size of the generated logs for stream validation and for the validate CLI (which also runs on a log a
   * quarter of this size, to show whether memory stays flat); 0 skips both.
   */
  readonly streamMb: number;
  /** Session loopback settings; undefined when `--session-ms=0` skips it. */
  readonly session: SessionLoopbackOptions | undefined;
  readonly resultsDir: string;
}

/** `bench/results/` of the package, wherever the bench was compiled to (`npm run bench` runs from the package root). */
const DEFAULT_RESULTS_DIR = resolve("bench/results");

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      runs: { type: "string" },
      "run-ms": { type: "string" },
      "stream-mb": { type: "string" },
      "session-ms": { type: "string" },
      "results-dir": { type: "string" },
    },
  });
  const quick = values.quick || env["BENCH_QUICK"] === "1";
  const sessionMs = nonNegative(values["session-ms"], quick ? 300 : 5000, "--session-ms");
  return {
    quick,
    timing: {
      runs: positive(values.runs, quick ? 2 : 15, "--runs"),
      runMs: positive(values["run-ms"], 50, "--run-ms"),
      warmupMs: 300,
      ...(quick ? { fixedIterations: 20 } : {}),
    },
    streamMb: nonNegative(values["stream-mb"], quick ? 1 : 200, "--stream-mb"),
    session:
      sessionMs === 0
        ? undefined
        : quick
          ? { throughputMs: sessionMs, window: 50, warmupRoundTrips: 20, latencySamples: 50, latencyMaxMs: 3000 }
          : { throughputMs: sessionMs, window: 200, warmupRoundTrips: 2000, latencySamples: 20_000, latencyMaxMs: 15_000 },
    resultsDir: resolve(values["results-dir"] ?? DEFAULT_RESULTS_DIR),
  };
}

function positive(text: string | undefined, fallback: number, name: string): number {
  const value = nonNegative(text, fallback, name);
  if (value === 0) throw new RangeError(`${name} must be greater than 0`);
  return value;
}

function nonNegative(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number, got ${JSON.stringify(text)}`);
  }
  return value;
}
