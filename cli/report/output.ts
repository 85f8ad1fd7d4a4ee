/** Line output that waits when the consumer is slow, so a long report never piles up in memory. */
import { once } from "node:events";

export class LineWriter {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  async line(text: string): Promise<void> {
    if (!this.stream.write(`${text}\n`)) await once(this.stream, "drain");
  }
}
