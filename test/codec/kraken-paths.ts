/**
 * The Kraken dictionary two ways, for differential tests: the generated package (named accessors and the fast-path
 * readers) and the same XML compiled at run time (the `--dict` path: no generated code, so every message goes
 * through the full decoder). Plus arbitraries of objects for any layout.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { loadDictionary } from "../../generator/model/load.js";
import { toDictionaryDef } from "../../generator/model/to-descriptors.js";
import * as generated from "../../generated/kraken-fix44/index.js";
import { createDictionary, createMessageDecoder, defineMessage, structuralChecks, ValueKind } from "../../runtime/index.js";
import type { CompiledField, Layout, WireChecks } from "../../runtime/index.js";
import { decimalArb, wireText } from "./arbitraries.js";

export type AnyMessage = { readonly msgType: string } & Record<string, unknown>;

const xml = readFileSync(new URL("../../dictionaries/kraken-fix44.xml", import.meta.url), "utf8");
export const runtimeDefs = toDictionaryDef(loadDictionary(xml, "kraken-fix44.xml"));
export const runtimeDictionary = createDictionary(runtimeDefs.dictionary);
export const runtimeCodecs = runtimeDefs.messages.map((def) => defineMessage<AnyMessage, object>(runtimeDictionary, def));
export const decodeAtRunTime = createMessageDecoder<AnyMessage>(runtimeDictionary, runtimeCodecs);
export const decodeGenerated = createMessageDecoder<AnyMessage>(generated.dictionary, generated.messages);

/** Every check the decoder has, as errors: the paths that report (and skip storing) values run too. */
export const allChecks: WireChecks = {
  ...structuralChecks,
  requiredFields: "error",
  enumValues: "error",
  undefinedTags: "error",
  userDefinedTags: "error",
  tagsNotInMessage: "error",
  groupFieldOrder: "error",
};

export function generatedCodec(msgType: string) {
  const codec = generated.messages.find((candidate) => candidate.msgType === msgType);
  if (!codec) throw new Error(`no generated codec for ${msgType}`);
  return codec as unknown as (typeof runtimeCodecs)[number];
}

export function runtimeCodec(msgType: string) {
  const codec = runtimeCodecs.find((candidate) => candidate.msgType === msgType);
  if (!codec) throw new Error(`no --dict codec for ${msgType}`);
  return codec;
}

/** A layout and the layouts of its groups, nested ones included. */
export function layoutsOf(layout: Layout): Layout[] {
  return [layout, ...layout.members.flatMap((member) => (member.type === "group" ? layoutsOf(member.layout) : []))];
}

/**
 * Values of the field's type: enumerated ones where the dictionary lists them. Unless `clean`, also values only
 * mostly of the type, and sometimes any text, so that errors occur.
 */
export function valueArb(field: CompiledField, clean = false): fc.Arbitrary<unknown> {
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
        return fc.array(enumerated ?? fc.constantFrom("A", "B", "1"), { minLength: 1, maxLength: 3 });
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
  if (clean) return field.kind === ValueKind.MultiValue || !enumerated ? typed : enumerated;
  const text = field.kind === ValueKind.MultiValue ? fc.array(wireText, { minLength: 1, maxLength: 2 }) : wireText;
  return fc.oneof(
    { arbitrary: enumerated ?? typed, weight: 6 },
    { arbitrary: typed, weight: 3 },
    { arbitrary: text, weight: 1 },
  );
}

/**
 * Objects of a layout, every member optional (a group entry always has its delimiter): covers every case of the
 * generated switches over enough runs, and messages that lack required fields. `clean` objects have every
 * required member and only values of the right type.
 */
export function objectArb(layout: Layout, isEntry: boolean, clean = false): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const member of layout.members) {
    if (member.isDataLength) continue;
    model[member.key] =
      member.type === "group"
        ? fc.array(objectArb(member.layout, true, clean), { minLength: 1, maxLength: 3 })
        : valueArb(member.field, clean);
  }
  const delimiter = layout.members[0]?.key;
  const requiredKeys = clean ? layout.required.map((member) => member.key) : [];
  if (isEntry && delimiter !== undefined && !requiredKeys.includes(delimiter)) requiredKeys.push(delimiter);
  return fc.record(model, { requiredKeys });
}

export const header = {
  msgSeqNum: 7,
  senderCompID: "CLIENT01",
  targetCompID: "KRAKEN-TRD",
  sendingTime: "20250612-10:15:30.123",
};
