import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CPU_LATENCY_DEVICE,
  CpuLatencyError,
  NO_CPU_LATENCY_BOUND,
  canHoldCpuLatency,
  currentCpuLatency,
  currentCpuLatencyOn,
  holdCpuLatency,
  holdCpuLatencyOn,
} from "../../runtime/session/cpu-latency.js";
import { openDescriptors } from "../fixtures/descriptors.js";

const linuxDevices = existsSync("/proc/self/fd") && existsSync("/dev/null") && existsSync("/dev/zero") && existsSync("/dev/full");

describe.skipIf(!linuxDevices)("holdCpuLatency on stand-in character devices", () => {
  it("keeps the device open until release, and closes it once", () => {
    const before = openDescriptors("/dev/null");
    const hold = holdCpuLatencyOn("/dev/null", 42);
    expect(hold).toMatchObject({ maxUs: 42, released: false });
    expect(openDescriptors("/dev/null")).toBe(before + 1);
    hold.release();
    expect(hold.released).toBe(true);
    expect(openDescriptors("/dev/null")).toBe(before);
    // A second release must not close a descriptor number the process has reused meanwhile.
    const dir = mkdtempSync(join(tmpdir(), "kraken-fix-cpu-latency-"));
    try {
      const file = join(dir, "reused");
      writeFileSync(file, "kept");
      hold.release();
      expect(readFileSync(file, "utf8")).toBe("kept");
      expect(openDescriptors("/dev/null")).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("withdraws nothing and keeps no descriptor when the device refuses the write", () => {
    const before = openDescriptors("/dev/full");
    expect(() => holdCpuLatencyOn("/dev/full", 0)).toThrow("cannot write to /dev/full (ENOSPC)");
    expect(openDescriptors("/dev/full")).toBe(before);
  });

  it("reads the bound as one s32", () => {
    expect(currentCpuLatencyOn("/dev/zero")).toBe(0);
  });

  it("refuses a device that gives fewer than 4 bytes instead of returning a number made of them", () => {
    expect(() => currentCpuLatencyOn("/dev/null")).toThrow("/dev/null gave 0 bytes, not the 4 of a latency value");
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])("refuses %s µs before opening anything", (maxUs) => {
    const before = openDescriptors("/dev/null");
    expect(() => holdCpuLatencyOn("/dev/null", maxUs)).toThrow(RangeError);
    expect(openDescriptors("/dev/null")).toBe(before);
  });
});

describe("holdCpuLatency on paths that are not the device", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kraken-fix-cpu-latency-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("names the device and the reason when there is no such device, and creates nothing in its place", () => {
    const missing = join(dir, "absent");
    let thrown: unknown;
    try {
      holdCpuLatencyOn(missing, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CpuLatencyError);
    expect(thrown).toMatchObject({
      code: "ENOENT",
      device: missing,
      message: `cannot open for writing ${missing} (ENOENT): the kernel has no CPU latency QoS device here (Linux only)`,
    });
    expect(() => currentCpuLatencyOn(missing)).toThrow(`cannot open ${missing} (ENOENT)`);
    expect(existsSync(missing)).toBe(false);
  });

  it("refuses a regular file without writing to it: it would take the bytes and request nothing", () => {
    const file = join(dir, "cpu_dma_latency");
    writeFileSync(file, "hello world");
    expect(() => holdCpuLatencyOn(file, 5)).toThrow(`${file} is not a character device`);
    expect(readFileSync(file, "utf8")).toBe("hello world");
    expect(() => currentCpuLatencyOn(file)).toThrow(CpuLatencyError);
  });

  it("reports another OS refusal with its code", () => {
    expect(() => holdCpuLatencyOn(dir, 0)).toThrow(`cannot open for writing ${dir} (EISDIR)`);
  });

  it.skipIf(process.platform !== "linux")("does not wait for a FIFO's reader: the call would block the event loop", () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    // With nobody at the other end a blocking open never returns, so the attempt runs in a child that is killed
    // after 10 s instead of hanging this worker.
    const module = pathToFileURL(resolve("runtime/session/cpu-latency.ts")).href;
    const script = `const m = await import(${JSON.stringify(module)}); try { m.holdCpuLatencyOn(${JSON.stringify(fifo)}, 0); } catch (e) { console.log(e.message); }`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 10_000 });
    expect(child.signal).toBeNull();
    expect(child.stdout.trim()).toBe(`cannot open for writing ${fifo} (ENXIO)`);
  });
});

// Decided by opening the device for writing, as the bench does: root is not enough in a container whose device
// cgroup refuses it.
const deviceProblem = canHoldCpuLatency() ? undefined : "/dev/cpu_dma_latency cannot be opened for writing here (Linux, root or a udev rule)";
if (deviceProblem) console.warn(`skipping the test on the kernel's own device: ${deviceProblem}`);

describe.skipIf(deviceProblem !== undefined)("holdCpuLatency on /dev/cpu_dma_latency", () => {
  it("puts the request in force while held", () => {
    expect(currentCpuLatency()).toBeLessThanOrEqual(NO_CPU_LATENCY_BOUND);
    const hold = holdCpuLatency(1000);
    try {
      // Other processes may hold lower bounds (the bench's session mode does, in a parallel test file), so the
      // bound in force is at most ours. A request written in the wrong byte order would be a negative number, or
      // one far above 1000.
      const inForce = currentCpuLatency();
      expect(inForce).toBeGreaterThanOrEqual(0);
      expect(inForce).toBeLessThanOrEqual(1000);
    } finally {
      hold.release();
    }
    expect(hold.released).toBe(true);
  });
});

/** Root with util-linux's setpriv can run a child as `nobody`, whom the kernel's root-only device refuses. */
function canDropToNobody(): boolean {
  if (process.getuid?.() !== 0 || !existsSync(CPU_LATENCY_DEVICE)) return false;
  try {
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
    return (statSync(CPU_LATENCY_DEVICE).mode & 0o002) === 0;
  } catch {
    return false;
  }
}

describe.skipIf(!canDropToNobody())("holdCpuLatency without access to the device", () => {
  it("says that it needs root or access granted, and canHoldCpuLatency says no", () => {
    const module = pathToFileURL(resolve("runtime/session/cpu-latency.ts")).href;
    const script = `const m = await import(${JSON.stringify(module)}); try { m.holdCpuLatency(0); } catch (e) { console.log(e.code, e.message); } console.log(m.canHoldCpuLatency());`;
    const child = spawnSync(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: process.cwd(), encoding: "utf8", timeout: 20_000, env: { ...process.env, HOME: tmpdir() } },
    );
    expect(child.stdout.trim().split("\n")).toEqual([
      `EACCES cannot open for writing ${CPU_LATENCY_DEVICE} (EACCES): it needs root, or access granted to the device (e.g. a udev rule)`,
      "false",
    ]);
  });
});
