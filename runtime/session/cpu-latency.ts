/**
 * Linux's CPU latency QoS request (`/dev/cpu_dma_latency`): while a process holds the device open with a value
 * written to it, the kernel keeps every CPU out of idle states whose exit takes longer than that many
 * microseconds. With 0 an idle CPU polls instead of halting, so a socket event wakes a sleeping event loop at
 * once. This is what the default idle strategy needs for a low round trip without spinning in the process
 * (bench/README.md, round 9: loopback NOS → ExecutionReport p50 153–164 → 42–46 µs on a 2-vCPU VM, where waking
 * a halted vCPU is what the round trip waited for); the price is idle CPUs that do not sleep, machine-wide, while
 * it is held.
 * The kernel drops the request when the file is closed, by `release()` or by the process ending in any way, so
 * nothing outlives the process. Writing needs root or write access granted to the device (a udev rule); tuned's
 * `latency-performance` profile makes the same request system-wide.
 */
import { closeSync, constants, openSync, readSync, writeSync } from "node:fs";
import { endianness } from "node:os";

export const CPU_LATENCY_DEVICE = "/dev/cpu_dma_latency";
/** The largest value the kernel accepts (an s32). */
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
  readonly device: string;
  /** Whether `release()` has been called. */
  readonly released: boolean;
  /** Withdraws the request (closes the device); later calls do nothing. */
  release(): void;
}

/**
 * Asks the kernel to keep CPU wake-up latency at or below `maxUs` (an integer, default 0) until `release()`.
 * Throws RangeError for a value the kernel cannot take and CpuLatencyError when the device cannot be written
 * (not Linux, no permission).
 */
export function holdCpuLatency(maxUs = 0, device = CPU_LATENCY_DEVICE): CpuLatencyHold {
  if (!Number.isInteger(maxUs) || maxUs < 0 || maxUs > MAX_LATENCY_US) {
    throw new RangeError(`a CPU latency must be an integer from 0 to ${MAX_LATENCY_US} µs, got ${maxUs}`);
  }
  const fd = open(device, "write");
  try {
    const value = Buffer.alloc(4);
    // The kernel reads an s32 in the CPU's own byte order.
    if (endianness() === "LE") value.writeInt32LE(maxUs);
    else value.writeInt32BE(maxUs);
    const written = writeSync(fd, value);
    if (written !== 4) throw new CpuLatencyError(undefined, device, `${device} took ${written} of the 4 bytes of the request`);
  } catch (error) {
    closeSync(fd);
    throw error instanceof CpuLatencyError ? error : deviceError(device, "write", error);
  }
  let released = false;
  return {
    maxUs,
    device,
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

/** The latency bound in force now (the smallest of all requests held on the machine), in microseconds. */
export function currentCpuLatency(device = CPU_LATENCY_DEVICE): number {
  const fd = open(device, "read");
  try {
    const value = Buffer.alloc(4);
    const read = readSync(fd, value, 0, 4, null);
    if (read !== 4) throw new CpuLatencyError(undefined, device, `${device} gave ${read} bytes, not the 4 of a latency value`);
    return endianness() === "LE" ? value.readInt32LE(0) : value.readInt32BE(0);
  } catch (error) {
    throw error instanceof CpuLatencyError ? error : deviceError(device, "read", error);
  } finally {
    closeSync(fd);
  }
}

/** Opens an existing device: never creates a file where the device is missing (`"w"` would). */
function open(device: string, mode: "read" | "write"): number {
  try {
    return openSync(device, mode === "write" ? constants.O_WRONLY : constants.O_RDONLY);
  } catch (error) {
    throw deviceError(device, mode === "write" ? "open for writing" : "open", error);
  }
}

function deviceError(device: string, action: string, error: unknown): CpuLatencyError {
  const code = (error as NodeJS.ErrnoException).code;
  const hint =
    code === "ENOENT"
      ? ": the kernel has no CPU latency QoS device here (Linux only)"
      : code === "EACCES" || code === "EPERM"
        ? ": it needs root, or write access granted to the device (e.g. a udev rule)"
        : "";
  return new CpuLatencyError(code, device, `cannot ${action} ${device} (${code ?? String(error)})${hint}`, { cause: error });
}
