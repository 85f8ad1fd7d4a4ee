import { describe, expect, it } from "vitest";
import {
  bookChecksum,
  checksumDigits,
  checksumPayload,
  crc32Unsigned,
} from "../../runtime/marketdata/book-checksum.js";

// Expected CRCs below were computed independently with Python's zlib.crc32 over the payload written next to them.

describe("crc32Unsigned", () => {
  it("is the IEEE/zlib CRC-32 (check value of 123456789 is 0xCBF43926)", () => {
    expect(crc32Unsigned("123456789")).toBe(0xcbf43926);
    expect(crc32Unsigned("123456789")).toBe(3421780262);
  });

  it("is unsigned above 2^31 and 0 for empty text", () => {
    expect(crc32Unsigned("28013110000028014015000000028013096506280005200000000")).toBe(2441568786);
    expect(crc32Unsigned("")).toBe(0);
  });
});

describe("checksumDigits", () => {
  it("pads to the precision, drops the dot and strips leading zeros", () => {
    expect(checksumDigits("28013.0", 1)).toBe("280130");
    expect(checksumDigits("28013", 1)).toBe("280130");
    expect(checksumDigits("0.001", 8)).toBe("100000");
    expect(checksumDigits("0.00096506", 8)).toBe("96506");
  });

  it("keeps trailing zeros and accepts extra zero decimals", () => {
    expect(checksumDigits("1.5", 3)).toBe("1500");
    expect(checksumDigits("0.120", 2)).toBe("12");
  });

  it("renders precision 0 without a dot", () => {
    expect(checksumDigits("28013", 0)).toBe("28013");
    expect(checksumDigits("28013.000", 0)).toBe("28013");
  });

  it("renders zero as empty text (every digit is a leading zero)", () => {
    expect(checksumDigits("0.0", 1)).toBe("");
  });

  it("reports a value with more significant decimals than the precision as lossy", () => {
    expect(checksumDigits("0.123", 2)).toBeUndefined();
    expect(checksumDigits("28013.05", 1)).toBeUndefined();
  });

  it("throws on text that is not a decimal, on negative values and on bad precisions", () => {
    expect(() => checksumDigits("5e-7", 8)).toThrow(new RangeError('not a FIX decimal: "5e-7"'));
    expect(() => checksumDigits("-1.5", 1)).toThrow(new RangeError('negative value in an order-book checksum: "-1.5"'));
    expect(() => checksumDigits("1", -1)).toThrow(new RangeError("precision must be a non-negative integer, got -1"));
    expect(() => checksumDigits("1", 1.5)).toThrow(new RangeError("precision must be a non-negative integer, got 1.5"));
  });
});

describe("bookChecksum", () => {
  const precision = { pricePrecision: 1, qtyPrecision: 8 };

  it("concatenates asks (low to high) then bids (high to low)", () => {
    const asks = [
      { price: "28013.1", size: "0.001" },
      { price: "28014", size: "1.5" },
    ];
    const bids = [
      { price: "28013.0", size: "0.00096506" },
      { price: "28000.5", size: "2" },
    ];
    const payload = "280131" + "100000" + "280140" + "150000000" + "280130" + "96506" + "280005" + "200000000";
    expect(bookChecksum(asks, bids, precision)).toEqual({ ok: true, checksum: 2441568786, payload });
    // Bids first would be a different payload and value: the order matters.
    expect(bookChecksum(bids, asks, precision)).not.toEqual(expect.objectContaining({ checksum: 2441568786 }));
  });

  it("uses whatever levels exist when a side has fewer than 10 or none", () => {
    expect(bookChecksum([{ price: "28013.1", size: "0.001" }], [], precision)).toEqual({
      ok: true,
      checksum: 106504092,
      payload: "280131100000",
    });
  });

  it("uses only the top 10 levels of a side", () => {
    const asks = Array.from({ length: 12 }, (_, i) => ({ price: String(i + 1), size: "1" }));
    // Levels 1..10 at precision 0: 11 21 31 41 51 61 71 81 91 101; levels 11 and 12 are left out.
    expect(bookChecksum(asks, [], { pricePrecision: 0, qtyPrecision: 0 })).toEqual({
      ok: true,
      checksum: 3478035704,
      payload: "112131415161718191101",
    });
  });

  it("handles precision 0 for both price and quantity", () => {
    const result = bookChecksum([{ price: "100", size: "5" }], [{ price: "99.0", size: "7" }], {
      pricePrecision: 0,
      qtyPrecision: 0,
    });
    expect(result).toEqual({ ok: true, checksum: 1817522314, payload: "1005997" });
  });

  it("reports every lossy value with its side, level and field instead of rounding", () => {
    const asks = [
      { price: "10.0", size: "1" },
      { price: "10.25", size: "1" },
    ];
    const bids = [{ price: "9.9", size: "0.123456789" }];
    expect(checksumPayload(asks, bids, precision)).toEqual({
      ok: false,
      lossy: [
        { side: "ask", level: 1, field: "price", value: "10.25", precision: 1 },
        { side: "bid", level: 0, field: "size", value: "0.123456789", precision: 8 },
      ],
    });
    expect(bookChecksum(asks, bids, precision).ok).toBe(false);
  });
});
