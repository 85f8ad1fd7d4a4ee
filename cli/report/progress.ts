/** A one-line progress bar on stderr, redrawn at most every 100 ms, only when stderr is a terminal. */
import type { LogReadProgress } from "../../runtime/log-reader/read-fix-log.js";

const WIDTH = 30;
const INTERVAL_MS = 100;

export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(progress: LogReadProgress): void {
    const now = Date.now();
    if (now - this.lastDraw < INTERVAL_MS) return;
    this.lastDraw = now;
    const mb = (progress.bytesRead / 1_048_576).toFixed(1);
    let line: string;
    if (progress.totalBytes !== undefined && progress.totalBytes > 0) {
      const ratio = Math.min(1, progress.bytesRead / progress.totalBytes);
      const filled = Math.round(ratio * WIDTH);
      line = `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${mb} MB`;
    } else {
      line = `${mb} MB`;
    }
    this.stream.write(`\r${line}  ${progress.messages} messages  ${progress.source}\x1b[K`);
    this.drawn = true;
  }

  /** Erases the bar (before a report line is printed to the same terminal, and at the end). */
  clear(): void {
    if (!this.drawn) return;
    this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}
