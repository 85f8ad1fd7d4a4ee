import { describe, expect, it } from "vitest";
import { FrameReader } from "../../runtime/index.js";
import type { Frame } from "../../runtime/index.js";
import { text, wire } from "./mini-dictionary.js";
import { frame, HEADER } from "./wire-builder.js";

const m1 = frame(`35=D|${HEADER}11=ORD-1|55=BTC/USD|54=1|38=1|95=9|96=8=FIX.4.4|`);
const m2 = frame(`35=X|${HEADER}55=BTC/USD|268=1|269=0|270=1.5|`);
const m3 = frame(`35=D|${HEADER}11=ORD-3|55=ETH/USD|54=2|38=2|`);

/** Frames as short readable values: message text, or `garbage(<length>: <reason>)`. */
function describeFrames(frames: readonly Frame[]): string[] {
  return frames.map((f) => (f.type === "message" ? text(f.bytes) : `garbage(${f.length}: ${f.reason})`));
}

function pushAll(reader: FrameReader, chunks: readonly Buffer[]): Frame[] {
  return chunks.flatMap((chunk) => reader.push(chunk));
}

/** Deterministic pseudo-random bytes (a linear congruential generator), without the byte `8` unless asked. */
function noise(length: number, seed: number, allowEight = false): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const byte = state >>> 24;
    bytes[i] = !allowEight && byte === 56 ? 57 : byte;
  }
  return bytes;
}

describe("FrameReader: whole messages", () => {
  it("a message split at every byte boundary comes out whole, once", () => {
    for (let cut = 1; cut < m1.length; cut++) {
      const reader = new FrameReader();
      expect(reader.push(m1.subarray(0, cut)), `cut at ${cut}`).toEqual([]);
      expect(describeFrames(reader.push(m1.subarray(cut))), `cut at ${cut}`).toEqual([text(m1)]);
      expect(reader.buffered).toBe(0);
    }
  });

  it("a message fed one byte at a time", () => {
    const reader = new FrameReader();
    const frames = pushAll(reader, [...m2].map((byte) => Buffer.from([byte])));
    expect(describeFrames(frames)).toEqual([text(m2)]);
  });

  it("several messages in one chunk, in order", () => {
    const reader = new FrameReader();
    expect(describeFrames(reader.push(Buffer.concat([m1, m2, m3])))).toEqual([text(m1), text(m2), text(m3)]);
    expect(reader.buffered).toBe(0);
  });

  it("a chunk ending in a partial `8=FI` is completed by the next one", () => {
    const reader = new FrameReader();
    expect(describeFrames(reader.push(Buffer.concat([m1, m2.subarray(0, 4)])))).toEqual([text(m1)]);
    expect(reader.buffered).toBe(4);
    expect(describeFrames(reader.push(m2.subarray(4)))).toEqual([text(m2)]);
  });

  it("returned messages do not change when the reader is fed more", () => {
    const reader = new FrameReader();
    const [first] = reader.push(Buffer.concat([m1, m2.subarray(0, 20)]));
    reader.push(m2.subarray(20));
    reader.push(m3);
    expect(first?.type === "message" && text(first.bytes)).toBe(text(m1));
  });
});

