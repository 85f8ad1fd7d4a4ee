import { describe, expect, it } from "vitest";
import { MatchingEngine } from "../../../cli/simulator/engine/matching-engine.js";
import type { NewOrderRequest } from "../../../cli/simulator/engine/types.js";
import { BTC, createHarness, type OrderInput } from "./harness.js";

const invalid = (detail: string) => ({
  ok: false,
  reason: "invalid-argument",
  text: `EGeneral:Invalid arguments:${detail}`,
});

describe("order validation", () => {
  const cases: [string, OrderInput, object][] = [
    [
      "unknown symbol",
      { symbol: "DOGE/EUR", side: "1", orderQty: "1", price: "1" },
      { ok: false, reason: "unknown-symbol", text: "EQuery:Unknown asset pair" },
    ],
    ["side", { side: "3" as NewOrderRequest["side"], orderQty: "1", price: "1" }, invalid("side")],
    ["order type", { side: "1", ordType: "P" as NewOrderRequest["ordType"], orderQty: "1" }, invalid("ordertype")],
    [
      "time in force",
      { side: "1", orderQty: "1", price: "1", timeInForce: "0" as NewOrderRequest["timeInForce"] },
      invalid("timeinforce"),
    ],
    [
      "self-trade prevention",
      { side: "1", orderQty: "1", price: "1", selfTradePrevention: "9" as NewOrderRequest["selfTradePrevention"] },
      invalid("selftradeprevention"),
    ],
    [
      "trigger reference",
      { side: "1", orderQty: "1", price: "1", triggerReference: "2" as NewOrderRequest["triggerReference"] },
      invalid("triggerreference"),
    ],
    [
      "quantity text",
      { side: "1", orderQty: "1e2", price: "1" },
      { ok: false, reason: "invalid-quantity", text: "EGeneral:Invalid arguments:volume" },
    ],
    [
      "zero quantity",
      { side: "1", orderQty: "0", price: "1" },
      { ok: false, reason: "invalid-quantity", text: "EGeneral:Invalid arguments:volume" },
    ],
    [
      "quantity decimals",
      { side: "1", orderQty: "0.001", price: "1" },
      { ok: false, reason: "invalid-quantity", text: "EGeneral:Invalid arguments:volume" },
    ],
    ["missing limit price", { side: "1", orderQty: "1" }, invalid("price")],
    [
      "negative price",
      { side: "1", orderQty: "1", price: "-1" },
      { ok: false, reason: "invalid-price", text: "EOrder:Invalid price" },
    ],
    [
      "price decimals",
      { side: "1", orderQty: "1", price: "100.25" },
      {
        ok: false,
        reason: "invalid-price",
        text: "EOrder:Invalid price:BTC/USD price can only be specified up to 1 decimals.",
      },
    ],
    ["missing StopPx", { side: "1", ordType: "3", orderQty: "1" }, invalid("stopPx")],
    ["missing Price on stop-loss-limit", { side: "1", ordType: "4", orderQty: "1", stopPx: "1" }, invalid("price")],
    ["missing Price on trailing-stop-limit", { side: "1", ordType: "V", orderQty: "1", stopPx: "1" }, invalid("price")],
    [
      "zero trailing distance",
      { side: "1", ordType: "U", orderQty: "1", stopPx: "0" },
      { ok: false, reason: "invalid-price", text: "EOrder:Invalid price" },
    ],
  ];
  it.each(cases)("refuses a bad %s", (_, input, expected) => {
    const { submit, drain } = createHarness();
    expect(submit(input)).toEqual(expected);
    expect(drain()).toEqual({ executions: [], marketData: [] });
  });

  it("enforces the instrument's minimum quantity", () => {
    const { submit } = createHarness({
      instruments: [{ symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 2, qtyMin: "0.5" }],
    });
    expect(submit({ side: "1", orderQty: "0.49", price: "1" })).toEqual({
      ok: false,
      reason: "order-minimum",
      text: "EOrder:Order minimum not met",
    });
    expect(submit({ side: "1", orderQty: "0.5", price: "1" }).ok).toBe(true);
  });

  it("refuses bad instrument specs when the engine is built", () => {
    expect(() => new MatchingEngine({ instruments: [BTC, BTC] })).toThrow(
      new RangeError("BTC/USD: instrument listed twice"),
    );
    expect(() => new MatchingEngine({ instruments: [{ symbol: "X", pricePrecision: -1, qtyPrecision: 2 }] })).toThrow(
      new RangeError("X: pricePrecision must be a non-negative integer, got -1"),
    );
    expect(
      () => new MatchingEngine({ instruments: [{ symbol: "X", pricePrecision: 1, qtyPrecision: 2, qtyMin: "0.001" }] }),
    ).toThrow(new RangeError("X: qtyMin 0.001 is not a positive quantity at 2 decimals"));
  });
});
