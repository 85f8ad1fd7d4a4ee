/** `npm start`: the demo runs end to end in a child process, and the session logs it leaves are valid FIX. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CLIENT } from "../../cli/simulator/simulator.js";

const ROOT = join(import.meta.dirname, "..", "..");
const logDirectory = mkdtempSync(join(tmpdir(), "kraken-fix-demo-"));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript entry point with tsx; killed by its PID if it outlives `timeoutMs`. */
function run(args: readonly string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: ROOT,
      env: { ...process.env, KRAKEN_FIX_DEMO_LOG_DIR: logDirectory, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
      reject(new Error(`${args.join(" ")} did not finish in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let demo: Run;
beforeAll(async () => {
  demo = await run(["examples/demo.ts"], 60_000);
}, 70_000);
afterAll(() => rmSync(logDirectory, { recursive: true, force: true }));

const messageLogs = (): string[] =>
  readdirSync(logDirectory)
    .filter((name) => name.endsWith(".messages.current.log"))
    .map((name) => join(logDirectory, name));

describe("examples/demo.ts", () => {
  it("exits 0 after the whole order life cycle, printing each step", () => {
    expect(demo.stderr).not.toMatch(/Error/);
    expect(demo.code).toBe(0);
    for (const line of [
      /^Logged on to KRAKEN-TRD with a signed Logon/m,
      /^Logged on to KRAKEN-MD$/m,
      /^SecurityList: 2 instruments/m,
      /^BTC\/USD book \(depth 10\), \d+ updates verified by checksum 5041/m,
      /^NewOrderSingle 5 BTC\/USD @ [\d.]+ → ExecutionReport New, OrderID \S+$/m,
      /^OrderCancelReplaceRequest \(35=G\) to [\d.]+ → ExecutionReport Replaced$/m,
      /^Partial fill: [\d.]+ @ [\d.]+, CumQty [\d.]+, LeavesQty [\d.]+ \(OrdStatus 1\)$/m,
      /^OrderCancelRequest → ExecutionReport Canceled/m,
      /^Placed 2 more orders; OrderMassCancelRequest \(35=q\) → 2 ExecutionReports Canceled$/m,
      /^Logged out of both sessions/m,
    ]) {
      expect(demo.stdout).toMatch(line);
    }
  });

  it("leaves trading and market-data session logs without the API secret or the Logon signature", () => {
    const logs = messageLogs();
    expect(logs.map((path) => path.slice(logDirectory.length + 1)).sort()).toEqual([
      "FIX.4.4-KRAKEN-MD-CLIENT.messages.current.log",
      "FIX.4.4-KRAKEN-TRD-CLIENT.messages.current.log",
    ]);
    const trading = readFileSync(logs.find((path) => path.includes("KRAKEN-TRD"))!, "latin1");
    expect(trading).toContain("\x01554=***\x01");
    expect(trading).not.toContain(DEMO_CLIENT.apiSecret);
    expect(trading.match(/\x01554=[^\x01]*/g)).toEqual(["\x01554=***"]);
  });

  it("`kraken-fix validate` finds no errors in the demo's session logs", async () => {
    const result = await run(["cli/main.ts", "validate", ...messageLogs(), "--format", "json"], 30_000);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      summary: { messages: number; errors: number };
      problems: { message: string; code: string; severity: string }[];
    };
    expect(report.summary.messages).toBeGreaterThan(20);
    expect(report.summary.errors).toBe(0);
    // The Logon's 554 is redacted in the log, so its integrity cannot be checked: a warning says so.
    expect(report.problems.map((p) => `${p.message} ${p.code} ${p.severity}`)).toEqual(["Logon CheckSum warning"]);
  }, 70_000);
});
