/**
 * Runs a measurement with this process (every thread) pinned to one CPU, so that the children it starts meanwhile
 * share that CPU with it (affinity is inherited across fork and exec). On a VM a loopback round trip between two
 * processes on different vCPUs pays for waking an idle vCPU twice; on one CPU each wake-up is a context switch.
 * Linux only, through util-linux's `taskset` (Node has no affinity API); elsewhere the measurement is skipped.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * The CPUs this process may run on (`Cpus_allowed_list`, e.g. "0-1"), or undefined where they cannot be changed:
 * no taskset, no /proc, or a container that refuses sched_setaffinity (setting the list it already has tells).
 */
export function allowedCpus(): string | undefined {
  try {
    const allowed = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync("/proc/self/status", "latin1"))?.[1];
    if (allowed !== undefined) setAffinity(allowed);
    return allowed;
  } catch {
    return undefined;
  }
}

function setAffinity(cpus: string): void {
  execFileSync("taskset", ["--all-tasks", "--pid", "--cpu-list", cpus, String(process.pid)], { stdio: "ignore" });
}

/** `measure()` with this process and its new children on the first allowed CPU; undefined without taskset. */
export async function onOneCpu<T>(measure: (cpu: number) => Promise<T>): Promise<T | undefined> {
  const allowed = allowedCpus();
  if (allowed === undefined) return undefined;
  const cpu = Number.parseInt(allowed, 10);
  try {
    // Inside the try: taskset --all-tasks can fail part way (a thread ending meanwhile) with some threads pinned.
    setAffinity(String(cpu));
    return await measure(cpu);
  } finally {
    // A failure here is reported instead of the measurement's: the rest of the bench would otherwise run pinned.
    setAffinity(allowed);
  }
}
