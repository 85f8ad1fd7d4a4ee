/**
 * Appends lines to a file in the background without ever blocking or growing without bound. Lines queue in
 * memory and are written in batches; beyond `maxPendingBytes` new lines are dropped and counted, and a marker
 * line saying how many were lost is written before the next line that fits. A log must never be the reason a
 * session stalls — the message store, not the log, is the record that must not lose data.
 */
import type { FileHandle } from "node:fs/promises";

export class BoundedAppender {
  private pending: string[] = [];
  private pendingBytes = 0;
  private droppedSinceMarker = 0;
  private writing: Promise<void> | undefined;
  private failure: Error | undefined;
  /** Lines dropped because the queue was full or the file failed. */
  dropped = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly maxPendingBytes: number,
    private readonly marker: (dropped: number) => string,
    /** "latin1" for lines holding raw FIX bytes (one char per byte), "utf8" for human text. */
    private readonly encoding: "latin1" | "utf8",
  ) {}

  /** Queues a line (without newline). Returns false if it was dropped. */
  append(line: string): boolean {
    if (this.failure || this.pendingBytes + line.length + 1 > this.maxPendingBytes) {
      this.dropped++;
      this.droppedSinceMarker++;
      return false;
    }
    if (this.droppedSinceMarker > 0) {
      const marker = this.marker(this.droppedSinceMarker);
      this.droppedSinceMarker = 0;
      this.enqueue(marker);
    }
    this.enqueue(line);
    return true;
  }

  /** Resolves when every accepted line is written; rejects with the write error if the file failed. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  private enqueue(line: string): void {
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
    this.writing ??= this.writeAll();
  }

  private async writeAll(): Promise<void> {
    let inFlight: string[] = [];
    try {
      while (this.pending.length > 0) {
        inFlight = this.pending;
        this.pending = [];
        const text = inFlight.join("\n") + "\n";
        await this.handle.appendFile(text, { encoding: this.encoding });
        // Counted until written, so memory stays within the bound including the batch in flight.
        this.pendingBytes -= text.length;
        inFlight = [];
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.dropped += inFlight.length + this.pending.length;
      this.pending = [];
      this.pendingBytes = 0;
    } finally {
      this.writing = undefined;
    }
  }
}
