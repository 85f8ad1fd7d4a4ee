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
import { allowedCpus } from "../../bench/one-cpu.js";
import type { CaseId } from "../../bench/case-ids.js";
import { parseBenchOptions } from "../../bench/options.js";
import { RATIOS } from "../../bench/ratios.js";
import { describePolicy } from "../../bench/session-loopback.js";
import type { SessionModeResult } from "../../bench/session-loopback.js";
import { computeTargets, FLAT_RSS_FACTOR } from "../../bench/targets.js";
import type { ValidateCliRun } from "../../bench/validate-cli.js";
import { canHoldCpuLatency } from "../../runtime/session/cpu-latency.js";
import { FileStore } from "../../runtime/store/index.js";

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

interface SessionModeJson {
  mode: string;
  isDefault: boolean;
  busySpinMs: number;
  cpu: number | null;
  cpuLatencyHeld: boolean;
  cpuLatencyUs: number | null;
  fsync: unknown;
  latency: { samples: number; warmup: number; p50Us: number; p99Us: number; p999Us: number; maxUs: number };
  throughput: { executionReports: number; perSecond: number };
  acceptor: { executions: number };
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

    for (const heading of [
      "ns/message: median",
      "ratio, run by run",
      "bytes written by encode",
      "validate CLI (child process, wall clock)",
      "stream validation",
      "session loopback, acceptor store fsync",
      "issue 6 target",
      "same bytes, decode → encode",
    ]) {
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
      validateCli: { runs: { logBytes: number; messages: number; mbPerSecond: number; peakRssBytes: number; errors: number; warnings: number; findings: number }[] } | null;
      session: { modes: SessionModeJson[]; echoFloor: { samples: number; p50Us: number; p99Us: number }; echoFloorOneCpu: { samples: number } | null; echoFloorCpuLatency: { samples: number } | null } | null;
      targets: { id: string; value: number; op: string; limit: number; met: boolean }[];
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

    // The validate command, as a child process, on the generated capture at ¼, 1 and 2 times the size.
    expect(report.validateCli).not.toBeNull();
    expect(report.validateCli!.runs).toHaveLength(3);
    const [small, measured, double] = report.validateCli!.runs;
    expect(measured!.logBytes).toBeGreaterThan(small!.logBytes);
    expect(double!.logBytes).toBeGreaterThan(measured!.logBytes);
    expect(double!.messages).toBeGreaterThan(measured!.messages);
    expect(stdout).toMatch(/peak RSS [\d.]+ MB ÷ [\d.]+ MB log +\d\.\d\d×/);
    for (const run of report.validateCli!.runs) {
      expect(run).toMatchObject({ errors: 0, warnings: 0, findings: 0 });
      expect(run.peakRssBytes).toBeGreaterThan(0);
      expect(run.mbPerSecond).toBeGreaterThan(0);
    }

    // FileStore's default first, then the power-cut-safe policies; orders went through and came back as ERs.
    expect(report.session).not.toBeNull();
    // Then, where taskset can pin processes (Linux), the default once more with both processes on one CPU; last,
    // where the kernel's CPU latency device can be written, the default with idle CPUs kept out of halt.
    const pinned = allowedCpus() !== undefined;
    const held = canHoldCpuLatency();
    expect(report.session!.modes.map((m) => [m.mode, m.isDefault, m.busySpinMs, m.cpu, m.cpuLatencyHeld])).toEqual([
      ["default", true, 0, null, false],
      ["always", false, 0, null, false],
      ["batched", false, 0, null, false],
      ["spin", false, 1, null, false],
      ...(pinned ? [["one-cpu", false, 0, expect.any(Number), false]] : []),
      ...(held ? [["cpu-latency", false, 0, null, true]] : []),
    ]);
    // The bound in force is read for every mode (the device needs root: null without); the bench's own is 0 µs.
    for (const m of report.session!.modes) expect(m.cpuLatencyUs === null || Number.isInteger(m.cpuLatencyUs)).toBe(true);
    if (held) expect(report.session!.modes.at(-1)!.cpuLatencyUs).toBe(0);
    // The "default" mode ran with the policy a FileStore opened without options really has.
    const probe = await FileStore.open(join(resultsDir, "default-policy.store"));
    const defaultPolicy = probe.fsync;
    await probe.close();
    expect(report.session!.modes.map((m) => m.fsync)).toEqual([
      defaultPolicy,
      "always",
      { everyMs: 50, everyRecords: 1000 },
      defaultPolicy,
      ...(pinned ? [defaultPolicy] : []),
      ...(held ? [defaultPolicy] : []),
    ]);
    // The floor under the round trip: a bare TCP echo in a child, measured like the modes' latency.
    expect(report.session!.echoFloor.samples).toBe(50);
    expect(report.session!.echoFloor.p50Us).toBeGreaterThan(0);
    expect(report.session!.echoFloor.p99Us).toBeGreaterThanOrEqual(report.session!.echoFloor.p50Us);
    expect(stdout).toContain("floor: bare TCP echo in the child, 209 B");
    if (pinned) {
      expect(report.session!.echoFloorOneCpu!.samples).toBe(50);
      expect(stdout).toMatch(/floor: the same echo, both on CPU \d+/);
      expect(stdout).toMatch(/fsync "none" \(FileStore default\), both on CPU \d+/);
    } else expect(report.session!.echoFloorOneCpu).toBeNull();
    if (held) {
      expect(report.session!.echoFloorCpuLatency!.samples).toBe(50);
      expect(stdout).toContain("floor: the same echo, CPU latency held at 0 µs");
      expect(stdout).toContain('fsync "none" (FileStore default), CPU latency held at 0 µs');
    } else expect(report.session!.echoFloorCpuLatency).toBeNull();
    for (const mode of report.session!.modes) {
      expect(mode.latency.samples).toBe(50);
      expect(mode.latency.warmup).toBe(20);
      expect(mode.latency.p50Us).toBeGreaterThan(0);
      expect(mode.latency.p99Us).toBeGreaterThanOrEqual(mode.latency.p50Us);
      expect(mode.latency.maxUs).toBeGreaterThanOrEqual(mode.latency.p999Us);
      expect(mode.throughput.executionReports).toBeGreaterThan(0);
      expect(mode.acceptor.executions).toBeGreaterThanOrEqual(mode.latency.samples + mode.latency.warmup + mode.throughput.executionReports);
    }

    expect(report.targets.map((t) => t.id)).toEqual([
      "session-throughput",
      "round-trip-p50",
      "round-trip-p99",
      "round-trip-p50-spin",
      "round-trip-p99-spin",
      ...(held ? ["round-trip-p50-cpu-latency", "round-trip-p99-cpu-latency"] : []),
      "validate-cli-throughput",
      "validate-cli-flat-rss",
    ]);
    for (const target of report.targets) {
      expect(Number.isFinite(target.value)).toBe(true);
      expect(target.met).toBe(target.op === "<=" ? target.value <= target.limit : target.value >= target.limit);
    }

    // The lazy view is measured now: a timing row and a verdict against its target on every message.
    expect(report.notMeasured).toEqual([]);
    expect(stdout).not.toContain("not offered");
    expect(stdout).not.toContain("not measured:");
    const viewRatios = report.ratios.filter((r) => r.id === "view-vs-offsets-floor");
    expect(viewRatios.map((r) => r.message)).toEqual(["nos", "er", "mdX"]);
    for (const ratio of viewRatios) {
      expect(ratio.target).toEqual({ op: "<=", limit: 2 });
      expect(ratio.met).toBe(ratio.value <= 2);
    }
  }, 120_000);

});

