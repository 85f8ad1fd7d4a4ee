/** FixView: the lazy view's accessors, groups, DATA fields, framing errors (compared with decodeWire) and re-wrapping. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeWire } from "../../runtime/index.js";
import type { FixError, WireChecks } from "../../runtime/index.js";
import { FixValueError, FixView, FixViewUsageError } from "../../runtime/codec/view.js";
import { dictionary as krakenDictionary } from "../../generated/kraken-fix44/index.js";
import { KNOWN_ANSWERS } from "../kraken-messages/known-answers.js";
import { bookArb, headerArb, orderArb } from "./arbitraries.js";
import { decode, fault } from "./decoder.js";
import { Book, dictionary, Order, wire } from "./mini-dictionary.js";
import { frame, HEADER, offsetOf } from "./wire-builder.js";

const ORDER_BODY = `35=D|${HEADER}11=ORD-1|55=BTC/USD|54=2|38=0.50|44=84000.10|7928=2|`;
const BOOK_BODY = `35=X|${HEADER}55=BTC/USD|268=2|269=0|270=1.5|269=1|270=1.6|5041=77|`;
/** "8=FIX.4.4␁" is 10 bytes: BodyLength starts there. */
const BODY_LENGTH_AT = 10;

function wrapped(bytes: Buffer, view = new FixView(dictionary)): FixView {
  const error = view.wrap(bytes);
  if (error) throw new Error(`unexpected wrap error: ${error.text}`);
  return view;
}

/** The decoder's first error for these bytes: the one the view must report. */
function decoderFirstError(bytes: Uint8Array, options?: { validateLengthAndChecksum?: boolean; beginString?: string }): FixError | undefined {
  return decode(bytes, options).errors[0];
}

