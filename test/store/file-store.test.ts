import { appendFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore } from "../../runtime/store/file-store.js";
import type { FsyncPolicy } from "../../runtime/store/file-store.js";
import { StoreError } from "../../runtime/store/message-store.js";

const directory = await mkdtemp(join(tmpdir(), "kfx-file-store-"));
afterAll(() => rm(directory, { recursive: true, force: true }));
let count = 0;
const freshPath = () => join(directory, `s${count++}.store`);

const message = (seq: number) =>
  Buffer.from(`8=FIX.4.4\x019=9\x0135=D\x0134=${seq}\x0111=${"x".repeat(seq % 17)}\x0110=000\x01`, "latin1");

async function writeSome(path: string, sent: number, target: number, fsync: FsyncPolicy = "none"): Promise<void> {
  const store = await FileStore.open(path, { fsync, now: () => 1234 });
  for (let seq = 1; seq <= sent; seq++) await store.append(seq, message(seq));
  await store.setNextTargetSeqNum(target);
  await store.close();
}

async function openError(path: string): Promise<StoreError> {
  const error = await FileStore.open(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe("FileStore durability and recovery", () => {
  it("reopens with the same numbers, creation time and messages", async () => {
    const path = freshPath();
    await writeSome(path, 20, 7);
    const store = await FileStore.open(path);
    expect([store.nextSenderSeqNum, store.nextTargetSeqNum, store.creationTime]).toEqual([21, 7, 1234]);
    expect(store.recovery).toEqual({ records: 1 + 20 + 1, truncatedBytes: 0 });
    const all = await store.getRange(1, 0);
    expect(all.map((m) => m.seqNum)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const m of all) expect(m.message.equals(message(m.seqNum))).toBe(true);
    await store.append(21, message(21));
    await store.close();
    const again = await FileStore.open(path);
    expect(again.nextSenderSeqNum).toBe(22);
    await again.close();
  });

  it("survives reset followed by reopen", async () => {
    const path = freshPath();
    await writeSome(path, 3, 3);
    let store = await FileStore.open(path, { now: () => 5678 });
    await store.reset();
    await store.append(1, message(100));
    await store.close();
    store = await FileStore.open(path);
    expect([store.nextSenderSeqNum, store.nextTargetSeqNum, store.creationTime]).toEqual([2, 1, 5678]);
    expect((await store.getRange(1, 0)).map((m) => m.message.toString("latin1"))).toEqual([
      message(100).toString("latin1"),
    ]);
    await store.close();
  });

  it("recovers when the file is cut at every byte offset of its last record", async () => {
    const path = freshPath();
    await writeSome(path, 5, 2);
    const withoutLast = (await stat(path)).size;
    const store = await FileStore.open(path, { fsync: "none" });
    await store.append(6, message(6));
    await store.close();
    const full = await readFile(path);
    expect(full.length).toBeGreaterThan(withoutLast + 13);
    for (let cut = withoutLast; cut < full.length; cut++) {
      const copy = join(directory, "cut.store");
      await writeFile(copy, full.subarray(0, cut));
      const recovered = await FileStore.open(copy, { fsync: "none" });
      expect(recovered.recovery.truncatedBytes).toBe(cut - withoutLast);
      expect([recovered.nextSenderSeqNum, recovered.nextTargetSeqNum]).toEqual([6, 2]);
      const messages = await recovered.getRange(1, 0);
      expect(messages.map((m) => m.seqNum)).toEqual([1, 2, 3, 4, 5]);
      for (const m of messages) expect(m.message.equals(message(m.seqNum))).toBe(true);
      // The number that was being written when the "crash" hit is free again, and the file is clean.
      await recovered.append(6, message(60));
      await recovered.close();
      expect((await stat(copy)).size).toBe(full.length + message(60).length - message(6).length);
      const reopened = await FileStore.open(copy);
      expect(reopened.recovery.truncatedBytes).toBe(0);
      await reopened.close();
    }
  });

  it("cuts a last record whose checksum is wrong, or a tail of zeros", async () => {
    const path = freshPath();
    await writeSome(path, 3, 1);
    const full = await readFile(path);
    const flipped = Buffer.from(full);
    flipped[flipped.length - 1]! ^= 0xff;
    await writeFile(path, flipped);
    let store = await FileStore.open(path);
    expect(store.nextSenderSeqNum).toBe(4); // the last record was the target-number record
    expect(store.nextTargetSeqNum).toBe(1);
    expect(store.recovery.truncatedBytes).toBe(13);
    await store.close();
    await appendFile(path, Buffer.alloc(4096));
    store = await FileStore.open(path);
    expect(store.recovery.truncatedBytes).toBe(4096);
    expect(store.nextSenderSeqNum).toBe(4);
    await store.close();
  });

  it("refuses to open a file with a bad record in the middle instead of dropping messages", async () => {
    const path = freshPath();
    await writeSome(path, 3, 1);
    const bytes = await readFile(path);
    const firstSent = 8 + 17; // magic + creation record
    bytes[firstSent + 20]! ^= 0x01;
    await writeFile(path, bytes);
    const error = await openError(path);
    expect([error.code, error.message]).toEqual([
      "Corrupt",
      `${path}: bad record at offset ${firstSent} followed by more data (checksum or payload mismatch)`,
    ]);
    bytes[firstSent + 20]! ^= 0x01;
    bytes.writeUInt32LE(0x7fffffff, firstSent);
    await writeFile(path, bytes);
    expect((await openError(path)).message).toBe(
      `${path}: bad record at offset ${firstSent} followed by more data (impossible length)`,
    );
  });

  it("refuses a file that is not a store", async () => {
    const path = freshPath();
    await writeFile(path, "8=FIX.4.4\x019=5\x01");
    const error = await openError(path);
    expect([error.code, error.message]).toEqual(["NotAStore", `${path} is not a kraken-fix message store (bad magic)`]);
    await writeFile(path, "");
    expect((await openError(path)).code).toBe("NotAStore");
    await writeFile(path, "KFXSTOR1");
    expect((await openError(path)).message).toBe(`${path}: no creation record`);
  });

  it("defaults to fsync \"none\" (survives a process kill; the SIGKILL test in crash.test.ts runs with it)", async () => {
    const store = await FileStore.open(freshPath());
    expect(store.fsync).toBe("none");
    await store.close();
  });

  it("works with each fsync policy and rejects a bad batch policy", async () => {
    for (const fsync of ["none", "always", { everyMs: 5, everyRecords: 3 }] as const) {
      const path = freshPath();
      await writeSome(path, 10, 4, fsync);
      const store = await FileStore.open(path, { fsync });
      expect([store.nextSenderSeqNum, store.nextTargetSeqNum]).toEqual([11, 4]);
      // Concurrent appends are batched into one write; all must land, in order.
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(11 + i, message(11 + i))));
      await new Promise((resolve) => setTimeout(resolve, 10)); // let the batch timer fire
      expect((await store.getRange(1, 0)).length).toBe(60);
      await store.close();
    }
    await expect(FileStore.open(freshPath(), { fsync: { everyMs: 0, everyRecords: 1 } })).rejects.toThrow(
      new RangeError(
        'fsync batch policy needs everyMs > 0 and a positive integer everyRecords, got {"everyMs":0,"everyRecords":1}',
      ),
    );
  });

  it("fails every later operation after a write error instead of acknowledging", async () => {
    const path = freshPath();
    const store = await FileStore.open(path, { fsync: "none" });
    await store.append(1, message(1));
    // Pull the file out from under the store to make the next write(2) fail (EBADF).
    await (store as unknown as { handle: FileHandle }).handle.close();
    const failed = await store.append(2, message(2)).then(
      () => undefined,
      (e: unknown) => e as StoreError,
    );
    expect(failed?.code).toBe("WriteFailed");
    // The reason text is Node's ("file closed" on Node 20); the cause keeps the original error.
    expect(failed?.message.startsWith(`writing the message store ${path} failed: `)).toBe(true);
    expect(failed?.cause).toBeInstanceOf(Error);
    await expect(store.setNextTargetSeqNum(2)).rejects.toBe(failed);
    await expect(store.getRange(1, 0)).rejects.toBe(failed);
    await store.close(); // releases what is left without throwing
    await expect(store.append(2, message(2))).rejects.toBe(failed);
  });

  it("does not leave a truncated file when a torn record is cut", async () => {
    const path = freshPath();
    await writeSome(path, 2, 1);
    const size = (await stat(path)).size;
    await truncate(path, size - 3);
    const store = await FileStore.open(path);
    expect((await stat(path)).size).toBe(size - 13);
    await store.close();
  });
});
