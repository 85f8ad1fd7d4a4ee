/** Builds well-formed FIX messages for the log tests and renders them with any delimiter. */

/** A complete SOH message with correct BodyLength (9) and CheckSum (10). */
export function fixMessage(
  msgType: string,
  body: readonly (readonly [number, string])[] = [],
  beginString = "FIX.4.4",
): string {
  const inner = [`35=${msgType}`, ...body.map(([tag, value]) => `${tag}=${value}`)].join("\x01") + "\x01";
  const head = `8=${beginString}\x019=${Buffer.byteLength(inner, "latin1")}\x01`;
  let sum = 0;
  for (const byte of Buffer.from(head + inner, "latin1")) sum += byte;
  return `${head}${inner}10=${String(sum % 256).padStart(3, "0")}\x01`;
}

/** The same message with `delimiter` instead of SOH. */
export function withDelimiter(soh: string, delimiter: string): string {
  return soh.replaceAll("\x01", delimiter);
}