describe("FixView: accessors", () => {
  const bytes = frame(ORDER_BODY);
  const view = wrapped(bytes);

  it("reads MsgType, strings, integers, decimals and bytes on demand", () => {
    expect(view.msgType).toBe("D");
    expect(view.getString(11)).toBe("ORD-1");
    expect(view.getString(54)).toBe("2");
    expect(view.getInt(34)).toBe(7);
    expect(view.getInt(7928)).toBe(2);
    expect(view.getDecimal(44)).toBe("84000.10");
    expect(view.getDecimal(38)).toBe("0.50");
    const symbol = view.getBytes(55)!;
    expect(symbol.toString("latin1")).toBe("BTC/USD");
    // No copy: the same memory as the wrapped bytes.
    expect(symbol.buffer).toBe(bytes.buffer);
    expect(symbol.byteOffset).toBe(bytes.byteOffset + offsetOf(bytes, "55=") + 3);
  });

  it("has BeginString, BodyLength and MsgType first and CheckSum last, all readable", () => {
    expect([...view].map((f) => f.tag)).toEqual([8, 9, 35, 34, 49, 52, 56, 11, 55, 54, 38, 44, 7928, 10]);
    expect(view.count).toBe(14);
    expect(view.getString(8)).toBe("FIX.4.4");
    expect(view.getInt(9)).toBe(wire(ORDER_BODY).length);
    expect(view.getString(10)).toBe(bytes.toString("latin1").slice(-4, -1));
  });

  it("says what is absent: has false, every getter undefined", () => {
    expect(view.has(11)).toBe(true);
    expect(view.has(1)).toBe(false);
    expect(view.getString(1)).toBeUndefined();
    expect(view.getInt(1)).toBeUndefined();
    expect(view.getDecimal(1)).toBeUndefined();
    expect(view.getBytes(1)).toBeUndefined();
    expect(view.indexOf(1)).toBe(-1);
  });

  it("iterates fields with their value offsets, and offers the same by index without allocating", () => {
    const fields = [...view.fields()];
    expect(fields[7]).toEqual({ index: 7, tag: 11, valueStart: offsetOf(bytes, "11=") + 3, valueEnd: offsetOf(bytes, "11=") + 8 });
    for (let i = 0; i < view.count; i++) {
      expect(view.tagAt(i)).toBe(fields[i]!.tag);
      expect(bytes.latin1Slice(view.valueStart(i), view.valueEnd(i))).toBe(view.stringAt(i));
      expect(view.fieldStart(i)).toBe(view.valueStart(i) - 1 - String(view.tagAt(i)).length);
    }
  });

  it("getInt and getDecimal refuse what is not a number, with the field's tag and offset", () => {
    const bad = wrapped(frame(`35=D|${HEADER}11=ORD-1|55=BTC/USD|54=2|38=|44=1e5|7928=x2|`));
    const errorOf = (read: () => unknown): FixError => {
      try {
        read();
      } catch (error) {
        expect(error).toBeInstanceOf(FixValueError);
        return (error as FixValueError).error;
      }
      throw new Error("no error thrown");
    };
    const b = bad.bytes;
    expect(errorOf(() => bad.getInt(7928))).toEqual(
      fault({ code: "IncorrectDataFormat", reason: 6, tag: 7928, tagName: "SelfTradePrevention", offset: offsetOf(b, "7928="), text: 'SelfTradePrevention is not an integer: "x2"' }),
    );
    expect(errorOf(() => bad.getDecimal(44))).toEqual(
      fault({ code: "IncorrectDataFormat", reason: 6, tag: 44, tagName: "Price", offset: offsetOf(b, "44="), text: 'Price is not a decimal: "1e5"' }),
    );
    expect(errorOf(() => bad.getDecimal(38))).toEqual(
      fault({ code: "TagSpecifiedWithoutValue", reason: 4, tag: 38, tagName: "OrderQty", offset: offsetOf(b, "38="), text: "OrderQty has no value" }),
    );
    // The string of an empty value is empty; only the number getters refuse it.
    expect(bad.getString(38)).toBe("");
    expect(errorOf(() => bad.getInt(11))).toMatchObject({ code: "IncorrectDataFormat", text: 'ClOrdID is not an integer: "ORD-1"' });
  });

  it("never quotes a secret tag's value in a value error", () => {
    const withSecret = wrapped(frame(`35=D|${HEADER}11=ORD-1|55=BTC/USD|54=2|38=1|554=hunter2|`));
    expect(() => withSecret.getInt(554)).toThrow("tag 554 is not an integer: ***");
  });

  it("reads a repeated tag outside groups at its first occurrence", () => {
    const repeated = wrapped(frame(`35=D|${HEADER}11=FIRST|55=BTC/USD|11=SECOND|54=2|38=1|`));
    expect(repeated.getString(11)).toBe("FIRST");
    expect([...repeated].filter((f) => f.tag === 11)).toHaveLength(2);
    // The decoder reports the repeat; the view does not check it.
    expect(decode(repeated.bytes).errors.map((e) => e.code)).toEqual(["TagAppearsMoreThanOnce"]);
  });

  it("reads a Uint8Array that is a view into a larger buffer", () => {
    const message = frame(ORDER_BODY);
    const larger = new Uint8Array(message.length + 20);
    larger.set(message, 7);
    const inner = wrapped(Buffer.from(larger.buffer, 7, message.length));
    const plain = new FixView(dictionary);
    expect(plain.wrap(larger.subarray(7, 7 + message.length))).toBeUndefined();
    expect(plain.getString(55)).toBe("BTC/USD");
    expect(inner.getString(55)).toBe("BTC/USD");
  });
});

describe("FixView: DATA fields", () => {
  it("takes a DATA value's length from its LENGTH field, SOH and a fake trailer inside included", () => {
    const bytes = frame(`${ORDER_BODY}95=12|96=a|b=c|10=123|`);
    const view = wrapped(bytes);
    expect(view.getString(96)).toBe("a\x01b=c\x0110=123");
    expect(view.getInt(95)).toBe(12);
    expect([...view].map((f) => f.tag).slice(-3)).toEqual([95, 96, 10]);
    expect(decode(bytes).message).toMatchObject({ rawData: "a\x01b=c\x0110=123" });
  });

  it("reads the trailer's Signature (89) with SOH inside", () => {
    const view = wrapped(frame(`${ORDER_BODY}93=3|89=a|b|`));
    expect(view.getString(89)).toBe("a\x01b");
  });

  it("reports a DATA field shorter or longer than its LENGTH says, as the decoder does", () => {
    for (const body of [`${ORDER_BODY}95=2|96=abc|`, `${ORDER_BODY}95=9|96=abc|`]) {
      const bytes = frame(body);
      const expected = fault({ code: "IncorrectDataFormat", reason: 6, tag: 96, tagName: "RawData", offset: offsetOf(bytes, "96="), text: `RawData is not ${body.includes("95=2") ? 2 : 9} bytes long as its length field says` });
      const view = new FixView(dictionary);
      expect(view.wrap(bytes)).toEqual(expected);
      expect(decoderFirstError(bytes)).toEqual(expected);
      expect(view.error).toEqual(expected);
      expect(view.count).toBe(0);
    }
  });
});

