/** Identifiers the simulator hands out. Deterministic, so runs and tests are repeatable. */

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * An OrderID shaped like Kraken Spot's (`OKWUQF-YPJM2-DTAJHH`: `O`, then 16 base32 characters grouped 5-5-6)
 * holding the counter `n` in base32, so IDs sort the way they were issued.
 */
export function krakenStyleOrderID(n: number): string {
  let digits = "";
  for (let rest = n; rest > 0; rest = Math.floor(rest / 32)) digits = BASE32[rest % 32] + digits;
  const body = digits.padStart(16, "A");
  return `O${body.slice(0, 5)}-${body.slice(5, 10)}-${body.slice(10)}`;
}
