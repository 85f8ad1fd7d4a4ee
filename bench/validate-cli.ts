/**
 * The `kraken-fix validate` command itself (the compiled cli/main.js, as the package's `kraken-fix` bin runs it, or
 * cli/main.ts through tsx when the bench itself runs through tsx),
 * as a child process on generated captures of three sizes: throughput by wall clock from spawn to exit, and the
 * child's peak RSS, read by a preloaded module (bench/rusage-preload.ts) because Node cannot ask the kernel for
 * a child's rusage. Flat memory shows as the same peak RSS at every size.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { writeValidateLog } from "./validate-log.js";
import { childNodeOptions, siblingScript } from "./child-script.js";

export interface ValidateCliRun {
  readonly logBytes: number;
  readonly messages: number;
  /** Spawn to exit, Node and tsx start-up included: what a user waits. */
  readonly wallSeconds: number;
  /** From the preload (before cli/main.ts loads) to exit. */
  readonly commandSeconds: number;
  /** Megabytes (10^6 bytes) of log per wall-clock second. */
  readonly mbPerSecond: number;
  readonly messagesPerSecond: number;
  readonly peakRssBytes: number;
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  /** From the command's own summary: must all be 0 on the generated log. */
  readonly errors: number;
  readonly warnings: number;
  readonly findings: number;
}

export interface ValidateCli {
  readonly what: string;
  readonly command: string;
  /** Smallest first: the ¼× log, the measured log (1×, `--stream-mb`), the 2× log (see `validateCliSizes`). */
  readonly runs: readonly ValidateCliRun[];
}

/**
 * The log sizes for a `--stream-mb` of `megabytes`: 1× is the measured log (throughput); ¼× is the baseline of the
 * memory-flat target (its definition since round 1); 2× shows whether the peak still grows once the collector's
 * heap has settled, which a short ¼× run does not reach (bench/README.md, round 6).
 */
export function validateCliSizes(megabytes: number): number[] {
  return [megabytes / 4, megabytes, megabytes * 2];
}

const PRELOAD = siblingScript(import.meta.url, "./rusage-preload");
const MAIN = siblingScript(import.meta.url, "../cli/main");
/** Upper bound for one run (a 200 MB log takes seconds). */
const RUN_TIMEOUT_MS = 15 * 60 * 1000;

/** One run per size, smallest first. */
export async function measureValidateCli(sizesMb: readonly number[]): Promise<ValidateCli> {
  const directory = mkdtempSync(join(tmpdir(), "kraken-fix-bench-cli-"));
  try {
    const runs: ValidateCliRun[] = [];
    for (const megabytes of sizesMb) {
      const log = join(directory, `capture-${megabytes}MB.log`);
      const written = writeValidateLog(log, megabytes);
      runs.push(await runValidate(log, written.bytes, join(directory, "rusage.json")));
      rmSync(log);
    }
    return {
      what: "the validate command as a child process: log lines in QuickFIX FileLog layout, every message through Validator (kraken profile) and the cross-log checks",
      command: `node ${childNodeOptions.join(" ")} ${relative(process.cwd(), MAIN)} validate <log> --format ndjson`.replace("  ", " "),
      runs,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function runValidate(log: string, logBytes: number, rusageFile: string): Promise<ValidateCliRun> {
  const start = process.hrtime.bigint();
  const { stdout } = await promisify(execFile)(process.execPath, [...childNodeOptions, "--import", PRELOAD, MAIN, "validate", log, "--format", "ndjson"], {
    env: { ...process.env, BENCH_RUSAGE_FILE: rusageFile },
    maxBuffer: 16 << 20,
    timeout: RUN_TIMEOUT_MS,
  });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const usage = JSON.parse(readFileSync(rusageFile, "utf8")) as { peakRssBytes: number; cpuUserUs: number; cpuSystemUs: number; seconds: number };
  const summary = JSON.parse(stdout.trimEnd().split("\n").at(-1) ?? "") as { type: string; messages: number; errors: number; warnings: number; findings: number };
  if (summary.type !== "summary") throw new Error(`validate printed no summary line: ${stdout.slice(-500)}`);
  return {
    logBytes,
    messages: summary.messages,
    wallSeconds,
    commandSeconds: usage.seconds,
    mbPerSecond: logBytes / 1e6 / wallSeconds,
    messagesPerSecond: summary.messages / wallSeconds,
    peakRssBytes: usage.peakRssBytes,
    cpuUserUs: usage.cpuUserUs,
    cpuSystemUs: usage.cpuSystemUs,
    errors: summary.errors,
    warnings: summary.warnings,
    findings: summary.findings,
  };
}
