/** The validate command caps V8's heap growth unless the user chose their own, and the running Node knows the flag. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { limitHeapGrowth } from "../../cli/commands/heap-growth.js";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Calls limitHeapGrowth() in a fresh Node started with `nodeFlags`, so the flag is not set in the test's process. */
async function inChild(nodeFlags: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  const script = 'import { limitHeapGrowth } from "./cli/commands/heap-growth.ts"; console.log(limitHeapGrowth());';
  return promisify(execFile)(process.execPath, [...nodeFlags, "--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, timeout: 30_000 });
}

describe("limitHeapGrowth", () => {
  it("sets the flag in a process started without one, and V8 accepts it (an unknown flag is reported on stderr)", async () => {
    const { stdout, stderr } = await inChild([]);
    expect(stdout).toBe("true\n");
    expect(stderr).toBe("");
  });

  it("leaves a growth the user chose on Node's command line, with - or _ between words", async () => {
    expect((await inChild(["--heap-growing-percent=50"])).stdout).toBe("false\n");
    expect((await inChild(["--heap_growing_percent=30"])).stdout).toBe("false\n");
    expect(limitHeapGrowth(["--heap-growing-percent=400"])).toBe(false);
  });

  it("is not fooled by other flags", async () => {
    expect((await inChild(["--max-old-space-size=512"])).stdout).toBe("true\n");
  });
});
