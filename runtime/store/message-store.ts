/**
 * What a FIX session needs to persist: the next MsgSeqNum in each direction, every message it sent (to answer a
 * ResendRequest), and when the sequence was last reset (to tell whether a daily rollover has happened since).
 *
 * Write-before-send: `append` resolves once the message is recorded; the session must send only after that, so a
 * crash can never leave a message on the wire that the store does not know, and a MsgSeqNum is never reused.
 * Typical use, synchronously before any await so two sends cannot take the same number:
 *
 *   const seq = store.nextSenderSeqNum;
 *   const bytes = encode({ ...message, msgSeqNum: seq });
 *   await store.append(seq, bytes);
 *   writer.write(bytes);
 */

export interface StoredMessage {
  readonly seqNum: number;
  /** The exact bytes that were sent. */
  readonly message: Buffer;
}

export interface MessageStore {
  /** MsgSeqNum for the next message we send. */
  readonly nextSenderSeqNum: number;
  /** MsgSeqNum we expect on the next message we receive. */
  readonly nextTargetSeqNum: number;
  /** Epoch ms of the last reset (or of creation). */
  readonly creationTime: number;
  /**
   * Records a message we are about to send. `seqNum` must equal nextSenderSeqNum, which advances at once (before
   * the promise settles). Resolves when recorded to the store's durability level.
   */
  append(seqNum: number, message: Buffer): Promise<void>;
  /** After a SequenceReset we send, or to skip numbers. */
  setNextSenderSeqNum(seqNum: number): Promise<void>;
  /**
   * After each accepted incoming message, or a SequenceReset we receive. nextTargetSeqNum changes at once, and
   * the record is written in order with appends: the session does not wait for it before reading the next
   * message, relying on it reaching the store before anything sent later.
   */
  setNextTargetSeqNum(seqNum: number): Promise<void>;
  /**
   * Sent messages with begin ≤ MsgSeqNum ≤ end, ascending; end 0 means "through the last sent" (as in
   * ResendRequest EndSeqNo=0). Numbers without a stored message are simply absent (the session gap-fills them).
   */
  getRange(begin: number, end: number): Promise<StoredMessage[]>;
  /** Forgets all messages and restarts both sequences at 1 (ResetSeqNumFlag, daily rollover). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export type StoreErrorCode =
  "InvalidSeqNum" | "SeqNumOutOfOrder" | "InvalidRange" | "Closed" | "NotAStore" | "Corrupt" | "WriteFailed";

export class StoreError extends Error {
  override readonly name = "StoreError";

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The file format stores MsgSeqNum as u32; FIX allows no more in practice. */
export const MAX_SEQ_NUM = 0xffff_ffff;

export function checkSeqNum(operation: string, seqNum: number): number {
  if (!Number.isInteger(seqNum) || seqNum < 1 || seqNum > MAX_SEQ_NUM) {
    throw new StoreError("InvalidSeqNum", `${operation}: ${seqNum} is not a MsgSeqNum (1–${MAX_SEQ_NUM})`);
  }
  return seqNum;
}

/**
 * The sequence numbers and per-MsgSeqNum index both stores keep in memory. `T` is what the index holds per sent
 * message: the bytes (memory store) or their place in the file (file store).
 */
export class SeqBook<T> {
  nextSender = 1;
  nextTarget = 1;
  /** Indexed by MsgSeqNum: numbers are dense, and an array grows without the rehashing a Map does. */
  private sent: (T | undefined)[] = [];

  constructor(public creationTime: number) {}

  /** Throws unless `seqNum` is the next sender MsgSeqNum. */
  checkAppend(seqNum: number): void {
    checkSeqNum("append", seqNum);
    if (seqNum !== this.nextSender) {
      throw new StoreError(
        "SeqNumOutOfOrder",
        `append: MsgSeqNum ${seqNum} is not the next sender MsgSeqNum ${this.nextSender}`,
      );
    }
  }

  recordSent(seqNum: number, entry: T): void {
    this.sent[seqNum] = entry;
    this.nextSender = seqNum + 1;
  }

  reset(creationTime: number): void {
    this.sent = [];
    this.nextSender = 1;
    this.nextTarget = 1;
    this.creationTime = creationTime;
  }

  /** Entries for begin..end (end 0 = through the last sent), ascending. */
  range(begin: number, end: number): Array<[number, T]> {
    checkSeqNum("getRange", begin);
    if (end !== 0) checkSeqNum("getRange", end);
    if (end !== 0 && end < begin) {
      throw new StoreError(
        "InvalidRange",
        `getRange: ${begin}..${end} is not a range (end must be ≥ begin, or 0 for "through the last")`,
      );
    }
    const last = end === 0 ? this.nextSender - 1 : Math.min(end, this.nextSender - 1);
    const found: Array<[number, T]> = [];
    for (let seq = begin; seq <= last; seq++) {
      const entry = this.sent[seq];
      if (entry !== undefined) found.push([seq, entry]);
    }
    return found;
  }
}