describe("FrameReader: garbage", () => {
  it("before, between and after messages; the tail that could start `8=FIX` is held back", () => {
    const reader = new FrameReader();
    const frames = reader.push(Buffer.concat([wire("junk"), m1, wire("xx"), m2, wire("tail!")]));
    expect(describeFrames(frames)).toEqual([
      "garbage(4: bytes before BeginString)",
      text(m1),
      "garbage(2: bytes before BeginString)",
      text(m2),
      "garbage(1: no BeginString (8=FIX…))",
    ]);
    expect(reader.buffered).toBe(4);
    expect(describeFrames(reader.push(m3))).toEqual(["garbage(4: bytes before BeginString)", text(m3)]);
    const [garbage] = frames;
    expect(garbage?.type === "garbage" && text(garbage.bytes)).toBe("junk");
  });

  it("a garbage frame keeps at most 256 of its bytes, and states the full length", () => {
    const reader = new FrameReader();
    const [garbage] = reader.push(Buffer.concat([noise(1000, 1), m1]));
    expect(garbage).toMatchObject({ type: "garbage", length: 1000, reason: "bytes before BeginString" });
    expect(garbage?.bytes).toEqual(noise(1000, 1).subarray(0, 256));
  });

  it.each([
    { name: "BeginString not terminated", bytes: `8=FIX.4.4${"x".repeat(40)}`, reason: "BeginString is not terminated" },
    { name: "a stray 8=FIX just before a message", bytes: "8=FIXxx", reason: "BeginString is malformed" },
    { name: "BodyLength not second", bytes: "8=FIX.4.4|35=D|", reason: "BodyLength (9) does not follow BeginString" },
    { name: "BodyLength with a letter", bytes: "8=FIX.4.4|9=12a|", reason: "BodyLength (9) is not a number" },
    { name: "BodyLength of 11 digits", bytes: "8=FIX.4.4|9=12345678901|", reason: "BodyLength (9) is not a number" },
    { name: "BodyLength empty", bytes: "8=FIX.4.4|9=|", reason: "BodyLength (9) is empty" },
  ])("bad header ($name): skipped up to the next message", ({ bytes, reason }) => {
    const reader = new FrameReader();
    const bad = wire(bytes);
    expect(describeFrames(reader.push(Buffer.concat([bad, m1])))).toEqual([`garbage(${bad.length}: ${reason})`, text(m1)]);
  });

  it("a BodyLength too small: resynchronises on the next 8=FIX", () => {
    const body = `35=D|${HEADER}11=ORD-1|`;
    const bad = frame(body, { bodyLength: wire(body).length - 5 });
    const reader = new FrameReader();
    expect(describeFrames(reader.push(Buffer.concat([bad, m2])))).toEqual([
      `garbage(${bad.length}: no CheckSum where BodyLength ${wire(body).length - 5} ends the body)`,
      text(m2),
    ]);
  });

  it.each([
    { name: "no SOH after the CheckSum", trailer: "10=123X" },
    { name: "a two-digit CheckSum", trailer: "10=12|x" },
    { name: "letters in the CheckSum", trailer: "10=1a3|" },
    { name: "no SOH before the CheckSum", trailer: "X10=123|" },
  ])("a trailer that is not `␁10=nnn␁` ($name): skipped, the next message read", ({ trailer }) => {
    const body = `35=D|${HEADER}11=ORD-1|`;
    const bad = Buffer.concat([wire(`8=FIX.4.4|9=${wire(body).length}|${body}`.slice(0, trailer.startsWith("X") ? -1 : undefined)), wire(trailer)]);
    const reader = new FrameReader();
    expect(describeFrames(reader.push(Buffer.concat([bad, m2])))).toEqual([
      `garbage(${bad.length}: no CheckSum where BodyLength ${wire(body).length} ends the body)`,
      text(m2),
    ]);
  });

  it("a BodyLength too large: waits for that many bytes, then resynchronises without losing what followed", () => {
    const body = `35=D|${HEADER}11=ORD-1|`;
    const declared = wire(body).length + 30;
    const bad = frame(body, { bodyLength: declared });
    const reader = new FrameReader();
    expect(reader.push(bad)).toEqual([]);
    expect(describeFrames(reader.push(Buffer.concat([m2, m3])))).toEqual([
      `garbage(${bad.length}: no CheckSum where BodyLength ${declared} ends the body)`,
      text(m2),
      text(m3),
    ]);
    expect(reader.buffered).toBe(0);
  });
});

describe("FrameReader: bounded memory", () => {
  it("a declared BodyLength above maxBodyLength is skipped without buffering the body", () => {
    const reader = new FrameReader({ maxBodyLength: 1000 });
    const frames = reader.push(wire("8=FIX.4.4|9=5000000|35=D|"));
    expect(describeFrames(frames)).toEqual(["garbage(25: BodyLength 5000000 exceeds the limit of 1000)"]);
    for (let i = 0; i < 80; i++) {
      reader.push(Buffer.alloc(64 * 1024, "A"));
      expect(reader.buffered).toBeLessThanOrEqual(4);
    }
    expect(describeFrames(reader.push(m1))).toEqual(["garbage(4: bytes before BeginString)", text(m1)]);
  });

  it("the default limit is 1 MiB", () => {
    const reader = new FrameReader();
    expect(describeFrames(reader.push(wire(`8=FIX.4.4|9=${(1 << 20) + 1}|`)))).toEqual([`garbage(20: BodyLength ${(1 << 20) + 1} exceeds the limit of 1048576)`]);
    expect(reader.push(wire(`8=FIX.4.4|9=${1 << 20}|`))).toEqual([]);
  });

  it("megabytes of garbage without 8=FIX: a few bytes buffered, every byte accounted for", () => {
    const reader = new FrameReader();
    let skipped = 0;
    for (let i = 0; i < 64; i++) {
      for (const f of reader.push(noise(64 * 1024, i))) skipped += f.type === "garbage" ? f.length : 0;
      expect(reader.buffered).toBeLessThanOrEqual(4);
    }
    expect(skipped + reader.buffered).toBe(64 * 64 * 1024);
  });

  it("garbage full of message starts: buffered stays within maxBodyLength, every byte accounted for, then a message gets through", () => {
    const maxBodyLength = 4096;
    const reader = new FrameReader({ maxBodyLength });
    const starts = ["8=FIX.4.4|9=", "8=FIX.4.4|9=4000|", "8=FIX.4.4|9=99999|35=", "8=FIX", "8=FIX.4.4|9=100|35=D|"].map(wire);
    let fed = 0;
    let skipped = 0;
    for (let i = 0; i < 400; i++) {
      const chunk = Buffer.concat([noise(5000, i, true), starts[i % starts.length]!, noise(3000, i + 1000)]);
      fed += chunk.length;
      for (const f of reader.push(chunk)) {
        if (f.type !== "garbage") throw new Error(`garbage framed as a message: ${text(f.bytes)}`);
        skipped += f.length;
      }
      expect(reader.buffered).toBeLessThanOrEqual(maxBodyLength + 64);
    }
    const frames = reader.push(Buffer.concat([noise(maxBodyLength + 100, 7), m1]));
    for (const f of frames) skipped += f.type === "garbage" ? f.length : 0;
    expect(describeFrames(frames).at(-1)).toBe(text(m1));
    expect(skipped).toBe(fed + maxBodyLength + 100);
  });
});
