/**
 * Wire helpers for the gateway tests: inbound messages are encoded with the generated codecs and decoded with
 * decodeMessage, exactly as the session layer will hand them over; every outbound message is encoded and decoded
 * back, and must decode without a single error — proof that the gateway speaks valid Kraken FIX.
 */
import { expect } from "vitest";
import { decodeMessage, messages, type Header, type Message } from "../../../generated/kraken-fix44/index.js";
import { formatFixError } from "../../../runtime/codec/errors.js";
import type { MessageCodec, Received } from "../../../runtime/codec/types.js";

let seq = 0;

export function header(overrides: Partial<Header> = {}): Header {
  return {
    msgSeqNum: ++seq,
    senderCompID: "CLIENT",
    targetCompID: "KRAKEN-TRD",
    sendingTime: "20231114-22:13:20.000",
    ...overrides,
  };
}

/** Encodes any message with its own codec. */
export function encode(message: Message, head: Header = header()): Buffer {
  const codec = messages.find((candidate) => candidate.msgType === message.msgType);
  if (!codec) throw new Error(`no codec for 35=${message.msgType}`);
  // The codec list is heterogeneous; the msgType match above makes this codec the message's own.
  return (codec as unknown as MessageCodec<Message, Header>).encode(message, head);
}

/** Encodes, decodes, and fails the test on any decode error. */
export function roundTrip(message: Message, head: Header = header()): Received<Message, Header> {
  const decoded = decodeMessage(encode(message, head));
  expect(decoded.errors.map(formatFixError)).toEqual([]);
  expect(decoded.ok).toBe(true);
  if (!decoded.message) throw new Error("decoder returned no message");
  return decoded.message;
}

/** What a client message looks like after the wire: the typed object the gateway receives. */
export function inbound<M extends Message>(message: M, head: Header = header()): Received<M, Header> {
  return roundTrip(message, head) as Received<M, Header>;
}
