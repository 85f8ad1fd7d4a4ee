/**
 * ClOrdIDMemory against a Map doing the same operations: random sequences of set, get, has and delete, with keys
 * drawn so that many repeat, collide in the table and outlive several rebuilds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClOrdIDMemory, hash } from "../../runtime/orders/clordid-memory.js";

type Op = { kind: "set"; key: string; value: string } | { kind: "get" | "has" | "delete"; key: string };

const keyArb = fc.oneof(
  fc.integer({ min: 0, max: 3000 }).map((n) => `1749720930123${String(n).padStart(6, "0")}`),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 6 }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), key: keyArb, value: fc.constantFrom("an earlier NewOrderSingle", "an earlier order", "reported order O-1") }),
  fc.record({ kind: fc.constantFrom("get" as const, "has" as const, "delete" as const), key: keyArb }),
);

describe("ClOrdIDMemory", () => {
  it("answers as a Map does, through growth, deletions and rebuilds", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 6000 }), (ops) => {
        const memory = new ClOrdIDMemory();
        const model = new Map<string, string>();
        for (const op of ops) {
          if (op.kind === "set") {
            memory.set(op.key, op.value);
            model.set(op.key, op.value);
          } else if (op.kind === "delete") expect(memory.delete(op.key)).toBe(model.delete(op.key));
          else if (op.kind === "has") expect(memory.has(op.key)).toBe(model.has(op.key));
          else expect(memory.get(op.key)).toBe(model.get(op.key));
        }
        expect(memory.size).toBe(model.size);
        for (const [key, value] of model) expect(memory.get(key)).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it("keeps 100,000 ClOrdIDs, forgets deleted ones and finds the rest after the arrays were rebuilt", () => {
    const memory = new ClOrdIDMemory();
    const id = (n: number) => `1749720930123${String(n).padStart(6, "0")}`;
    for (let n = 0; n < 100_000; n++) memory.set(id(n), n % 2 === 0 ? "an earlier NewOrderSingle" : "an earlier order");
    for (let n = 0; n < 100_000; n += 3) expect(memory.delete(id(n))).toBe(true);
    // Enough new ones after the deletions to fill the table again (262,144 slots in use, tombstones included):
    // the rebuild must drop the deleted entries.
    for (let n = 100_000; n < 300_000; n++) memory.set(id(n), "an earlier NewOrderSingle");
    expect(memory.size).toBe(300_000 - Math.ceil(100_000 / 3));
    for (let n = 0; n < 100_000; n++) expect(memory.get(id(n))).toBe(n % 3 === 0 ? undefined : n % 2 === 0 ? "an earlier NewOrderSingle" : "an earlier order");
    expect(memory.has(id(299_999))).toBe(true);
    expect(memory.has(id(300_000))).toBe(false);
    expect(memory.delete(id(0))).toBe(false);
  });

  it("takes no more room for a ClOrdID set and deleted over and over (forgetClosed after each order)", () => {
    const memory = new ClOrdIDMemory();
    const arrays = memory as unknown as { chars: Uint16Array; starts: Int32Array; table: Int32Array };
    for (let n = 0; n < 100_000; n++) {
      const id = `1749720930123${String(n % 4).padStart(6, "0")}`;
      memory.set(id, "an earlier NewOrderSingle");
      expect(memory.delete(id)).toBe(true);
    }
    memory.set("kept", "an earlier order");
    expect(memory.size).toBe(1);
    expect(memory.get("kept")).toBe("an earlier order");
    expect([arrays.starts.length, arrays.table.length, arrays.chars.length]).toEqual([1024, 2048, 16384]);
  });

  it("tells apart ClOrdIDs whose hashes are equal", () => {
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    // Random keys: ~116 pairs of equal 32-bit hashes are expected among a million, whatever the seed.
    for (let n = 0; pair === undefined && n < 1_000_000; n++) {
      const key = `${n}-${Math.random().toString(36).slice(2, 10)}`;
      const other = seen.get(hash(key));
      if (other === undefined) seen.set(hash(key), key);
      else pair = [other, key];
    }
    expect(pair).toBeDefined();
    const [first, second] = pair!;
    const memory = new ClOrdIDMemory();
    memory.set(first, "first");
    expect(memory.has(second)).toBe(false);
    memory.set(second, "second");
    expect([memory.get(first), memory.get(second), memory.size]).toEqual(["first", "second", 2]);
    expect(memory.delete(first)).toBe(true);
    expect([memory.get(first), memory.get(second)]).toEqual([undefined, "second"]);
  });

  it("tells apart ClOrdIDs that differ only past their start, in length or in characters above U+00FF", () => {
    const memory = new ClOrdIDMemory();
    for (const key of ["", "A", "AB", "ABC", "ABD", "Ā", "\u0100B", "ĀB"]) memory.set(key, `used ${key}`);
    expect(memory.get("")).toBe("used ");
    expect(memory.get("ABD")).toBe("used ABD");
    expect(memory.get("\u0100B")).toBe("used ĀB");
    expect(memory.get("AB\u0000")).toBeUndefined();
    memory.set("AB", "again");
    expect(memory.get("AB")).toBe("again");
    expect(memory.size).toBe(7);
  });
});
