import { describe, expect, it } from "vitest";
import { KRAKEN_RATE_TIERS, RateCounter } from "../../runtime/kraken/throttle.js";

function manualClock(start = 0) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe("RateCounter", () => {
  it("lets the Starter tier take 60 then refuses, and decays at 1 per second", () => {
    const clock = manualClock();
    const counter = new RateCounter({ tier: KRAKEN_RATE_TIERS.starter, now: clock.now });
    for (let i = 0; i < 60; i++) expect(counter.tryConsume()).toBe(true);
    expect(counter.tryConsume()).toBe(false);
    expect(counter.current()).toBe(60);
    expect(counter.waitTime()).toBe(1000);
    clock.t = 999;
    expect(counter.tryConsume()).toBe(false);
    clock.t = 1000;
    expect(counter.waitTime()).toBe(0);
    expect(counter.tryConsume()).toBe(true);
    clock.t = 100_000;
    expect(counter.current()).toBe(0);
  });

  it("uses the Intermediate and Pro decay rates", () => {
    const clock = manualClock();
    const pro = new RateCounter({ tier: KRAKEN_RATE_TIERS.pro, now: clock.now });
    const intermediate = new RateCounter({ tier: KRAKEN_RATE_TIERS.intermediate, now: clock.now });
    expect(pro.tryConsume(180) && intermediate.tryConsume(125)).toBe(true);
    expect(pro.waitTime(3.75)).toBe(1000);
    expect(intermediate.waitTime(2.34)).toBe(1000);
    clock.t = 999;
    expect(intermediate.tryConsume(2.34)).toBe(false);
    clock.t = 1000;
    expect(intermediate.tryConsume(2.34)).toBe(true);
    clock.t = 2000;
    expect(pro.current()).toBeCloseTo(172.5, 9);
    expect(intermediate.current()).toBeCloseTo(125 - 2 * 2.34 + 2.34, 9);
  });

  it("charges configured costs per action and explicit numeric costs", () => {
    const clock = manualClock();
    const counter = new RateCounter({
      tier: { threshold: 10, decayPerSecond: 1 },
      costs: { cancel: 8 },
      now: clock.now,
    });
    expect(counter.tryConsume("add")).toBe(true);
    expect(counter.tryConsume("cancel")).toBe(true);
    expect(counter.current()).toBe(9);
    expect(counter.tryConsume("amend")).toBe(true);
    expect(counter.tryConsume(0.5)).toBe(false);
    expect(counter.waitTime("cancel")).toBe(8000);
  });

  it("does not raise the counter when the clock steps back", () => {
    const clock = manualClock(5000);
    const counter = new RateCounter({ tier: KRAKEN_RATE_TIERS.starter, now: clock.now });
    counter.tryConsume(30);
    clock.t = 1000;
    expect(counter.current()).toBe(30);
    clock.t = 6000;
    expect(counter.current()).toBe(29);
  });

  it("refuses impossible tiers and costs with the exact reason", () => {
    expect(() => new RateCounter({ tier: { threshold: 0, decayPerSecond: 1 } })).toThrow(
      new RangeError("rate tier needs a positive threshold and decay, got 0 and 1"),
    );
    expect(() => new RateCounter({ tier: { threshold: 10, decayPerSecond: Number.NaN } })).toThrow(
      "rate tier needs a positive threshold and decay, got 10 and NaN",
    );
    expect(() => new RateCounter({ tier: KRAKEN_RATE_TIERS.starter, costs: { add: -1 } })).toThrow(
      "cost must be between 0 and the threshold 60, got -1",
    );
    const counter = new RateCounter({ tier: KRAKEN_RATE_TIERS.starter });
    expect(() => counter.tryConsume(61)).toThrow("cost must be between 0 and the threshold 60, got 61");
    expect(() => counter.waitTime(Number.NaN)).toThrow("cost must be between 0 and the threshold 60, got NaN");
  });
});