describe("bench options", () => {
  it("defaults to 15 runs, a 200 MB stream and 5 s of session throughput, and --quick to a fixed tiny N", () => {
    expect(parseBenchOptions([], {})).toMatchObject({
      quick: false,
      timing: { runs: 15, runMs: 50 },
      streamMb: 200,
      session: { throughputMs: 5000, window: 200, warmupRoundTrips: 2000, latencySamples: 20_000, latencyMaxMs: 15_000 },
    });
    expect(parseBenchOptions(["--quick"], {})).toMatchObject({
      quick: true,
      timing: { runs: 2, fixedIterations: 20 },
      streamMb: 1,
      session: { throughputMs: 300, window: 50, warmupRoundTrips: 20, latencySamples: 50 },
    });
    expect(parseBenchOptions([], { BENCH_QUICK: "1" }).quick).toBe(true);
    expect(parseBenchOptions(["--stream-mb=0"], {}).streamMb).toBe(0);
    expect(parseBenchOptions(["--session-ms=0"], {}).session).toBeUndefined();
    expect(parseBenchOptions(["--session-ms=1500"], {}).session?.throughputMs).toBe(1500);
  });

  it("refuses a run count of 0", () => {
    expect(() => parseBenchOptions(["--runs=0"], {})).toThrow(new RangeError("--runs must be greater than 0"));
  });

  it("refuses a negative or non-numeric size", () => {
    expect(() => parseBenchOptions(["--stream-mb=-1"], {})).toThrow(new RangeError('--stream-mb must be a non-negative number, got "-1"'));
    expect(() => parseBenchOptions(["--run-ms=fast"], {})).toThrow(new RangeError('--run-ms must be a non-negative number, got "fast"'));
    expect(() => parseBenchOptions(["--runs="], {})).toThrow(new RangeError('--runs must be a non-negative number, got ""'));
    expect(() => parseBenchOptions(["--session-ms=-5"], {})).toThrow(new RangeError('--session-ms must be a non-negative number, got "-5"'));
  });

  it("refuses an unknown option", () => {
    expect(() => parseBenchOptions(["--fast"], {})).toThrow("Unknown option '--fast'");
  });
});

