/** A MessageStore that lives and dies with the process: for tests, simulators and market-data sessions. */
import { checkSeqNum, SeqBook, StoreError } from "./message-store.js";
import type { MessageStore, StoredMessage } from "./message-store.js";

export class MemoryStore implements MessageStore {
  private readonly book: SeqBook<Buffer>;
  private closed = false;

  constructor(private readonly now: () => number = Date.now) {
    this.book = new SeqBook(now());
  }

  get nextSenderSeqNum(): number {
    return this.book.nextSender;
  }
  get nextTargetSeqNum(): number {
    return this.book.nextTarget;
  }
  get creationTime(): number {
    return this.book.creationTime;
  }

  async append(seqNum: number, message: Buffer): Promise<void> {
    this.checkOpen();
    this.book.checkAppend(seqNum);
    // Copy: the caller may reuse its encode buffer.
    this.book.recordSent(seqNum, Buffer.from(message));
  }

  async setNextSenderSeqNum(seqNum: number): Promise<void> {
    this.checkOpen();
    this.book.nextSender = checkSeqNum("setNextSenderSeqNum", seqNum);
  }

  async setNextTargetSeqNum(seqNum: number): Promise<void> {
    this.checkOpen();
    this.book.nextTarget = checkSeqNum("setNextTargetSeqNum", seqNum);
  }

  async getRange(begin: number, end: number): Promise<StoredMessage[]> {
    this.checkOpen();
    return this.book.range(begin, end).map(([seqNum, message]) => ({ seqNum, message }));
  }

  async reset(): Promise<void> {
    this.checkOpen();
    this.book.reset(this.now());
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError("Closed", "the message store is closed");
  }
}
