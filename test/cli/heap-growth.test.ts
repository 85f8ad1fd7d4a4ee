/**
 * The validate command caps V8's heap growth when the heap limit lets V8 grow by 4×, unless the user chose a
 * growth of their own; the running Node knows the flag. Each child gets an explicit heap limit, so the outcome
 * does not depend on the memory of the machine running the tests.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { limitHeapGrowth } from "../../cli/commands/heap-growth.js";
import { fromKraken, heartbeat } from "./messages.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const SPY = new URL("./v8-flags-spy.mjs", import.meta.url).pathname;
const LARGE = "--max-old-space-size=4096";
const GIB = 1024 ** 3;

function node(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [...args], { cwd: ROOT, timeout: 30_000 });
}

/** Calls limitHeapGrowth() in a fresh Node started with `nodeFlags`, so no flag is set in the test's process. */
function inChild(nodeFlags: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  const script = 'import { limitHeapGrowth } from "./cli/commands/heap-growth.ts"; console.log(limitHeapGrowth());';
  return node([...nodeFlags, "--import", "tsx", "--input-type=module", "-e", script]);
}

describe("limitHeapGrowth", () => {
  it("sets the flag under a large heap limit, and V8 accepts it (an unknown flag is reported on stderr)", async () => {
    const { stdout, stderr } = await inChild([LARGE]);
    expect(stdout).toBe("true\n");
    expect(stderr).toBe("");
  });

  it("leaves a growth the user chose on Node's command line, in each form V8 accepts", async () => {
    for (const flag of ["--heap-growing-percent=50", "--heap_growing_percent=30", "-heap-growing-percent=40"]) {
      expect((await inChild([LARGE, flag])).stdout, flag).toBe("false\n");
    }
    expect(limitHeapGrowth(["--heap-growing-percent=400"], 4 * GIB)).toBe(false);
  });

  it("does nothing below a 2 GB heap limit, where V8 grows by at most 2× anyway", async () => {
    expect((await inChild(["--max-old-space-size=1536"])).stdout).toBe("false\n");
    expect(limitHeapGrowth([], 2 * GIB - 1)).toBe(false);
  });
});

describe("the commands", () => {
  const directory = mkdtempSync(join(tmpdir(), "kraken-fix-heap-growth-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const log = join(directory, "session.log");
  writeFileSync(log, `${heartbeat(1, fromKraken())}\n`);
  const run = (command: string) => node([LARGE, "--import", SPY, "--import", "tsx", "cli/main.ts", command, log]);

  it("validate sets the flag before it reads the log", async () => {
    expect((await run("validate")).stderr).toBe("v8 flags set: --heap-growing-percent=100\n");
  });

  it("decode, which keeps nothing between messages, leaves V8 alone", async () => {
    expect((await run("decode")).stderr).toBe("");
  });
});
