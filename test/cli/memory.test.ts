/**
 * ~100 MB of log generated on the fly and piped into `kraken-fix validate -`: peak resident memory (VmHWM, read
 * from /proc while the child runs) must stay under 150 MB, so the command streams instead of loading the log.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { at, fromKraken, heartbeat, message } from "./messages.js";

const TARGET_BYTES = 100 * 1024 * 1024;
const ROOT = new URL("../../", import.meta.url).pathname;

/** Heartbeats both ways and market data with a 20-entry book: MsgSeqNum and SendingTime advance correctly. */
function* chunks(): Generator<string> {
  let seq = 1;
  let written = 0;
  const entries = Array.from({ length: 20 }, (_, i) => [[269, String(i % 2)], [270, `${50000 + i}.5`], [271, "1.25"]] as const).flat();
  while (written < TARGET_BYTES) {
    const parts: string[] = [];
    for (let i = 0; i < 500; i++, seq++) {
      const time = { time: at(seq / 100) };
      parts.push(
        `${message("W", seq, [[55, "BTC/USD"], [262, "md-1"], [268, "20"], ...entries], fromKraken(time))}\n`,
        `${heartbeat(seq, time)}\n`,
      );
    }
    const chunk = parts.join("");
    written += chunk.length;
    yield chunk;
  }
}

function peakRssKb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // the process has just exited
  }
}

describe("validate memory", () => {
  it("streams 100 MB from stdin with peak RSS under 150 MB", { timeout: 300_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", "validate", "-", "--format", "ndjson"], { cwd: ROOT });
    const pid = child.pid!;
    let peakKb = 0;
    const sampler = setInterval(() => (peakKb = Math.max(peakKb, peakRssKb(pid) ?? 0)), 50);
    const killer = setTimeout(() => process.kill(pid, "SIGKILL"), 280_000);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.resume();
    const closed = once(child, "close");
    for (const chunk of chunks()) if (!child.stdin.write(chunk)) await once(child.stdin, "drain");
    child.stdin.end();
    // Read the peak just before the child exits: VmHWM only grows, and the summary line comes last.
    const [code] = (await closed) as [number | null];
    clearInterval(sampler);
    clearTimeout(killer);
    const summary = JSON.parse(output.trim().split("\n").at(-1)!) as { type: string; messages: number; errors: number };
    expect(summary).toMatchObject({ type: "summary", errors: 0 });
    expect(summary.messages).toBeGreaterThan(200_000);
    expect(code).toBe(0);
    expect(peakKb).toBeGreaterThan(0);
    console.log(`validate -: ${summary.messages} messages, peak RSS ${(peakKb / 1024).toFixed(1)} MB`);
    expect(peakKb / 1024).toBeLessThan(150);
  });
});
