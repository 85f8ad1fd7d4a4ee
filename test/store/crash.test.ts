/**
 * Kill -9 test: a child process appends to a FileStore and reports each acknowledged append; we SIGKILL it at
 * seeded points, reopen the store and check that nothing acknowledged was lost and no MsgSeqNum is ever reused.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore } from "../../runtime/store/file-store.js";
import { crashTestMessage } from "./fixtures/crash-message.js";

const directory = await mkdtemp(join(tmpdir(), "kfx-crash-"));
afterAll(() => rm(directory, { recursive: true, force: true }));
const child = fileURLToPath(new URL("./fixtures/append-child.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** mulberry32: small seeded PRNG so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the child until it has acknowledged `acks` appends, SIGKILLs it, returns what it reported. */
function runAndKill(path: string, policy: string, acks: number): Promise<{ opened: number; acked: number[] }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, path, policy], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const acked: number[] = [];
    let opened = 0;
    let pending = "";
    let stderr = "";
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`child did not reach ${acks} acks in time; stderr: ${stderr}`));
    }, 15_000);
    proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString("latin1");
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        const [word, value] = line.split(" ");
        if (word === "open") opened = Number(value);
        else if (word === "ack") acked.push(Number(value));
      }
      if (acked.length >= acks && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    });
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`child exited with ${code}/${signal}; stderr: ${stderr}`));
      else resolve({ opened, acked });
    });
  });
}

describe("FileStore under SIGKILL", () => {
  it("loses no acknowledged message and never reuses a MsgSeqNum", { timeout: 30_000 }, async () => {
    const seed = 20250303;
    const random = prng(seed);
    const path = join(directory, "crash.store");
    const policies = ["none", "always", "batch", "none", "batch", "always"];
    let highestAcked = 0;
    for (const [round, policy] of policies.entries()) {
      const killAfter = 1 + Math.floor(random() * 400);
      const { opened, acked } = await runAndKill(path, policy, killAfter);
      const context = `seed ${seed}, round ${round} (${policy}, kill after ${killAfter} acks)`;
      // The child continued strictly after everything acknowledged before.
      expect(opened, context).toBeGreaterThan(highestAcked);
      expect(acked[0], context).toBe(opened);
      expect(acked.length, context).toBeGreaterThanOrEqual(killAfter);
      highestAcked = acked.at(-1)!;

      const store = await FileStore.open(path, { fsync: "none" });
      expect(store.nextSenderSeqNum, context).toBeGreaterThan(highestAcked);
      const stored = await store.getRange(1, 0);
      // Every MsgSeqNum from 1 up to the store's last is present exactly once with the bytes that were written.
      expect(
        stored.map((m) => m.seqNum),
        context,
      ).toEqual(Array.from({ length: store.nextSenderSeqNum - 1 }, (_, i) => i + 1));
      for (const m of stored) {
        if (!m.message.equals(crashTestMessage(m.seqNum)))
          throw new Error(`${context}: MsgSeqNum ${m.seqNum} has wrong bytes`);
      }
      await store.close();
    }
  });
});
