/** Value and message types shared by the runtime and every generated dictionary. */
import type { FixError } from "./errors.js";
import type { MessageDef } from "./descriptor.js";

/**
 * A FIX decimal (PRICE, QTY, AMT, FLOAT, PRICEOFFSET, PERCENTAGE) kept as its exact wire text.
 * `"84000.10"` stays `"84000.10"`: a JS number would drop the zero and could round the value.
 * Helpers live in `decimal.ts`.
 */
export type Decimal = `${number}`;

/** UTCTimestamp `YYYYMMDD-HH:MM:SS[.sss|.ssssss|.sssssssss]`, kept as wire text so no precision is lost. */
export type UTCTimestamp = string;
/** UTCTimeOnly `HH:MM:SS[.sss…]`. */
export type UTCTimeOnly = string;
/** UTCDateOnly / LocalMktDate `YYYYMMDD`. */
export type UTCDateOnly = string;
export type LocalMktDate = string;
/** MonthYear `YYYYMM[DD|wN]`. */
export type MonthYear = string;

/** A tag the dictionary does not define for where it appeared. Kept so that no data is lost. */
export interface UnknownField {
  readonly tag: number;
  readonly value: string;
}

/** Fields every decoded or encoded message may carry besides its dictionary fields. */
export interface MessageExtras {
  /** Tags not defined for this message, in wire order (also those found inside group entries). */
  unknownFields?: UnknownField[];
}

/** A decoded message: the typed body plus the header it arrived with. */
export type Received<M, H> = M & { readonly header: H };

export type DecodeResult<M> =
  | { readonly ok: true; readonly message: M; readonly errors: readonly FixError[] }
  | { readonly ok: false; readonly message: M | undefined; readonly errors: readonly FixError[] };

export interface DecodeOptions {
  /** Check BodyLength (9) and CheckSum (10). Off for logs whose checksums were computed over `|` text. Default true. */
  readonly validateLengthAndChecksum?: boolean;
  /** Expected BeginString; default: the dictionary's. */
  readonly beginString?: string;
}

/** What `create`/`encode` accept: the message without its discriminant (it may be given). */
export type MessageInit<M extends { readonly msgType: string }> = Omit<M, "msgType"> & { readonly msgType?: M["msgType"] };

export interface EncodeOptions {
  /** Override the dictionary's BeginString (rarely needed). */
  readonly beginString?: string;
}

/** The same-named companion object of every generated message interface. */
export interface MessageCodec<M extends { readonly msgType: string }, H> {
  readonly msgType: M["msgType"];
  readonly name: string;
  readonly def: MessageDef;
  /** Adds the MsgType discriminant; fields are taken as given. */
  create(init: MessageInit<M>): M;
  /** Encodes to a complete FIX message: writes 8, 9 and 35, the header fields given, the body and 10. */
  encode(message: MessageInit<M>, header: H, options?: EncodeOptions): Buffer;
  /** Decodes one framed message; never throws. Fails with InvalidMsgType when the bytes hold another type. */
  decode(bytes: Uint8Array, options?: DecodeOptions): DecodeResult<Received<M, H>>;
  /** Checks an outbound message against the dictionary (required fields, enum values, formats). */
  validate(message: MessageInit<M>): FixError[];
}
