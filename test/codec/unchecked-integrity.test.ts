/**
 * Decoding with `validateLengthAndChecksum: false` (the ValidateLengthAndChecksum=N switch, logs whose CheckSum was
 * computed over `|`, the validator's second look at a line whose Password the log redacted): the generated codec
 * takes its fast path, and returns what the full decoder (the `--dict` path) returns whatever BodyLength and
 * CheckSum say.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { benchMessages } from "../../bench/messages.js";
import { structuralChecks } from "../../runtime/index.js";
import { decodeFast } from "../../runtime/codec/field-reader.js";
import { allChecks, decodeAtRunTime, decodeGenerated } from "./kraken-paths.js";

vi.mock("../../runtime/codec/field-reader.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../runtime/codec/field-reader.js")>();
  return { ...original, decodeFast: vi.fn(original.decodeFast) };
});

/** The message with its BodyLength and CheckSum values replaced (both stay well-formed). */
function reframed(bytes: Uint8Array, bodyLength: number, checksum: number): Buffer {
  const text = Buffer.from(bytes).toString("latin1");
  const withLength = text.replace(/\x019=\d+\x01/, `\x019=${bodyLength}\x01`);
  return Buffer.from(withLength.replace(/\x0110=\d{3}\x01$/, `\x0110=${String(checksum).padStart(3, "0")}\x01`), "latin1");
}

describe("decode with BodyLength and CheckSum unchecked", () => {
  it("takes the generated fast path even when both are wrong", () => {
    const fast = vi.mocked(decodeFast);
    for (const { id, bytes } of benchMessages) {
      const wrong = reframed(bytes, 7, 0);
      fast.mockClear();
      const result = decodeGenerated(wrong, { validateLengthAndChecksum: false });
      expect(result.errors, id).toEqual([]);
      expect(fast, id).toHaveBeenCalledTimes(1);
      expect(fast.mock.results[0]?.value?.message, id).toBe(result.message);
    }
  });

  it("returns what the full decoder returns, for any BodyLength and CheckSum and with bytes after the trailer", () => {
    const bases = benchMessages.map((message) => message.bytes);
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.nat(2000),
        fc.nat(999),
        fc.constantFrom("", "x", "\x01", "10=123\x01", "\n"),
        fc.constantFrom(allChecks, structuralChecks),
        (base, bodyLength, checksum, after, checks) => {
          const bytes = Buffer.concat([reframed(base, bodyLength, checksum), Buffer.from(after, "latin1")]);
          const options = { validateLengthAndChecksum: false, checks };
          expect(decodeGenerated(bytes, options)).toStrictEqual(decodeAtRunTime(bytes, options));
        },
      ),
      { numRuns: 300 },
    );
  });
});
