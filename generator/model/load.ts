/** Read + lint in one step: what both `generate` and the CLI's `--dict` need before using a dictionary. */
import { DictionaryError, InvalidDictionaryError } from "./errors.js";
import { lintDictionary } from "./lint.js";
import { readDictionary } from "./read.js";
import type { DictionaryModel } from "./types.js";

/** Returns a model that passed every lint rule, or throws InvalidDictionaryError listing all problems. */
export function loadDictionary(xmlText: string, sourceName: string): DictionaryModel {
  let model: DictionaryModel;
  try {
    model = readDictionary(xmlText, sourceName);
  } catch (error) {
    if (error instanceof DictionaryError) throw new InvalidDictionaryError(sourceName, [error]);
    throw error;
  }
  const errors = lintDictionary(model);
  if (errors.length > 0) throw new InvalidDictionaryError(sourceName, errors);
  return model;
}