describe("issue 6 absolute targets", () => {
  const latency = { samples: 100, warmup: 10, p50Us: 100, p99Us: 500, p999Us: 900, maxUs: 1000, minUs: 50 };
  const acceptor = { executions: 1, cpuUserUs: 1, cpuSystemUs: 1, peakRssBytes: 1 };
  const mode = (id: "default" | "always" | "spin" | "one-cpu" | "cpu-latency", isDefault: boolean, perSecond: number, p50Us = latency.p50Us): SessionModeResult => ({
    mode: id,
    label: describePolicy(id === "always" ? "always" : "none"),
    fsync: id === "always" ? "always" : "none",
    isDefault,
    busySpinMs: id === "spin" ? 1 : 0,
    cpu: id === "one-cpu" ? 0 : null,
    cpuLatencyHeld: id === "cpu-latency",
    cpuLatencyUs: id === "cpu-latency" ? 0 : null,
    latency: { ...latency, p50Us },
    throughput: { window: 200, seconds: 5, executionReports: perSecond * 5, perSecond },
    acceptor,
  });
  const run = (logBytes: number, peakRssBytes: number, mbPerSecond: number): ValidateCliRun => ({
    logBytes,
    messages: 1,
    wallSeconds: 1,
    commandSeconds: 1,
    mbPerSecond,
    messagesPerSecond: 1,
    peakRssBytes,
    cpuUserUs: 1,
    cpuSystemUs: 1,
    errors: 0,
    warnings: 0,
    findings: 0,
  });

  it("takes the session targets from FileStore's default policy, limits included", () => {
    const session = { what: "", modes: [mode("always", false, 1_000), mode("default", true, 50_000)], echoFloor: latency, echoFloorOneCpu: null, echoFloorCpuLatency: null };
    const targets = computeTargets(session, undefined);
    expect(targets.map((t) => [t.id, t.value, t.met])).toEqual([
      ["session-throughput", 50_000, true],
      ["round-trip-p50", 100, true],
      ["round-trip-p99", 500, true],
    ]);
    expect(targets[0]!.source).toContain('fsync "none"');
  });

  it("judges the round trip with busySpinMs beside the default idle strategy, each on its own row", () => {
    const session = { what: "", modes: [mode("default", true, 60_000, 180), mode("spin", false, 60_000, 40)], echoFloor: latency, echoFloorOneCpu: null, echoFloorCpuLatency: null };
    expect(computeTargets(session, undefined).map((t) => [t.id, t.value, t.met])).toEqual([
      ["session-throughput", 60_000, true],
      ["round-trip-p50", 180, false],
      ["round-trip-p99", 500, true],
      ["round-trip-p50-spin", 40, true],
      ["round-trip-p99-spin", 500, true],
    ]);
  });

  it("never takes the round trip from the run with both processes on one CPU", () => {
    const session = { what: "", modes: [mode("one-cpu", false, 90_000, 60), mode("default", true, 60_000, 180)], echoFloor: latency, echoFloorOneCpu: latency, echoFloorCpuLatency: null };
    expect(computeTargets(session, undefined).map((t) => [t.id, t.value, t.met])).toEqual([
      ["session-throughput", 60_000, true],
      ["round-trip-p50", 180, false],
      ["round-trip-p99", 500, true],
    ]);
  });

  it("judges the default idle strategy with CPU latency held on rows of its own, never as the default's", () => {
    const session = { what: "", modes: [mode("default", true, 60_000, 180), mode("cpu-latency", false, 80_000, 45)], echoFloor: latency, echoFloorOneCpu: null, echoFloorCpuLatency: latency };
    const targets = computeTargets(session, undefined);
    expect(targets.map((t) => [t.id, t.value, t.met])).toEqual([
      ["session-throughput", 60_000, true],
      ["round-trip-p50", 180, false],
      ["round-trip-p99", 500, true],
      ["round-trip-p50-cpu-latency", 45, true],
      ["round-trip-p99-cpu-latency", 500, true],
    ]);
    expect(targets[3]!.label).toBe("NOS→ER round trip p50, CPU latency 0 µs");
  });

  it("misses throughput just under the limit", () => {
    const [throughput] = computeTargets({ what: "", modes: [mode("default", true, 49_999)], echoFloor: latency, echoFloorOneCpu: null, echoFloorCpuLatency: null }, undefined);
    expect(throughput).toMatchObject({ id: "session-throughput", met: false });
  });

  it("judges the validate CLI on the measured log, and memory as its peak RSS ÷ the ¼× log's", () => {
    // The 2× run is information only: a slower, larger one changes no verdict.
    const cli = { what: "", command: "", runs: [run(50e6, 100e6, 90), run(200e6, 100e6 * FLAT_RSS_FACTOR, 100), run(400e6, 300e6, 10)] };
    expect(computeTargets(undefined, cli).map((t) => [t.id, t.value, t.met])).toEqual([
      ["validate-cli-throughput", 100, true],
      ["validate-cli-flat-rss", FLAT_RSS_FACTOR, true],
    ]);
    const leaking = { ...cli, runs: [run(50e6, 100e6, 120), run(200e6, 130e6, 120), run(400e6, 130e6, 120)] };
    expect(computeTargets(undefined, leaking).find((t) => t.id === "validate-cli-flat-rss")).toMatchObject({ value: 1.3, met: false });
  });

  it("describes fsync policies as the tables show them", () => {
    expect(describePolicy("none")).toBe('fsync "none"');
    expect(describePolicy({ everyMs: 50, everyRecords: 1000 })).toBe("fsync every 1000 records or 50 ms");
  });
});
