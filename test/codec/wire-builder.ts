/**
 * Builds expected wire messages for codec tests without the codec: BodyLength and CheckSum are computed here,
 * independently of runtime/codec, so that a test compares the encoder against a second implementation.
 */
import { wire } from "./mini-dictionary.js";

/** The header every canonical test message carries (the mini dictionary's `header` object, in wire form). */
export const HEADER = "34=7|49=CLIENT|52=20261124-10:00:00.123|56=KRAKEN-TRD|";

export interface FrameOptions {
  readonly beginString?: string;
  /** Declared BodyLength; default: the real one. */
  readonly bodyLength?: number | string;
  /** Declared CheckSum text; default: the real sum of the bytes before `10=`. */
  readonly checksum?: string;
  /** Character the sum is computed over instead of SOH (`|` for logs written with visible delimiters). */
  readonly sumDelimiter?: string;
}

/** `body` is `|`-delimited text from `35=` to the last body field (ending with `|`). */
export function frame(body: string, options: FrameOptions = {}): Buffer {
  const bodyBytes = wire(body);
  const head = `8=${options.beginString ?? "FIX.4.4"}|9=${options.bodyLength ?? bodyBytes.length}|`;
  const sumText = (head + body).replaceAll("|", options.sumDelimiter ?? "\x01");
  const checksum = options.checksum ?? String(byteSum(Buffer.from(sumText, "latin1")) % 256).padStart(3, "0");
  return Buffer.concat([wire(head), bodyBytes, wire(`10=${checksum}|`)]);
}

export function byteSum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum += byte;
  return sum;
}

/** Byte offset of the field starting with `fieldStart` (e.g. `"55="`), found after a SOH; throws if absent. */
export function offsetOf(message: Buffer, fieldStart: string, from = 0): number {
  const at = message.indexOf(`\x01${fieldStart}`, from, "latin1");
  if (at < 0) throw new Error(`${fieldStart} not in message`);
  return at + 1;
}

/** Checks that the trailer of an encoded message states the real BodyLength and CheckSum. */
export function integrityOf(message: Buffer): { bodyLength: number; realBodyLength: number; checksum: number; realChecksum: number } {
  const text = message.toString("latin1");
  const lengthStart = text.indexOf("\x019=") + 3;
  const bodyStart = text.indexOf("\x01", lengthStart) + 1;
  const trailerAt = text.lastIndexOf("\x0110=") + 1;
  return {
    bodyLength: Number(text.slice(lengthStart, bodyStart - 1)),
    realBodyLength: trailerAt - bodyStart,
    checksum: Number(text.slice(trailerAt + 3, trailerAt + 6)),
    realChecksum: byteSum(message.subarray(0, trailerAt)) % 256,
  };
}
