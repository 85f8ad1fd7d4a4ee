/**
 * Generated `LayoutAccessors` (named stores and loads) against the codec's keyed accesses: the generated Kraken
 * package and the same dictionary compiled at run time from the XML (the `--dict` path, no accessors) must decode
 * and encode every message identically, down to key order, errors and bytes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchMessages } from "../../bench/messages.js";
import * as generated from "../../generated/kraken-fix44/index.js";
import { createDictionary, DictionaryDefinitionError, structuralChecks } from "../../runtime/index.js";
import type { DecodeResult, MessageDef, WireChecks } from "../../runtime/index.js";
import {
  allChecks,
  decodeAtRunTime,
  decodeGenerated,
  generatedCodec,
  header,
  layoutsOf,
  objectArb,
  runtimeCodec,
  runtimeCodecs,
  runtimeDefs,
  runtimeDictionary,
} from "./kraken-paths.js";
import type { AnyMessage } from "./kraken-paths.js";

/** Both paths' results for the same bytes, with either check set. */
function decodeBoth(bytes: Buffer, checks: WireChecks): [DecodeResult<AnyMessage>, DecodeResult<AnyMessage>] {
  return [decodeGenerated(bytes, { checks }), decodeAtRunTime(bytes, { checks })];
}

/** Key order is part of the result (users see it), so results are compared as JSON text too. */
function expectSame(bytes: Buffer, checks: WireChecks): void {
  const [withAccessors, keyed] = decodeBoth(bytes, checks);
  expect(withAccessors).toStrictEqual(keyed);
  expect(JSON.stringify(withAccessors)).toBe(JSON.stringify(keyed));
}

describe("generated accessors", () => {
  it("are in place for every layout of the generated package, and absent on the --dict path", () => {
    const layouts = [generated.dictionary.header, generated.dictionary.trailer];
    for (const codec of generated.messages) layouts.push(...layoutsOf(generated.dictionary.message(codec.def).layout));
    expect(layouts.filter((layout) => layout.accessors === undefined).map((layout) => layout.name)).toEqual([]);

    const runtimeLayouts = [runtimeDictionary.header, runtimeDictionary.trailer];
    for (const def of runtimeDefs.messages) runtimeLayouts.push(...layoutsOf(runtimeDictionary.message(def).layout));
    expect(runtimeLayouts.filter((layout) => layout.accessors !== undefined)).toEqual([]);
  });

  it("decode the bench messages as the keyed path does, and encode them back to the same bytes", () => {
    for (const message of benchMessages) {
      for (const checks of [structuralChecks, allChecks]) expectSame(message.bytes, checks);
      const [decoded] = decodeBoth(message.bytes, structuralChecks);
      expect(decoded.ok).toBe(true);
      const { header: decodedHeader, ...body } = decoded.message as AnyMessage & { header: object };
      const bytes = generatedCodec(message.msgType).encode(body, decodedHeader);
      expect(bytes.toString("latin1")).toBe(
        runtimeCodec(message.msgType).encode(body, decodedHeader).toString("latin1"),
      );
    }
  });

  it("decode bench messages with random byte edits as the keyed path does (errors included)", () => {
    const editArb = fc.record({
      message: fc.constantFrom(...benchMessages),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      cut: fc.boolean(),
    });
    fc.assert(
      fc.property(editArb, ({ message, at, byte, cut }) => {
        const index = at % message.bytes.length;
        const bytes = cut ? message.bytes.subarray(0, index) : Buffer.from(message.bytes);
        if (!cut) bytes[index] = byte;
        expectSame(bytes, structuralChecks);
        expectSame(bytes, allChecks);
      }),
      { numRuns: 1500 },
    );
  });

  it("encode and decode random messages of every type as the keyed path does", () => {
    const messageArb = fc
      .constantFrom(...runtimeCodecs)
      .chain((codec) => objectArb(runtimeDictionary.message(codec.def).layout, false).map((body) => ({ codec, body })));
    fc.assert(
      fc.property(messageArb, ({ codec, body }) => {
        const encode = (target: (typeof runtimeCodecs)[number]): string => {
          try {
            return target.encode(body, header).toString("latin1");
          } catch (error) {
            return `${(error as Error).name}: ${(error as Error).message}`;
          }
        };
        const keyed = encode(codec);
        expect(encode(generatedCodec(codec.msgType))).toBe(keyed);
        if (keyed.startsWith("8=")) {
          const bytes = Buffer.from(keyed, "latin1");
          expectSame(bytes, structuralChecks);
          expectSame(bytes, allChecks);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe("accessors given to createDictionary", () => {
  const fields = [
    { tag: 11, name: "ClOrdID", type: "STRING" },
    { tag: 55, name: "Symbol", type: "STRING" },
  ];
  const def = (accessors: MessageDef["accessors"]): MessageDef => ({
    name: "Order",
    msgType: "D",
    category: "app",
    members: [
      { tag: 11, required: true },
      { tag: 55, required: true },
    ],
    accessors,
  });
  const noop = { store: (): void => {}, read: (): void => {} };

  it("are refused when their keys are not the layout's members in order", () => {
    const dictionary = createDictionary({ beginString: "FIX.4.4", fields, header: [], trailer: [] });
    expect(() => dictionary.message(def({ keys: ["symbol", "clOrdID"], ...noop }))).toThrow(
      new DictionaryDefinitionError(
        "Order: accessors are for members [symbol, clOrdID], the layout has [clOrdID, symbol]",
      ),
    );
    expect(() => dictionary.message(def({ keys: ["clOrdID"], ...noop }))).toThrow(
      new DictionaryDefinitionError("Order: accessors are for members [clOrdID], the layout has [clOrdID, symbol]"),
    );
  });

  it("are refused for the header too", () => {
    expect(() =>
      createDictionary({
        beginString: "FIX.4.4",
        fields,
        header: [{ tag: 55, required: false }],
        trailer: [],
        headerAccessors: { keys: ["clOrdID"], ...noop },
      }),
    ).toThrow(new DictionaryDefinitionError("Header: accessors are for members [clOrdID], the layout has [symbol]"));
  });
});
