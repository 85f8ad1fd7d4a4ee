/**
 * Runs a measurement with the kernel asked to keep every CPU's wake-up latency at 0 µs (runtime's
 * `holdCpuLatency`, Linux's `/dev/cpu_dma_latency`): idle CPUs poll instead of halting for as long as it lasts, as
 * on a host tuned for latency (tuned's `latency-performance`). The request is withdrawn afterwards, and by the
 * kernel if this process dies first. Where the device cannot be written (not Linux, not root) the measurement
 * is skipped.
 */
import { CpuLatencyError, holdCpuLatency } from "../runtime/session/cpu-latency.js";

/** The bound the bench holds: 0 µs, no idle state but polling. */
export const HELD_CPU_LATENCY_US = 0;

/** `measure()` with CPU wake-up latency held at 0 µs; undefined where the kernel's device cannot be written. */
export async function withCpuLatencyHeld<T>(measure: () => Promise<T>): Promise<T | undefined> {
  let hold;
  try {
    hold = holdCpuLatency(HELD_CPU_LATENCY_US);
  } catch (error) {
    if (error instanceof CpuLatencyError) return undefined;
    throw error;
  }
  try {
    return await measure();
  } finally {
    hold.release();
  }
}

/** Whether this process may hold the request (tried and withdrawn at once). */
export function canHoldCpuLatency(): boolean {
  try {
    holdCpuLatency(HELD_CPU_LATENCY_US).release();
    return true;
  } catch (error) {
    if (error instanceof CpuLatencyError) return false;
    throw error;
  }
}
