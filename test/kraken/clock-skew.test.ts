import { describe, expect, it } from "vitest";
import { checkClockSkew } from "../../runtime/kraken/clock-skew.js";
import { formatUtcTimestamp, parseUtcTimestamp } from "../../runtime/codec/utc-timestamp.js";

const now = Date.parse("2025-03-03T14:09:32.902Z");

describe("UTCTimestamp", () => {
  it("formats milliseconds the way Kraken and QuickFIX write them", () => {
    expect(formatUtcTimestamp(now)).toBe("20250303-14:09:32.902");
    expect(formatUtcTimestamp(0)).toBe("19700101-00:00:00.000");
  });

  it("parses seconds, milliseconds, micro- and nanoseconds", () => {
    expect(parseUtcTimestamp("20250303-14:09:32")).toBe(now - 902);
    expect(parseUtcTimestamp("20250303-14:09:32.902")).toBe(now);
    expect(parseUtcTimestamp("20250303-14:09:32.902500")).toBe(now + 0.5);
    expect(parseUtcTimestamp("20250303-14:09:32.902500001")).toBeCloseTo(now + 0.500001, 6);
    expect(parseUtcTimestamp("20250303-14:09:32.9")).toBe(now - 2);
    expect(parseUtcTimestamp("20241231-23:59:60")).toBe(Date.parse("2025-01-01T00:00:00Z"));
  });

  it("refuses text that is not a real UTCTimestamp", () => {
    for (const bad of [
      "",
      "20250303 14:09:32",
      "20250303-14:09",
      "20251303-14:09:32",
      "20250230-14:09:32",
      "20250303-24:00:00",
      "20250303-14:60:00",
      "20250303-14:09:61",
      "20250303-14:09:32.",
      "20250303-14:09:32.1234567890",
      "20250303-14:09:32,902",
      "2025030a-14:09:32",
    ]) {
      expect(parseUtcTimestamp(bad), bad).toBeUndefined();
    }
  });
});

describe("clock skew", () => {
  it("classifies by distance in either direction", () => {
    expect(checkClockSkew("20250303-14:09:32.902", now)).toEqual({ level: "ok", skewMs: 0 });
    expect(checkClockSkew("20250303-14:09:34.901", now)).toEqual({ level: "ok", skewMs: 1999 });
    expect(checkClockSkew("20250303-14:09:34.902", now)).toEqual({ level: "warn", skewMs: 2000 });
    expect(checkClockSkew("20250303-14:09:30.000", now)).toEqual({ level: "warn", skewMs: -2902 });
    expect(checkClockSkew("20250303-14:09:27.902", now)).toEqual({ level: "critical", skewMs: -5000 });
  });

  it("takes custom thresholds", () => {
    expect(checkClockSkew("20250303-14:09:33.402", now, { warnMs: 100, criticalMs: 400 })).toEqual({
      level: "critical",
      skewMs: 500,
    });
  });

  it("reports an unparseable SendingTime as invalid", () => {
    expect(checkClockSkew("20250303-25:00:00", now)).toEqual({
      level: "invalid",
      reason: 'SendingTime "20250303-25:00:00" is not a UTCTimestamp',
    });
  });
});