describe("FixView: groups", () => {
  const nested = frame(
    `35=D|${HEADER}11=ORD-1|55=BTC/USD|54=2|38=0.50|` + "78=2|79=ACC1|80=0.25|539=2|524=P1|524=P2|79=ACC2|539=0|9999=extra|",
  );

  it("gives entries over sub-ranges, nested groups through their entry", () => {
    const view = wrapped(nested);
    const allocs = view.group(78);
    expect(allocs.map((entry) => entry.getString(79))).toEqual(["ACC1", "ACC2"]);
    expect(allocs[0]!.getDecimal(80)).toBe("0.25");
    expect(allocs[1]!.has(80)).toBe(false);
    expect(allocs[0]!.group(539).map((party) => party.getString(524))).toEqual(["P1", "P2"]);
    expect(allocs[1]!.getInt(539)).toBe(0);
    expect(allocs[1]!.group(539)).toEqual([]);
    // A tag the dictionary does not know stays in the entry it follows, as in the decoder.
    expect(allocs[1]!.getString(9999)).toBe("extra");
    expect([...allocs[1]!].map((f) => f.tag)).toEqual([79, 539, 9999]);
    expect(allocs[0]!.count).toBe(5);
    expect(allocs.map((entry) => entry.path)).toEqual(["NoAllocs[1]", "NoAllocs[2]"]);
    expect(allocs[0]!.group(539)[1]!.path).toBe("NoAllocs[1].NoNestedPartyIDs[2]");
  });

  it("puts the entry's path on value errors", () => {
    const view = wrapped(frame(`35=X|${HEADER}55=BTC/USD|268=2|269=0|270=1.5|269=1|270=x|`));
    const second = view.group(268)[1]!;
    expect(() => second.getDecimal(270)).toThrow(FixValueError);
    try {
      second.getDecimal(270);
    } catch (error) {
      expect((error as FixValueError).error).toEqual(
        fault({ code: "IncorrectDataFormat", reason: 6, tag: 270, tagName: "MDEntryPx", path: "NoMDEntries[2]", offset: view.bytes.lastIndexOf("270=x"), text: 'MDEntryPx is not a decimal: "x"' }),
      );
    }
  });

  it("ends a group at the first field the group does not have; message-level reads see the first entry's fields", () => {
    const view = wrapped(frame(BOOK_BODY));
    const entries = view.group(268);
    expect(entries.map((e) => [e.getString(269), e.getDecimal(270)])).toEqual([["0", "1.5"], ["1", "1.6"]]);
    expect(entries[1]!.has(5041)).toBe(false);
    expect(view.getString(5041)).toBe("77");
    expect(view.getDecimal(270)).toBe("1.5");
  });

  it("gives no entries for an absent group and refuses a counter that is not a group of the message", () => {
    const view = wrapped(frame(ORDER_BODY));
    expect(view.group(78)).toEqual([]);
    expect(() => view.group(268)).toThrow(new FixViewUsageError("NoMDEntries is not a repeating group of MsgType D"));
    expect(() => view.group(55)).toThrow(new FixViewUsageError("Symbol is not a repeating group of MsgType D"));
    const alloc = wrapped(nested).group(78)[0]!;
    expect(() => alloc.group(78)).toThrow(new FixViewUsageError("NoAllocs is not a repeating group in NoAllocs[1]"));
  });

  it("does not check counts (the decoder does): a counter saying 3 over 2 entries gives 2", () => {
    const bytes = frame(`35=X|${HEADER}55=BTC/USD|268=3|269=0|270=1.5|269=1|270=1.6|`);
    expect(wrapped(bytes).group(268)).toHaveLength(2);
    expect(decode(bytes).errors.map((e) => e.code)).toEqual(["IncorrectNumInGroupCount"]);
  });

  it("refuses to read an entry after the view was wrapped again", () => {
    const view = wrapped(nested);
    const entry = view.group(78)[0]!;
    wrapped(frame(BOOK_BODY), view);
    expect(() => entry.getString(79)).toThrow(new FixViewUsageError("NoAllocs[1] belongs to a message the view no longer holds (wrap was called again)"));
  });

  it("reads the Kraken known-answer messages' groups as the decoder decodes them", () => {
    const view = new FixView(krakenDictionary);
    const md = KNOWN_ANSWERS.find((k) => k.name === "MarketDataIncrementalRefresh");
    expect(md).toBeDefined();
    expect(view.wrap(md!.bytes)).toBeUndefined();
    const decoded = md!.expected as { mdEntries: { mdEntryType: string; mdEntryPx?: string; mdEntrySize?: string }[] };
    const entries = view.group(268);
    expect(entries.map((e) => e.getString(269))).toEqual(decoded.mdEntries.map((e) => e.mdEntryType));
    expect(entries.map((e) => e.getDecimal(270))).toEqual(decoded.mdEntries.map((e) => e.mdEntryPx));
    expect(entries.map((e) => e.getDecimal(271))).toEqual(decoded.mdEntries.map((e) => e.mdEntrySize));
  });
});

