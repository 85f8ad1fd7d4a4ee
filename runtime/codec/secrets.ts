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

const redactedFields: readonly Buffer[] = [...SECRET_TAGS].map((tag) => Buffer.from(`\x01${tag}=${REDACTED}\x01`, "latin1"));

/**
 * The first secret tag whose value a log redacted (`554=***`), or undefined. Such a message's BodyLength and
 * CheckSum were computed over the real value, so they cannot match the logged bytes.
 */
export function redactedSecretTag(bytes: Buffer): number | undefined {
  const index = redactedFields.findIndex((field) => bytes.includes(field));
  return index < 0 ? undefined : [...SECRET_TAGS][index];
}
