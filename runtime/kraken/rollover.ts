/**
 * Kraken's daily logical session rollover: every day at 22:00 UTC, lasting about 30 s, after which both sides'
 * sequence numbers restart. Kraken does not document whether it sends a Logout first, so a client should treat
 * the window as planned downtime: stop sending before it, reconnect after it with ResetSeqNumFlag=Y.
 * Everything here is a pure function of the `nowMs` passed in.
 */

export interface RolloverPolicy {
  /** UTC time of day of the rollover. Default 22:00. */
  readonly hourUtc: number;
  readonly minuteUtc: number;
  /** How long the rollover lasts. Default 30 s. */
  readonly durationMs: number;
  /** Extra time on both sides of the window for clock differences. Default 5 s (the nonce tolerance). */
  readonly marginMs: number;
}

export const KRAKEN_ROLLOVER: RolloverPolicy = { hourUtc: 22, minuteUtc: 0, durationMs: 30_000, marginMs: 5_000 };

const DAY_MS = 86_400_000;

export interface RolloverWindow {
  /** The rollover instant (epoch ms). */
  readonly at: number;
  /** at − margin: stop sending from here. */
  readonly start: number;
  /** at + duration + margin: reconnect from here. */
  readonly end: number;
}

export function checkRolloverPolicy(policy: RolloverPolicy): RolloverPolicy {
  const { hourUtc, minuteUtc, durationMs, marginMs } = policy;
  if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23)
    throw new RangeError(`hourUtc must be 0–23, got ${hourUtc}`);
  if (!Number.isInteger(minuteUtc) || minuteUtc < 0 || minuteUtc > 59) {
    throw new RangeError(`minuteUtc must be 0–59, got ${minuteUtc}`);
  }
  if (!(durationMs >= 0) || !(marginMs >= 0) || durationMs + 2 * marginMs >= DAY_MS) {
    throw new RangeError(`durationMs and marginMs must be non-negative and the window shorter than a day`);
  }
  return policy;
}

/** The first rollover instant strictly after nowMs. */
export function nextRollover(nowMs: number, policy: RolloverPolicy = KRAKEN_ROLLOVER): number {
  checkRolloverPolicy(policy);
  const offset = (policy.hourUtc * 60 + policy.minuteUtc) * 60_000;
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS + offset;
  return today > nowMs ? today : today + DAY_MS;
}

/** The rollover window that contains nowMs, or else the next one. */
export function rolloverWindow(nowMs: number, policy: RolloverPolicy = KRAKEN_ROLLOVER): RolloverWindow {
  // A window still open at nowMs (end is exclusive) belongs to a rollover less than duration + margin ago.
  const at = nextRollover(nowMs - policy.durationMs - policy.marginMs, policy);
  return { at, start: at - policy.marginMs, end: at + policy.durationMs + policy.marginMs };
}

export function inRolloverWindow(nowMs: number, policy: RolloverPolicy = KRAKEN_ROLLOVER): boolean {
  const window = rolloverWindow(nowMs, policy);
  return nowMs >= window.start && nowMs < window.end;
}

/**
 * Whether a session (or store) begun at startedMs has crossed a rollover by nowMs: if so its sequence numbers
 * are stale and the next Logon must reset them.
 */
export function rolloverBetween(startedMs: number, nowMs: number, policy: RolloverPolicy = KRAKEN_ROLLOVER): boolean {
  return nextRollover(startedMs, policy) <= nowMs;
}
