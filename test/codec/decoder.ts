/** The mini dictionary's message decoder and helpers to state expected errors in full. */
import { createMessageDecoder, structuralChecks } from "../../runtime/index.js";
import type { FixError, FixErrorCode, Received, SessionRejectReason, Severity, WireChecks } from "../../runtime/index.js";
import { Book, dictionary, Order } from "./mini-dictionary.js";
import type { Header } from "./mini-dictionary.js";

export type Decoded = Received<Order, Header> | Received<Book, Header>;

export const decode = createMessageDecoder<Decoded>(dictionary, [Order, Book]);

/** Decode options with some checks changed from the structural defaults. */
export function withChecks(checks: Partial<WireChecks>): { checks: WireChecks } {
  return { checks: { ...structuralChecks, ...checks } };
}

/** An expected FixError: every property is stated (reason explicitly), the rest defaults to "not set". */
export function fault(expected: {
  code: FixErrorCode;
  reason: SessionRejectReason | undefined;
  offset: number;
  text: string;
  tag?: number;
  tagName?: string;
  path?: string;
  severity?: Severity;
}): FixError {
  return {
    code: expected.code,
    reason: expected.reason,
    severity: expected.severity ?? "error",
    tag: expected.tag,
    tagName: expected.tagName,
    offset: expected.offset,
    path: expected.path,
    text: expected.text,
  };
}
