/** FIX CheckSum (10): sum of every byte before `10=`, modulo 256, written as three digits. */
export function checksum(bytes: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += bytes[i]!;
  return sum & 0xff;
}

/** `7` → `"007"`. */
export function formatChecksum(value: number): string {
  return value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value);
}
