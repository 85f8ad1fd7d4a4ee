/**
 * An opt-in idle strategy for latency: after each message in or out, the event loop keeps turning (a chain of
 * `setImmediate`) for a while instead of sleeping in the kernel until the next socket event. A reply that arrives
 * meanwhile is read by a thread that is already running; waking a sleeping one costs tens of microseconds, more on
 * a virtual machine, and a round trip wakes each side once (bench/README.md: the NOS → ExecutionReport p50 over
 * loopback went from ~135 to ~35 µs with both sides spinning). The price is a whole core while it spins, as with
 * Artio's busy-spin idle strategy.
 */
/** The longest window a session accepts: a round trip needs well under 1 ms, a burst of them a few. */
export const MAX_BUSY_SPIN_MS = 100;

export class BusySpin {
  /** performance.now() until which the loop keeps turning. */
  private until = 0;
  private turning = false;

  /** @param windowMs how long after the last `touch()` to keep turning (finite, ≥ 0); 0 turns the strategy off. */
  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the loop is being kept turning now. */
  get spinning(): boolean {
    return this.turning;
  }

  /** Keeps the loop turning for the window from now (a message came in or went out). */
  touch(): void {
    if (this.windowMs === 0) return;
    this.until = this.now() + this.windowMs;
    if (!this.turning) {
      this.turning = true;
      setImmediate(this.turn);
    }
  }

  /** Ends the window now (the connection closed): the next turn lets the loop sleep again. */
  stop(): void {
    this.until = 0;
  }

  private readonly turn = (): void => {
    if (this.now() < this.until) setImmediate(this.turn);
    else this.turning = false;
  };
}
