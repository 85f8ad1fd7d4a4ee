/** Properties of the codec over random messages, random bytes and random chunkings (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameReader } from "../../runtime/index.js";
import { bookArb, headerArb, orderArb } from "./arbitraries.js";
import { decode } from "./decoder.js";
import { Book, Order } from "./mini-dictionary.js";
import { integrityOf } from "./wire-builder.js";

/** A random valid message, encoded. */
const encodedArb = fc.oneof(
  fc.tuple(orderArb, headerArb).map(([order, header]) => Order.encode(order, header)),
  fc.tuple(bookArb, headerArb).map(([book, header]) => Book.encode(book, header)),
);

type Mutation =
  | { readonly kind: "set"; readonly at: number; readonly byte: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: Uint8Array };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

function mutate(bytes: Buffer, mutation: Mutation): Buffer {
  const at = mutation.at % (bytes.length + 1);
  switch (mutation.kind) {
    case "set": {
      const copy = Buffer.from(bytes);
      copy[Math.min(at, bytes.length - 1)] = mutation.byte;
      return copy;
    }
    case "truncate":
      return bytes.subarray(0, Math.min(at, bytes.length - 1));
    case "insert":
      return Buffer.concat([bytes.subarray(0, at), mutation.bytes, bytes.subarray(at)]);
  }
}

describe("codec properties", () => {
  it("encode → decode is the identity for Orders (groups, nested groups, DATA, unknown fields)", () => {
    fc.assert(
      fc.property(orderArb, headerArb, (order, header) => {
        expect(Order.decode(Order.encode(order, header))).toEqual({ ok: true, errors: [], message: { ...order, msgType: "D", header } });
      }),
      { numRuns: 150 },
    );
  });

  it("encode → decode is the identity for Books", () => {
    fc.assert(
      fc.property(bookArb, headerArb, (book, header) => {
        expect(Book.decode(Book.encode(book, header))).toEqual({ ok: true, errors: [], message: { ...book, msgType: "X", header } });
      }),
      { numRuns: 100 },
    );
  });

  it("encode states the real BodyLength and CheckSum", () => {
    fc.assert(
      fc.property(encodedArb, (bytes) => {
        const { bodyLength, realBodyLength, checksum, realChecksum } = integrityOf(bytes);
        expect([bodyLength, checksum]).toEqual([realBodyLength, realChecksum]);
      }),
      { numRuns: 100 },
    );
  });

  it("random bytes: decode never throws and never says ok", () => {
    const prefixed = fc.uint8Array({ maxLength: 200 }).map((tail) => Buffer.concat([Buffer.from("8=FIX.4.4\x019=", "latin1"), tail]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), prefixed), (bytes) => {
        const result = decode(bytes);
        expect(result.ok).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("a valid message with one changed byte never decodes ok", () => {
    fc.assert(
      fc.property(encodedArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, delta) => {
        const changed = Buffer.from(bytes);
        const index = at % bytes.length;
        changed[index] = (bytes[index]! + delta) % 256;
        const result = decode(changed);
        expect(result.ok).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("a valid message with random mutations: never throws; when it still decodes ok, its integrity really holds", () => {
    fc.assert(
      fc.property(encodedArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (bytes, mutations) => {
        const mutated = mutations.reduce(mutate, bytes);
        const result = decode(mutated);
        if (result.ok) {
          const { bodyLength, realBodyLength, checksum, realChecksum } = integrityOf(mutated);
          expect([bodyLength, checksum]).toEqual([realBodyLength, realChecksum]);
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("FrameReader: any chunking of concatenated messages yields exactly those messages", () => {
    fc.assert(
      fc.property(fc.array(encodedArb, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 12 }), (messages, cutSeeds) => {
        const stream = Buffer.concat(messages);
        const cuts = [...new Set(cutSeeds.map((seed) => seed % (stream.length + 1)))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, stream.length];
        const reader = new FrameReader();
        const frames = bounds.slice(1).flatMap((end, i) => reader.push(stream.subarray(bounds[i]!, end)));
        expect(frames).toEqual(messages.map((bytes) => ({ type: "message", bytes })));
        expect(reader.buffered).toBe(0);
      }),
      { numRuns: 80 },
    );
  });
});
