/**
 * kraken-fix as the benchmark sees it: the generated Kraken codecs (what an app imports) and the Validator with
 * the dictionary's venue rules (what `kraken-fix validate` runs on every message of a log).
 */
import type { DecodeResult, MessageCodec } from "../runtime/index.js";
import { FixView } from "../runtime/codec/view.js";
import { Validator } from "../runtime/validation/validator.js";
import type { Validation } from "../runtime/validation/validator.js";
import {
  decodeMessage,
  dictionary,
  ExecutionReport,
  MarketDataIncrementalRefresh,
  NewOrderSingle,
  protocol,
} from "../generated/kraken-fix44/index.js";
import type { Header } from "../generated/kraken-fix44/index.js";

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
  /** `FixView.wrap(bytes)` (scan, framing checks) and three typical reads: MsgType, Symbol and one price. */
  readonly lazyView: () => number;
}

/**
 * The price a reader of each bench message typically wants: the order's Price, the fill's LastPx, the first
 * book entry's MDEntryPx (the view reads a tag's first occurrence).
 */
const PRICE_TAG: Readonly<Record<string, number>> = { [NewOrderSingle.msgType]: 44, [ExecutionReport.msgType]: 31, [MarketDataIncrementalRefresh.msgType]: 270 };
const SYMBOL = 55;

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
  const view = new FixView(dictionary);
  const priceTag = PRICE_TAG[codec.msgType];
  if (priceTag === undefined) throw new Error(`no bench price tag for MsgType ${codec.msgType}`);
  const lazyView = (): number => {
    const error = view.wrap(bytes);
    if (error) throw new Error(`the view refuses the bench ${codec.name}: ${error.text}`);
    // Each read makes its string, as an app reading it would; their lengths are returned so that none is unused.
    const msgType = view.msgType;
    const symbol = view.getString(SYMBOL);
    const price = view.getDecimal(priceTag);
    if (symbol === undefined || price === undefined) throw new Error(`the bench ${codec.name} has no Symbol or price`);
    return msgType.length + symbol.length + price.length;
  };
  // Once in setup, so that a message the view refuses stops the bench before anything is timed.
  lazyView();
  return {
    decodeTyped: () => codec.decode(bytes),
    decodeAny: () => decodeMessage(bytes),
    encode: () => codec.encode(message, message.header),
    validate: () => validator.validate(bytes),
    lazyView,
  };
}

/**
 * The Validator `kraken-fix validate` uses: kraken profile, QuickFIX default switches, the generated package's
 * `protocol` (its decoder and the venue rules of the dictionary's rules file).
 */
export function createValidator(): Validator {
  return new Validator(protocol);
}
