/**
 * Session loopback: NewOrderSingle → ExecutionReport through the real session runtime over TCP on 127.0.0.1.
 * The acceptor (bench/session-acceptor.ts, durable FileStore) runs in a child process of its own, so client and
 * server each get a core as they would in a deployment; this process is the client: an Initiator over plain TCP
 * with an in-memory store (the acceptor's durable path is what is measured).
 *
 * Per fsync policy of the acceptor's store, on a fresh child and store:
 * - latency: one order in flight, NOS sent → its ExecutionReport decoded, timed with process.hrtime.bigint(),
 *   after a warm-up; p50/p99/p99.9/max.
 * - throughput: `window` orders in flight (each ExecutionReport received sends the next order) for a fixed time;
 *   ExecutionReports received per second.
 * Every loop is bounded in count and time; the child is stopped by PID whatever happens.
 */
import { spawn } from "node:child_process";
import type { ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import * as kraken from "../generated/kraken-fix44/index.js";
import { formatUtcTimestamp } from "../runtime/codec/utc-timestamp.js";
import { FixSession, Initiator } from "../runtime/session/index.js";
import { MemoryStore } from "../runtime/store/index.js";
import type { FsyncPolicy } from "../runtime/store/index.js";
import { ACCEPTOR_COMP_ID, INITIATOR_COMP_ID } from "./session-ids.js";
import { childNodeOptions, siblingScript } from "./child-script.js";
import { cpuLatencyInForce, describeCpuLatency, withCpuLatencyHeld } from "./cpu-latency.js";
import { onOneCpu } from "./one-cpu.js";

export interface SessionMode {
  readonly id: "default" | "always" | "batched" | "spin" | "one-cpu" | "cpu-latency";
  /** Undefined: opened without the option, so FileStore's default applies (the child reports which it is). */
  readonly fsync: FsyncPolicy | undefined;
  /** The sessions' `busySpinMs` on both sides; absent: the default idle strategy (sleep until a socket event). */
  readonly busySpinMs?: number;
  /** Both processes on one CPU (bench/one-cpu.ts); skipped where affinity cannot be set. */
  readonly oneCpu?: boolean;
  /** CPU wake-up latency held at 0 µs (bench/cpu-latency.ts); skipped where the kernel's device cannot be written. */
  readonly cpuLatency?: boolean;
}

/**
 * FileStore's default first (whatever runtime/store makes it), then fdatasync per write batch ("always": group
 * commit, survives a power cut) and the bounded-loss batch policy; then the default store again with both
 * sessions keeping their event loops turning for 1 ms after each message (`busySpinMs`), the latency option; last
 * the default once more with client and acceptor pinned to one CPU, and once with the kernel keeping idle CPUs
 * out of halt (CPU latency QoS at 0 µs): both show what of the round trip is the machine waking an idle CPU.
 */
export const SESSION_MODES: readonly SessionMode[] = [
  { id: "default", fsync: undefined },
  { id: "always", fsync: "always" },
  { id: "batched", fsync: { everyMs: 50, everyRecords: 1000 } },
  { id: "spin", fsync: undefined, busySpinMs: 1 },
  { id: "one-cpu", fsync: undefined, oneCpu: true },
  { id: "cpu-latency", fsync: undefined, cpuLatency: true },
];

/** `"none"` → `fsync "none"`, `{everyMs: 50, everyRecords: 1000}` → `fsync every 1000 records or 50 ms`. */
export function describePolicy(policy: FsyncPolicy): string {
  return typeof policy === "string" ? `fsync "${policy}"` : `fsync every ${policy.everyRecords} records or ${policy.everyMs} ms`;
}

export interface SessionLoopbackOptions {
  /** Length of the sustained throughput run. */
  readonly throughputMs: number;
  /** Orders in flight during the throughput run. */
  readonly window: number;
  readonly warmupRoundTrips: number;
  readonly latencySamples: number;
  /** Time limit for warm-up plus samples; fewer samples are taken if it runs out. */
  readonly latencyMaxMs: number;
}

export interface LatencyResult {
  readonly samples: number;
  readonly warmup: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
  readonly minUs: number;
}

export interface ThroughputResult {
  readonly window: number;
  readonly seconds: number;
  readonly executionReports: number;
  readonly perSecond: number;
}

export interface SessionModeResult {
  readonly mode: SessionMode["id"];
  readonly label: string;
  /** The policy the acceptor's FileStore ran with, as the store reports it. */
  readonly fsync: FsyncPolicy;
  /** Opened without an fsync option (FileStore's default durability), sessions with the default idle strategy. */
  readonly isDefault: boolean;
  readonly busySpinMs: number;
  /** The CPU client and acceptor shared, or null when each could run on any. */
  readonly cpu: number | null;
  /** Whether the bench held CPU wake-up latency at 0 µs for the run (the cpu-latency mode). */
  readonly cpuLatencyHeld: boolean;
  /** The CPU wake-up latency bound in force as the run began (µs; NO_CPU_LATENCY_BOUND: none), null where unreadable. */
  readonly cpuLatencyUs: number | null;
  readonly latency: LatencyResult;
  readonly throughput: ThroughputResult;
  /** The acceptor child's own figures: CPU from logon to stop (latency and throughput runs), peak RSS. */
  readonly acceptor: { readonly executions: number; readonly cpuUserUs: number; readonly cpuSystemUs: number; readonly peakRssBytes: number };
}

export interface SessionLoopback {
  readonly what: string;
  readonly modes: readonly SessionModeResult[];
  /** The round trip with a bare TCP echo in the child instead of the acceptor: the floor under every mode's. */
  readonly echoFloor: LatencyResult;
  /** The same with both processes on one CPU; null where affinity cannot be set. */
  readonly echoFloorOneCpu: LatencyResult | null;
  /** The same with CPU wake-up latency held at 0 µs; null where the kernel's device cannot be written. */
  readonly echoFloorCpuLatency: LatencyResult | null;
}

const CHILD = siblingScript(import.meta.url, "./session-acceptor");
const ECHO_CHILD = siblingScript(import.meta.url, "./echo-child");
/** Longest wait for one ExecutionReport, for the child to start, for logon and for the logout. */
const STEP_TIMEOUT_MS = 20_000;

export async function measureSessionLoopback(options: SessionLoopbackOptions): Promise<SessionLoopback> {
  const modes: SessionModeResult[] = [];
  for (const mode of SESSION_MODES) {
    const result = await underConditions(mode, (conditions) => measureMode(mode, options, [], conditions));
    if (result) modes.push(result);
  }
  return {
    what: "NOS → ExecutionReport over TCP 127.0.0.1: Initiator (this process, MemoryStore) ↔ Acceptor in a child process (FileStore), minimal app acking each order",
    modes,
    echoFloor: await measureEchoFloor(options),
    echoFloorOneCpu: (await onOneCpu(() => measureEchoFloor(options))) ?? null,
    echoFloorCpuLatency: (await withCpuLatencyHeld(() => measureEchoFloor(options))) ?? null,
  };
}

/** Where a mode ran: the CPU both processes were pinned to (null: any), whether the bench held CPU latency at 0 µs. */
export interface ModeConditions {
  readonly cpu: number | null;
  readonly cpuLatencyHeld: boolean;
}

/** `measure()` under the conditions `mode` asks for; undefined where one of them cannot be had on this machine. */
export function underConditions<T>(mode: SessionMode, measure: (conditions: ModeConditions) => Promise<T>): Promise<T | undefined> {
  const held = mode.cpuLatency === true;
  const inLatencyCondition = (cpu: number | null) => (held ? withCpuLatencyHeld(() => measure({ cpu, cpuLatencyHeld: true })) : measure({ cpu, cpuLatencyHeld: false }));
  return mode.oneCpu ? onOneCpu(inLatencyCondition) : inLatencyCondition(null);
}

type Child = ChildProcessByStdio<Writable, Readable, null>;

/**
 * One mode on a fresh acceptor child and store; `childNodeArgs` (e.g. `--cpu-prof`) go to the child's node;
 * `conditions` say what the caller set up around it (`underConditions`).
 */
export async function measureMode(
  mode: SessionMode,
  options: SessionLoopbackOptions,
  childNodeArgs: readonly string[] = [],
  conditions: ModeConditions = { cpu: null, cpuLatencyHeld: false },
): Promise<SessionModeResult> {
  const { cpu, cpuLatencyHeld } = conditions;
  // Read, not assumed: tuned or another process may bound it for the whole machine, the default mode included.
  const cpuLatencyUs = cpuLatencyInForce();
  const directory = mkdtempSync(join(tmpdir(), "kraken-fix-bench-session-"));
  const policyArgument = mode.fsync === undefined ? "default" : JSON.stringify(mode.fsync);
  const busySpinMs = mode.busySpinMs ?? 0;
  const args = [...childNodeArgs, ...childNodeOptions, CHILD, join(directory, "acceptor.store"), policyArgument, String(busySpinMs)];
  const child: Child = spawn(process.execPath, args, {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = childLines(child);
  try {
    const { port, fsync } = (await within(lines.next(), STEP_TIMEOUT_MS, "the acceptor child to listen")) as { port: number; fsync: FsyncPolicy };
    const client = new OrderClient(port, busySpinMs);
    let latency: LatencyResult;
    let throughput: ThroughputResult;
    try {
      await within(client.start(), STEP_TIMEOUT_MS, "the logon");
      latency = await client.latency(options);
      throughput = await client.throughput(options);
    } finally {
      await within(client.stop(), STEP_TIMEOUT_MS, "the logout").catch(() => undefined);
    }
    signal(child, "SIGTERM");
    const acceptor = (await within(lines.next(), STEP_TIMEOUT_MS, "the acceptor child's figures")) as SessionModeResult["acceptor"];
    const defaultStore = mode.fsync === undefined;
    const spin = busySpinMs > 0 ? `, busySpinMs ${busySpinMs} both sides` : "";
    const pinned = cpu === null ? "" : `, both on CPU ${cpu}`;
    const latencyBound = describeCpuLatency(cpuLatencyUs, cpuLatencyHeld);
    const label = `${describePolicy(fsync)}${defaultStore ? " (FileStore default)" : ""}${spin}${pinned}${latencyBound}`;
    const isDefault = defaultStore && busySpinMs === 0 && cpu === null && !cpuLatencyHeld;
    return { mode: mode.id, label, fsync, isDefault, busySpinMs, cpu, cpuLatencyHeld, cpuLatencyUs, latency, throughput, acceptor };
  } finally {
    await stopChild(child);
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The client side: one initiator session that sends orders and notes when their ExecutionReports arrive. */
class OrderClient {
  private readonly session: FixSession<typeof kraken>;
  private readonly initiator: Initiator<typeof kraken>;
  private clOrdID = 0;
  /** Called for every ExecutionReport received. */
  private onReport: () => void = () => undefined;

  constructor(port: number, busySpinMs: number) {
    this.session = new FixSession({
      role: "initiator",
      protocol: kraken.protocol,
      codecs: kraken,
      senderCompID: INITIATOR_COMP_ID,
      targetCompID: ACCEPTOR_COMP_ID,
      store: new MemoryStore(),
      busySpinMs,
    });
    this.session.on("ExecutionReport", () => this.onReport());
    this.initiator = new Initiator({
      session: this.session,
      connector: { endpoints: [{ host: "127.0.0.1", port }], tls: false, maxAttempts: 3 },
      reconnect: false,
      rollover: false,
    });
  }

  start(): Promise<void> {
    return this.initiator.start();
  }

  stop(): Promise<void> {
    return this.initiator.stop();
  }

  /** One order in flight. */
  latency(options: SessionLoopbackOptions): Promise<LatencyResult> {
    return measureLatency(() => this.roundTrip(), options);
  }

  /** `window` orders in flight for `throughputMs`; counts the ExecutionReports that arrive in that time. */
  throughput(options: SessionLoopbackOptions): Promise<ThroughputResult> {
    return new Promise<ThroughputResult>((resolve, reject) => {
      const start = process.hrtime.bigint();
      const end = start + BigInt(Math.round(options.throughputMs * 1e6));
      let inFlight = 0;
      let counted = 0;
      let finished = false;
      const timer = setTimeout(() => finish(new Error(`${inFlight} ExecutionReports still missing ${STEP_TIMEOUT_MS} ms after the throughput run`)), options.throughputMs + STEP_TIMEOUT_MS);
      const finish = (error?: unknown): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        this.onReport = () => undefined;
        if (error !== undefined) reject(error);
        else resolve({ window: options.window, seconds: options.throughputMs / 1000, executionReports: counted, perSecond: counted / (options.throughputMs / 1000) });
      };
      const sendOne = (): void => {
        inFlight++;
        this.sendOrder().catch(finish);
      };
      this.onReport = () => {
        inFlight--;
        if (process.hrtime.bigint() < end) {
          counted++;
          sendOne();
        } else if (inFlight === 0) finish();
      };
      for (let i = 0; i < options.window; i++) sendOne();
    });
  }

  /** Nanoseconds from handing a NewOrderSingle to the session to its ExecutionReport having been delivered. */
  private roundTrip(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ExecutionReport within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
      const start = process.hrtime.bigint();
      this.onReport = () => {
        const elapsed = Number(process.hrtime.bigint() - start);
        clearTimeout(timer);
        this.onReport = () => undefined;
        resolve(elapsed);
      };
      this.sendOrder().catch((error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  private sendOrder(): Promise<number> {
    return this.session.send(kraken.NewOrderSingle, {
      clOrdID: String(++this.clOrdID),
      symbol: "BTC/USD",
      side: kraken.Side.Buy,
      ordType: kraken.OrdType.Limit,
      price: "84000.1",
      orderQty: "0.01",
      timeInForce: kraken.TimeInForce.GoodTillCancel,
      transactTime: formatUtcTimestamp(Date.now()),
    });
  }
}

/**
 * Round trips one at a time: warm-up, then samples, until either count or the time limit is reached; `roundTrip`
 * resolves with its nanoseconds. Percentiles are nearest-rank.
 */
async function measureLatency(roundTrip: () => Promise<number>, options: SessionLoopbackOptions): Promise<LatencyResult> {
  const deadline = performance.now() + options.latencyMaxMs;
  let warmup = 0;
  while (warmup < options.warmupRoundTrips && performance.now() < deadline) {
    await roundTrip();
    warmup++;
  }
  const samples = new Float64Array(options.latencySamples);
  let taken = 0;
  while (taken < samples.length && performance.now() < deadline) samples[taken++] = await roundTrip();
  if (taken === 0) throw new Error(`no latency sample within ${options.latencyMaxMs} ms`);
  const sorted = samples.subarray(0, taken).sort();
  const at = (q: number) => sorted[Math.min(taken - 1, Math.ceil(q * taken) - 1)]! / 1000;
  return { samples: taken, warmup, p50Us: at(0.5), p99Us: at(0.99), p999Us: at(0.999), maxUs: sorted[taken - 1]! / 1000, minUs: sorted[0]! / 1000 };
}

/** A NewOrderSingle's size on the wire, for the echo floor. */
const ECHO_BYTES = 209;

/**
 * The floor under the round trip: the same loopback TCP between this process and a child node process, with
 * nothing but an echo on the other side (`bench/echo-child.ts`) and ECHO_BYTES each way, measured like the
 * session's latency. What is left between this and the session's p50 is the two FIX engines.
 */
export async function measureEchoFloor(options: SessionLoopbackOptions): Promise<LatencyResult> {
  const child: Child = spawn(process.execPath, [...childNodeOptions, ECHO_CHILD], { stdio: ["pipe", "pipe", "inherit"] });
  try {
    const { port } = (await within(childLines(child).next(), STEP_TIMEOUT_MS, "the echo child to listen")) as { port: number };
    const socket = connect({ host: "127.0.0.1", port });
    try {
      await within(once(socket, "connect"), STEP_TIMEOUT_MS, "the echo connection");
      socket.setNoDelay(true);
      const payload = Buffer.alloc(ECHO_BYTES, 0x41);
      return await measureLatency(async () => {
        const start = process.hrtime.bigint();
        let received = 0;
        const echoed = new Promise<void>((resolve) => {
          const onData = (chunk: Buffer): void => {
            received += chunk.length;
            if (received < ECHO_BYTES) return;
            socket.off("data", onData);
            resolve();
          };
          socket.on("data", onData);
        });
        socket.write(payload);
        await within(echoed, STEP_TIMEOUT_MS, "an echo");
        return Number(process.hrtime.bigint() - start);
      }, options);
    } finally {
      socket.destroy();
    }
  } finally {
    await stopChild(child);
  }
}

/** The child's stdout as JSON lines, one `next()` per line. */
function childLines(child: Child): { next(): Promise<unknown> } {
  const iterator = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async next() {
      const line = await iterator.next();
      if (line.done) throw new Error(`the acceptor child ended (exit code ${child.exitCode ?? "none yet"}) before printing a line`);
      return JSON.parse(line.value) as unknown;
    },
  };
}

/** Ends the child by its PID: SIGTERM, then SIGKILL if it has not exited within 3 s. */
async function stopChild(child: Child): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signal(child, "SIGTERM");
  const killed = await within(exited, 3000, "the acceptor child to exit").then(
    () => false,
    () => true,
  );
  if (killed) {
    signal(child, "SIGKILL");
    await exited;
  }
}

/** Signals the child by PID; one that has exited meanwhile (ESRCH) needs nothing more. */
function signal(child: Child, name: NodeJS.Signals): void {
  try {
    process.kill(child.pid!, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
