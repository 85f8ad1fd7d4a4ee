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
