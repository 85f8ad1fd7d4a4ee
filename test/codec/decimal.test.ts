import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDecimal,
  compareDecimal,
  compareSum,
  decimal,
  divideDecimal,
  formatScaled,
  isBelowQuotient,
  isDecimal,
  isZeroDecimal,
  multiplyDecimal,
  parseDecimal,
  quotientTest,
  subtractDecimal,
  toFixedScale,
  trimDecimal,
} from "../../runtime/index.js";

describe("decimal: recognising and building", () => {
  it.each(["0", "-1", "84000.10", ".5", "1.", "-0.000001", "007"])("%j is a FIX decimal", (text) => {
    expect(isDecimal(text)).toBe(true);
    expect(decimal(text)).toBe(text);
  });

  it.each(["", "-", ".", "1e5", "+1", "1.2.3", " 1", "1,5", "0x10", "NaN", "Infinity", "--1"])("%j is not", (text) => {
    expect(isDecimal(text)).toBe(false);
    expect(() => decimal(text)).toThrow(new RangeError(`not a FIX decimal: ${JSON.stringify(text)}`));
  });

  it.each([
    [0.1, "0.1"],
    [84000.1, "84000.1"],
    [1e-7, "0.0000001"],
    [-1.5e-7, "-0.00000015"],
    [1e21, "1000000000000000000000"],
    [1.5e21, "1500000000000000000000"],
    [-0, "0"],
    [0.1 + 0.2, "0.30000000000000004"],
  ])("number %d → %j, never in exponent form", (value, text) => {
    expect(decimal(value)).toBe(text);
  });

  it("bigint", () => {
    expect(decimal(12345678901234567890n)).toBe("12345678901234567890");
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])("number %d is refused", (value) => {
    expect(() => decimal(value)).toThrow(new RangeError(`not a finite number: ${value}`));
  });

  it("parse and format are exact", () => {
    expect(parseDecimal("-84000.10")).toEqual({ units: -8400010n, scale: 2 });
    expect(parseDecimal(".5")).toEqual({ units: 5n, scale: 1 });
    expect(formatScaled({ units: -5n, scale: 3 })).toBe("-0.005");
    expect(formatScaled({ units: 0n, scale: 2 })).toBe("0.00");
    expect(formatScaled({ units: 12n, scale: 0 })).toBe("12");
    expect(() => parseDecimal("abc")).toThrow(new RangeError('not a FIX decimal: "abc"'));
  });

  it("parses short (≤ 15 digits, summed as a double) and long decimals to the same units as the digit string", () => {
    // 15 nines is the longest exact double path, 16 digits the first string path.
    expect(parseDecimal("999999999999999")).toEqual({ units: 999999999999999n, scale: 0 });
    expect(parseDecimal("-9999999.999999999")).toEqual({ units: -9999999999999999n, scale: 9 });
    expect(parseDecimal("1.")).toEqual({ units: 1n, scale: 0 });
    const digits = fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 20 });
    fc.assert(
      fc.property(fc.boolean(), digits, fc.option(digits, { nil: undefined }), (negative, whole, fraction) => {
        fc.pre(whole.length + (fraction?.length ?? 0) > 0);
        const text = `${negative ? "-" : ""}${whole}${fraction === undefined ? "" : `.${fraction}`}`;
        const units = BigInt(`${whole}${fraction ?? ""}` || "0");
        expect(parseDecimal(text)).toEqual({ units: negative ? -units : units, scale: fraction?.length ?? 0 });
      }),
      { numRuns: 2000 },
    );
  });
});

