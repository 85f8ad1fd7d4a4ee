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
