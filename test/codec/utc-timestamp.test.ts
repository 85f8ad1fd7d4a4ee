/** formatUtcTimestamp against Date's own ISO text, and parseUtcTimestamp as its inverse. */
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { formatUtcTimestamp, parseUtcTimestamp } from "../../runtime/codec/utc-timestamp.js";

/** The same text from Date.toISOString, the obvious (slower) way. */
function reference(epochMs: number): string {
  const iso = new Date(Math.floor(epochMs)).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

describe("formatUtcTimestamp", () => {
  it("matches Date's ISO text for any millisecond of years 1970–9999, in any order (day cache)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: LAST_MS }), { minLength: 1, maxLength: 20 }), (times) => {
        for (const t of times) expect(formatUtcTimestamp(t)).toBe(reference(t));
      }),
      { numRuns: 2000 },
    );
  });

  it("handles day boundaries, leap days and fractional milliseconds", () => {
    for (const t of [0, 999, 86_399_999, 86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 2, 1), 1_764_000_000_123.9]) {
      expect(formatUtcTimestamp(t)).toBe(reference(t));
    }
    expect(formatUtcTimestamp(Date.UTC(2026, 10, 24, 9, 5, 7, 42))).toBe("20261124-09:05:07.042");
  });

  it("refuses a time outside the years 0000–9999", () => {
    expect(() => formatUtcTimestamp(LAST_MS + 1)).toThrow(RangeError);
  });

  it("round-trips through parseUtcTimestamp", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: LAST_MS }), (t) => {
        expect(parseUtcTimestamp(formatUtcTimestamp(t))).toBe(t);
      }));
  });

  it("refuses a date that is not digits also before any date was parsed (a fresh date cache)", async () => {
    vi.resetModules();
    const fresh = await import("../../runtime/codec/utc-timestamp.js");
    expect(fresh.parseUtcTimestamp("2025X612-10:00:00")).toBeUndefined();
    expect(fresh.parseUtcTimestamp("--------:10:00:00")).toBeUndefined();
    expect(fresh.parseUtcTimestamp("20250612-10:00:00")).toBe(Date.UTC(2025, 5, 12, 10));
    expect(fresh.parseUtcTimestamp("2025X612-10:00:00")).toBeUndefined();
  });

  it("refuses dates that do not exist, also right after a valid date was parsed (date cache)", () => {
    expect(parseUtcTimestamp("20240229-12:00:00.000")).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseUtcTimestamp("20230229-12:00:00.000")).toBeUndefined();
    expect(parseUtcTimestamp("20240229-24:00:00.000")).toBeUndefined();
    expect(parseUtcTimestamp("2024022x-12:00:00.000")).toBeUndefined();
    expect(parseUtcTimestamp("20241301-12:00:00")).toBeUndefined();
    expect(parseUtcTimestamp("20240229-12:00:00.000")).toBe(Date.UTC(2024, 1, 29, 12));
  });
});
