/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time in
 * [0, min(maxMs, initialMs · multiplier^n)). Jitter keeps many clients that lost the same gateway from
 * reconnecting in lock-step.
 */

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, multiplier: 2 };

export function checkBackoffPolicy(policy: BackoffPolicy): BackoffPolicy {
  const { initialMs, maxMs, multiplier } = policy;
  if (!(initialMs > 0) || !(maxMs >= initialMs) || !(multiplier >= 1)) {
    throw new RangeError(`backoff needs 0 < initialMs ≤ maxMs and multiplier ≥ 1, got ${JSON.stringify(policy)}`);
  }
  return policy;
}

/** The largest delay the `retry`-th retry (0-based) can get. */
export function backoffCeiling(retry: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  checkBackoffPolicy(policy);
  return Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** retry);
}

/** Delay in whole ms before the `retry`-th retry; `random` returns [0, 1) like Math.random. */
export function backoffDelay(
  retry: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(retry, policy));
}
