import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../cli/simulator/engine/clock.js";
import { ExpiryQueue } from "../../../cli/simulator/engine/expiry-queue.js";
import { krakenStyleOrderID } from "../../../cli/simulator/engine/ids.js";
import { SeededRandom } from "../../../cli/simulator/engine/prng.js";
import { observePrice, triggeredOrdType, type TriggerState } from "../../../cli/simulator/engine/triggers.js";
import type { OrdType, Side } from "../../../cli/simulator/engine/types.js";

describe("SeededRandom", () => {
  it("repeats for a seed, differs across seeds and stays in range", () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.integer(-3, 3));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const random = new SeededRandom(1);
    const values = Array.from({ length: 2000 }, () => random.integer(-3, 3));
    expect(new Set(values)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
    expect(() => new SeededRandom(1.5)).toThrow(new RangeError("seed must be an integer, got 1.5"));
  });
});

describe("ExpiryQueue", () => {
  it("returns due items earliest first and keeps the rest", () => {
    const queue = new ExpiryQueue<string>();
    for (const [item, time] of [
      ["c", 30],
      ["a", 10],
      ["e", 50],
      ["b", 20],
      ["d", 40],
    ] as const)
      queue.add(item, time);
    expect(queue.takeDue(35)).toEqual(["a", "b", "c"]);
    expect(queue.takeDue(35)).toEqual([]);
    expect(queue.takeDue(100)).toEqual(["d", "e"]);
  });
});

describe("krakenStyleOrderID", () => {
  it("has Kraken's 6-5-6 shape and grows with the counter", () => {
    expect(krakenStyleOrderID(1)).toBe("OAAAAA-AAAAA-AAAAAB");
    expect(krakenStyleOrderID(32)).toBe("OAAAAA-AAAAA-AAAABA");
    expect(krakenStyleOrderID(2 ** 40)).toMatch(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
  });
});

describe("ManualClock", () => {
  it("moves only forward", () => {
    const clock = new ManualClock(5);
    clock.advance(10);
    expect(clock.now()).toBe(15);
    expect(() => clock.advance(-1)).toThrow(new RangeError("a clock cannot move back (advance by -1)"));
  });
});

describe("observePrice", () => {
  const state = (side: Side, submittedOrdType: OrdType, stopPx: bigint): TriggerState => ({
    side,
    submittedOrdType,
    stopPx,
    trailAnchor: undefined,
  });
  const fires = (order: TriggerState, prices: bigint[]) => prices.map((price) => observePrice(order, price));

  it("stop-loss and take-profit fire on opposite sides of StopPx", () => {
    expect(fires(state("2", "3", 100n), [101n, 100n, 99n])).toEqual([false, true, true]);
    expect(fires(state("1", "4", 100n), [99n, 100n, 101n])).toEqual([false, true, true]);
    expect(fires(state("2", "R", 100n), [99n, 100n, 101n])).toEqual([false, true, true]);
    expect(fires(state("1", "T", 100n), [101n, 100n, 99n])).toEqual([false, true, true]);
  });

  it("trailing orders track the best price since acceptance", () => {
    const sell = state("2", "U", 5n);
    expect(fires(sell, [100n, 110n, 106n, 105n])).toEqual([false, false, false, true]);
    expect(sell.trailAnchor).toBe(110n);
    const buy = state("1", "V", 5n);
    expect(fires(buy, [100n, 90n, 94n, 95n])).toEqual([false, false, false, true]);
    expect(buy.trailAnchor).toBe(90n);
  });

  it("never fires plain market or limit orders", () => {
    expect(fires(state("1", "2", 100n), [100n])).toEqual([false]);
  });

  it("maps triggered types to market or limit", () => {
    expect((["3", "4", "R", "T", "U", "V"] as const).map(triggeredOrdType)).toEqual(["1", "2", "1", "2", "1", "2"]);
  });
});
