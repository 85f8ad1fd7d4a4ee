/**
 * kraken-fix runtime: the dictionary-agnostic half of the toolkit. Generated code and apps import from here.
 */
export * from "./codec/descriptor.js";
export * from "./codec/errors.js";
export type * from "./codec/types.js";
export * from "./codec/decimal.js";
export * from "./codec/checksum.js";
export * from "./codec/naming.js";
export * from "./codec/utc-timestamp.js";
export { createDictionary, DictionaryDefinitionError } from "./codec/dictionary.js";
export type { Dictionary, CompiledField, CompiledMessage, Layout, Member } from "./codec/dictionary.js";
export { decodeWire, structuralChecks } from "./codec/decode.js";
export { FixView, FixGroupEntry, FixValueError, FixViewUsageError } from "./codec/view.js";
export type { FixFieldRef } from "./codec/view.js";
export type { CheckLevel, WireChecks, WireDecodeOptions, WireDecodeResult, DecodedObject } from "./codec/decode.js";
export { encodeWire, EncodeError } from "./codec/encode.js";
export { defineMessage, createMessageDecoder, toResult } from "./codec/message.js";
export { FrameReader } from "./codec/framer.js";
export type { Frame, FrameReaderOptions } from "./codec/framer.js";
export { SECRET_TAGS, REDACTED, displayValue } from "./codec/secrets.js";
export { ValueKind, valueKind } from "./codec/values.js";
export * from "./validation/index.js";
export * from "./kraken/index.js";
export * from "./store/index.js";
export * from "./transport/index.js";
export * from "./log/index.js";
export * from "./log-reader/index.js";
export * from "./orders/index.js";
export * from "./marketdata/index.js";
export * from "./session/index.js";