/** A message with one unusable tag: the error names the problem and the field's offset, never its bytes. */
function badTag(name: string, body: string, fieldStart: string, problem: string, at?: number): { name: string; bytes: Buffer; expected: FixError } {
  const bytes = frame(body);
  const offset = at ?? offsetOf(bytes, fieldStart);
  return { name, bytes, expected: fault({ code: "InvalidTagNumber", reason: 0, offset, text: `${problem}: expected <tag>=<value>` }) };
}

describe("FixView: framing errors are the decoder's first error", () => {
  const good = frame(ORDER_BODY);
  const realLength = wire(ORDER_BODY).length;
  const checksumAt = good.length - 7;
  const realChecksum = good.toString("latin1").slice(-4, -1);
  const wrongChecksum = String((Number(realChecksum) + 1) % 256).padStart(3, "0");

  const cases: { name: string; bytes: Buffer; expected: FixError; options?: { validateLengthAndChecksum?: boolean; beginString?: string } }[] = [
    { name: "no 8= at the start", bytes: wire("X=FIX.4.4|9=5|35=D|10=000|"), expected: fault({ code: "Garbled", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "a FIX message starts with 8=" }) },
    { name: "empty input", bytes: Buffer.alloc(0), expected: fault({ code: "Garbled", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "a FIX message starts with 8=" }) },
    { name: "cut inside BeginString", bytes: wire("8=FIX.4"), expected: fault({ code: "Truncated", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "message ends inside BeginString (8)" }) },
    { name: "BeginString mismatch", bytes: frame(ORDER_BODY, { beginString: "FIX.4.2" }), expected: fault({ code: "BeginString", reason: undefined, offset: 0, tag: 8, tagName: "BeginString", text: "BeginString is FIX.4.2, expected FIX.4.4" }) },
    { name: "BodyLength not second", bytes: wire("8=FIX.4.4|35=D|9=5|10=000|"), expected: fault({ code: "BodyLength", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: "BodyLength (9) must be the second field" }) },
    { name: "cut inside BodyLength", bytes: wire("8=FIX.4.4|9=12"), expected: fault({ code: "Truncated", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: "message ends inside BodyLength (9)" }) },
    { name: "BodyLength not a number", bytes: frame(ORDER_BODY, { bodyLength: "1x" }), expected: fault({ code: "BodyLength", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: "BodyLength (9) is not a number" }) },
    { name: "BodyLength too long", bytes: frame(ORDER_BODY, { bodyLength: realLength + 3 }), expected: fault({ code: "BodyLength", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: `BodyLength says ${realLength + 3}, body is ${realLength} bytes` }) },
    { name: "BodyLength too short", bytes: frame(ORDER_BODY, { bodyLength: realLength - 2 }), expected: fault({ code: "BodyLength", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: `BodyLength says ${realLength - 2}, body is ${realLength} bytes` }) },
    { name: "no trailer", bytes: good.subarray(0, checksumAt), expected: fault({ code: "Truncated", reason: undefined, offset: BODY_LENGTH_AT, tag: 9, tagName: "BodyLength", text: `no CheckSum (10) field: message truncated (BodyLength says ${realLength})` }) },
    { name: "cut inside CheckSum", bytes: good.subarray(0, good.length - 2), expected: fault({ code: "Truncated", reason: undefined, offset: checksumAt, tag: 10, tagName: "CheckSum", text: "message ends inside CheckSum (10)" }) },
    { name: "CheckSum of two digits", bytes: frame(ORDER_BODY, { checksum: "12" }), expected: fault({ code: "CheckSum", reason: undefined, offset: checksumAt, tag: 10, tagName: "CheckSum", text: "CheckSum (10) must be three digits followed by SOH" }) },
    { name: "CheckSum wrong", bytes: frame(ORDER_BODY, { checksum: wrongChecksum }), expected: fault({ code: "CheckSum", reason: undefined, offset: checksumAt, tag: 10, tagName: "CheckSum", text: `CheckSum is ${wrongChecksum}, bytes sum to ${realChecksum}` }) },
    { name: "bytes after the CheckSum", bytes: Buffer.concat([good, wire("xyz")]), expected: fault({ code: "Garbled", reason: undefined, offset: good.length, text: "3 bytes after CheckSum (10)" }) },
    { name: "MsgType not third", bytes: frame(`${HEADER}35=D|11=A|55=B|54=1|38=1|`), expected: fault({ code: "TagSpecifiedOutOfRequiredOrder", reason: 14, offset: BODY_LENGTH_AT + 5, tag: 35, tagName: "MsgType", text: "MsgType (35) must be the third field" }) },
    { name: "no fields at all", bytes: frame(""), expected: fault({ code: "TagSpecifiedOutOfRequiredOrder", reason: 14, offset: BODY_LENGTH_AT + 4, tag: 35, tagName: "MsgType", text: "MsgType (35) must be the third field" }) },
    badTag("tag with a letter", `${ORDER_BODY}5x=1|`, "5x=", "tag contains a non-digit"),
    badTag("tag starting with 0", `35=D|${HEADER}011=A|55=B|54=1|38=1|`, "011=", "tag starts with 0"),
    badTag("empty tag before MsgType", `=x|35=D|${HEADER}11=A|55=B|54=1|38=1|`, "=x", "empty tag", BODY_LENGTH_AT + 5),
    badTag("field without =", `${ORDER_BODY}1234|`, "1234\x01", "no = after the tag"),
    badTag("tag of 10 digits", `${ORDER_BODY}1234567890=1|`, "1234567890=", "tag has more than 9 digits"),
    (() => {
      // The CheckSum error is found after the bad tag, but the decoder reports it first, and so does the view.
      const bytes = frame(`${ORDER_BODY}5x=1|`, { checksum: "000" });
      const sum = frame(`${ORDER_BODY}5x=1|`).toString("latin1").slice(-4, -1);
      const text = `CheckSum is 000, bytes sum to ${sum}`;
      return { name: "bad tag and a wrong CheckSum: CheckSum first", bytes, expected: fault({ code: "CheckSum", reason: undefined, offset: bytes.length - 7, tag: 10, tagName: "CheckSum", text }) };
    })(),
    { name: "malformed CheckSum with validateLengthAndChecksum off", bytes: frame(ORDER_BODY, { checksum: "ab" }), options: { validateLengthAndChecksum: false }, expected: fault({ code: "CheckSum", reason: undefined, offset: checksumAt, tag: 10, tagName: "CheckSum", text: "CheckSum (10) must be three digits followed by SOH" }) },
  ];

  for (const { name, bytes, expected, options } of cases) {
    it(name, () => {
      const view = new FixView(dictionary, options);
      const error = view.wrap(bytes);
      const fromDecoder = decoderFirstError(bytes, options);
      expect(error).toEqual(fromDecoder);
      expect(error).toEqual(expected);
      expect(view.error).toBe(error);
      expect(view.count).toBe(0);
      expect(view.has(35)).toBe(false);
      expect(() => view.msgType).toThrow(new FixViewUsageError("the view holds no message (wrap reported an error or was not called)"));
    });
  }

  it("validateLengthAndChecksum: false accepts a wrong BodyLength and a CheckSum computed over `|`, as the decoder", () => {
    const options = { validateLengthAndChecksum: false };
    for (const bytes of [frame(ORDER_BODY, { sumDelimiter: "|" }), frame(ORDER_BODY, { bodyLength: realLength + 40 })]) {
      expect(decode(bytes, options).errors).toEqual([]);
      expect(wrapped(bytes, new FixView(dictionary, options)).getString(11)).toBe("ORD-1");
    }
  });

  it("an expected BeginString can be given", () => {
    const view = new FixView(dictionary, { beginString: "FIX.4.2" });
    expect(view.wrap(frame(ORDER_BODY, { beginString: "FIX.4.2" }))).toBeUndefined();
    expect(view.getString(8)).toBe("FIX.4.2");
  });

  it("a message cut at any offset is refused with the decoder's first error", () => {
    const full = frame(BOOK_BODY);
    const view = new FixView(dictionary);
    for (let cut = 0; cut < full.length; cut++) {
      const bytes = full.subarray(0, cut);
      expect(view.wrap(bytes), `cut at ${cut}`).toEqual(decoderFirstError(bytes));
    }
  });

  /** The first of the decoder's errors that the view also checks for (the decoder also checks values). */
  function decoderFramingError(bytes: Buffer): FixError | undefined {
    return decode(bytes, { checks: noChecks }).errors.find(
      (e) =>
        ["BeginString", "BodyLength", "CheckSum", "Garbled", "Truncated", "InvalidTagNumber"].includes(e.code) ||
        (e.code === "TagSpecifiedOutOfRequiredOrder" && e.tag === 35) ||
        (e.code === "IncorrectDataFormat" && e.text.endsWith("bytes long as its length field says")),
    );
  }

  it("any single corrupted byte: the view's error is the decoder's first framing error", () => {
    const full = frame(`${ORDER_BODY}95=3|96=a|b|`);
    fc.assert(
      fc.property(fc.nat({ max: full.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const bytes = Buffer.from(full);
        bytes[at] = byte;
        expect(new FixView(dictionary).wrap(bytes)).toEqual(decoderFramingError(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("a corrupted byte in the body of a correctly framed message: the same error as the decoder, or none from both", () => {
    // BodyLength and CheckSum are recomputed around the corrupted body, so what is left are the field-level
    // problems: unusable tags, MsgType not third, DATA lengths.
    const body = `${ORDER_BODY}95=3|96=a|b|`;
    fc.assert(
      fc.property(fc.nat({ max: body.length - 1 }), fc.constantFrom("|", "=", "0", "9", "x", "\x00"), (at, char) => {
        const bytes = frame(body.slice(0, at) + char + body.slice(at + 1));
        expect(new FixView(dictionary).wrap(bytes)).toEqual(decoderFramingError(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});

/** Every check the decoder can skip, skipped: what is left are the errors the view reports too, and bad values. */
const noChecks: WireChecks = {
  requiredFields: "off",
  enumValues: "off",
  undefinedTags: "off",
  userDefinedTags: "off",
  tagsNotInMessage: "off",
  fieldsOutOfOrder: "off",
  groupFieldOrder: "off",
  emptyValues: "off",
};

describe("FixView: re-wrapping", () => {
  it("re-points one view at many messages without growing once it has seen the largest", () => {
    const messages = [frame(ORDER_BODY), frame(BOOK_BODY), ...KNOWN_ANSWERS.map((k) => k.bytes)];
    const view = new FixView(krakenDictionary);
    const mini = new FixView(dictionary);
    expect(mini.wrap(messages[0]!)).toBeUndefined();
    for (const bytes of messages.slice(2)) expect(view.wrap(bytes)).toBeUndefined();
    const capacity = view.capacity;
    for (let round = 0; round < 100; round++) {
      for (const known of KNOWN_ANSWERS) {
        expect(view.wrap(known.bytes)).toBeUndefined();
        expect(view.msgType).toBe(known.msgType);
      }
    }
    expect(view.capacity).toBe(capacity);
  });

  it("grows for a message with more fields than it has room for, and keeps every field", () => {
    const entries = Array.from({ length: 200 }, (_, i) => `269=${i % 3}|270=${i}.5|`).join("");
    const bytes = frame(`35=X|${HEADER}55=BTC/USD|268=200|${entries}`);
    const view = new FixView(dictionary);
    const before = view.capacity;
    expect(view.wrap(bytes)).toBeUndefined();
    expect(view.count).toBe(3 + 4 + 2 + 400 + 1);
    expect(view.capacity).toBeGreaterThan(before);
    expect(view.group(268).map((e) => e.getDecimal(270))).toEqual(Array.from({ length: 200 }, (_, i) => `${i}.5`));
    expect(decode(bytes).errors).toEqual([]);
  });

  it("reads every Kraken known-answer message's fields as decodeWire's wire text", () => {
    const view = new FixView(krakenDictionary);
    for (const known of KNOWN_ANSWERS) {
      expect(view.wrap(known.bytes), known.name).toBeUndefined();
      const pairs = known.text.split("|").filter((f) => f !== "").map((f) => [Number(f.slice(0, f.indexOf("="))), f.slice(f.indexOf("=") + 1)]);
      expect([...view].map((f) => [f.tag, view.stringAt(f.index)]), known.name).toEqual(pairs);
      expect(decodeWire(krakenDictionary, known.bytes, (t) => krakenDictionary.messages.get(t)).errors).toEqual([]);
    }
  });
});

describe("FixView: property", () => {
  it("every field the decoder reports is readable from the view with the same text", () => {
    fc.assert(
      fc.property(fc.tuple(orderArb, headerArb), ([order, head]) => {
        const bytes = Order.encode(order, head);
        const view = wrapped(bytes);
        const result = decode(bytes);
        expect(result.ok).toBe(true);
        const m = result.message as Order & { header: typeof head };
        expect(view.msgType).toBe("D");
        expect(view.getInt(34)).toBe(m.header.msgSeqNum);
        expect(view.getString(49)).toBe(m.header.senderCompID);
        expect(view.getString(56)).toBe(m.header.targetCompID);
        expect(view.getString(52)).toBe(m.header.sendingTime);
        expect(view.getString(43)).toBe(m.header.possDupFlag === undefined ? undefined : m.header.possDupFlag ? "Y" : "N");
        expect(view.getString(11)).toBe(m.clOrdID);
        expect(view.getString(55)).toBe(m.symbol);
        expect(view.getString(54)).toBe(m.side);
        expect(view.getDecimal(38)).toBe(m.orderQty);
        expect(view.getDecimal(44)).toBe(m.price);
        expect(view.getString(18)).toBe(m.execInst?.join(" "));
        expect(view.getInt(7928)).toBe(m.selfTradePrevention);
        expect(view.getString(96)).toBe(m.rawData);
        const allocs = view.group(78);
        expect(allocs.map((a) => a.getString(79))).toEqual((m.allocs ?? []).map((a) => a.allocAccount));
        expect(allocs.map((a) => a.getDecimal(80))).toEqual((m.allocs ?? []).map((a) => a.allocQty));
        expect(allocs.map((a) => a.group(539).map((p) => p.getString(524)))).toEqual((m.allocs ?? []).map((a) => (a.nestedPartyIDs ?? []).map((p) => p.nestedPartyID)));
        const fields = [...view].map((f) => ({ tag: f.tag, value: view.stringAt(f.index) }));
        for (const unknown of m.unknownFields ?? []) expect(fields).toContainEqual(unknown);
      }),
      { numRuns: 300 },
    );
  });

  it("book messages: every entry as the decoder decodes it", () => {
    fc.assert(
      fc.property(fc.tuple(bookArb, headerArb), ([book, head]) => {
        const bytes = Book.encode(book, head);
        const view = wrapped(bytes);
        const m = decode(bytes).message as Book;
        expect(view.getString(55)).toBe(m.symbol);
        expect(view.getString(5041)).toBe(m.checksumOrderBook);
        expect(view.group(268).map((e) => [e.getString(269), e.getDecimal(270)])).toEqual(m.mdEntries.map((e) => [e.mdEntryType, e.mdEntryPx]));
      }),
      { numRuns: 300 },
    );
  });
});
