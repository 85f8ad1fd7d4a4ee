/** Decoder: BeginString, BodyLength, CheckSum, truncation, and decoding whole messages back. */
import { describe, expect, it } from "vitest";
import { Book, header, Order, wire } from "./mini-dictionary.js";
import { decode, fault } from "./decoder.js";
import { frame, HEADER, offsetOf } from "./wire-builder.js";

const ORDER_BODY = `35=D|${HEADER}11=ORD-1|55=BTC/USD|54=1|38=1|`;
const BOOK_BODY = `35=X|${HEADER}55=BTC/USD|268=2|269=0|270=1.5|269=1|270=1.6|`;
const decodedHeader = { msgSeqNum: 7, senderCompID: "CLIENT", sendingTime: "20261124-10:00:00.123", targetCompID: "KRAKEN-TRD" };
/** "8=FIX.4.4␁" is 10 bytes: BodyLength starts there. */
const BODY_LENGTH_AT = 10;

describe("decode: round trips", () => {
  it("decodes every kind of value, groups, nested groups, DATA with SOH and unknown fields", () => {
    const bytes = frame(
      `35=D|${HEADER}43=Y|11=ORD-1|55=BTC/USD|54=2|38=0.50|44=84000.10|18=P E|7928=2|95=5|96=a|b=c|` +
        "78=2|79=ACC1|80=0.25|539=2|524=P1|524=P2|79=ACC2|539=0|9999=extra|",
    );
    const result = decode(bytes);
    expect(result).toEqual({
      ok: true,
      errors: [],
      message: {
        msgType: "D",
        header: { ...decodedHeader, possDupFlag: true },
        clOrdID: "ORD-1",
        symbol: "BTC/USD",
        side: "2",
        orderQty: "0.50",
        price: "84000.10",
        execInst: ["P", "E"],
        selfTradePrevention: 2,
        rawData: "a\x01b=c",
        allocs: [
          { allocAccount: "ACC1", allocQty: "0.25", nestedPartyIDs: [{ nestedPartyID: "P1" }, { nestedPartyID: "P2" }] },
          { allocAccount: "ACC2", nestedPartyIDs: [] },
        ],
        unknownFields: [{ tag: 9999, value: "extra" }],
      },
    });
  });

  it("gives back what encode wrote", () => {
    const order: Omit<Order, "msgType"> = {
      clOrdID: "A",
      symbol: "ETH/EUR",
      side: "1",
      orderQty: "-0.000001",
      execInst: ["s"],
      rawData: "\x01",
      allocs: [{ allocAccount: "X", nestedPartyIDs: [{ nestedPartyID: "Y" }] }],
      unknownFields: [{ tag: 20000, value: "=" }],
    };
    const result = Order.decode(Order.encode(order, { ...header, possDupFlag: false }));
    expect(result).toEqual({ ok: true, errors: [], message: { ...order, msgType: "D", header: { ...header, possDupFlag: false } } });
    const book: Omit<Book, "msgType"> = { symbol: "X", mdEntries: [{ mdEntryType: "2" }, { mdEntryType: "0", mdEntryPx: "1" }], checksumOrderBook: "123" };
    expect(Book.decode(Book.encode(book, header))).toEqual({ ok: true, errors: [], message: { ...book, msgType: "X", header } });
  });

  it("reads a Uint8Array that is a view into a larger buffer", () => {
    const bytes = frame(BOOK_BODY);
    const backing = new Uint8Array(bytes.length + 20);
    backing.set(bytes, 7);
    const result = decode(backing.subarray(7, 7 + bytes.length));
    expect(result.ok).toBe(true);
    expect(result.message).toMatchObject({ msgType: "X", mdEntries: [{ mdEntryType: "0", mdEntryPx: "1.5" }, { mdEntryType: "1", mdEntryPx: "1.6" }] });
  });

  it("accepts a zero-padded BodyLength, as QuickFIX does", () => {
    const body = wire(ORDER_BODY);
    const result = decode(frame(ORDER_BODY, { bodyLength: String(body.length).padStart(7, "0") }));
    expect(result).toMatchObject({ ok: true, errors: [] });
  });

  it("keeps a DATA value that contains a fake trailer", () => {
    const result = decode(frame(`${ORDER_BODY}95=8|96=a|10=123|`));
    expect(result).toMatchObject({ ok: true, errors: [], message: { rawData: "a\x0110=123" } });
  });

  it("reads the trailer's DATA field (Signature with SOH) into `trailer`", () => {
    const result = decode(frame(`${ORDER_BODY}93=3|89=a|b|`));
    expect(result).toMatchObject({ ok: true, errors: [], message: { trailer: { signature: "a\x01b" } } });
  });
});

