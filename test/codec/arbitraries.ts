/** fast-check arbitraries for valid mini-dictionary messages. Decimal text is built here, not by runtime/codec. */
import fc from "fast-check";
import type { Decimal } from "../../runtime/index.js";
import type { Book, Header, Order } from "./mini-dictionary.js";

/** Any byte but SOH, as a latin1 character. */
const wireChar = fc.integer({ min: 0, max: 254 }).map((code) => String.fromCharCode(code >= 1 ? code + 1 : code));
/** Any byte at all: DATA fields may hold SOH. */
const dataChar = fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code));

export const wireText = fc.string({ unit: wireChar, minLength: 1, maxLength: 12 });
const dataText = fc.string({ unit: dataChar, minLength: 1, maxLength: 20 });

/** `units × 10^-scale` written out, e.g. (-5n, 3) → "-0.005". */
export function decimalText(units: bigint, scale: number): Decimal {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return `${negative ? "-" : ""}${text}` as Decimal;
}

export const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }))
  .map(([units, scale]) => decimalText(units, scale));

const two = (n: number): string => String(n).padStart(2, "0");

/** UTCTimestamp with 0, 3, 6 or 9 fractional digits. */
const timestampArb = fc
  .record({
    year: fc.integer({ min: 1970, max: 2199 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.constantFrom(0, 3, 6, 9).chain((digits) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: digits, maxLength: digits })),
  })
  .map((t) => `${t.year}${two(t.month)}${two(t.day)}-${two(t.hour)}:${two(t.minute)}:${two(t.second)}${t.fraction ? `.${t.fraction}` : ""}`);

export const headerArb: fc.Arbitrary<Header> = fc.record(
  {
    msgSeqNum: fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }).map(Number),
    senderCompID: wireText,
    targetCompID: wireText,
    sendingTime: timestampArb,
    possDupFlag: fc.boolean(),
  },
  { requiredKeys: ["msgSeqNum", "senderCompID", "targetCompID", "sendingTime"] },
);

/** Tags no mini-dictionary field uses. */
const unknownFieldsArb = fc.array(fc.record({ tag: fc.integer({ min: 20000, max: 999_999_999 }), value: wireText }), { minLength: 1, maxLength: 3 });

export const orderArb: fc.Arbitrary<Omit<Order, "msgType">> = fc.record(
  {
    clOrdID: wireText,
    symbol: wireText,
    side: fc.constantFrom("1", "2"),
    orderQty: decimalArb,
    price: decimalArb,
    execInst: fc.array(fc.constantFrom("P", "E", "s"), { minLength: 1, maxLength: 3 }),
    selfTradePrevention: fc.constantFrom(0, 1, 2),
    rawData: dataText,
    allocs: fc.array(
      fc.record(
        {
          allocAccount: wireText,
          allocQty: decimalArb,
          nestedPartyIDs: fc.array(fc.record({ nestedPartyID: wireText }), { maxLength: 5 }),
        },
        { requiredKeys: ["allocAccount"] },
      ),
      { maxLength: 5 },
    ),
    unknownFields: unknownFieldsArb,
  },
  { requiredKeys: ["clOrdID", "symbol", "side", "orderQty"] },
);

export const bookArb: fc.Arbitrary<Omit<Book, "msgType">> = fc.record(
  {
    symbol: wireText,
    mdEntries: fc.array(
      fc.record({ mdEntryType: fc.constantFrom("0", "1", "2"), mdEntryPx: decimalArb }, { requiredKeys: ["mdEntryType"] }),
      { maxLength: 5 },
    ),
    checksumOrderBook: wireText,
  },
  { requiredKeys: ["symbol", "mdEntries"] },
);
