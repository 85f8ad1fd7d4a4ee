/**
 * bench/one-cpu.ts pins this process and the children it starts to one CPU for the length of one measurement,
 * and gives back the CPUs it had. Needs Linux with util-linux's taskset: skipped with a message elsewhere, and in
 * CI (CI=true) a machine where affinity cannot be set fails the run.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allowedCpus, onOneCpu } from "../../bench/one-cpu.js";

const allowedList = (status: string) => /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];

function canPin(): boolean {
  if (allowedCpus() !== undefined) return true;
  const message = "cannot set CPU affinity here (no taskset from util-linux, or no /proc): the one-CPU bench measurement is skipped";
  if (process.env["CI"] === "true") throw new Error(message);
  console.warn(`skipped: ${message}`);
  return false;
}

describe.runIf(canPin())("onOneCpu", () => {
  it("runs the measurement on one CPU, a child started meanwhile too, and restores the CPUs afterwards", async () => {
    const before = allowedList(readFileSync("/proc/self/status", "latin1"));
    const seen = await onOneCpu(async (cpu) => ({
      cpu,
      self: allowedList(readFileSync("/proc/self/status", "latin1")),
      child: allowedList(execFileSync("cat", ["/proc/self/status"], { encoding: "latin1" })),
    }));
    expect(seen).toBeDefined();
    expect(seen!.cpu).toBe(Number.parseInt(before!, 10));
    expect(seen!.self).toBe(String(seen!.cpu));
    expect(seen!.child).toBe(String(seen!.cpu));
    expect(allowedList(readFileSync("/proc/self/status", "latin1"))).toBe(before);
  });

  it("restores the CPUs when the measurement fails", async () => {
    const before = allowedList(readFileSync("/proc/self/status", "latin1"));
    await expect(onOneCpu(() => Promise.reject(new Error("measurement failed")))).rejects.toThrow("measurement failed");
    expect(allowedList(readFileSync("/proc/self/status", "latin1"))).toBe(before);
  });
});