describe("decode: framing errors", () => {
  it("Garbled: no 8= at the start", () => {
    const result = decode(wire(`X=FIX.4.4|9=5|35=D|10=000|`));
    expect(result).toEqual({
      ok: false,
      message: undefined,
      errors: [fault({ code: "Garbled", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "a FIX message starts with 8=" })],
    });
  });

  it("Garbled: empty input", () => {
    expect(decode(Buffer.alloc(0)).errors).toEqual([
      fault({ code: "Garbled", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "a FIX message starts with 8=" }),
    ]);
  });

  it("BeginString mismatch is reported and the message still decoded; an expected BeginString can be given", () => {
    const bytes = frame(ORDER_BODY, { beginString: "FIX.4.2" });
    const result = decode(bytes);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      fault({ code: "BeginString", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "BeginString is FIX.4.2, expected FIX.4.4" }),
    ]);
    expect(result.message).toMatchObject({ msgType: "D", clOrdID: "ORD-1" });
    expect(decode(bytes, { beginString: "FIX.4.2" })).toMatchObject({ ok: true, errors: [] });
  });

  it("does not quote a BeginString that runs into the rest of the message (a Password must not reach the text)", () => {
    const piped = Buffer.from("8=FIX.4.4|9=60|35=A|34=1|49=C|56=K|52=20261124-10:00:00.000|554=hunter2-secret|10=123\x01", "latin1");
    const result = decode(piped);
    expect(result.errors[0]).toMatchObject({ code: "BeginString", text: "BeginString is not a BeginString (83 bytes), expected FIX.4.4" });
    expect(JSON.stringify(result.errors)).not.toContain("hunter2");
  });

  it.each([
    { name: "too large", delta: 3 },
    { name: "too small", delta: -3 },
  ])("BodyLength $name: reported with the real length, fields still read", ({ delta }) => {
    const real = wire(ORDER_BODY).length;
    const result = decode(frame(ORDER_BODY, { bodyLength: real + delta }));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      fault({ code: "BodyLength", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: `BodyLength says ${real + delta}, body is ${real} bytes` }),
    ]);
    expect(result.message).toMatchObject({ clOrdID: "ORD-1", orderQty: "1" });
  });

  it.each(["12a", "-5", "", "1 2"])("BodyLength not a number: %j", (bodyLength) => {
    expect(decode(frame(ORDER_BODY, { bodyLength }))).toEqual({
      ok: false,
      message: undefined,
      errors: [fault({ code: "BodyLength", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: "BodyLength (9) is not a number" })],
    });
  });

  it("BodyLength not the second field", () => {
    expect(decode(wire("8=FIX.4.4|35=D|9=5|10=000|")).errors).toEqual([
      fault({ code: "BodyLength", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: "BodyLength (9) must be the second field" }),
    ]);
  });

  it("CheckSum wrong", () => {
    const good = frame(ORDER_BODY);
    const real = good.toString("latin1").slice(-4, -1);
    const declared = real === "000" ? "001" : "000";
    const bytes = frame(ORDER_BODY, { checksum: declared });
    const result = decode(bytes);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      fault({ code: "CheckSum", reason: undefined, offset: offsetOf(bytes, "10="), tag: 10, tagName: "CheckSum", text: `CheckSum is ${declared}, bytes sum to ${real}` }),
    ]);
    expect(result.message).toMatchObject({ clOrdID: "ORD-1" });
  });

  // The decoder sums the bytes as it reads the fields: every way of reading a field must add each byte once.
  it.each([
    { name: "DATA holding SOH and =", body: `${ORDER_BODY}95=7|96=|a|=|b||` },
    { name: "DATA holding SOH right after its tag", body: `${ORDER_BODY}95=3|96=|||58=x|` },
    { name: "DATA longer than its length says", body: `${ORDER_BODY}95=2|96=abc|` },
    { name: "a field with an unusable tag", body: `${ORDER_BODY}5a=1|x=2|=3|` },
    { name: "a group and an unknown tag", body: `${BOOK_BODY}9999=z|` },
  ])("CheckSum is the sum of every byte, whatever the fields hold: $name", ({ body }) => {
    const good = frame(body);
    expect(decode(good).errors.filter((e) => e.code === "CheckSum")).toEqual([]);
    const real = good.toString("latin1").slice(-4, -1);
    const declared = real === "000" ? "001" : "000";
    const bad = frame(body, { checksum: declared });
    const errors = decode(bad).errors;
    expect(errors.filter((e) => e.code === "CheckSum").map((e) => e.text)).toEqual([`CheckSum is ${declared}, bytes sum to ${real}`]);
    // Ahead of every error found in the fields, as when it was checked before reading them.
    expect(errors[0]?.code).toBe("CheckSum");
  });

  it.each(["12", "1234", "-12", "abc", "", "1 2"])("CheckSum malformed: %j", (checksum) => {
    const bytes = frame(ORDER_BODY, { checksum });
    const result = decode(bytes);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      fault({ code: "CheckSum", reason: undefined, offset: offsetOf(bytes, "10="), tag: 10, tagName: "CheckSum", text: "CheckSum (10) must be three digits followed by SOH" }),
    ]);
  });

  it("bytes after the CheckSum are Garbled at their offset", () => {
    const good = frame(ORDER_BODY);
    const result = decode(Buffer.concat([good, wire("xyz")]));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([fault({ code: "Garbled", reason: undefined, offset: good.length, text: "3 bytes after CheckSum (10)" })]);
    const twice = decode(Buffer.concat([good, good]));
    expect(twice.errors).toEqual([fault({ code: "Garbled", reason: undefined, offset: good.length, text: `${good.length} bytes after CheckSum (10)` })]);
  });

  it("validateLengthAndChecksum: false accepts a log line whose CheckSum was computed over `|`", () => {
    const logged = frame(ORDER_BODY, { sumDelimiter: "|" });
    const strict = decode(logged);
    expect(strict.ok).toBe(false);
    expect(strict.errors.map((e) => e.code)).toEqual(["CheckSum"]);
    expect(decode(logged, { validateLengthAndChecksum: false })).toMatchObject({ ok: true, errors: [], message: { clOrdID: "ORD-1" } });
  });

  it("validateLengthAndChecksum: false also accepts a wrong BodyLength, but not a malformed CheckSum", () => {
    const real = wire(ORDER_BODY).length;
    expect(decode(frame(ORDER_BODY, { bodyLength: real + 40 }), { validateLengthAndChecksum: false })).toMatchObject({ ok: true, errors: [] });
    const malformed = frame(ORDER_BODY, { checksum: "ab" });
    expect(decode(malformed, { validateLengthAndChecksum: false }).errors).toEqual([
      fault({ code: "CheckSum", reason: undefined, offset: offsetOf(malformed, "10="), tag: 10, tagName: "CheckSum", text: "CheckSum (10) must be three digits followed by SOH" }),
    ]);
  });
});

