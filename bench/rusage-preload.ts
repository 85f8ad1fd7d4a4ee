/**
 * Preloaded (`node --import`) into a command the bench runs as a child process, to learn that process's own peak
 * RSS and CPU time without changing the command: Node has no getrusage(RUSAGE_CHILDREN), `/usr/bin/time` is not
 * everywhere, and polling /proc/<pid>/status can miss the peak just before exit. On exit this writes the
 * process's resourceUsage() (maxRSS in kilobytes on Linux and macOS) and the time since the preload ran to the
 * file named by BENCH_RUSAGE_FILE.
 */
import { writeFileSync } from "node:fs";

const file = process.env["BENCH_RUSAGE_FILE"];
if (!file) throw new Error("rusage-preload needs BENCH_RUSAGE_FILE");
const loadedAt = process.hrtime.bigint();
process.on("exit", () => {
  const usage = process.resourceUsage();
  const seconds = Number(process.hrtime.bigint() - loadedAt) / 1e9;
  writeFileSync(file, JSON.stringify({ peakRssBytes: usage.maxRSS * 1024, cpuUserUs: usage.userCPUTime, cpuSystemUs: usage.systemCPUTime, seconds }));
});
