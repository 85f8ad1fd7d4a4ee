/**
 * Generated `LayoutAccessors` (named stores and loads) against the codec's keyed accesses: the generated Kraken
 * package and the same dictionary compiled at run time from the XML (the `--dict` path, no accessors) must decode
 * and encode every message identically, down to key order, errors and bytes.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchMessages } from "../../bench/messages.js";
import { loadDictionary } from "../../generator/model/load.js";
import { toDictionaryDef } from "../../generator/model/to-descriptors.js";
import * as generated from "../../generated/kraken-fix44/index.js";
import {
  createDictionary,
  createMessageDecoder,
  defineMessage,
  DictionaryDefinitionError,
  structuralChecks,
  ValueKind,
} from "../../runtime/index.js";
import type { CompiledField, DecodeResult, Layout, MessageDef, WireChecks } from "../../runtime/index.js";
import { decimalArb, wireText } from "./arbitraries.js";

type AnyMessage = { readonly msgType: string } & Record<string, unknown>;

const xml = readFileSync(new URL("../../dictionaries/kraken-fix44.xml", import.meta.url), "utf8");
const runtimeDefs = toDictionaryDef(loadDictionary(xml, "kraken-fix44.xml"));
const runtimeDictionary = createDictionary(runtimeDefs.dictionary);
const runtimeCodecs = runtimeDefs.messages.map((def) => defineMessage<AnyMessage, object>(runtimeDictionary, def));
const decodeAtRunTime = createMessageDecoder<AnyMessage>(runtimeDictionary, runtimeCodecs);
const decodeGenerated = createMessageDecoder<AnyMessage>(generated.dictionary, generated.messages);

/** Every check the decoder has, as errors: the paths that report (and skip storing) values run too. */
const allChecks: WireChecks = {
  ...structuralChecks,
  requiredFields: "error",
  enumValues: "error",
  undefinedTags: "error",
  userDefinedTags: "error",
  tagsNotInMessage: "error",
  groupFieldOrder: "error",
};

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

function generatedCodec(msgType: string) {
  const codec = generated.messages.find((candidate) => candidate.msgType === msgType);
  if (!codec) throw new Error(`no generated codec for ${msgType}`);
  return codec as unknown as (typeof runtimeCodecs)[number];
}

function runtimeCodec(msgType: string) {
  const codec = runtimeCodecs.find((candidate) => candidate.msgType === msgType);
  if (!codec) throw new Error(`no --dict codec for ${msgType}`);
  return codec;
}

/** A layout and the layouts of its groups, nested ones included. */
function layoutsOf(layout: Layout): Layout[] {
  return [layout, ...layout.members.flatMap((member) => (member.type === "group" ? layoutsOf(member.layout) : []))];
}

/** Values mostly of the field's type (so most messages decode cleanly), sometimes any text (so errors occur). */
function valueArb(field: CompiledField): fc.Arbitrary<unknown> {
  const enumerated = field.values && fc.constantFrom(...field.values);
  const typed = ((): fc.Arbitrary<unknown> => {
    switch (field.kind) {
      case ValueKind.Int:
      case ValueKind.Length:
        return fc.nat({ max: 10 ** 9 });
      case ValueKind.Boolean:
        return fc.boolean();
      case ValueKind.Decimal:
        return decimalArb;
      case ValueKind.MultiValue:
        return fc.array(fc.constantFrom("A", "B", "1"), { minLength: 1, maxLength: 3 });
      case ValueKind.UtcTimestamp:
        return fc.constant("20250612-10:15:30.123");
      case ValueKind.Date:
        return fc.constant("20250612");
      case ValueKind.Char:
        return fc.constantFrom("1", "2", "A");
      default:
        return wireText;
    }
  })();
  const text = field.kind === ValueKind.MultiValue ? fc.array(wireText, { minLength: 1, maxLength: 2 }) : wireText;
  return fc.oneof(
    { arbitrary: enumerated ?? typed, weight: 6 },
    { arbitrary: typed, weight: 3 },
    { arbitrary: text, weight: 1 },
  );
}

/**
 * Objects of a layout, every member optional (a group entry always has its delimiter): covers every case of the
 * generated switches over enough runs, and messages that lack required fields.
 */
function objectArb(layout: Layout, isEntry: boolean): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const member of layout.members) {
    if (member.isDataLength) continue;
    model[member.key] =
      member.type === "group"
        ? fc.array(objectArb(member.layout, true), { minLength: 1, maxLength: 3 })
        : valueArb(member.field);
  }
  const delimiter = layout.members[0]?.key;
  return fc.record(model, { requiredKeys: isEntry && delimiter !== undefined ? [delimiter] : [] });
}

const header = {
  msgSeqNum: 7,
  senderCompID: "CLIENT01",
  targetCompID: "KRAKEN-TRD",
  sendingTime: "20250612-10:15:30.123",
};

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
