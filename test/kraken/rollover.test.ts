import { describe, expect, it } from "vitest";
import {
  checkRolloverPolicy,
  inRolloverWindow,
  KRAKEN_ROLLOVER,
  nextRollover,
  rolloverBetween,
  rolloverWindow,
} from "../../runtime/kraken/rollover.js";

const at = (iso: string) => Date.parse(iso);

describe("daily rollover", () => {
  it("finds the next 22:00 UTC strictly after now", () => {
    expect(nextRollover(at("2025-03-03T14:09:32Z"))).toBe(at("2025-03-03T22:00:00Z"));
    expect(nextRollover(at("2025-03-03T22:00:00Z"))).toBe(at("2025-03-04T22:00:00Z"));
    expect(nextRollover(at("2025-03-03T21:59:59.999Z"))).toBe(at("2025-03-03T22:00:00Z"));
    expect(nextRollover(at("2025-12-31T23:00:00Z"))).toBe(at("2026-01-01T22:00:00Z"));
  });

  it("gives the window around the rollover: 5 s margin, 30 s duration", () => {
    const window = {
      at: at("2025-03-03T22:00:00Z"),
      start: at("2025-03-03T21:59:55Z"),
      end: at("2025-03-03T22:00:35Z"),
    };
    expect(rolloverWindow(at("2025-03-03T12:00:00Z"))).toEqual(window);
    expect(rolloverWindow(at("2025-03-03T22:00:20Z"))).toEqual(window);
    expect(rolloverWindow(at("2025-03-03T22:00:34.999Z"))).toEqual(window);
    expect(rolloverWindow(at("2025-03-03T22:00:35Z")).at).toBe(at("2025-03-04T22:00:00Z"));
  });

  it("says whether now is inside the window (start inclusive, end exclusive)", () => {
    expect(inRolloverWindow(at("2025-03-03T21:59:54.999Z"))).toBe(false);
    expect(inRolloverWindow(at("2025-03-03T21:59:55Z"))).toBe(true);
    expect(inRolloverWindow(at("2025-03-03T22:00:00Z"))).toBe(true);
    expect(inRolloverWindow(at("2025-03-03T22:00:34.999Z"))).toBe(true);
    expect(inRolloverWindow(at("2025-03-03T22:00:35Z"))).toBe(false);
  });

  it("is configurable", () => {
    const policy = { hourUtc: 0, minuteUtc: 30, durationMs: 60_000, marginMs: 0 };
    expect(rolloverWindow(at("2025-03-03T00:31:00Z"), policy)).toEqual({
      at: at("2025-03-04T00:30:00Z"),
      start: at("2025-03-04T00:30:00Z"),
      end: at("2025-03-04T00:31:00Z"),
    });
    expect(inRolloverWindow(at("2025-03-03T00:30:59Z"), policy)).toBe(true);
  });

  it("tells whether a rollover happened between two instants", () => {
    expect(rolloverBetween(at("2025-03-03T21:00:00Z"), at("2025-03-03T21:59:59Z"))).toBe(false);
    expect(rolloverBetween(at("2025-03-03T21:00:00Z"), at("2025-03-03T22:00:00Z"))).toBe(true);
    expect(rolloverBetween(at("2025-03-03T22:00:10Z"), at("2025-03-04T21:00:00Z"))).toBe(false);
  });

  it("refuses impossible policies with the exact reason", () => {
    expect(() => checkRolloverPolicy({ ...KRAKEN_ROLLOVER, hourUtc: 24 })).toThrow(
      new RangeError("hourUtc must be 0–23, got 24"),
    );
    expect(() => nextRollover(0, { ...KRAKEN_ROLLOVER, minuteUtc: 1.5 })).toThrow("minuteUtc must be 0–59, got 1.5");
    expect(() => rolloverWindow(0, { ...KRAKEN_ROLLOVER, marginMs: -1 })).toThrow(
      "durationMs and marginMs must be non-negative and the window shorter than a day",
    );
  });
});