describe("decimal: isBelowQuotient", () => {
  /** The rule in plain bigints: value × divisor against other, all at one scale (reversed for a negative divisor). */
  function reference(value: string, other: string, divisor: string): boolean {
    const [v, o, d] = [value, other, divisor].map(parseDecimal) as [ReturnType<typeof parseDecimal>, ReturnType<typeof parseDecimal>, ReturnType<typeof parseDecimal>];
    const scale = Math.max(v.scale + d.scale, o.scale);
    const left = v.units * d.units * 10n ** BigInt(scale - v.scale - d.scale);
    const right = o.units * 10n ** BigInt(scale - o.scale);
    return d.units > 0n ? left < right : left > right;
  }

  it("decides value < other / divisor exactly, on doubles and past 2^53 on bigints", () => {
    expect(isBelowQuotient("0.06666666", "1", "15")).toBe(true);
    expect(isBelowQuotient("0.06666667", "1", "15")).toBe(false);
    expect(isBelowQuotient("0.1", "1.5", "15")).toBe(false); // equal is not below
    expect(isBelowQuotient("-1", "1", "-1")).toBe(false);
    expect(isBelowQuotient("-0.5", "1", "-1")).toBe(false);
    expect(isBelowQuotient("-1.5", "1", "-1")).toBe(true);
    // 999999999999999 × 15 is past 2^53: the bigint path decides, exactly.
    expect(isBelowQuotient("999999999999999", "14999999999999985", "15")).toBe(false);
    expect(isBelowQuotient("999999999999999", "14999999999999986", "15")).toBe(true);
    expect(() => isBelowQuotient("1", "2", "0.00")).toThrow(new RangeError("division by zero: 2 / 0.00"));
    expect(() => isBelowQuotient("1", "2", "0.0000000000000000")).toThrow(new RangeError("division by zero: 2 / 0.0000000000000000"));
    for (const [value, other, divisor, bad] of [["1e3", "2", "15", "1e3"], ["1", "", "15", ""], ["-", "2", "15", "-"], ["1", "2", "x", "x"]]) {
      expect(() => isBelowQuotient(value!, other!, divisor!)).toThrow(new RangeError(`not a FIX decimal: ${JSON.stringify(bad)}`));
    }
    const decimalText = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 9 }))
      .map(([negative, units, scale]) => {
        const digits = units.toString().padStart(scale + 1, "0");
        const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
        return negative ? `-${text}` : text;
      });
    fc.assert(
      fc.property(decimalText, decimalText, decimalText, (value, other, divisor) => {
        fc.pre(parseDecimal(divisor).units !== 0n);
        const expected = reference(value, other, divisor);
        expect(isBelowQuotient(value, other, divisor)).toBe(expected);
        expect(quotientTest(divisor)(value, other)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it("the comparisons' digit scan recognises exactly what isDecimal does, and reads the same value as parseDecimal", () => {
    // Short texts of the characters a decimal is made of, so that every misplaced sign and dot comes up.
    const text = fc.string({ unit: fc.constantFrom("-", ".", "0", "1", "5", "9"), maxLength: 8 });
    const sign = (units: bigint) => (units > 0n ? 1 : units < 0n ? -1 : 0);
    fc.assert(
      fc.property(text, (value) => {
        expect(quotientTest("1")(value, "0") === undefined).toBe(!isDecimal(value));
        if (isDecimal(value)) expect(compareDecimal(value, "0")).toBe(sign(parseDecimal(value).units));
        else expect(() => compareDecimal(value, "0")).toThrow(RangeError);
      }),
      { numRuns: 2000 },
    );
  });

  it("quotientTest reads its divisor once: undefined for values that are not decimals, a RangeError for a bad divisor", () => {
    const atLeastOneFifteenth = quotientTest("15");
    expect(atLeastOneFifteenth("0.06666666", "1")).toBe(true);
    expect(atLeastOneFifteenth("0.06666667", "1")).toBe(false);
    expect(atLeastOneFifteenth("0.1", "1.5")).toBe(false);
    // Past 2^53 on the bigint path, as isBelowQuotient.
    expect(atLeastOneFifteenth("999999999999999", "14999999999999986")).toBe(true);
    expect(quotientTest("-1")("-1.5", "1")).toBe(true);
    expect(quotientTest("0.0000000000000000001")("1", "0.00000000000000000011")).toBe(true);
    for (const [value, other] of [["1e3", "2"], ["1", ""], ["-", "2"], ["", "1"], ["1", "1.2.3"]]) {
      expect(atLeastOneFifteenth(value!, other!)).toBeUndefined();
    }
    expect(() => quotientTest("0.00")).toThrow(new RangeError("division by zero: 0.00"));
    expect(() => quotientTest("0.0000000000000000")).toThrow(new RangeError("division by zero: 0.0000000000000000"));
    expect(() => quotientTest("x")).toThrow(new RangeError('not a FIX decimal: "x"'));
  });
});

describe("decimal: arithmetic", () => {
  it("add and subtract are exact and trimmed", () => {
    expect(addDecimal("0.1", "0.2")).toBe("0.3");
    expect(addDecimal("84000.10", "0.90")).toBe("84001");
    expect(addDecimal("-1.5", "1.5")).toBe("0");
    expect(subtractDecimal("1", "0.0001")).toBe("0.9999");
    expect(subtractDecimal("0.1", "0.3")).toBe("-0.2");
    expect(addDecimal("99999999999999999999.99", "0.01")).toBe("100000000000000000000");
  });

  it("add, subtract and compare agree with exact BigInt arithmetic, on the double path and past 2^53", () => {
    // Values from 0 to 21 digits with 0–9 decimals: the small ones take the double path, the others the bigint one.
    const valueArb = fc
      .tuple(fc.bigInt({ min: -(10n ** 21n), max: 10n ** 21n }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 21 }))
      .map(([units, scale, digits]) => formatScaled({ units: units % 10n ** BigInt(digits), scale }));
    const exact = (text: string, scale: number): bigint => {
      const { units, scale: own } = parseDecimal(text);
      return units * 10n ** BigInt(scale - own);
    };
    fc.assert(
      fc.property(valueArb, valueArb, (a, b) => {
        const scale = Math.max(parseDecimal(a).scale, parseDecimal(b).scale);
        const x = exact(a, scale);
        const y = exact(b, scale);
        expect(addDecimal(a, b)).toBe(trimDecimal(formatScaled({ units: x + y, scale })));
        expect(subtractDecimal(a, b)).toBe(trimDecimal(formatScaled({ units: x - y, scale })));
        expect(compareDecimal(a, b)).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(valueArb, valueArb, valueArb, (a, b, c) => {
        const scale = Math.max(parseDecimal(a).scale, parseDecimal(b).scale, parseDecimal(c).scale);
        const sum = exact(a, scale) + exact(b, scale);
        const z = exact(c, scale);
        expect(compareSum(a, b, c)).toBe(sum < z ? -1 : sum > z ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
    // c at the sum itself and one unit of its last digit either side, at scales up to 17: where a wrong rounding shows.
    fc.assert(
      fc.property(valueArb, valueArb, fc.constantFrom(-1n, 0n, 1n), fc.integer({ min: 0, max: 17 }), (a, b, step, extra) => {
        const scale = Math.max(parseDecimal(a).scale, parseDecimal(b).scale) + extra;
        const sum = exact(a, scale) + exact(b, scale);
        const c = formatScaled({ units: sum + step, scale });
        expect(compareSum(a, b, c)).toBe(step > 0n ? -1 : step < 0n ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
    expect(addDecimal("4503599627370495", "4503599627370497")).toBe("9007199254740992");
    expect(subtractDecimal("-0.0", "0")).toBe("0");
    expect(compareDecimal("9007199254740993", "9007199254740992")).toBe(1);
  });

  it("multiply is exact and trimmed", () => {
    expect(multiplyDecimal("1.5", "0.2")).toBe("0.3");
    expect(multiplyDecimal("-84000.10", "0.001")).toBe("-84.0001");
    expect(multiplyDecimal("0.5", "-0")).toBe("0");
  });

  it.each([
    ["1", "3", 4, "0.3333"],
    ["2", "3", 4, "0.6667"],
    ["1", "8", 2, "0.13"],
    ["-1", "8", 2, "-0.13"],
    ["1", "-8", 2, "-0.13"],
    ["-1", "2", 0, "-1"],
    ["-1", "1000", 2, "0.00"],
    ["84000.10", "0.5", 1, "168000.2"],
    ["10", "4", 0, "3"],
    ["1.00", "0.04", 0, "25"],
  ] as const)("divide %s / %s to %i decimals = %s (half away from zero)", (a, b, scale, result) => {
    expect(divideDecimal(a, b, scale)).toBe(result);
  });

  it("divide by zero and bad scales throw RangeError", () => {
    expect(() => divideDecimal("1", "0.00", 2)).toThrow(new RangeError("division by zero: 1 / 0.00"));
    expect(() => divideDecimal("1", "3", -1)).toThrow(new RangeError("not a number of decimals: -1"));
    expect(() => divideDecimal("1", "3", 1.5)).toThrow(new RangeError("not a number of decimals: 1.5"));
    expect(() => divideDecimal("x", "3", 1)).toThrow(new RangeError('not a FIX decimal: "x"'));
  });

  it("compare ignores trailing zeros", () => {
    expect(compareDecimal("1.50", "1.5")).toBe(0);
    expect(compareDecimal("-2", "1")).toBe(-1);
    expect(compareDecimal("0.0001", "0.00009")).toBe(1);
    expect(compareDecimal("-0.0", "0")).toBe(0);
    expect(() => compareDecimal("1", "one")).toThrow(RangeError);
  });

  it("compareSum compares a + b with c exactly, also where the scaled sum passes 2^53", () => {
    expect(compareSum("0.50000000", "1.00000000", "1.5")).toBe(0);
    expect(compareSum("0.1", "0.2", "0.3")).toBe(0);
    expect(compareSum("1", "-0.0001", "1")).toBe(-1);
    expect(compareSum("0", "0", "-0.0")).toBe(0);
    expect(compareSum("1", "2", "3.000")).toBe(0);
    // Every operand fits a double, but the sum at c's scale (10^17) does not: decided on bigints.
    expect(compareSum("999999999999999", "1", "0.01")).toBe(1);
    expect(compareSum("-999999999999999", "-1", "0.01")).toBe(-1);
    // Summands past 2^53.
    expect(compareSum("4503599627370496", "4503599627370497", "9007199254740993.00")).toBe(0);
    expect(compareSum("123456789012345678901", "1", "123456789012345678902")).toBe(0);
  });

  it("compareSum throws a RangeError naming any operand that is not a decimal", () => {
    expect(() => compareSum("x", "1", "1")).toThrow(new RangeError('not a FIX decimal: "x"'));
    expect(() => compareSum("1", "1e3", "1")).toThrow(new RangeError('not a FIX decimal: "1e3"'));
    expect(() => compareSum("1", "1", "")).toThrow(new RangeError('not a FIX decimal: ""'));
    expect(() => compareSum("123456789012345678901", "1", "one")).toThrow(new RangeError('not a FIX decimal: "one"'));
  });

  it("isZero", () => {
    expect(isZeroDecimal("-0.000")).toBe(true);
    expect(isZeroDecimal("0.001")).toBe(false);
  });
});

describe("decimal: trim and fixed scale", () => {
  it.each([
    ["1.500", "1.5"],
    ["2.0", "2"],
    ["100", "100"],
    ["-0.0", "0"],
    ["-0", "0"],
    [".0", "0"],
    [".50", "0.5"],
    ["1.", "1"],
    ["-12.340", "-12.34"],
  ])("trim %j → %j", (text, trimmed) => {
    expect(trimDecimal(text)).toBe(trimmed);
  });

  it("trim refuses what is not a decimal", () => {
    expect(() => trimDecimal("1.5x")).toThrow(new RangeError('not a FIX decimal: "1.5x"'));
  });

  it.each([
    ["1.5", 3, "1.500"],
    ["1.50", 1, "1.5"],
    ["-2", 2, "-2.00"],
    ["84000.100", 1, "84000.1"],
    ["-0.5", 1, "-0.5"],
  ] as const)("toFixedScale(%j, %i) = %j", (text, scale, fixed) => {
    expect(toFixedScale(text, scale)).toBe(fixed);
  });

  it("toFixedScale pads, cuts only zeros, and refuses to lose digits or take a bad scale", () => {
    expect(toFixedScale("7", 0)).toBe("7");
    expect(toFixedScale("7.000", 0)).toBe("7");
    expect(toFixedScale("0.10", 4)).toBe("0.1000");
    expect(() => toFixedScale("1.25", 1)).toThrow(new RangeError("1.25 has more than 1 decimals"));
    expect(() => toFixedScale("1.5", -1)).toThrow(new RangeError("not a number of decimals: -1"));
    expect(() => toFixedScale("1.5", Number.NaN)).toThrow(new RangeError("not a number of decimals: NaN"));
  });
});
