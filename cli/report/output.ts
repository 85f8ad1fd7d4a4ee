/**
 * Line output that waits when the consumer is slow, so a long report never piles up in memory. When the reader
 * goes away (`kraken-fix validate big.log | head`), output stops quietly and the command still finishes with
 * its real exit code.
 */
export class LineWriter {
  private closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      this.closed = true;
      stream.emit("drain"); // release a line() waiting for room that will never come
    });
  }

  async line(text: string): Promise<void> {
    if (this.closed || this.stream.write(`${text}\n`)) return;
    await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }
}
