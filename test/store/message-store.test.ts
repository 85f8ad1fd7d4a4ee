/** The MessageStore contract, run against both implementations. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore } from "../../runtime/store/file-store.js";
import { MemoryStore } from "../../runtime/store/memory-store.js";
import { StoreError } from "../../runtime/store/message-store.js";
import type { MessageStore } from "../../runtime/store/message-store.js";

const directory = await mkdtemp(join(tmpdir(), "kfx-store-contract-"));
afterAll(() => rm(directory, { recursive: true, force: true }));

let fileCount = 0;
const implementations: Array<[string, (now: () => number) => Promise<MessageStore>]> = [
  ["MemoryStore", async (now) => new MemoryStore(now)],
  ["FileStore", (now) => FileStore.open(join(directory, `contract-${fileCount++}.store`), { fsync: "none", now })],
];

const message = (seq: number) => Buffer.from(`8=FIX.4.4\x019=5\x0135=0\x0134=${seq}\x0110=000\x01`, "latin1");

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe.each(implementations)("%s", (_name, create) => {
  it("starts at 1/1 and advances the sender number on append", async () => {
    const store = await create(() => 1000);
    expect([store.nextSenderSeqNum, store.nextTargetSeqNum, store.creationTime]).toEqual([1, 1, 1000]);
    const pending = store.append(1, message(1));
    expect(store.nextSenderSeqNum).toBe(2); // advances before the write settles
    await pending;
    await store.append(2, message(2));
    await store.setNextTargetSeqNum(9);
    expect([store.nextSenderSeqNum, store.nextTargetSeqNum]).toEqual([3, 9]);
    await store.close();
  });

  it("returns sent messages by range, with 0 meaning through the last", async () => {
    const store = await create(Date.now);
    for (let seq = 1; seq <= 5; seq++) await store.append(seq, message(seq));
    await store.setNextSenderSeqNum(8); // 6 and 7 skipped (e.g. gap-filled)
    await store.append(8, message(8));
    const seqs = async (b: number, e: number) => (await store.getRange(b, e)).map((m) => m.seqNum);
    expect(await seqs(2, 4)).toEqual([2, 3, 4]);
    expect(await seqs(4, 0)).toEqual([4, 5, 8]);
    expect(await seqs(6, 7)).toEqual([]);
    expect(await seqs(8, 100)).toEqual([8]);
    expect(await seqs(9, 0)).toEqual([]);
    expect((await store.getRange(3, 3))[0]!.message.equals(message(3))).toBe(true);
    await store.close();
  });

  it("keeps its own copy of the appended bytes", async () => {
    const store = await create(Date.now);
    const bytes = message(1);
    await store.append(1, bytes);
    bytes.fill(0);
    expect((await store.getRange(1, 1))[0]!.message.equals(message(1))).toBe(true);
    await store.close();
  });

  it("refuses a MsgSeqNum that is not the next one", async () => {
    const store = await create(Date.now);
    await store.append(1, message(1));
    const error = await rejection(store.append(3, message(3)));
    expect([error.code, error.message]).toEqual([
      "SeqNumOutOfOrder",
      "append: MsgSeqNum 3 is not the next sender MsgSeqNum 2",
    ]);
    expect((await rejection(store.append(1, message(1)))).message).toBe(
      "append: MsgSeqNum 1 is not the next sender MsgSeqNum 2",
    );
    expect(store.nextSenderSeqNum).toBe(2);
    await store.close();
  });

  it("refuses values that are not sequence numbers or ranges", async () => {
    const store = await create(Date.now);
    const cases: Array<[Promise<unknown>, string, string]> = [
      [store.append(0, message(0)), "InvalidSeqNum", "append: 0 is not a MsgSeqNum (1–4294967295)"],
      [store.setNextSenderSeqNum(1.5), "InvalidSeqNum", "setNextSenderSeqNum: 1.5 is not a MsgSeqNum (1–4294967295)"],
      [
        store.setNextTargetSeqNum(2 ** 32),
        "InvalidSeqNum",
        "setNextTargetSeqNum: 4294967296 is not a MsgSeqNum (1–4294967295)",
      ],
      [store.getRange(0, 5), "InvalidSeqNum", "getRange: 0 is not a MsgSeqNum (1–4294967295)"],
      [store.getRange(5, -1), "InvalidSeqNum", "getRange: -1 is not a MsgSeqNum (1–4294967295)"],
      [
        store.getRange(5, 3),
        "InvalidRange",
        'getRange: 5..3 is not a range (end must be ≥ begin, or 0 for "through the last")',
      ],
    ];
    for (const [promise, code, text] of cases) {
      const error = await rejection(promise);
      expect([error.code, error.message]).toEqual([code, text]);
    }
    expect([store.nextSenderSeqNum, store.nextTargetSeqNum]).toEqual([1, 1]);
    await store.close();
  });

  it("reset forgets messages and restarts both numbers at 1", async () => {
    let time = 1000;
    const store = await create(() => time);
    await store.append(1, message(1));
    await store.append(2, message(2));
    await store.setNextTargetSeqNum(5);
    time = 2000;
    await store.reset();
    expect([store.nextSenderSeqNum, store.nextTargetSeqNum, store.creationTime]).toEqual([1, 1, 2000]);
    expect(await store.getRange(1, 0)).toEqual([]);
    await store.append(1, message(101));
    expect((await store.getRange(1, 0))[0]!.message.equals(message(101))).toBe(true);
    await store.close();
  });

  it("refuses every operation after close", async () => {
    const store = await create(Date.now);
    await store.close();
    await store.close(); // idempotent
    for (const promise of [
      store.append(1, message(1)),
      store.getRange(1, 0),
      store.reset(),
      store.setNextTargetSeqNum(2),
    ]) {
      const error = await rejection(promise);
      expect(error.code).toBe("Closed");
      expect(error.message).toMatch(/^the message store (.+ )?is closed$/);
    }
  });
});
