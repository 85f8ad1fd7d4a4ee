/**
 * Tags whose values are credentials. Their values never appear in an error message, a log line or a CLI report.
 * 554 Password carries Kraken's logon signature; 925 NewPassword, 96 RawData and 1400 EncryptedPassword are the
 * other places FIX puts authentication material.
 */
export const SECRET_TAGS: ReadonlySet<number> = new Set([554, 925, 96, 1400, 1402]);

export const REDACTED = "***";

/** The value as it may be shown to a human: quoted, or redacted for secret tags. */
export function displayValue(tag: number, value: string): string {
  return SECRET_TAGS.has(tag) ? REDACTED : JSON.stringify(value);
}

const SECRET_ORDER: readonly number[] = [...SECRET_TAGS];
const STAR = 42;

/**
 * The first secret tag (in `SECRET_TAGS` order) whose value a log redacted (`␁554=***␁`), or undefined. Such a
 * message's BodyLength and CheckSum were computed over the real value, so they rarely match the logged bytes.
 * Validation asks this of every message that failed a check: it looks for `*` bytes (memchr; `*` is rare in FIX)
 * and checks the field around each, instead of a substring search per secret tag (bench/README.md).
 */
export function redactedSecretTag(bytes: Buffer): number | undefined {
  let found: number | undefined;
  for (let star = bytes.indexOf(STAR); star >= 0; star = bytes.indexOf(STAR, star + 1)) {
    // `=***␁` starting one byte before this star.
    if (bytes[star - 1] !== 61 || bytes[star + 1] !== STAR || bytes[star + 2] !== STAR || bytes[star + 3] !== 1) continue;
    const tag = tagEndingAt(bytes, star - 1);
    if (tag !== undefined && SECRET_TAGS.has(tag) && (found === undefined || SECRET_ORDER.indexOf(tag) < SECRET_ORDER.indexOf(found))) {
      found = tag;
    }
  }
  return found;
}

/** The tag whose digits end at `end` and follow an SOH; undefined when the bytes before `end` are not `␁<tag>`. */
function tagEndingAt(bytes: Buffer, end: number): number | undefined {
  let start = end;
  while (start > 0 && bytes[start - 1]! >= 48 && bytes[start - 1]! <= 57) start--;
  // A leading zero is not how a tag is written (and `␁0554=` is not `␁554=`).
  if (start === end || start === 0 || bytes[start - 1] !== 1 || bytes[start] === 48) return undefined;
  let tag = 0;
  for (let i = start; i < end; i++) tag = tag * 10 + (bytes[i]! - 48);
  return tag;
}
