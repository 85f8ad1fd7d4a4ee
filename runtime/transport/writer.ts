/**
 * Writing to a socket without unbounded buffering. socket.write never refuses data: if the peer or network is
 * slow, Node queues it in memory. MessageWriter reports back-pressure (write() returns false: wait for drain())
 * and enforces a hard cap, so a stuck connection becomes a clear error instead of a growing heap.
 */
import type { Socket } from "node:net";
import { TransportError } from "./errors.js";

export interface MessageWriterOptions {
  /** Most bytes that may wait in the socket's queue. Default 8 MiB. */
  readonly maxBufferedBytes?: number;
}

export class MessageWriter {
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly socket: Socket,
    options: MessageWriterOptions = {},
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  }

  /** Bytes accepted but not yet handed to the OS. */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  /**
   * Queues `bytes` whole, or throws without writing anything: NotWritable if the socket is closed or ending,
   * WriteQueueFull if they would take the queue above maxBufferedBytes. Returns false when the queue is above the
   * socket's high-water mark: stop producing until drain() resolves.
   */
  write(bytes: Buffer): boolean {
    if (!this.socket.writable) throw new TransportError("NotWritable", "cannot write: the connection is closed");
    const queued = this.socket.writableLength;
    if (queued + bytes.length > this.maxBufferedBytes) {
      throw new TransportError(
        "WriteQueueFull",
        `cannot write ${bytes.length} bytes: ${queued} bytes are already waiting and the limit is ${this.maxBufferedBytes} (peer not reading?)`,
      );
    }
    return this.socket.write(bytes);
  }

  /** Resolves once the queue is below the high-water mark; rejects with NotWritable if the socket closes first. */
  drain(): Promise<void> {
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.socket.off("close", onClose);
        resolve();
      };
      const onClose = (): void => {
        this.socket.off("drain", onDrain);
        reject(new TransportError("NotWritable", "the connection closed before its write queue drained"));
      };
      this.socket.once("drain", onDrain);
      this.socket.once("close", onClose);
    });
  }
}