describe("decode: truncated messages", () => {
  const full = frame(BOOK_BODY);

  it("cut at every offset: never throws, never ok, always reports Truncated", () => {
    for (let cut = 1; cut < full.length; cut++) {
      const result = decode(full.subarray(0, cut));
      expect(result.ok, `cut at ${cut}`).toBe(false);
      expect(result.errors.map((e) => e.code), `cut at ${cut}`).toContain("Truncated");
    }
  });

  it("cut inside BeginString", () => {
    expect(decode(full.subarray(0, 1)).errors).toEqual([
      fault({ code: "Truncated", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "message ends inside BeginString (8)" }),
    ]);
  });

  it.each([10, 11, 12, 13])("cut inside BodyLength (%i bytes)", (cut) => {
    expect(decode(full.subarray(0, cut)).errors).toEqual([
      fault({ code: "Truncated", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: "message ends inside BodyLength (9)" }),
    ]);
  });

  it("cut inside a body field: the fields before it are still read", () => {
    const cut = offsetOf(full, "270=1.6") + 5;
    const result = decode(full.subarray(0, cut));
    expect(result.errors).toEqual([
      fault({ code: "Truncated", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: `no CheckSum (10) field: message truncated (BodyLength says ${wire(BOOK_BODY).length})` }),
      fault({ code: "Truncated", reason: undefined, offset: offsetOf(full, "270=1.6"), tag: 270, tagName: "MDEntryPx", text: "message ends inside a field (no SOH)" }),
    ]);
    expect(result.message).toMatchObject({ symbol: "BTC/USD", mdEntries: [{ mdEntryType: "0", mdEntryPx: "1.5" }, { mdEntryType: "1", mdEntryPx: "1" }] });
  });

  it.each([3, 4, 6])("cut inside the CheckSum (%i bytes of `10=nnn␁`)", (kept) => {
    const trailerAt = offsetOf(full, "10=");
    expect(decode(full.subarray(0, trailerAt + kept)).errors).toEqual([
      fault({ code: "Truncated", reason: undefined, offset: trailerAt, tag: 10, tagName: "CheckSum", text: "message ends inside CheckSum (10)" }),
    ]);
  });
});
