/**
 * The codec's fast paths against its full paths. Decode: generated `decodeFields` readers
 * (runtime/codec/field-reader.ts) against the full decoder. Its contract: it returns a message only when the full decoder, with every check at "error", finds
 * nothing, and then exactly the full decoder's message (key order included); on anything else it gives up and the
 * full decoder reports the problem. Encode: generated `encodeFields` writers (`FieldWriter`, encode.ts) write the
 * same bytes as the full encoder and hand every value they cannot write to it, which throws the same EncodeError.
 * The full paths here are the `--dict` path's, which has no generated code.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchMessages } from "../../bench/messages.js";
import * as generated from "../../generated/kraken-fix44/index.js";
import { checkTrailer, newFrame, readFrame } from "../../runtime/codec/decode.js";
import { decodeFast } from "../../runtime/codec/field-reader.js";
import type { FixError, WireDecodeResult } from "../../runtime/index.js";
import { FieldWriter } from "../../runtime/codec/encode.js";
import {
  allChecks,
  decodeAtRunTime,
  decodeGenerated,
  generatedCodec,
  header,
  objectArb,
  runtimeCodec,
  runtimeCodecs,
  runtimeDictionary,
} from "./kraken-paths.js";

const dict = generated.dictionary;
const resolve = (msgType: string) => dict.messages.get(msgType);

/** The fast path alone on framed bytes: undefined when it gives up (or the frame itself is wrong). */
function fast(bytes: Buffer, enums = false): WireDecodeResult | undefined {
  const errors: FixError[] = [];
  const frame = newFrame();
  if (!readFrame(bytes, dict.beginString, true, errors, frame) || frame.trailerAt < 0) return undefined;
  const declared = checkTrailer(bytes, frame.trailerAt, true, errors);
  if (errors.length > 0 || declared < 0) return undefined;
  const text = bytes.latin1Slice(0, frame.trailerAt);
  return decodeFast(dict, bytes, text, frame.bodyStart, frame.trailerAt, declared, resolve, enums);
}

/** The contract, on any bytes: a fast result is the full decoder's clean result. Returns whether it was taken. */
function expectContract(bytes: Buffer): boolean {
  for (const enums of [false, true]) {
    const quick = fast(bytes, enums);
    if (!quick) continue;
    // With enumerated values unchecked, the full decoder does not flag them either.
    const full = decodeAtRunTime(bytes, { checks: { ...allChecks, enumValues: enums ? "error" : "off" } });
    expect(full.errors).toEqual([]);
    expect(quick.errors).toEqual([]);
    expect(quick.message).toStrictEqual(full.message);
    expect(JSON.stringify(quick.message)).toBe(JSON.stringify(full.message));
  }
  return fast(bytes) !== undefined;
}

/** `8=FIX.4.4|9=..|<body>|10=..|` with BodyLength and CheckSum computed; `|` stands for SOH. */
function frame(body: string): Buffer {
  const inner = body.replaceAll("|", "\x01");
  const head = `8=FIX.4.4\x019=${inner.length}\x01`;
  let sum = 0;
  for (const byte of Buffer.from(head + inner, "latin1")) sum += byte;
  return Buffer.from(`${head}${inner}10=${String(sum % 256).padStart(3, "0")}\x01`, "latin1");
}

const HEAD = "35=D|34=2|49=CLIENT01|52=20250612-10:15:30.123|56=KRAKEN-TRD|";
const ORDER = "11=42|40=2|44=84000.10|38=1.5|54=1|55=BTC/USD|59=1|60=20250612-10:15:30.120|";
const BOOK_HEAD = "35=X|34=3|49=KRAKEN-MD|52=20250612-10:15:31.460|56=CLIENT01|55=BTC/USD|262=md-1|";

