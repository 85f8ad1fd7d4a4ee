/**
 * Turns descriptors into the codec objects generated code exports: `NewOrderSingle.encode(...)`,
 * `decodeMessage(bytes)`. All behaviour lives here; generated files only hold types and descriptors.
 */
import type { MessageDef } from "./descriptor.js";
import { decodeWire, structuralChecks } from "./decode.js";
import type { DecodedObject, MessageResolver, WireChecks, WireDecodeResult } from "./decode.js";
import type { CompiledMessage, Dictionary } from "./dictionary.js";
import { encodeWire } from "./encode.js";
import type { FixError } from "./errors.js";
import type { DecodeOptions, DecodeResult, EncodeOptions, MessageCodec, MessageInit, Received } from "./types.js";
import { validateObject } from "./validate-object.js";

/** Checks `validate` applies to outbound objects: what a counterparty's validator would reject. */
const outboundChecks: WireChecks = { ...structuralChecks, requiredFields: "error", enumValues: "error" };

export function defineMessage<M extends { readonly msgType: string }, H>(dictionary: Dictionary, def: MessageDef): MessageCodec<M, H> {
  const compiled = dictionary.message(def);
  const resolve: MessageResolver = (msgType) => (msgType === def.msgType ? compiled : undefined);
  return {
    msgType: def.msgType as M["msgType"],
    name: def.name,
    def,
    create: (init) => ({ ...init, msgType: def.msgType }) as unknown as M,
    encode: (message, header, options?: EncodeOptions) => encodeWire(dictionary, compiled, message, header as object, options?.beginString),
    decode: (bytes, options) => toResult<Received<M, H>>(decodeWire(dictionary, bytes, resolve, options)),
    validate: (message: MessageInit<M>) => validateObject(dictionary, compiled, message, outboundChecks),
  };
}

/** `decodeMessage(bytes)` for a dictionary: dispatches on MsgType to the given codecs. */
export function createMessageDecoder<U>(
  dictionary: Dictionary,
  codecs: readonly { readonly def: MessageDef }[],
): (bytes: Uint8Array, options?: DecodeOptions & { readonly checks?: WireChecks }) => DecodeResult<U> {
  const byType = new Map<string, CompiledMessage>();
  for (const codec of codecs) byType.set(codec.def.msgType, dictionary.message(codec.def));
  const resolve: MessageResolver = (msgType) => byType.get(msgType);
  return (bytes, options) => toResult<U>(decodeWire(dictionary, bytes, resolve, options));
}

/** A result is ok when nothing but warnings was found. */
export function toResult<M>(result: WireDecodeResult): DecodeResult<M> {
  const message = result.message as (DecodedObject & M) | undefined;
  const ok = message !== undefined && !result.errors.some(isError);
  return ok ? { ok: true, message, errors: result.errors } : { ok: false, message, errors: result.errors };
}

export function isError(error: FixError): boolean {
  return error.severity === "error";
}
