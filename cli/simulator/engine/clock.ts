/** Time as the engine sees it, in epoch milliseconds. Injected so tests and replays control expiry exactly. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(milliseconds: number): void {
    if (!(milliseconds >= 0)) throw new RangeError(`a clock cannot move back (advance by ${milliseconds})`);
    this.#now += milliseconds;
  }
}
