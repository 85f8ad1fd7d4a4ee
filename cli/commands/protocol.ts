/**
 * The protocol a command validates or decodes with: the generated Kraken package by default, or a QuickFIX XML
 * dictionary given with `--dict`, read and linted at run time together with the rules file beside it. Both
 * become the same `Protocol`, so every check behaves the same whichever path is used.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { loadDictionary } from "../../generator/model/load.js";
import { loadRulesFor } from "../../generator/model/rules.js";
import { toDictionaryDef } from "../../generator/model/to-descriptors.js";
import { createDictionary } from "../../runtime/codec/dictionary.js";
import { createMessageDecoder } from "../../runtime/codec/message.js";
import type { Protocol } from "../../runtime/validation/validator.js";
import { UsageError } from "./options.js";

export interface LoadedProtocol {
  readonly protocol: Protocol;
  /** Meaning of an enumerated value (`"Buy"` for Side 1), when the dictionary names it. */
  readonly meaning: (tag: number, value: string) => string | undefined;
  /** What was loaded, for reports. */
  readonly name: string;
}

export async function loadProtocol(dictPath: string | undefined): Promise<LoadedProtocol> {
  return dictPath === undefined ? loadGenerated() : loadDictionaryFile(dictPath);
}

async function loadDictionaryFile(path: string): Promise<LoadedProtocol> {
  const model = loadDictionary(await readDictionaryText(path), basename(path));
  const descriptors = toDictionaryDef(model);
  const dictionary = createDictionary(descriptors.dictionary);
  const decode = createMessageDecoder<unknown>(dictionary, descriptors.messages.map((def) => ({ def })));
  const meanings = new Map<number, Map<string, string>>();
  for (const field of model.fields) {
    const described = field.values.filter((value) => value.description !== "");
    if (described.length > 0) meanings.set(field.tag, new Map(described.map((value) => [value.value, value.description])));
  }
  return {
    protocol: { dictionary, decode, rules: loadRulesFor(path, model) },
    meaning: (tag, value) => meanings.get(tag)?.get(value),
    name: basename(path),
  };
}

async function readDictionaryText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read dictionary ${path}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

/**
 * The generated package's enums are `const` objects named after their field (`Side = { Buy: "1", … }`), so the
 * member name is the value's meaning.
 */
async function loadGenerated(): Promise<LoadedProtocol> {
  const generated = await import("../../generated/kraken-fix44/index.js");
  const { protocol } = generated;
  const exports: Readonly<Record<string, unknown>> = generated;
  const meanings = new Map<number, Map<string, string>>();
  for (const field of protocol.dictionary.fields.values()) {
    const members = exports[field.name];
    if (typeof members !== "object" || members === null || field.values === undefined) continue;
    const byValue = new Map<string, string>();
    for (const [name, value] of Object.entries(members)) {
      if (typeof value === "string" || typeof value === "number") byValue.set(String(value), name);
    }
    meanings.set(field.tag, byValue);
  }
  return { protocol, meaning: (tag, value) => meanings.get(tag)?.get(value), name: "kraken-fix44 (generated)" };
}
