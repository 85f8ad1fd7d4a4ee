import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CPU_LATENCY_DEVICE, CpuLatencyError, currentCpuLatency, holdCpuLatency } from "../../runtime/session/cpu-latency.js";

function int32(bytes: Buffer): number {
  return endianness() === "LE" ? bytes.readInt32LE(0) : bytes.readInt32BE(0);
}

describe("holdCpuLatency on a stand-in file", () => {
  let dir = "";
  let device = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kraken-fix-cpu-latency-"));
    device = join(dir, "cpu_dma_latency");
    writeFileSync(device, "");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the bound as one s32 in the CPU's byte order and keeps the file open until release", () => {
    const hold = holdCpuLatency(42, device);
    const written = readFileSync(device);
    expect(written.length).toBe(4);
    expect(int32(written)).toBe(42);
    expect(hold).toMatchObject({ maxUs: 42, device, released: false });
    hold.release();
    expect(hold.released).toBe(true);
    // A second release must not close a descriptor number the process may have reused meanwhile.
    expect(() => hold.release()).not.toThrow();
  });

  it("asks for 0 µs by default", () => {
    holdCpuLatency(undefined, device).release();
    expect(int32(readFileSync(device))).toBe(0);
  });

  it("reads back the value in force", () => {
    const value = Buffer.alloc(4);
    if (endianness() === "LE") value.writeInt32LE(2_000_000_000);
    else value.writeInt32BE(2_000_000_000);
    writeFileSync(device, value);
    expect(currentCpuLatency(device)).toBe(2_000_000_000);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])("refuses %s µs before touching the device", (maxUs) => {
    expect(() => holdCpuLatency(maxUs, device)).toThrow(RangeError);
    expect(readFileSync(device).length).toBe(0);
  });

  it("names the device and the reason when there is no such device", () => {
    const missing = join(dir, "absent");
    const attempt = () => holdCpuLatency(0, missing);
    expect(attempt).toThrow(CpuLatencyError);
    expect(attempt).toThrow(`cannot open for writing ${missing} (ENOENT): the kernel has no CPU latency QoS device here (Linux only)`);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: "ENOENT", device: missing });
    }
    expect(() => currentCpuLatency(missing)).toThrow(`cannot open ${missing} (ENOENT)`);
    // Nothing was created in the device's place.
    expect(() => accessSync(missing)).toThrow();
  });

  it("reports a device that cannot be opened for another reason with the OS code", () => {
    expect(() => holdCpuLatency(0, dir)).toThrow(`cannot open for writing ${dir} (EISDIR)`);
  });

  it("refuses a short value instead of returning a number made of fewer bytes", () => {
    writeFileSync(device, Buffer.from([1, 2]));
    expect(() => currentCpuLatency(device)).toThrow(`${device} gave 2 bytes, not the 4 of a latency value`);
  });
});

/** The kernel's own device: writable by root, or by whoever a udev rule lets. */
function kernelDeviceWritable(): boolean {
  try {
    accessSync(CPU_LATENCY_DEVICE, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const deviceProblem = kernelDeviceWritable() ? undefined : `${CPU_LATENCY_DEVICE} is not readable and writable here (Linux, root or a udev rule)`;
if (deviceProblem) console.warn(`skipping the test on the kernel's own device: ${deviceProblem}`);

describe.skipIf(deviceProblem !== undefined)(`holdCpuLatency on ${CPU_LATENCY_DEVICE}`, () => {
  it("puts the request in force while held and withdraws it on release", () => {
    const before = currentCpuLatency();
    const hold = holdCpuLatency(0);
    try {
      expect(currentCpuLatency()).toBe(0);
    } finally {
      hold.release();
    }
    // Another process may hold a request of its own; ours is gone unless the value was already 0.
    if (before > 0) expect(currentCpuLatency()).toBeGreaterThan(0);
  });
});
