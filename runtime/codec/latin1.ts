/**
 * Byte-exact string <-> Buffer conversion. FIX is a byte protocol: latin1 maps every byte to one UTF-16 code
 * unit and back, so any value round-trips unchanged. `latin1Slice`/`latin1Write` are the methods Buffer's own
 * toString/write dispatch to (present on every Node release we support); calling them directly skips the
 * encoding lookup on the hot path.
 */
declare global {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    latin1Write(text: string, offset: number, length?: number): number;
  }
}

export function latin1(bytes: Buffer, start: number, end: number): string {
  return bytes.latin1Slice(start, end);
}

/** Writes `text` at `offset` and returns the offset after it. */
export function writeLatin1(bytes: Buffer, text: string, offset: number): number {
  return offset + bytes.latin1Write(text, offset);
}

/**
 * Index of the first character no byte can hold (above U+00FF), -1 when there is none. Written as latin1, such a
 * character would silently become its low byte (`€` U+20AC → 0xAC), so encode and validate refuse it.
 */
export function firstNonLatin1(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return i;
  return -1;
}

/** The rule a value with a character above U+00FF breaks; names the position, not the character (secrets). */
export function latin1Rule(at: number): string {
  return `latin1 text (character ${at + 1} is above U+00FF)`;
}
