/** Decoder: errors in fields, groups and field order, found with the structural checks every decode runs. */
import { describe, expect, it } from "vitest";
import { Book, Order } from "./mini-dictionary.js";
import { decode, fault, withChecks } from "./decoder.js";
import { frame, HEADER, offsetOf } from "./wire-builder.js";

const ORDER = `35=D|${HEADER}11=ORD-1|55=BTC/USD|54=1|38=1|`;
const BOOK_START = `35=X|${HEADER}55=BTC/USD|`;
const decodedHeader = { msgSeqNum: 7, senderCompID: "CLIENT", sendingTime: "20261124-10:00:00.123", targetCompID: "KRAKEN-TRD" };

describe("decode: InvalidTagNumber", () => {
  it.each([
    { field: "5a=1", problem: "tag contains a non-digit" },
    { field: "x=1", problem: "tag does not start with a digit" },
    { field: "055=ETH/USD", problem: "tag starts with 0" },
    { field: "=1", problem: "empty tag" },
    { field: "1234567890=1", problem: "tag has more than 9 digits" },
    { field: "44", problem: "no = after the tag" },
  ])("$field: $problem; the field is skipped, the rest read", ({ field, problem }) => {
    const bytes = frame(`${ORDER}${field}|44=5|`);
    const result = decode(bytes);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      fault({ code: "InvalidTagNumber", reason: 0, offset: offsetOf(bytes, field), text: `${problem}: expected <tag>=<value>` }),
    ]);
    expect(result.message).toMatchObject({ symbol: "BTC/USD", price: "5" });
  });

  it("never quotes the bytes: pieces of a secret DATA value cut by a wrong length stay out of the text", () => {
    const bytes = frame(`${ORDER}95=3|96=ab|SECRETsecret=x|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "IncorrectDataFormat", reason: 6, offset: offsetOf(bytes, "96="), tag: 96, tagName: "RawData", text: "RawData is not 3 bytes long as its length field says" }),
      fault({ code: "InvalidTagNumber", reason: 0, offset: offsetOf(bytes, "SECRET"), text: "tag does not start with a digit: expected <tag>=<value>" }),
    ]);
    expect(JSON.stringify(result.errors)).not.toMatch(/secret/i);
  });
});

describe("decode: values", () => {
  it("TagSpecifiedWithoutValue, at top level and in a group entry", () => {
    const bytes = frame(`${ORDER}44=|`);
    expect(decode(bytes).errors).toEqual([
      fault({ code: "TagSpecifiedWithoutValue", reason: 4, offset: offsetOf(bytes, "44="), tag: 44, tagName: "Price", text: "Price has no value" }),
    ]);
    const book = frame(`${BOOK_START}268=2|269=0|269=1|270=|`);
    expect(decode(book).errors).toEqual([
      fault({ code: "TagSpecifiedWithoutValue", reason: 4, offset: offsetOf(book, "270="), tag: 270, tagName: "MDEntryPx", path: "NoMDEntries[2]", text: "MDEntryPx has no value" }),
    ]);
  });

  it.each([
    { field: "7928=x", type: "INT", name: "SelfTradePrevention", tag: 7928 },
    { field: "7928=1.0", type: "INT", name: "SelfTradePrevention", tag: 7928 },
    { field: "7928=-", type: "INT", name: "SelfTradePrevention", tag: 7928 },
    { field: "7928=1234567890123456", type: "INT", name: "SelfTradePrevention", tag: 7928 },
    { field: "95=-1", type: "LENGTH", name: "RawDataLength", tag: 95 },
    { field: "38=1.2.3", type: "QTY", name: "OrderQty", tag: 38 },
    { field: "38=abc", type: "QTY", name: "OrderQty", tag: 38 },
    { field: "38=1e5", type: "QTY", name: "OrderQty", tag: 38 },
    { field: "38=+1", type: "QTY", name: "OrderQty", tag: 38 },
    { field: "38=-", type: "QTY", name: "OrderQty", tag: 38 },
    { field: "43=X", type: "BOOLEAN", name: "PossDupFlag", tag: 43 },
    { field: "43=YES", type: "BOOLEAN", name: "PossDupFlag", tag: 43 },
    { field: "54=12", type: "CHAR", name: "Side", tag: 54 },
  ])("IncorrectDataFormat: $field is not a $type", ({ field, type, name, tag }) => {
    // 38 and 54 are replaced, the others added; 43 belongs to the header, before the body.
    const body = tag === 43 ? ORDER.replace("11=", `${field}|11=`) : tag === 38 || tag === 54 ? ORDER.replace(new RegExp(`\\|${tag}=[^|]*`), `|${field}`) : `${ORDER}${field}|`;
    const bytes = frame(body);
    const value = field.slice(field.indexOf("=") + 1);
    expect(decode(bytes).errors).toEqual([
      fault({ code: "IncorrectDataFormat", reason: 6, offset: offsetOf(bytes, field), tag, tagName: name, text: `${name} is not a valid ${type}: ${JSON.stringify(value)}` }),
    ]);
  });

  it.each(["20261124-10:00:00", "20261124-10:00:00.123", "20261124-10:00:00.123456", "20261124-10:00:00.123456789", "20261124-23:59:60.000"])(
    "UTCTIMESTAMP %s is valid",
    (time) => {
      expect(decode(frame(ORDER.replace("20261124-10:00:00.123", time)))).toMatchObject({ ok: true, errors: [], message: { header: { sendingTime: time } } });
    },
  );

  it.each([
    "20261124-10:00:00.1234567890",
    "20261124 10:00:00",
    "20261124-10:00",
    "2026112-10:00:00.000",
    "20261124-10:00:00.",
    "20261124-10:00:00,123",
    "20261124-1a:00:00",
    "20261124T10:00:00",
    // a non-digit in each digit pair of the date and the time
    "2a261124-10:00:00",
    "202a1124-10:00:00",
    "2026a124-10:00:00",
    "2026112/-10:00:00",
    "20261124-10:0:000",
    "20261124-10:00:0a",
    "20261124-10-00:00",
    "20261124-10:00:00.12a",
  ])("UTCTIMESTAMP %s is not", (time) => {
    const bytes = frame(ORDER.replace("20261124-10:00:00.123", time));
    expect(decode(bytes).errors).toEqual([
      fault({ code: "IncorrectDataFormat", reason: 6, offset: offsetOf(bytes, "52="), tag: 52, tagName: "SendingTime", text: `SendingTime is not a valid UTCTIMESTAMP: ${JSON.stringify(time)}` }),
    ]);
  });

  it("a bad value inside a group entry carries the entry's path", () => {
    const bytes = frame(`${BOOK_START}268=2|269=0|270=1|269=1|270=abc|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "IncorrectDataFormat", reason: 6, offset: offsetOf(bytes, "270=abc"), tag: 270, tagName: "MDEntryPx", path: "NoMDEntries[2]", text: 'MDEntryPx is not a valid PRICE: "abc"' }),
    ]);
    expect(result.message).toMatchObject({ mdEntries: [{ mdEntryType: "0", mdEntryPx: "1" }, { mdEntryType: "1" }] });
  });

  it("DATA with SOH inside is read by its length", () => {
    const result = decode(frame(`${ORDER}95=7|96=|a|=|b||`));
    expect(result).toMatchObject({ ok: true, errors: [], message: { rawData: "\x01a\x01=\x01b\x01" } });
  });

  it("DATA longer than its length field says", () => {
    const bytes = frame(`${ORDER}95=2|96=abc|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "IncorrectDataFormat", reason: 6, offset: offsetOf(bytes, "96="), tag: 96, tagName: "RawData", text: "RawData is not 2 bytes long as its length field says" }),
    ]);
    expect(result.message).toMatchObject({ rawData: "abc" });
  });

  it("DATA length running past the end of the body", () => {
    const bytes = frame(`${ORDER}95=500|96=abc|`);
    expect(decode(bytes).errors).toEqual([
      fault({ code: "IncorrectDataFormat", reason: 6, offset: offsetOf(bytes, "96="), tag: 96, tagName: "RawData", text: "RawData is not 500 bytes long as its length field says" }),
    ]);
  });
});

describe("decode: TagAppearsMoreThanOnce", () => {
  it("in the body: the first value is kept", () => {
    const bytes = frame(`${ORDER}55=ETH/USD|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "TagAppearsMoreThanOnce", reason: 13, offset: offsetOf(bytes, "55=ETH"), tag: 55, tagName: "Symbol", text: "Symbol appears more than once" }),
    ]);
    expect(result.message).toMatchObject({ symbol: "BTC/USD" });
  });

  it("in the header", () => {
    const bytes = frame(ORDER.replace("11=", "49=OTHER|11="));
    expect(decode(bytes).errors).toEqual([
      fault({ code: "TagAppearsMoreThanOnce", reason: 13, offset: offsetOf(bytes, "49=OTHER"), tag: 49, tagName: "SenderCompID", text: "SenderCompID appears more than once" }),
    ]);
  });

  it("in a group entry a repeated field means a missing delimiter (as QuickFIX reads it): a new entry starts", () => {
    const bytes = frame(`${BOOK_START}268=1|269=0|270=1|270=2|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "RepeatingGroupFieldsOutOfOrder", reason: 15, offset: offsetOf(bytes, "270=2"), tag: 270, tagName: "MDEntryPx", path: "NoMDEntries[1]", text: "NoMDEntries: MDEntryPx repeats without the delimiter MDEntryType" }),
      fault({ code: "IncorrectNumInGroupCount", reason: 16, offset: offsetOf(bytes, "268="), tag: 268, tagName: "NoMDEntries", text: "NoMDEntries says 1 entries, found 2" }),
    ]);
    expect(result.message).toMatchObject({ mdEntries: [{ mdEntryType: "0", mdEntryPx: "1" }, { mdEntryPx: "2" }] });
  });
});

describe("decode: repeating groups", () => {
  it.each([
    { declared: 3, found: 2 },
    { declared: 1, found: 2 },
    { declared: 0, found: 2 },
  ])("IncorrectNumInGroupCount: says $declared, has $found; every entry is kept", ({ declared, found }) => {
    const bytes = frame(`${BOOK_START}268=${declared}|269=0|270=1|269=1|270=2|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "IncorrectNumInGroupCount", reason: 16, offset: offsetOf(bytes, "268="), tag: 268, tagName: "NoMDEntries", text: `NoMDEntries says ${declared} entries, found ${found}` }),
    ]);
    expect(result.message).toMatchObject({ mdEntries: [{ mdEntryType: "0" }, { mdEntryType: "1" }] });
  });

  it("IncorrectNumInGroupCount in a nested group carries the outer entry's path", () => {
    const bytes = frame(`${ORDER}78=2|79=A|79=B|539=2|524=P1|`);
    expect(decode(bytes).errors).toEqual([
      fault({ code: "IncorrectNumInGroupCount", reason: 16, offset: offsetOf(bytes, "539="), tag: 539, tagName: "NoNestedPartyIDs", path: "NoAllocs[2]", text: "NoNestedPartyIDs says 2 entries, found 1" }),
    ]);
  });

  it("RepeatingGroupFieldsOutOfOrder: an entry that does not start with the delimiter", () => {
    const bytes = frame(`${BOOK_START}268=1|270=1.5|269=0|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "RepeatingGroupFieldsOutOfOrder", reason: 15, offset: offsetOf(bytes, "270="), tag: 270, tagName: "MDEntryPx", path: "NoMDEntries[1]", text: "NoMDEntries: entry starts with MDEntryPx instead of the delimiter MDEntryType" }),
      fault({ code: "IncorrectNumInGroupCount", reason: 16, offset: offsetOf(bytes, "268="), tag: 268, tagName: "NoMDEntries", text: "NoMDEntries says 1 entries, found 2" }),
    ]);
  });

  const outOfOrder = `${ORDER}78=2|79=A|80=1|79=B|539=1|524=P|80=5|`;

  it("fields of an entry out of dictionary order are accepted unless checks.groupFieldOrder asks", () => {
    const result = decode(frame(outOfOrder));
    expect(result).toMatchObject({ ok: true, errors: [] });
    expect(result.message).toMatchObject({ allocs: [{ allocAccount: "A", allocQty: "1" }, { allocAccount: "B", allocQty: "5", nestedPartyIDs: [{ nestedPartyID: "P" }] }] });
  });

  it.each(["error", "warning"] as const)("checks.groupFieldOrder %s: RepeatingGroupFieldsOutOfOrder for a field after a later one", (level) => {
    const bytes = frame(outOfOrder);
    const result = decode(bytes, withChecks({ groupFieldOrder: level }));
    expect(result.ok).toBe(level === "warning");
    expect(result.errors).toEqual([
      fault({ code: "RepeatingGroupFieldsOutOfOrder", reason: 15, severity: level, offset: offsetOf(bytes, "80=5"), tag: 80, tagName: "AllocQty", path: "NoAllocs[2]", text: "AllocQty is out of the group's field order" }),
    ]);
  });

  it("an unknown tag inside an entry stays in the group (kept in unknownFields) and the group goes on", () => {
    const bytes = frame(`${BOOK_START}268=2|269=0|6000=x|270=1.5|269=1|270=1.6|5041=abc|`);
    const result = decode(bytes);
    expect(result).toEqual({
      ok: true,
      errors: [],
      message: {
        msgType: "X",
        header: decodedHeader,
        symbol: "BTC/USD",
        mdEntries: [
          { mdEntryType: "0", mdEntryPx: "1.5" },
          { mdEntryType: "1", mdEntryPx: "1.6" },
        ],
        checksumOrderBook: "abc",
        unknownFields: [{ tag: 6000, value: "x" }],
      },
    });
    expect(decode(bytes, withChecks({ userDefinedTags: "error" })).errors).toEqual([
      fault({ code: "UndefinedTag", reason: 3, offset: offsetOf(bytes, "6000="), tag: 6000, path: "NoMDEntries[1]", text: "tag 6000 is not defined by the dictionary" }),
    ]);
  });

  it("a known tag that is not part of the group ends it", () => {
    const result = decode(frame(`35=D|${HEADER}11=ORD-1|55=BTC/USD|78=1|79=A|54=1|38=1|`));
    expect(result).toMatchObject({ ok: true, errors: [], message: { side: "1", orderQty: "1", allocs: [{ allocAccount: "A" }] } });
  });
});

describe("decode: field order", () => {
  it("TagSpecifiedOutOfRequiredOrder: header field after the body started (the value is still kept)", () => {
    const bytes = frame(`${ORDER}43=Y|`);
    const result = decode(bytes);
    expect(result.errors).toEqual([
      fault({ code: "TagSpecifiedOutOfRequiredOrder", reason: 14, offset: offsetOf(bytes, "43="), tag: 43, tagName: "PossDupFlag", text: "PossDupFlag: header field after the body started" }),
    ]);
    expect(result.message).toMatchObject({ header: { possDupFlag: true } });
    expect(decode(bytes, withChecks({ fieldsOutOfOrder: "off" }))).toMatchObject({ ok: true, errors: [] });
  });

  it("TagSpecifiedOutOfRequiredOrder: body field after the trailer started", () => {
    const bytes = frame(`${ORDER}93=1|89=s|44=5|`);
    expect(decode(bytes).errors).toEqual([
      fault({ code: "TagSpecifiedOutOfRequiredOrder", reason: 14, offset: offsetOf(bytes, "44="), tag: 44, tagName: "Price", text: "Price: body field after the trailer started" }),
    ]);
  });

  it("TagSpecifiedOutOfRequiredOrder: MsgType not the third field", () => {
    const bytes = frame(`34=7|35=D|49=CLIENT|52=20261124-10:00:00.123|56=KRAKEN-TRD|11=ORD-1|55=BTC/USD|54=1|38=1|`);
    expect(decode(bytes)).toEqual({
      ok: false,
      message: undefined,
      errors: [fault({ code: "TagSpecifiedOutOfRequiredOrder", reason: 14, offset: offsetOf(bytes, "34="), tag: 35, tagName: "MsgType", text: "MsgType (35) must be the third field" })],
    });
  });

  it("InvalidMsgType: the header is still decoded and nothing else is lost", () => {
    const bytes = frame(`35=Z|${HEADER}55=X|9999=y|`);
    expect(decode(bytes)).toEqual({
      ok: false,
      message: { msgType: "Z", header: decodedHeader, unknownFields: [{ tag: 55, value: "X" }, { tag: 9999, value: "y" }] },
      errors: [fault({ code: "InvalidMsgType", reason: 11, offset: offsetOf(bytes, "35="), tag: 35, tagName: "MsgType", text: "MsgType Z is not defined by the dictionary" })],
    });
  });

  it("InvalidMsgType from a message codec given another type", () => {
    const bytes = frame(`${BOOK_START}268=0|`);
    expect(Order.decode(bytes)).toMatchObject({ ok: false, errors: [{ code: "InvalidMsgType", reason: 11 }], message: { msgType: "X" } });
    expect(Book.decode(bytes)).toMatchObject({ ok: true });
  });
});

describe("decode: result objects", () => {
  it("are plain objects (Object.prototype, no extra keys), built per layout by a constructor for speed", () => {
    const message = Book.decode(frame(`35=X|${HEADER}55=BTC/USD|268=1|269=0|270=1.5|`)).message!;
    const entry = message.mdEntries![0]!;
    for (const object of [message, message.header, entry]) {
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(object.constructor).toBe(Object);
    }
    expect(Object.keys(message)).toEqual(["msgType", "header", "symbol", "mdEntries"]);
    expect(message).toStrictEqual({ msgType: "X", header: decodedHeader, symbol: "BTC/USD", mdEntries: [{ mdEntryType: "0", mdEntryPx: "1.5" }] });
  });
});