describe("decoder fast path", () => {
  it("takes every bench message and returns what the full decoder returns", () => {
    for (const message of benchMessages) expect(expectContract(message.bytes), message.id).toBe(true);
  });

  it("is what Codec.decode and decodeMessage return for a clean message", () => {
    const bytes = frame(HEAD + ORDER);
    const quick = fast(bytes);
    expect(quick?.message).toBeDefined();
    expect(generated.NewOrderSingle.decode(bytes).message).toStrictEqual(quick!.message);
    expect(decodeGenerated(bytes).message).toStrictEqual(quick!.message);
  });

  // Each of these is a message the full decoder flags (with every check on): the fast path must give up, and the
  // generated codec must still report what is wrong, as the full decoder does.
  const refused: readonly (readonly [string, Buffer, string])[] = [
    ["empty value", frame(HEAD + ORDER.replace("55=BTC/USD", "55=")), "TagSpecifiedWithoutValue"],
    ["malformed decimal", frame(HEAD + ORDER.replace("44=84000.10", "44=84,000.10")), "IncorrectDataFormat"],
    ["malformed timestamp", frame(HEAD + ORDER.replace("60=20250612-10:15:30.120", "60=20250612 10:15:30")), "IncorrectDataFormat"],
    ["malformed int", frame(HEAD.replace("34=2", "34=2x") + ORDER), "IncorrectDataFormat"],
    ["tag not in the dictionary", frame(HEAD + ORDER + "9999=x|"), "UndefinedTag"],
    ["tag not in this message", frame(HEAD + ORDER + "270=1|"), "TagNotDefinedForMessageType"],
    ["tag repeated", frame(HEAD + ORDER + "55=ETH/USD|"), "TagAppearsMoreThanOnce"],
    ["header field after the body", frame(HEAD.replace("34=2|", "") + ORDER + "34=2|"), "TagSpecifiedOutOfRequiredOrder"],
    ["trailer field", frame(HEAD + ORDER + "93=3|89=abc|"), ""],
    ["required field missing", frame(HEAD + ORDER.replace("38=1.5|", "")), "RequiredTagMissing"],
    ["required header field missing", frame(HEAD.replace("49=CLIENT01|", "") + ORDER), "RequiredTagMissing"],
    ["unusable tag", frame(HEAD + ORDER + "x1=2|"), "InvalidTagNumber"],
    ["tag with a leading zero", frame(HEAD + ORDER + "055=X|"), "InvalidTagNumber"],
    ["wrong CheckSum", Buffer.from(frame(HEAD + ORDER).toString("latin1").replace(/10=\d{3}/, "10=000"), "latin1"), "CheckSum"],
    [
      "group count too high",
      frame(BOOK_HEAD + "268=2|279=0|269=0|278=B1|270=1.0|271=1|"),
      "IncorrectNumInGroupCount",
    ],
    [
      "group entry without its delimiter first",
      frame(BOOK_HEAD + "268=1|269=0|279=0|278=B1|270=1.0|271=1|"),
      "RepeatingGroupFieldsOutOfOrder",
    ],
    [
      "group entry fields out of order",
      frame(BOOK_HEAD + "268=1|279=0|270=1.0|269=0|278=B1|271=1|"),
      "RepeatingGroupFieldsOutOfOrder",
    ],
    [
      "group member repeated without a delimiter",
      frame(BOOK_HEAD + "268=1|279=0|269=0|278=B1|270=1.0|270=2.0|"),
      "RepeatingGroupFieldsOutOfOrder",
    ],
  ];
  for (const [what, bytes, code] of refused) {
    it(`gives up on ${what}, and the decoder reports it`, () => {
      expect(fast(bytes)).toBeUndefined();
      expect(fast(bytes, true)).toBeUndefined();
      const full = decodeAtRunTime(bytes, { checks: allChecks });
      expect(full.errors.length > 0 || full.message?.["trailer"] !== undefined).toBe(true);
      const viaGenerated = decodeGenerated(bytes, { checks: allChecks });
      expect(viaGenerated).toStrictEqual(full);
      if (code) expect(viaGenerated.errors.map((error) => error.code)).toContain(code);
    });
  }

  it("checks enumerated values only when the decode asks for it", () => {
    const bytes = frame(HEAD + ORDER.replace("54=1", "54=Z"));
    expect(fast(bytes, false)?.message?.["side"]).toBe("Z");
    expect(fast(bytes, true)).toBeUndefined();
    expect(decodeGenerated(bytes, { checks: allChecks }).errors.map((error) => error.code)).toEqual(["ValueIncorrect"]);
  });

  it("gives up, instead of scanning past the fields, when the byte before their end is not SOH", () => {
    const bytes = frame(HEAD + ORDER);
    const errors: FixError[] = [];
    const frameOf = newFrame();
    expect(readFrame(bytes, dict.beginString, true, errors, frameOf)).toBe(true);
    const declared = checkTrailer(bytes, frameOf.trailerAt, true, errors);
    const text = bytes.latin1Slice(0, frameOf.trailerAt);
    // The reader scans values without bounds: an end one byte short (inside the last value) must not be read.
    expect(decodeFast(dict, bytes, text, frameOf.bodyStart, frameOf.trailerAt - 1, declared, resolve, false)).toBeUndefined();
    expect(decodeFast(dict, bytes, text, frameOf.bodyStart, frameOf.trailerAt, declared, resolve, false)?.message).toBeDefined();
  });

  it("skips the CheckSum comparison when integrity is not checked (declaredSum -1), as the full decoder does", () => {
    const wrongSum = Buffer.from(frame(HEAD + ORDER).toString("latin1").replace(/10=\d{3}/, "10=000"), "latin1");
    const frameOf = newFrame();
    expect(readFrame(wrongSum, dict.beginString, false, [], frameOf)).toBe(true);
    const text = wrongSum.latin1Slice(0, frameOf.trailerAt);
    const quick = decodeFast(dict, wrongSum, text, frameOf.bodyStart, frameOf.trailerAt, -1, resolve, true);
    const full = decodeAtRunTime(wrongSum, { validateLengthAndChecksum: false, checks: allChecks });
    expect(full.errors).toEqual([]);
    expect(quick?.message).toStrictEqual(full.message);
    expect(decodeFast(dict, wrongSum, text, frameOf.bodyStart, frameOf.trailerAt, 0, resolve, true)).toBeUndefined();
  });

  it("reads groups: entries, counts, and the fields after the group", () => {
    const bytes = frame(BOOK_HEAD + "268=2|279=0|269=0|278=B1|270=1.0|271=1|279=2|269=1|278=O1|5041=12|");
    const quick = fast(bytes);
    expect(quick?.message).toMatchObject({
      symbol: "BTC/USD",
      mdReqID: "md-1",
      mdEntries: [
        { mdUpdateAction: "0", mdEntryType: "0", mdEntryID: "B1", mdEntryPx: "1.0", mdEntrySize: "1" },
        { mdUpdateAction: "2", mdEntryType: "1", mdEntryID: "O1" },
      ],
      checksumOrderBook: "12",
    });
    expect(expectContract(bytes)).toBe(true);
  });

  it("keeps its contract on bench messages with random byte edits", () => {
    const editArb = fc.record({
      message: fc.constantFrom(...benchMessages),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(editArb, ({ message, at, byte }) => {
        const bytes = Buffer.from(message.bytes);
        bytes[at % bytes.length] = byte;
        expectContract(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it("takes clean random messages of every type, and keeps its contract on them and on messages with errors", () => {
    const messageArb = fc.boolean().chain((clean) =>
      fc
        .constantFrom(...runtimeCodecs)
        .chain((codec) => objectArb(runtimeDictionary.message(codec.def).layout, false, clean).map((body) => ({ codec, body, clean }))),
    );
    const taken = new Set<string>();
    let cleanRuns = 0;
    let cleanTaken = 0;
    fc.assert(
      fc.property(messageArb, ({ codec, body, clean }) => {
        let bytes: Buffer;
        try {
          bytes = codec.encode(body, header);
        } catch {
          return;
        }
        const tookFast = expectContract(bytes);
        if (clean) {
          cleanRuns++;
          if (tookFast) cleanTaken++;
        }
        if (tookFast) taken.add(codec.msgType);
      }),
      { numRuns: 3000 },
    );
    // Clean messages can still be refused (group entries written out of the dictionary's order are flagged by the
    // groupFieldOrder check), but most must take the fast path, and every message type at least once.
    expect(cleanTaken / cleanRuns).toBeGreaterThan(0.5);
    expect([...taken].sort()).toEqual(runtimeCodecs.map((codec) => codec.msgType).sort());
  });
});

/** What `encode` returned or threw, as text. */
function encoded(run: () => Buffer): string {
  try {
    return run().toString("latin1");
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe("encoder fast path", () => {
  const order = {
    clOrdID: "42",
    ordType: "2",
    price: "84000.10",
    orderQty: "1.5",
    side: "1",
    symbol: "BTC/USD",
    timeInForce: "1",
    transactTime: "20250612-10:15:30.120",
  };
  const book = { symbol: "BTC/USD", mdReqID: "md-1", mdEntries: [{ mdUpdateAction: "0", mdEntryType: "0", mdEntryPx: "1.0" }] };

  it("is in place for every generated message, and writes what the full encoder writes", () => {
    expect(runtimeCodecs.filter((codec) => !dict.message(generatedCodec(codec.msgType).def).encodesFast).map((c) => c.name)).toEqual([]);
    const bytes = generatedCodec("D").encode(order, header);
    expect(bytes.toString("latin1")).toBe(runtimeCodec("D").encode(order, header).toString("latin1"));
    expect(generatedCodec("X").encode(book, header)).toEqual(runtimeCodec("X").encode(book, header));
  });

  // Values the writers refuse; the full encoder then throws, naming the field.
  const bad: readonly (readonly [string, string, Record<string, unknown>])[] = [
    ["a number for a STRING field", "D", { ...order, symbol: 5 }],
    ["an empty string", "D", { ...order, price: "" }],
    ["SOH in a value", "D", { ...order, clOrdID: "4\x012" }],
    ["a character above U+00FF", "D", { ...order, symbol: "BTC/€" }],
    ["a fraction for an INT field", "D", { ...order, selfTradePrevention: 1.5 }],
    ["a 16-digit INT", "D", { ...order, selfTradePrevention: 10 ** 15 }],
    ["a string for an INT field", "D", { ...order, selfTradePrevention: "1" }],
    ["an element with a space in a MULTIPLEVALUESTRING", "D", { ...order, execInst: ["E v"] }],
    ["null", "D", { ...order, price: null }],
    ["a group that is not an array", "X", { ...book, mdEntries: { mdUpdateAction: "0" } }],
    ["a group entry that is not an object", "X", { ...book, mdEntries: [book.mdEntries[0], 7] }],
    ["a bad value in the second group entry", "X", { ...book, mdEntries: [book.mdEntries[0], { mdUpdateAction: "0", mdEntryPx: 1 }] }],
  ];
  for (const [what, msgType, body] of bad) {
    it(`hands ${what} to the full encoder, which throws the same error`, () => {
      const full = encoded(() => runtimeCodec(msgType).encode(body, header));
      expect(full).toMatch(/^EncodeError: /);
      expect(encoded(() => generatedCodec(msgType).encode(body, header))).toBe(full);
      // The next message is whole: the scratch buffer was reset.
      expect(generatedCodec("D").encode(order, header)).toEqual(runtimeCodec("D").encode(order, header));
    });
  }

  it("writer methods say false instead of throwing", () => {
    const w = new FieldWriter();
    expect(w.textField(55, 5)).toBe(false);
    expect(w.textField(55, "")).toBe(false);
    expect(w.intField(34, -1.5)).toBe(false);
    expect(w.booleanField(43, "Y")).toBe(false);
    expect(w.multiField(18, ["a", ""])).toBe(false);
    expect(w.textField(55, "BTC/USD")).toBe(true);
    expect(w.buf.latin1Slice(w.pos - 11, w.pos)).toBe("55=BTC/USD\x01");
  });
});
