/**
 * Linux's CPU latency QoS request (`/dev/cpu_dma_latency`): while a process holds the device open with a value
 * written to it, the kernel keeps every CPU out of idle states whose exit takes longer than that many
 * microseconds. With 0 an idle CPU polls instead of halting, so a socket event wakes a sleeping event loop at
 * once. This is what the default idle strategy needs for a low round trip without spinning in the process
 * (bench/README.md, round 9: loopback NOS → ExecutionReport p50 130–164 → 42–46 µs on a 2-vCPU VM, where waking
 * a halted vCPU is what the round trip waited for); the price is idle CPUs that do not sleep, machine-wide, while
 * it is held. The kernel drops the request when the file is closed, by `release()` or by the process ending in
 * any way, so nothing outlives the process. The device is root's (mode 0600) unless a udev rule grants access;
 * tuned's `latency-performance` profile makes the same request system-wide.
 */
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from "node:fs";

export const CPU_LATENCY_DEVICE = "/dev/cpu_dma_latency";
/** What the kernel reports when no request bounds the latency (its PM_QOS_CPU_LATENCY_DEFAULT_VALUE, 2,000 s). */
export const NO_CPU_LATENCY_BOUND = 2_000_000_000;
/** The largest value a request can carry (an s32). */
const MAX_LATENCY_US = 2 ** 31 - 1;

export class CpuLatencyError extends Error {
  override readonly name = "CpuLatencyError";

  constructor(
    /** The OS error code (`ENOENT`, `EACCES`, …) when the device refused, else undefined. */
    readonly code: string | undefined,
    readonly device: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface CpuLatencyHold {
  /** The requested upper bound on CPU wake-up latency, in microseconds. */
  readonly maxUs: number;
  /** Whether `release()` has been called. */
  readonly released: boolean;
  /** Withdraws the request (closes the device); later calls do nothing. */
  release(): void;
}

/**
 * Asks the kernel to keep CPU wake-up latency at or below `maxUs` (an integer, default 0) until `release()`.
 * Throws RangeError for a value the kernel cannot take and CpuLatencyError when the device cannot be written
 * (not Linux, no access to it: root or a udev rule).
 */
export function holdCpuLatency(maxUs = 0): CpuLatencyHold {
  return holdCpuLatencyOn(CPU_LATENCY_DEVICE, maxUs);
}

/**
 * The bound in force now (the smallest of all requests held on the machine; NO_CPU_LATENCY_BOUND when there is
 * none), in microseconds. Reading the device needs the same access as writing it: CpuLatencyError otherwise.
 */
export function currentCpuLatency(): number {
  return currentCpuLatencyOn(CPU_LATENCY_DEVICE);
}

/** Whether this process may hold a request: the device opens for writing (no value is written, nothing requested). */
export function canHoldCpuLatency(): boolean {
  try {
    closeSync(openDevice(CPU_LATENCY_DEVICE, constants.O_WRONLY));
    return true;
  } catch (error) {
    if (error instanceof CpuLatencyError) return false;
    throw error;
  }
}

/** `holdCpuLatency` on another device path: for tests only, the package exports the one above. */
export function holdCpuLatencyOn(device: string, maxUs: number): CpuLatencyHold {
  if (!Number.isInteger(maxUs) || maxUs < 0 || maxUs > MAX_LATENCY_US) {
    throw new RangeError(`a CPU latency must be an integer from 0 to ${MAX_LATENCY_US} µs, got ${maxUs}`);
  }
  const fd = openDevice(device, constants.O_WRONLY);
  try {
    // Exactly 4 bytes are read as an s32 in the CPU's byte order (anything else as hex text): an Int32Array's bytes.
    const written = writeSync(fd, new Int32Array([maxUs]));
    if (written !== 4) throw new CpuLatencyError(undefined, device, `${device} took ${written} of the 4 bytes of the request`);
  } catch (error) {
    closeSync(fd);
    throw error instanceof CpuLatencyError ? error : deviceError(device, "write to", error);
  }
  let released = false;
  return {
    maxUs,
    get released() {
      return released;
    },
    release() {
      if (released) return;
      released = true;
      closeSync(fd);
    },
  };
}

/** `currentCpuLatency` on another device path: for tests only. */
export function currentCpuLatencyOn(device: string): number {
  const fd = openDevice(device, constants.O_RDONLY);
  try {
    const value = new Int32Array(1);
    const read = readSync(fd, value);
    if (read !== 4) throw new CpuLatencyError(undefined, device, `${device} gave ${read} bytes, not the 4 of a latency value`);
    return value[0]!;
  } catch (error) {
    throw error instanceof CpuLatencyError ? error : deviceError(device, "read", error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens an existing character device. Never creates a file where the device is missing, never waits (a FIFO
 * would block the event loop until someone opened its other end: O_NONBLOCK makes that an ENXIO), and refuses
 * anything but a character device: a regular file would take the bytes and request nothing.
 */
function openDevice(device: string, flags: number): number {
  let fd: number;
  try {
    fd = openSync(device, flags | constants.O_NONBLOCK);
  } catch (error) {
    throw deviceError(device, flags === constants.O_RDONLY ? "open" : "open for writing", error);
  }
  if (fstatSync(fd).isCharacterDevice()) return fd;
  closeSync(fd);
  throw new CpuLatencyError(undefined, device, `${device} is not a character device: not the kernel's CPU latency QoS device`);
}

function deviceError(device: string, action: string, error: unknown): CpuLatencyError {
  const code = (error as NodeJS.ErrnoException).code;
  const hint =
    code === "ENOENT"
      ? ": the kernel has no CPU latency QoS device here (Linux only)"
      : code === "EACCES" || code === "EPERM"
        ? ": it needs root, or access granted to the device (e.g. a udev rule)"
        : "";
  return new CpuLatencyError(code, device, `cannot ${action} ${device} (${code ?? String(error)})${hint}`, { cause: error });
}
