/**
 * bench/cpu-latency.ts: the session mode that holds CPU wake-up latency at 0 µs, and how a label reports a bound
 * the bench did not set.
 */
import { describe, expect, it } from "vitest";
import { describeCpuLatency, withCpuLatencyHeld } from "../../bench/cpu-latency.js";
import { CPU_LATENCY_DEVICE, NO_CPU_LATENCY_BOUND, canHoldCpuLatency } from "../../runtime/session/cpu-latency.js";
import { openDescriptors } from "../fixtures/descriptors.js";

const heldDescriptors = () => openDescriptors(CPU_LATENCY_DEVICE);

describe("describeCpuLatency", () => {
  it("names the bench's own bound, a bound set outside the bench, and nothing otherwise", () => {
    expect(describeCpuLatency(0, true)).toBe(", CPU latency held at 0 µs");
    expect(describeCpuLatency(50, false)).toBe(", CPU latency bound 50 µs in force (not the bench's)");
    expect(describeCpuLatency(0, false)).toBe(", CPU latency bound 0 µs in force (not the bench's)");
    expect(describeCpuLatency(NO_CPU_LATENCY_BOUND, false)).toBe("");
    expect(describeCpuLatency(null, false)).toBe("");
  });
});

const holdable = canHoldCpuLatency();

describe("withCpuLatencyHeld", () => {
  it.runIf(holdable)("holds the request for the measurement only, also when it throws", async () => {
    const before = heldDescriptors();
    expect(await withCpuLatencyHeld(async () => heldDescriptors())).toBe(before + 1);
    await expect(withCpuLatencyHeld(() => Promise.reject(new Error("measurement failed")))).rejects.toThrow("measurement failed");
    expect(heldDescriptors()).toBe(before);
  });

  it.runIf(!holdable)("skips the measurement where the device cannot be written", async () => {
    let ran = false;
    expect(await withCpuLatencyHeld(async () => (ran = true))).toBeUndefined();
    expect(ran).toBe(false);
  });
});
