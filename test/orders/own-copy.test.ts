/** ownCopy: the same text, in memory that does not keep the string it was cut from alive. */
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { ownCopy } from "../../runtime/orders/own-copy.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe("ownCopy", () => {
  it("returns the same text, whatever its length (12 and 13 characters on either side of V8's views)", () => {
    for (const text of ["", "1", "BTC/USD", "123456789012", "1234567890123", "84000.10000000", "KQ3Z5M000007:17WXN2PGAV4Y", "é€😀 mixed"]) {
      expect(ownCopy(text)).toBe(text);
    }
  });

  // 12: V8 copies such a cut itself, the reason ownCopy copies only from 13 on; a V8 that did not would fail here.
  it.each([12, 13, 36])("keeps nothing of a 2 MB text a %i-character value was cut from", (length) => {
    const copies: string[] = [];
    const before = heapUsed();
    for (let i = 0; i < 20; i++) {
      const message = `${String(i).padStart(length, "7")}${"x".repeat(2_000_000)}`;
      copies.push(ownCopy(message.slice(0, length)));
    }
    // Twenty messages held would be 40 MB (the last one may still be on this function's stack).
    expect(heapUsed() - before).toBeLessThan(6_000_000);
    expect(copies[3]).toBe(String(3).padStart(length, "7"));
  });
});
