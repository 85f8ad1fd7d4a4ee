import { describe, expect, it } from "vitest";
import { createMessageChannel } from "../../runtime/session/message-channel.js";

describe("createMessageChannel", () => {
  it("buffers values pushed before they are pulled, in order, and ends on return()", async () => {
    let closed = 0;
    const channel = createMessageChannel<number>({ onClose: () => closed++ });
    channel.push(1);
    channel.push(2);
    const pending = channel.iterator.next();
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await channel.iterator.next()).toEqual({ value: 2, done: false });
    const waiting = channel.iterator.next();
    channel.push(3);
    expect(await waiting).toEqual({ value: 3, done: false });
    const open = channel.iterator.next();
    await channel.iterator.return?.();
    expect(await open).toEqual({ value: undefined, done: true });
    channel.push(4);
    expect(await channel.iterator.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it("keeps order and reports size and pulls across many buffered values (queue compaction)", async () => {
    let pulls = 0;
    const channel = createMessageChannel<number>({ onClose: () => undefined, onPull: () => pulls++ });
    for (let i = 0; i < 5000; i++) channel.push(i);
    expect(channel.size).toBe(5000);
    for (let i = 0; i < 3000; i++) expect((await channel.iterator.next()).value).toBe(i);
    for (let i = 5000; i < 6000; i++) channel.push(i);
    expect(channel.size).toBe(3000);
    for (let i = 3000; i < 6000; i++) expect((await channel.iterator.next()).value).toBe(i);
    expect([channel.size, pulls]).toEqual([0, 6000]);
  });
});
