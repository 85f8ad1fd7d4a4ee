/**
 * A durable MessageStore: one append-only file per session (format in record-format.ts).
 *
 * Durability (`fsync` option):
 * - "none":   append resolves after write(2). The bytes are in the OS page cache, so they survive the process
 *             being killed (even SIGKILL) but not a power cut or kernel crash.
 * - "always": append resolves after write(2) and fdatasync(2) — survives power loss. Appends that arrive while a
 *             sync is in flight are written and synced together (group commit), so throughput stays reasonable.
 * - { everyMs, everyRecords }: append resolves after write(2); fdatasync runs once that many records are
 *             unsynced or that much time has passed. A power cut can lose at most that window.
 * Default: "none", as issue 4 asks (the default survives a process kill; fsync per message or per batch survives
 * a machine crash). Choose "always" or a batch policy when the machine itself may die mid-session.
 *
 * Recovery on open: records are replayed to rebuild the sequence numbers and the MsgSeqNum → file offset index.
 * A torn last record (the process or machine died mid-write: the file ends inside a record, or the tail is
 * zeros) is cut off; a bad record followed by good data is corruption and opening fails rather than silently
 * dropping messages. Only one process may use a store file at a time (not enforced).
 */
import { writeSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { checkSeqNum, SeqBook, StoreError } from "./message-store.js";
import type { MessageStore, StoredMessage } from "./message-store.js";
import {
  createdRecord,
  decodeRecord,
  MAGIC,
  payloadLength,
  RECORD_HEADER,
  RecordKind,
  SENT_MESSAGE_OFFSET,
  sentRecord,
  seqRecord,
} from "./record-format.js";
import type { StoreRecord } from "./record-format.js";

export type FsyncPolicy = "none" | "always" | { readonly everyMs: number; readonly everyRecords: number };

export interface FileStoreOptions {
  readonly fsync?: FsyncPolicy;
  /** Clock for creationTime; default Date.now. */
  readonly now?: () => number;
}

/** What open() found. */
export interface RecoveryReport {
  readonly records: number;
  /** Bytes of a torn last record that were cut off (0 after a clean shutdown). */
  readonly truncatedBytes: number;
}

interface Location {
  readonly offset: number;
  readonly length: number;
}

interface Deferred<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

type Operation =
  | { readonly kind: "write"; readonly at: number; readonly record: Buffer; readonly done: Deferred<void> }
  | { readonly kind: "read"; readonly entries: Array<[number, Location]>; readonly done: Deferred<StoredMessage[]> }
  | { readonly kind: "reset"; readonly time: number; readonly done: Deferred<void> }
  | { readonly kind: "sync" }
  | { readonly kind: "close"; readonly done: Deferred<void> };

const READ_CHUNK = 1 << 20;

export class FileStore implements MessageStore {
  private readonly ops: Operation[] = [];
  private running = false;
  private closing = false;
  private closed: Promise<void> | undefined;
  private failure: StoreError | undefined;
  /** File offset where the next queued record will land. */
  private end: number;
  private unsynced = 0;
  private syncTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private readonly book: SeqBook<Location>,
    end: number,
    /** The durability policy in force (options.fsync, or the default "none"). */
    readonly fsync: FsyncPolicy,
    private readonly now: () => number,
    readonly recovery: RecoveryReport,
  ) {
    this.end = end;
  }

  /** Opens (creating if missing) the store file at `path` and recovers its state. */
  static async open(path: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const fsync = checkFsyncPolicy(options.fsync ?? "none");
    const now = options.now ?? Date.now;
    let handle: FileHandle;
    try {
      handle = await open(path, "r+");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      await createFile(path, now(), fsync !== "none");
      handle = await open(path, "r+");
    }
    try {
      const size = (await handle.stat()).size;
      const { book, validEnd, records } = await recover(path, handle, size);
      if (validEnd < size) {
        await handle.truncate(validEnd);
        await handle.sync();
      }
      return new FileStore(path, handle, book, validEnd, fsync, now, { records, truncatedBytes: size - validEnd });
    } catch (error) {
      await handle.close();
      throw error;
    }
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

  append(seqNum: number, message: Buffer): Promise<void> {
    return this.guard(() => {
      this.book.checkAppend(seqNum);
      this.book.recordSent(seqNum, { offset: this.end + SENT_MESSAGE_OFFSET, length: message.length });
      return this.write(sentRecord(seqNum, message));
    });
  }

  setNextSenderSeqNum(seqNum: number): Promise<void> {
    return this.guard(() => {
      this.book.nextSender = checkSeqNum("setNextSenderSeqNum", seqNum);
      return this.write(seqRecord(RecordKind.NextSender, seqNum));
    });
  }

  setNextTargetSeqNum(seqNum: number): Promise<void> {
    return this.guard(() => {
      this.book.nextTarget = checkSeqNum("setNextTargetSeqNum", seqNum);
      return this.write(seqRecord(RecordKind.NextTarget, seqNum));
    });
  }

  getRange(begin: number, end: number): Promise<StoredMessage[]> {
    return this.guard(() => {
      const entries = this.book.range(begin, end);
      // Queued behind pending writes, so every message in the range is on disk when it is read.
      return new Promise<StoredMessage[]>((resolve, reject) =>
        this.enqueue({ kind: "read", entries, done: { resolve, reject } }),
      );
    });
  }

  reset(): Promise<void> {
    return this.guard(() => {
      const time = this.now();
      this.book.reset(time);
      this.end = MAGIC.length + createdRecord(time).length;
      return new Promise<void>((resolve, reject) => this.enqueue({ kind: "reset", time, done: { resolve, reject } }));
    });
  }

  /**
   * Writes out everything queued, syncs (unless fsync is "none") and closes the file. After a write failure it
   * only releases the file (the failure was already reported to the operations it hit).
   */
  close(): Promise<void> {
    this.closed ??= this.failure
      ? this.handle.close().catch(() => undefined)
      : this.guard(
          () => new Promise<void>((resolve, reject) => this.enqueue({ kind: "close", done: { resolve, reject } })),
        );
    this.closing = true;
    return this.closed;
  }

  /** Runs `start` unless the store is closed or failed; turns synchronous throws into rejections. */
  private guard<T>(start: () => Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new StoreError("Closed", `the message store ${this.path} is closed`));
    try {
      return start();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private write(record: Buffer): Promise<void> {
    const at = this.end;
    this.end += record.length;
    return new Promise<void>((resolve, reject) =>
      this.enqueue({ kind: "write", at, record, done: { resolve, reject } }),
    );
  }

  private enqueue(op: Operation): void {
    this.ops.push(op);
    if (!this.running) {
      this.running = true;
      // Started after the current turn, so that the records of one turn (a message and the sequence numbers it
      // moves) share one write(2) and, under "always", one fdatasync.
      process.nextTick(() => void this.run());
    }
  }

  /** The single writer: performs queued operations in order, batching consecutive writes into one write(2). */
  private async run(): Promise<void> {
    let current: Operation | undefined;
    try {
      for (let op = this.ops[0]; op !== undefined; op = this.ops[0]) {
        current = op;
        if (op.kind === "write") await this.writeBatch();
        else {
          this.ops.shift();
          if (op.kind === "read") op.done.resolve(await this.read(op.entries));
          else if (op.kind === "reset") await this.swapForFreshFile(op.time, op.done);
          else if (op.kind === "sync") await this.syncNow();
          else await this.closeNow(op.done);
        }
      }
    } catch (error) {
      const failure = this.fail(error);
      // Settling an already-settled promise is a no-op, so this only reaches an operation still waiting.
      if (current && "done" in current) current.done.reject(failure);
    } finally {
      this.running = false;
    }
  }

  private async writeBatch(): Promise<void> {
    const batch: Array<Extract<Operation, { kind: "write" }>> = [];
    while (this.ops[0]?.kind === "write") batch.push(this.ops.shift() as Extract<Operation, { kind: "write" }>);
    const bytes = batch.length === 1 ? batch[0]!.record : Buffer.concat(batch.map((op) => op.record));
    try {
      writeFully(this.handle, bytes, batch[0]!.at);
      this.unsynced += batch.length;
      if (this.fsync === "always") await this.syncNow();
    } catch (error) {
      for (const op of batch) op.done.reject(this.fail(error));
      throw error;
    }
    for (const op of batch) op.done.resolve();
    if (typeof this.fsync === "object") {
      if (this.unsynced >= this.fsync.everyRecords) await this.syncNow();
      else if (this.syncTimer === undefined) {
        this.syncTimer = setTimeout(() => {
          this.syncTimer = undefined;
          if (!this.closing && !this.failure) this.enqueue({ kind: "sync" });
        }, this.fsync.everyMs).unref();
      }
    }
  }

  private async syncNow(): Promise<void> {
    if (this.unsynced === 0) return;
    this.unsynced = 0;
    await this.handle.datasync();
  }

  private async read(entries: Array<[number, Location]>): Promise<StoredMessage[]> {
    const messages: StoredMessage[] = [];
    for (const [seqNum, { offset, length }] of entries) {
      const message = Buffer.allocUnsafe(length);
      await readFully(this.handle, message, offset);
      messages.push({ seqNum, message });
    }
    return messages;
  }

  /** Replaces the file by a fresh one atomically: a crash leaves either the old day or the new one. */
  private async swapForFreshFile(time: number, done: Deferred<void>): Promise<void> {
    await createFile(this.path, time, this.fsync !== "none");
    const old = this.handle;
    this.handle = await open(this.path, "r+");
    this.unsynced = 0;
    await old.close();
    done.resolve();
  }

  private async closeNow(done: Deferred<void>): Promise<void> {
    clearTimeout(this.syncTimer);
    if (this.fsync !== "none") await this.syncNow();
    await this.handle.close();
    done.resolve();
  }

  /** After a failed write the file's tail is unknown: refuse everything from now on (the session must stop). */
  private fail(error: unknown): StoreError {
    if (!this.failure) {
      const reason = error instanceof Error ? error.message : String(error);
      this.failure = new StoreError("WriteFailed", `writing the message store ${this.path} failed: ${reason}`, {
        cause: error,
      });
      clearTimeout(this.syncTimer);
      for (const op of this.ops.splice(0)) if ("done" in op) op.done.reject(this.failure);
      // close() was already called and its operation will never run: release the file here.
      if (this.closing) void this.handle.close().catch(() => undefined);
    }
    return this.failure;
  }
}

function checkFsyncPolicy(policy: FsyncPolicy): FsyncPolicy {
  if (
    typeof policy === "object" &&
    !(policy.everyMs > 0 && Number.isInteger(policy.everyRecords) && policy.everyRecords > 0)
  ) {
    throw new RangeError(
      `fsync batch policy needs everyMs > 0 and a positive integer everyRecords, got ${JSON.stringify(policy)}`,
    );
  }
  return policy;
}

/** Writes magic + creation record to a temporary file and renames it over `path`. */
async function createFile(path: string, time: number, durable: boolean): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    writeFully(handle, Buffer.concat([MAGIC, createdRecord(time)]), 0);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  if (durable) {
    // The rename itself is only durable once the directory entry is synced.
    const directory = await open(dirname(path), "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}

/**
 * write(2) on the event loop, not in the thread pool: a record is a few hundred bytes copied into the page cache
 * (microseconds), while a thread-pool round trip per write capped a session at a few thousand messages per second.
 * Only fdatasync, which waits for the disk, stays asynchronous.
 */
function writeFully(handle: FileHandle, bytes: Buffer, position: number): void {
  for (let done = 0; done < bytes.length;) done += writeSync(handle.fd, bytes, done, bytes.length - done, position + done);
}

async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  for (let done = 0; done < into.length;) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at offset ${position + done}`);
    done += bytesRead;
  }
}

/** Replays the file; returns the rebuilt state and where the valid records end. */
async function recover(
  path: string,
  handle: FileHandle,
  size: number,
): Promise<{ book: SeqBook<Location>; validEnd: number; records: number }> {
  const magic = Buffer.alloc(MAGIC.length);
  if (size >= MAGIC.length) await readFully(handle, magic, 0);
  if (!magic.equals(MAGIC)) throw new StoreError("NotAStore", `${path} is not a kraken-fix message store (bad magic)`);

  let book: SeqBook<Location> | undefined;
  let records = 0;
  const apply = (record: StoreRecord): void => {
    if (record.kind === RecordKind.Created) book = new SeqBook(record.time);
    else if (!book) throw new StoreError("Corrupt", `${path}: the first record is not the creation record`);
    else if (record.kind === RecordKind.Sent)
      book.recordSent(record.seqNum, { offset: record.messageOffset, length: record.messageLength });
    else if (record.kind === RecordKind.NextSender) book.nextSender = record.seqNum;
    else book.nextTarget = record.seqNum;
    records++;
  };

  const reader = new ChunkReader(handle, size, MAGIC.length);
  let pos = MAGIC.length;
  while (pos < size) {
    const bad = await readRecordAt(reader, pos, apply);
    if (bad === undefined) {
      pos = reader.recordEnd;
      continue;
    }
    if (bad.claimedEnd >= size || (await reader.zerosFrom(pos))) break; // torn last record: cut at pos
    throw new StoreError("Corrupt", `${path}: bad record at offset ${pos} followed by more data (${bad.reason})`);
  }
  if (!book) throw new StoreError("Corrupt", `${path}: no creation record`);
  return { book, validEnd: pos, records };
}

/** Reads and applies the record at `pos`; returns why it is not a valid record, or undefined if it is. */
async function readRecordAt(
  reader: ChunkReader,
  pos: number,
  apply: (record: StoreRecord) => void,
): Promise<{ reason: string; claimedEnd: number } | undefined> {
  if (!(await reader.fill(pos, pos + RECORD_HEADER))) return { reason: "incomplete header", claimedEnd: Infinity };
  const length = payloadLength(reader.bytes, pos - reader.start);
  if (length < 0) return { reason: "impossible length", claimedEnd: pos + RECORD_HEADER };
  const end = pos + RECORD_HEADER + length;
  if (!(await reader.fill(pos, end))) return { reason: "incomplete payload", claimedEnd: end };
  const record = decodeRecord(reader.bytes, pos - reader.start, length, reader.start);
  if (!record) return { reason: "checksum or payload mismatch", claimedEnd: end };
  apply(record);
  reader.recordEnd = end;
  return undefined;
}

/** A window over the file for sequential scanning without loading it whole. */
class ChunkReader {
  bytes = Buffer.alloc(0);
  /** File offset of bytes[0]. */
  start: number;
  recordEnd = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
    start: number,
  ) {
    this.start = start;
  }

  /** Makes bytes cover [from, to); false if the file ends before `to`. */
  async fill(from: number, to: number): Promise<boolean> {
    if (to > this.size) return false;
    if (from >= this.start && to <= this.start + this.bytes.length) return true;
    const kept = this.bytes.subarray(from - this.start);
    const readFrom = from + kept.length;
    const chunk = Buffer.allocUnsafe(Math.min(this.size, Math.max(to, readFrom + READ_CHUNK)) - readFrom);
    await readFully(this.handle, chunk, readFrom);
    this.bytes = Buffer.concat([kept, chunk]);
    this.start = from;
    return true;
  }

  /** Whether the file holds only zero bytes from `from` to its end (a power cut after the size grew). */
  async zerosFrom(from: number): Promise<boolean> {
    for (let at = from; at < this.size; at += READ_CHUNK) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK, this.size - at));
      await readFully(this.handle, chunk, at);
      if (chunk.some((byte) => byte !== 0)) return false;
    }
    return true;
  }
}
