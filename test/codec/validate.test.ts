/** `validate`: the decoder's rules applied to an outbound message object. */
import { describe, expect, it } from "vitest";
import { createDictionary, defineMessage } from "../../runtime/index.js";
import { Order } from "./mini-dictionary.js";
import { fault } from "./decoder.js";

const order: Omit<Order, "msgType"> = { clOrdID: "ORD-1", symbol: "BTC/USD", side: "1", orderQty: "1" };

describe("validate", () => {
  it("a complete message has no problems, DATA with SOH included", () => {
    expect(
      Order.validate({ ...order, rawData: "a\x01b", execInst: ["P", "s"], selfTradePrevention: 2, allocs: [{ allocAccount: "A", nestedPartyIDs: [{ nestedPartyID: "N" }] }] }),
    ).toEqual([]);
  });

  it("RequiredTagMissing at top level and in a group entry", () => {
    expect(Order.validate({ clOrdID: "A", side: "1", orderQty: "1", allocs: [{ allocAccount: "A" }, { allocQty: "1" } as never] } as never)).toEqual([
      fault({ code: "RequiredTagMissing", reason: 1, offset: 0, tag: 55, tagName: "Symbol", text: "required Symbol (55) is missing" }),
      fault({ code: "RequiredTagMissing", reason: 1, offset: 0, tag: 79, tagName: "AllocAccount", path: "NoAllocs[2]", text: "required AllocAccount (79) is missing" }),
    ]);
  });

  it.each([
    { name: "bad PRICE", change: { price: "abc" }, tag: 44, tagName: "Price", text: 'Price is not a valid PRICE: "abc"' },
    { name: "float INT", change: { selfTradePrevention: 1.5 }, tag: 7928, tagName: "SelfTradePrevention", text: "SelfTradePrevention must be an integer of at most 15 digits" },
    { name: "16-digit INT", change: { selfTradePrevention: 1e15 }, tag: 7928, tagName: "SelfTradePrevention", text: "SelfTradePrevention must be an integer of at most 15 digits" },
    { name: "number for STRING", change: { symbol: 5 }, tag: 55, tagName: "Symbol", text: "Symbol must be a string" },
    { name: "empty STRING", change: { clOrdID: "" }, tag: 11, tagName: "ClOrdID", text: 'ClOrdID is not a valid STRING: ""' },
    { name: "SOH in a STRING", change: { clOrdID: "a\x01b" }, tag: 11, tagName: "ClOrdID", text: "ClOrdID contains the SOH delimiter" },
    { name: "character above U+00FF in a STRING", change: { clOrdID: "ORD-€1" }, tag: 11, tagName: "ClOrdID", text: "ClOrdID must be latin1 text (character 5 is above U+00FF)" },
    { name: "character above U+00FF in DATA", change: { rawData: "a\x01\u20ac" }, tag: 96, tagName: "RawData", text: "RawData must be latin1 text (character 3 is above U+00FF)" },
    { name: "empty DATA", change: { rawData: "" }, tag: 96, tagName: "RawData", text: "RawData is not a valid DATA: ***" },
    { name: "empty MULTIPLEVALUESTRING element", change: { execInst: ["P", ""] }, tag: 18, tagName: "ExecInst", text: "ExecInst must be an array of non-empty strings without spaces" },
    { name: "MULTIPLEVALUESTRING as a string", change: { execInst: "P" }, tag: 18, tagName: "ExecInst", text: "ExecInst must be an array of non-empty strings without spaces" },
    { name: "non-array group", change: { allocs: {} }, tag: 78, tagName: "NoAllocs", text: "allocs must be an array of entries" },
  ])("IncorrectDataFormat: $name", ({ change, tag, tagName, text }) => {
    expect(Order.validate({ ...order, ...change } as never)).toEqual([fault({ code: "IncorrectDataFormat", reason: 6, offset: 0, tag, tagName, text })]);
  });

  it("IncorrectDataFormat: a group entry that is not an object", () => {
    expect(Order.validate({ ...order, allocs: [{ allocAccount: "A" }, null as never] })).toEqual([
      fault({ code: "IncorrectDataFormat", reason: 6, offset: 0, tag: 78, tagName: "NoAllocs", path: "NoAllocs[2]", text: "allocs entries must be objects" }),
    ]);
  });

  it("ValueIncorrect for CHAR, INT and MULTIPLEVALUESTRING enumerations", () => {
    expect(Order.validate({ ...order, side: "3" as never, selfTradePrevention: 5 as never, execInst: ["P", "X" as never] })).toEqual([
      fault({ code: "ValueIncorrect", reason: 5, offset: 0, tag: 54, tagName: "Side", text: '"3" is not a valid Side' }),
      fault({ code: "ValueIncorrect", reason: 5, offset: 0, tag: 18, tagName: "ExecInst", text: '"X" is not a valid ExecInst' }),
      fault({ code: "ValueIncorrect", reason: 5, offset: 0, tag: 7928, tagName: "SelfTradePrevention", text: '"5" is not a valid SelfTradePrevention' }),
    ]);
  });

  describe("with a BOOLEAN enumeration and a secret field", () => {
    const dictionary = createDictionary({
      beginString: "FIX.4.4",
      fields: [
        { tag: 377, name: "SolicitedFlag", type: "BOOLEAN", values: ["Y", "N"] },
        { tag: 554, name: "Password", type: "STRING", values: ["expected"] },
      ],
      header: [],
      trailer: [],
    });
    interface Flagged {
      readonly msgType: "F";
      solicitedFlag?: boolean;
      password?: string;
    }
    const Flagged = defineMessage<Flagged, Record<string, never>>(dictionary, {
      name: "Flagged",
      msgType: "F",
      category: "app",
      members: [
        { tag: 377, required: false },
        { tag: 554, required: false },
      ],
    });

    it("true and false are the enumeration's Y and N", () => {
      expect(Flagged.validate({ solicitedFlag: true })).toEqual([]);
      expect(Flagged.validate({ solicitedFlag: false })).toEqual([]);
    });

    it("a secret's value is not shown", () => {
      expect(Flagged.validate({ password: "hunter2" })).toEqual([
        fault({ code: "ValueIncorrect", reason: 5, offset: 0, tag: 554, tagName: "Password", text: "*** is not a valid Password" }),
      ]);
    });
  });
});
