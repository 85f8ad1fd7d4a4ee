/**
 * Runs the benchmark script in a child process with a tiny N and checks what it prints and writes. No timing is
 * asserted: on a shared machine numbers vary, and a smoke run's numbers mean nothing anyway.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CASE_LABELS } from "../../bench/case-ids.js";
import type { CaseId } from "../../bench/case-ids.js";
import { parseBenchOptions } from "../../bench/options.js";
import { RATIOS } from "../../bench/ratios.js";

const run = promisify(execFile);
const resultsDir = mkdtempSync(join(tmpdir(), "kraken-fix-bench-smoke-"));

afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

function bench(...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], { timeout: 110_000, maxBuffer: 8 << 20 });
}

interface CaseJson {
  id: CaseId;
  message: string;
  runs: number;
  iterations: number;
  samplesNs: number[];
  medianNs: number;
  minNs: number;
  maxNs: number;
  q1Ns: number;
  q3Ns: number;
}

interface FindingJson {
  contender: string;
  subject: string;
  roundTrip: { missing: string[]; added: string[]; changed: string[] } | null;
  framing: { bodyLengthOk: boolean; checkSumOk: boolean } | null;
}

describe("npm run bench --quick", () => {
  it("prints every table and writes a complete JSON report", async () => {
    const { stdout } = await bench("--quick", `--results-dir=${resultsDir}`);

    for (const heading of ["ns/message: median", "ratio, run by run", "bytes written by encode", "stream validation", "same bytes, decode → encode", "not measured:"]) {
      expect(stdout).toContain(heading);
    }
    for (const label of Object.values(CASE_LABELS)) expect(stdout).toContain(label);

    const file = /^results: (.+\.json)$/m.exec(stdout)?.[1];
    expect(file).toBeDefined();
    const path = resolve(file!);
    expect(path.startsWith(resultsDir)).toBe(true);
    expect(existsSync(path)).toBe(true);
    const report = JSON.parse(readFileSync(path, "utf8")) as {
      schema: string;
      quick: boolean;
      messages: { id: string; bytes: number; fields: number }[];
      cases: CaseJson[];
      ratios: { id: string; message: string; value: number; min: number; max: number; met: boolean | null; target: unknown }[];
      stream: { messages: number; invalid: number; garbage: number; peakRssBytes: number; mbPerSecond: number } | null;
      correctness: FindingJson[];
      notMeasured: { what: string; why: string }[];
    };

    expect(report.schema).toBe("kraken-fix-bench/1");
    expect(report.quick).toBe(true);
    expect(report.messages.map((m) => m.id)).toEqual(["nos", "er", "mdX"]);

    const caseIds = Object.keys(CASE_LABELS) as CaseId[];
    expect(report.cases).toHaveLength(caseIds.length * report.messages.length);
    for (const message of report.messages) {
      for (const id of caseIds) {
        const result = report.cases.find((c) => c.id === id && c.message === message.id);
        expect(result, `${id} on ${message.id}`).toBeDefined();
        expect(result!.runs).toBe(2);
        expect(result!.samplesNs).toHaveLength(2);
        expect(result!.medianNs).toBeGreaterThan(0);
        expect(result!.minNs).toBeLessThanOrEqual(result!.medianNs);
        expect(result!.maxNs).toBeGreaterThanOrEqual(result!.medianNs);
      }
    }

    expect(report.ratios).toHaveLength(RATIOS.length * report.messages.length);
    for (const ratio of report.ratios) {
      expect(Number.isFinite(ratio.value)).toBe(true);
      expect(ratio.min).toBeLessThanOrEqual(ratio.value);
      expect(ratio.max).toBeGreaterThanOrEqual(ratio.value);
      expect(ratio.met === null).toBe(ratio.target === null);
    }

    expect(report.stream).not.toBeNull();
    expect(report.stream!.messages).toBeGreaterThan(0);
    expect(report.stream!.invalid).toBe(0);
    expect(report.stream!.garbage).toBe(0);
    expect(report.stream!.peakRssBytes).toBeGreaterThan(0);

    // Every contender is observed on every subject; kraken-fix must give back exactly what it was given.
    const contenders = ["kraken-fix", "jspurefix", "fixparser"];
    const subjects = [...new Set(report.correctness.map((f) => f.subject))];
    expect(subjects).toEqual(expect.arrayContaining(["nos", "er", "mdX"]));
    expect(report.correctness).toHaveLength(subjects.length * contenders.length);
    for (const finding of report.correctness.filter((f) => f.contender === "kraken-fix")) {
      expect(finding.roundTrip, finding.subject).toEqual({ missing: [], added: [], changed: [] });
      expect(finding.framing, finding.subject).toMatchObject({ bodyLengthOk: true, checkSumOk: true });
    }

    expect(report.notMeasured.map((n) => n.what)).toContain("session loopback throughput");
  }, 120_000);

});

describe("bench options", () => {
  it("defaults to 15 runs and a 200 MB stream, and --quick to a fixed tiny N", () => {
    expect(parseBenchOptions([], {})).toMatchObject({ quick: false, timing: { runs: 15, runMs: 50 }, streamMb: 200 });
    expect(parseBenchOptions(["--quick"], {})).toMatchObject({ quick: true, timing: { runs: 2, fixedIterations: 20 }, streamMb: 1 });
    expect(parseBenchOptions([], { BENCH_QUICK: "1" }).quick).toBe(true);
    expect(parseBenchOptions(["--stream-mb=0"], {}).streamMb).toBe(0);
  });

  it("refuses a run count of 0", () => {
    expect(() => parseBenchOptions(["--runs=0"], {})).toThrow(new RangeError("--runs must be greater than 0"));
  });

  it("refuses a negative or non-numeric size", () => {
    expect(() => parseBenchOptions(["--stream-mb=-1"], {})).toThrow(new RangeError('--stream-mb must be a non-negative number, got "-1"'));
    expect(() => parseBenchOptions(["--run-ms=fast"], {})).toThrow(new RangeError('--run-ms must be a non-negative number, got "fast"'));
    expect(() => parseBenchOptions(["--runs="], {})).toThrow(new RangeError('--runs must be a non-negative number, got ""'));
  });

  it("refuses an unknown option", () => {
    expect(() => parseBenchOptions(["--fast"], {})).toThrow("Unknown option '--fast'");
  });
});
