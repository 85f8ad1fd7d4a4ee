/** Types that tie the session to a generated dictionary without importing it. */
import type { MessageCodec, Received } from "../codec/types.js";

/** Any message codec; only its MsgType, name and encoder are used by the session. */
export type AnyCodec = MessageCodec<{ readonly msgType: string }, unknown>;

/**
 * Application message name → received type, derived from a record of codecs such as the generated module itself
 * (`import * as kraken from ".../generated/kraken-fix44/index.js"`): non-codec exports are left out.
 */
export type MessageMapOf<C> = {
  [K in keyof C as C[K] extends MessageCodec<infer _M extends { readonly msgType: string }, infer _H> ? K : never]: C[K] extends MessageCodec<
    infer M extends { readonly msgType: string },
    infer H
  >
    ? Received<M, H>
    : never;
};

/** One received application message of any type in the map. */
export type AppMessageOf<C> = MessageMapOf<C>[keyof MessageMapOf<C>];

/** The header fields a session writes; extra optional ones (SenderSubID …) can be given per send. */
export interface SessionHeader {
  msgSeqNum: number;
  senderCompID: string;
  targetCompID: string;
  sendingTime: string;
  possDupFlag?: boolean;
  origSendingTime?: string;
  [field: string]: unknown;
}

/** Whether a value in a codecs record is a message codec. */
export function isCodec(value: unknown): value is AnyCodec {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<AnyCodec>;
  return typeof candidate.msgType === "string" && typeof candidate.encode === "function" && typeof candidate.def === "object";
}
