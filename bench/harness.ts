/**
 * Timing: warm-up, then several runs of N iterations of each operation on one message. Every run gives one
 * ns/op sample per operation; the median is what to expect, min/max and the inter-quartile range say how far to
 * trust it. One long run would hide whether a number repeats, which on a shared machine it often does not.
 */

export interface TimingOptions {
  /** Measured runs (one sample each). */
  readonly runs: number;
  /** Target duration of one run, used to pick N from the warm-up's speed. */
  readonly runMs: number;
  /** Minimum warm-up duration: V8 needs thousands of calls before it optimises a function. */
  readonly warmupMs: number;
  /** Fixed N and warm-up iterations (smoke runs); overrides the duration-based choice. */
  readonly fixedIterations?: number;
}

export interface Timing {
  readonly iterations: number;
  readonly runs: number;
  readonly samplesNs: readonly number[];
  readonly medianNs: number;
  readonly minNs: number;
  readonly maxNs: number;
  readonly q1Ns: number;
  readonly q3Ns: number;
}

/** Results land here: a store to module state is one V8 cannot prove useless, so no operation is optimised away. */
export let sink: unknown;

export function consume(value: unknown): void {
  sink = value;
}

export interface TimedOp {
  readonly id: string;
  readonly op: () => unknown;
}

/**
 * Measures several operations interleaved: every run times each operation once, in turn, so that all of them see
 * the same machine conditions within a run. Sample k of every operation comes from run k, which is what lets
 * `pairedRatio` compare operations run by run instead of across whatever the machine did in between.
 */
export function measureInterleaved(ops: readonly TimedOp[], options: TimingOptions): Map<string, Timing> {
  const iterations = ops.map((o) => options.fixedIterations ?? calibrate(o.op, options));
  if (options.fixedIterations !== undefined) for (const o of ops) loop(o.op, options.fixedIterations);
  const samples = ops.map((): number[] => []);
  for (let run = 0; run < options.runs; run++) {
    ops.forEach((o, i) => {
      const n = iterations[i]!;
      const start = process.hrtime.bigint();
      loop(o.op, n);
      samples[i]!.push(Number(process.hrtime.bigint() - start) / n);
    });
  }
  return new Map(ops.map((o, i) => [o.id, summarise(iterations[i]!, samples[i]!)]));
}

/** Median and range of the run-by-run ratios `numerator[k] / min(denominators[k])`. */
export function pairedRatio(numerator: Timing, denominators: readonly Timing[]): { median: number; min: number; max: number } {
  const ratios = numerator.samplesNs.map((value, k) => value / Math.min(...denominators.map((d) => d.samplesNs[k] ?? Number.NaN)));
  const sorted = ratios.sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

function loop(op: () => unknown, iterations: number): void {
  let last: unknown;
  for (let i = 0; i < iterations; i++) last = op();
  consume(last);
}

/** Warms up for at least `warmupMs`, then sizes N so that one run lasts about `runMs`. */
function calibrate(op: () => unknown, options: TimingOptions): number {
  let done = 0;
  let batch = 64;
  const start = process.hrtime.bigint();
  let elapsedNs = 0;
  while (elapsedNs < options.warmupMs * 1e6) {
    loop(op, batch);
    done += batch;
    batch = Math.min(batch * 2, 1 << 16);
    elapsedNs = Number(process.hrtime.bigint() - start);
  }
  const perOp = elapsedNs / done;
  return Math.max(100, Math.round((options.runMs * 1e6) / perOp));
}

export function summarise(iterations: number, samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    iterations,
    runs: samples.length,
    samplesNs: samples,
    medianNs: quantile(sorted, 0.5),
    minNs: sorted[0] ?? Number.NaN,
    maxNs: sorted[sorted.length - 1] ?? Number.NaN,
    q1Ns: quantile(sorted, 0.25),
    q3Ns: quantile(sorted, 0.75),
  };
}

/** Linear interpolation between the closest ranks of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below]!;
  const high = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return low + (high - low) * (position - below);
}
