/**
 * Compares the peer's SendingTime with the local clock. Kraken refuses a Logon whose nonce is more than ±5 s from
 * its clock, so a drift has to be noticed well before that: by default we warn at 2 s and call 5 s critical.
 * The measured skew includes one-way network latency, which is why the warning sits below the hard limit.
 */
import { parseUtcTimestamp } from "../codec/utc-timestamp.js";

export interface SkewThresholds {
  readonly warnMs: number;
  readonly criticalMs: number;
}

export const DEFAULT_SKEW_THRESHOLDS: SkewThresholds = { warnMs: 2_000, criticalMs: 5_000 };

export type ClockSkew =
  /** skewMs > 0: the peer's clock is ahead of ours. */
  | { readonly level: "ok" | "warn" | "critical"; readonly skewMs: number }
  | { readonly level: "invalid"; readonly reason: string };

export function checkClockSkew(
  peerSendingTime: string,
  nowMs: number,
  thresholds: SkewThresholds = DEFAULT_SKEW_THRESHOLDS,
): ClockSkew {
  const peerMs = parseUtcTimestamp(peerSendingTime);
  if (peerMs === undefined) {
    return { level: "invalid", reason: `SendingTime ${JSON.stringify(peerSendingTime)} is not a UTCTimestamp` };
  }
  const skewMs = peerMs - nowMs;
  const distance = Math.abs(skewMs);
  const level = distance >= thresholds.criticalMs ? "critical" : distance >= thresholds.warnMs ? "warn" : "ok";
  return { level, skewMs };
}
