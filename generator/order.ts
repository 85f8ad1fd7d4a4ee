/** Plain UTF-16 code-unit order: locale-independent, so generated output is the same on every machine. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
