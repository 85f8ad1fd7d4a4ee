import { describe, expect, it } from "vitest";
import {
  clOrdIDProblem,
  CombUuidGenerator,
  combUuidTime,
  epochMicros,
  isDerivativesClOrdID,
  isNumericClOrdID,
  isSpotClOrdID,
  isUuidV4,
  SpotClOrdIdGenerator,
} from "../../runtime/kraken/clordid.js";

const clock = (values: number[]) => {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
};

describe("Spot ClOrdID generator", () => {
  it("uses the microsecond clock and stays strictly increasing when it stalls or steps back", () => {
    const ids = new SpotClOrdIdGenerator(
      clock([1_741_010_972_897_710, 1_741_010_972_897_710, 1_741_010_972_000_000, 1_741_010_972_900_000]),
    );
    expect([ids.next(), ids.next(), ids.next(), ids.next()]).toEqual([
      "1741010972897710",
      "1741010972897711",
      "1741010972897712",
      "1741010972900000",
    ]);
  });

  it("continues above a saved high-water mark (restart with a clock behind it)", () => {
    const ids = new SpotClOrdIdGenerator(() => 5, "1741010972897710");
    expect(ids.next()).toBe("1741010972897711");
  });

  it("keeps increasing across 'restarts' because the real clock moves forward", () => {
    const first = new SpotClOrdIdGenerator().next();
    const second = new SpotClOrdIdGenerator().next();
    expect(BigInt(second)).toBeGreaterThanOrEqual(BigInt(first));
    expect(isNumericClOrdID(first)).toBe(true);
    expect(Math.abs(Number(first) / 1000 - Date.now())).toBeLessThan(1000);
  });

  it("refuses a bad high-water mark or a clock past 2^53", () => {
    expect(() => new SpotClOrdIdGenerator(epochMicros, "01")).toThrow(
      new RangeError('after must be a numeric Spot ClOrdID of 1–18 digits, got "01"'),
    );
    expect(() => new SpotClOrdIdGenerator(epochMicros, "99999999999999999")).toThrow(
      'after is beyond 2^53, got "99999999999999999"',
    );
    expect(() => new SpotClOrdIdGenerator(() => 2 ** 53).next()).toThrow(
      "ClOrdID clock overflowed 2^53 (9007199254740992)",
    );
  });
});

describe("COMB UUID generator", () => {
  it("decodes the documented Derivatives example to 2025-03-03 14:09:32.8977 UTC", () => {
    const t = combUuidTime("9e58120f-182b-4dce-9609-8ca7cdd174f0")!;
    expect(t).toBeCloseTo(1741010972897.71, 2);
    expect(new Date(t).toISOString()).toBe("2025-03-03T14:09:32.897Z");
  });

  it("puts the clock in the first 48 bits and version/variant bits in place", () => {
    const uuids = new CombUuidGenerator(
      () => 1_741_010_972_897_719,
      () => new Uint8Array(10).fill(0xff),
    );
    const id = uuids.next();
    expect(id).toBe("9e58120f-182b-4fff-bfff-ffffffffffff");
    const zeros = new CombUuidGenerator(
      () => 1_741_010_972_897_710,
      () => new Uint8Array(10),
    ).next();
    expect(zeros).toBe("9e58120f-182b-4000-8000-000000000000");
    expect(isUuidV4(id) && isUuidV4(zeros)).toBe(true);
  });

  it("keeps the time prefix from going backwards", () => {
    const uuids = new CombUuidGenerator(clock([2_000_000, 1_000_000]), () => new Uint8Array(10));
    const [a, b] = [uuids.next(), uuids.next()];
    expect(combUuidTime(b)).toBe(combUuidTime(a));
  });

  it("makes distinct, fresh IDs with the default clock and randomness", () => {
    const uuids = new CombUuidGenerator();
    const ids = Array.from({ length: 1000 }, () => uuids.next());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(clOrdIDProblem("derivatives", id, { nowMs: Date.now() })).toBeUndefined();
  });

  it("refuses a clock outside 48 bits of 10 µs", () => {
    expect(() => new CombUuidGenerator(() => 2 ** 48 * 10).next()).toThrow(
      "clock value does not fit 48 bits of 10 µs units",
    );
  });
});

describe("ClOrdID checks", () => {
  it("recognises numeric Spot IDs", () => {
    expect(isNumericClOrdID("1")).toBe(true);
    expect(isNumericClOrdID("999999999999999999")).toBe(true);
    for (const bad of ["", "0", "012", "1234567890123456789", "12a", "-1", "1.0", " 1"])
      expect(isNumericClOrdID(bad)).toBe(false);
  });

  it("recognises UUID v4 in either case and nothing else", () => {
    expect(isUuidV4("9E58120F-182B-4DCE-9609-8CA7CDD174F0")).toBe(true);
    for (const bad of [
      "9e58120f-182b-1dce-9609-8ca7cdd174f0", // version 1
      "9e58120f-182b-4dce-c609-8ca7cdd174f0", // wrong variant
      "9e58120f182b-4dce-9609-8ca7cdd174f0x",
      "9e58120g-182b-4dce-9609-8ca7cdd174f0",
      "9e58120f-182b-4dce-9609-8ca7cdd174f",
    ]) {
      expect(isUuidV4(bad)).toBe(false);
      expect(combUuidTime(bad)).toBeUndefined();
    }
  });

  it("applies each venue's rule", () => {
    const uuid = "9e58120f-182b-4dce-9609-8ca7cdd174f0";
    expect(isSpotClOrdID("1741010972897710") && isSpotClOrdID(uuid)).toBe(true);
    expect(isDerivativesClOrdID(uuid)).toBe(true);
    expect(isDerivativesClOrdID("1741010972897710")).toBe(false);
    expect(clOrdIDProblem("spot", "1741010972897710")).toBeUndefined();
    expect(clOrdIDProblem("spot", uuid)).toBeUndefined();
    expect(clOrdIDProblem("derivatives", "1741010972897710")).toBe(
      "Derivatives ClOrdID must be a COMB UUID (version 4, time-first)",
    );
    expect(clOrdIDProblem("spot", "order-1")).toBe(
      "Spot ClOrdID must be a positive integer of at most 18 digits or a COMB UUID",
    );
  });

  it("checks the UUID time against the clock when asked", () => {
    const uuid = "9e58120f-182b-4dce-9609-8ca7cdd174f0";
    const t = combUuidTime(uuid)!;
    expect(clOrdIDProblem("derivatives", uuid, { nowMs: t + 119_000 })).toBeUndefined();
    expect(clOrdIDProblem("derivatives", uuid, { nowMs: t + 121_000 })).toBe(
      "ClOrdID time prefix is -121 s from the local clock (limit ±120 s)",
    );
    expect(clOrdIDProblem("spot", uuid, { nowMs: t - 3_000, maxAgeMs: 2_000 })).toBe(
      "ClOrdID time prefix is 3 s from the local clock (limit ±2 s)",
    );
  });
});
