/**
 * Runs a measurement with the kernel asked to keep every CPU's wake-up latency at 0 µs (runtime's
 * `holdCpuLatency`, Linux's `/dev/cpu_dma_latency`): idle CPUs poll instead of halting for as long as it lasts, as
 * on a host tuned for latency (tuned's `latency-performance`). The request is withdrawn afterwards, and by the
 * kernel if this process dies first. Where the device cannot be written (not Linux, no access to it) the
 * measurement is skipped.
 */
import { CpuLatencyError, NO_CPU_LATENCY_BOUND, currentCpuLatency, holdCpuLatency } from "../runtime/session/cpu-latency.js";

/** The bound the bench holds: 0 µs, no idle state but polling. */
export const HELD_CPU_LATENCY_US = 0;

/** `measure()` with CPU wake-up latency held at 0 µs; undefined where the kernel's device cannot be written. */
export async function withCpuLatencyHeld<T>(measure: () => Promise<T>): Promise<T | undefined> {
  const hold = unlessUnavailable(() => holdCpuLatency(HELD_CPU_LATENCY_US));
  if (hold === undefined) return undefined;
  try {
    return await measure();
  } finally {
    hold.release();
  }
}

/** The bound in force now (µs; NO_CPU_LATENCY_BOUND: none), null where the device cannot be read. */
export function cpuLatencyInForce(): number | null {
  return unlessUnavailable(currentCpuLatency) ?? null;
}

/** `use()`'s result, undefined where the device cannot be used (any other error is thrown). */
function unlessUnavailable<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch (error) {
    if (error instanceof CpuLatencyError) return undefined;
    throw error;
  }
}

/** What a label says of the bound in force: nothing when there is none (or it cannot be read). */
export function describeCpuLatency(inForceUs: number | null, heldByBench: boolean): string {
  if (heldByBench) return `, CPU latency held at ${HELD_CPU_LATENCY_US} µs`;
  return inForceUs === null || inForceUs >= NO_CPU_LATENCY_BOUND ? "" : `, CPU latency bound ${inForceUs} µs in force (not the bench's)`;
}
