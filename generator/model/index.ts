export { DictionaryError, InvalidDictionaryError, type DictionaryRule } from "./errors.js";
export { lintDictionary } from "./lint.js";
export { loadDictionary } from "./load.js";
export { readDictionary } from "./read.js";
export { FRAMING_TAGS, fieldDef, toDictionaryDef, type DictionaryDescriptors } from "./to-descriptors.js";
export type * from "./types.js";
