/** Byte classes shared by the log scanners. */

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}
