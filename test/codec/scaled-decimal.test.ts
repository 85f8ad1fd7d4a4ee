import { describe, expect, it } from "vitest";
import { parseDecimal } from "../../runtime/codec/decimal.js";
import { compareScaled, unitsAtScale } from "../../runtime/codec/decimal.js";

describe("unitsAtScale", () => {
  it("scales up, keeps, or scales down without rounding", () => {
    expect(unitsAtScale("1.5", 3)).toBe(1500n);
    expect(unitsAtScale("1.5", 1)).toBe(15n);
    expect(unitsAtScale("1.500", 1)).toBe(15n);
    expect(unitsAtScale("-0.20", 1)).toBe(-2n);
    expect(unitsAtScale(parseDecimal("28013.0"), 0)).toBe(28013n);
  });

  it("returns undefined when digits would be lost and throws on non-decimals", () => {
    expect(unitsAtScale("1.55", 1)).toBeUndefined();
    expect(() => unitsAtScale("1e5", 1)).toThrow(new RangeError('not a FIX decimal: "1e5"'));
  });
});

describe("compareScaled", () => {
  const compare = (a: string, b: string) => compareScaled(parseDecimal(a), parseDecimal(b));
  it("compares by value across scales", () => {
    expect(compare("1.50", "1.5")).toBe(0);
    expect(compare("1.49", "1.5")).toBe(-1);
    expect(compare("2", "1.99")).toBe(1);
    expect(compare("-1", "0.5")).toBe(-1);
    expect(compare("100.1", "100.2")).toBe(-1);
  });
});
