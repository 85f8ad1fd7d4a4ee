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

/**
 * An OrderID shaped like Kraken Futures' (execution-report notes §3.3: a COMB UUID, the first 48 bits the time in
 * 10 µs units) holding the counter `n` in its last 12 hex digits, so IDs are unique within a run and repeatable
 * under a manual clock.
 */
export function combStyleOrderID(n: number, nowMs: number): string {
  const ticks = Math.floor(nowMs * 100)
    .toString(16)
    .padStart(12, "0");
  const counter = n.toString(16).padStart(12, "0");
  return `${ticks.slice(0, 8)}-${ticks.slice(8)}-4000-8000-${counter}`;
}
