/**
 * Removes credentials from text bound for a log: the values of secret tags (554 Password — Kraken's logon
 * signature —, 96 RawData and the other SECRET_TAGS) become `***`, and every occurrence of a registered secret
 * string (the API secret) is replaced wherever it appears, inside a FIX field or not.
 *
 * Works on raw SOH-delimited messages and on `|`-delimited renderings. A field starts at the beginning, after a
 * delimiter or after whitespace. A secret value ends at the next SOH; when the text has no SOH, at the next `|`
 * or whitespace. Length-prefixed data fields (95 RawDataLength → 96) are cut by their declared length, because
 * binary data may contain delimiters.
 */
import { REDACTED, SECRET_TAGS } from "../codec/secrets.js";

const SOH = 1;
const PIPE = 124;

/** Data fields whose length is declared by the field named here (FIX's LENGTH → DATA pairs among SECRET_TAGS). */
const LENGTH_TAG_OF: ReadonlyMap<number, number> = new Map([
  [96, 95],
  [1400, 1401],
  [1402, 1403],
]);

/** Registered secrets shorter than this would blank out ordinary text, so they are refused. */
export const MIN_SECRET_LENGTH = 8;

export function checkSecret(secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`a secret to redact must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  return secret;
}

export function redact(input: Buffer | string, secrets: readonly string[] = []): string {
  let text = redactSecretTags(typeof input === "string" ? input : input.toString("latin1"));
  for (const secret of secrets) text = text.replaceAll(checkSecret(secret), REDACTED);
  return text;
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function redactSecretTags(text: string): string {
  const soh = text.includes("\x01");
  const isValueEnd = soh ? (c: number) => c === SOH : (c: number) => c === PIPE || isWhitespace(c);
  let out = "";
  let copied = 0; // text[copied..] has not been copied to `out` yet
  let previousTag = -1;
  let previousNumber = -1; // the previous field's value when it is a number (a candidate data length)
  let i = 0;
  while (i < text.length) {
    // i is at a possible field start.
    const [tag, afterTag] = readNumber(text, i);
    if (afterTag > i && text.charCodeAt(afterTag) === 61) {
      const valueStart = afterTag + 1;
      if (SECRET_TAGS.has(tag)) {
        const declared = previousTag === LENGTH_TAG_OF.get(tag) ? previousNumber : -1;
        let valueEnd = declared >= 0 ? Math.min(text.length, valueStart + declared) : valueStart;
        if (declared < 0) while (valueEnd < text.length && !isValueEnd(text.charCodeAt(valueEnd))) valueEnd++;
        out += text.slice(copied, valueStart) + REDACTED;
        copied = valueEnd;
        i = valueEnd;
        previousNumber = -1;
      } else {
        // Other values are scanned field-start by field-start, so a secret tag after a `|` or space inside
        // them is caught too: over-redacting is the safe side.
        const [number, afterNumber] = readNumber(text, valueStart);
        previousNumber = afterNumber > valueStart ? number : -1;
        i = valueStart;
      }
      previousTag = tag;
    }
    // Move just past the next delimiter or whitespace: the next possible field start.
    while (i < text.length) {
      const c = text.charCodeAt(i++);
      if (c === SOH || c === PIPE || isWhitespace(c)) break;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The value of the (at most 9) ASCII digits at `start`, and the index after them. */
function readNumber(text: string, start: number): [number, number] {
  let value = 0;
  let i = start;
  for (; i < text.length && i - start < 9; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return [value, i];
}
