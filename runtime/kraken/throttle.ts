/**
 * Optional client-side mirror of Kraken's Spot trading rate counter, so an app can hold an order back instead of
 * getting `EOrder:Rate limit exceeded`. Kraken's counter rises by a cost per add/amend/cancel and decays linearly
 * at a per-tier rate; a request that would lift it above the threshold is refused. Kraken adds extra cost for
 * cancelling or amending young orders: pass that in as the cost, or configure `costs`. The counter is shared with
 * REST and WebSocket traffic on the same account, which this mirror cannot see — it is a floor, not a guarantee.
 */

export interface RateTier {
  readonly threshold: number;
  readonly decayPerSecond: number;
}

/** Published by Kraken support (Trading rate limits). */
export const KRAKEN_RATE_TIERS = {
  starter: { threshold: 60, decayPerSecond: 1 },
  intermediate: { threshold: 125, decayPerSecond: 2.34 },
  pro: { threshold: 180, decayPerSecond: 3.75 },
} as const satisfies Record<string, RateTier>;

/** Float tolerance: 125 − 2.34 + 2.34 must still fit under 125. */
const EPSILON = 1e-9;

export type RateAction = "add" | "amend" | "cancel";

export interface RateCounterOptions {
  readonly tier: RateTier;
  /** Base cost per action; default 1 each. */
  readonly costs?: Partial<Record<RateAction, number>>;
  /** Epoch or monotonic milliseconds; default performance.now (immune to wall-clock steps). */
  readonly now?: () => number;
}

export class RateCounter {
  private level = 0;
  private at: number;
  private readonly now: () => number;
  private readonly costs: Record<RateAction, number>;

  constructor(private readonly options: RateCounterOptions) {
    const { threshold, decayPerSecond } = options.tier;
    if (!(threshold > 0) || !(decayPerSecond > 0)) {
      throw new RangeError(`rate tier needs a positive threshold and decay, got ${threshold} and ${decayPerSecond}`);
    }
    this.now = options.now ?? (() => performance.now());
    this.costs = { add: 1, amend: 1, cancel: 1, ...options.costs };
    for (const cost of Object.values(this.costs)) this.checkCost(cost);
    this.at = this.now();
  }

  /** The counter's value now, after decay. */
  current(): number {
    const now = this.now();
    // A clock that steps back must not raise the counter.
    const elapsed = Math.max(0, now - this.at);
    this.level = Math.max(0, this.level - (elapsed / 1000) * this.options.tier.decayPerSecond);
    this.at = Math.max(this.at, now);
    return this.level;
  }

  /** Adds the cost and returns true if it fits under the threshold; otherwise changes nothing and returns false. */
  tryConsume(cost: number | RateAction = "add"): boolean {
    const amount = this.amount(cost);
    if (this.current() + amount > this.options.tier.threshold + EPSILON) return false;
    this.level += amount;
    return true;
  }

  /** Milliseconds until tryConsume(cost) would succeed (0 if it would now). */
  waitTime(cost: number | RateAction = "add"): number {
    const excess = this.current() + this.amount(cost) - this.options.tier.threshold - EPSILON;
    return excess <= 0 ? 0 : Math.ceil((excess / this.options.tier.decayPerSecond) * 1000);
  }

  private amount(cost: number | RateAction): number {
    return typeof cost === "number" ? this.checkCost(cost) : this.costs[cost];
  }

  private checkCost(cost: number): number {
    if (!(cost >= 0) || cost > this.options.tier.threshold) {
      throw new RangeError(`cost must be between 0 and the threshold ${this.options.tier.threshold}, got ${cost}`);
    }
    return cost;
  }
}
