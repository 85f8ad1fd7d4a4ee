/**
 * kraken-fix as the benchmark sees it: the generated Kraken codecs (what an app imports) and the Validator with
 * the dictionary's venue rules (what `kraken-fix validate` runs on every message of a log).
 */
import { readFileSync } from "node:fs";
import { loadDictionary } from "../generator/model/load.js";
import { loadRulesFor } from "../generator/model/rules.js";
import type { DecodeResult, MessageCodec } from "../runtime/index.js";
import { Validator } from "../runtime/validation/validator.js";
import type { Validation } from "../runtime/validation/validator.js";
import {
  decodeMessage,
  dictionary,
  ExecutionReport,
  MarketDataIncrementalRefresh,
  NewOrderSingle,
} from "../generated/kraken-fix44/index.js";
import type { Header } from "../generated/kraken-fix44/index.js";

export const KRAKEN_DICTIONARY = "dictionaries/kraken-fix44.xml";

/** The operations measured for one message; each works on the bench message's bytes or its typed object. */
export interface KrakenOps {
  /** `<Codec>.decode(bytes)`: the typed object of a known message type. */
  readonly decodeTyped: () => DecodeResult<unknown>;
  /** `decodeMessage(bytes)`: dispatch on MsgType, then the same decode. */
  readonly decodeAny: () => DecodeResult<unknown>;
  /** `<Codec>.encode(message, header)` from the typed object the decode produced. */
  readonly encode: () => Buffer;
  /** `Validator.validate(bytes)`: decode with every check on, plus venue rules. */
  readonly validate: () => Validation<unknown>;
}

export function krakenOps(msgType: string, bytes: Buffer, validator: Validator): KrakenOps {
  switch (msgType) {
    case NewOrderSingle.msgType:
      return opsFor(NewOrderSingle, bytes, validator);
    case ExecutionReport.msgType:
      return opsFor(ExecutionReport, bytes, validator);
    case MarketDataIncrementalRefresh.msgType:
      return opsFor(MarketDataIncrementalRefresh, bytes, validator);
    default:
      throw new Error(`no bench codec for MsgType ${msgType}`);
  }
}

function opsFor<M extends { readonly msgType: string }>(codec: MessageCodec<M, Header>, bytes: Buffer, validator: Validator): KrakenOps {
  const decoded = codec.decode(bytes);
  if (!decoded.ok) throw new Error(`kraken-fix cannot decode the bench ${codec.name}: ${decoded.errors.map((e) => e.text).join("; ")}`);
  const message = decoded.message;
  return {
    decodeTyped: () => codec.decode(bytes),
    decodeAny: () => decodeMessage(bytes),
    encode: () => codec.encode(message, message.header),
    validate: () => validator.validate(bytes),
  };
}

/** The Validator `kraken-fix validate` uses: kraken profile, QuickFIX default switches, the dictionary's rules. */
export function createValidator(): Validator {
  const model = loadDictionary(readFileSync(KRAKEN_DICTIONARY, "utf8"), KRAKEN_DICTIONARY);
  return new Validator({ dictionary, decode: decodeMessage, rules: loadRulesFor(KRAKEN_DICTIONARY, model) });
}
