import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../cli/simulator/engine/clock.js";
import { MatchingEngine } from "../../../cli/simulator/engine/matching-engine.js";
import { SyntheticMarket, type SyntheticSymbol } from "../../../cli/simulator/engine/synthetic-market.js";
import type { BookLevelText } from "../../../cli/simulator/engine/events.js";
import { MarketDataGateway } from "../../../cli/simulator/gateway/market-data.js";
import type {
  Header,
  MarketDataRequest,
  MarketDepth,
  Message,
  SecurityListRequest,
  TradingSessionStatusRequest,
} from "../../../generated/kraken-fix44/index.js";
import { trimDecimal } from "../../../runtime/codec/decimal.js";
import type { Received } from "../../../runtime/codec/types.js";
import { OrderBook, type ChecksumCheck } from "../../../runtime/marketdata/order-book.js";
import { inbound, roundTrip } from "./wire.js";

const START = 1_700_000_000_000;
const BTC = { symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 2 } as const;
const ETH = { symbol: "ETH/USD", pricePrecision: 2, qtyPrecision: 3, qtyMin: "0.01" } as const;

/** 15 quotes a side, so levels keep entering and leaving a depth-10 view as the mid walks. */
const btcWalk: SyntheticSymbol = {
  symbol: "BTC/USD",
  startPrice: "100",
  tickSize: "0.5",
  levels: 15,
  minSize: "0.1",
  maxSize: "2",
  maxMoveTicks: 3,
  takerProbability: 0.5,
};

function setup() {
  const clock = new ManualClock(START);
  const engine = new MatchingEngine({ instruments: [BTC, ETH], clock });
  const sent: Received<Message, Header>[] = [];
  // Every outbound message goes over the wire and back: the test fails on any decode error.
  const gateway = new MarketDataGateway({
    engine,
    listings: [
      { symbol: BTC.symbol, qtyMax: "1000", minimumCost: "0.5" },
      { symbol: ETH.symbol, tickSize: "0.05" },
    ],
    send: (message) => sent.push(roundTrip(message)),
  });
  let seen = 0;
  const drain = () => sent.slice(seen, (seen = sent.length));
  return { clock, engine, gateway, drain };
}

let reqCount = 0;
function mdRequest(init: Partial<MarketDataRequest> = {}): Received<MarketDataRequest, Header> {
  return inbound<MarketDataRequest>({
    msgType: "V",
    mdReqID: `md-${++reqCount}`,
    subscriptionRequestType: "1",
    marketDepth: 10,
    mdEntryTypes: [{ mdEntryType: "0" }, { mdEntryType: "1" }, { mdEntryType: "2" }],
    relatedSym: [{ symbol: BTC.symbol }],
    ...init,
  });
}

function securityListRequest(init: Partial<SecurityListRequest>) {
  return inbound<SecurityListRequest>({ msgType: "x", securityReqID: "sl-1", securityListRequestType: 4, ...init });
}

describe("MarketDataGateway: SecurityList and TradingSessionStatus", () => {
  it("lists every instrument with 55/562/5010/5011/5012/5013/2349/5022/5032", () => {
    const { gateway, drain } = setup();
    expect(gateway.handle(securityListRequest({}))).toBe(true);
    const [list] = drain();
    expect(list).toMatchObject({
      msgType: "y",
      securityReqID: "sl-1",
      securityRequestResult: 0,
      totNoRelatedSym: 2,
      lastFragment: true,
      relatedSym: [
        {
          symbol: "BTC/USD",
          minTradeVol: "0.01",
          qtyPrecision: 2,
          qtyMin: "0.01",
          qtyMax: "1000",
          minimumCost: "0.5",
          pricePrecision: 1,
          tickSize: "0.1",
          assetPairStatus: 1,
        },
        {
          symbol: "ETH/USD",
          minTradeVol: "0.010",
          qtyPrecision: 3,
          qtyMin: "0.010",
          pricePrecision: 2,
          tickSize: "0.05",
        },
      ],
    });
  });

  it("lists one symbol for 559=0, and none (560=2) for an unknown one", () => {
    const { gateway, drain } = setup();
    gateway.handle(securityListRequest({ securityListRequestType: 0, symbol: ETH.symbol }));
    gateway.handle(securityListRequest({ securityListRequestType: 0, symbol: "DOGE/USD" }));
    const [one, none] = drain();
    expect(one).toMatchObject({ securityRequestResult: 0, totNoRelatedSym: 1, relatedSym: [{ symbol: "ETH/USD" }] });
    expect(none).toMatchObject({ securityRequestResult: 2, totNoRelatedSym: 0 });
  });

  it("reports the trading session online (340=2)", () => {
    const { gateway, drain } = setup();
    gateway.handle(
      inbound<TradingSessionStatusRequest>({
        msgType: "g",
        tradSesReqID: "t-1",
        tradingSessionID: "SESSION",
        subscriptionRequestType: "0",
      }),
    );
    expect(drain()).toMatchObject([
      { msgType: "h", tradSesReqID: "t-1", tradingSessionID: "SESSION", tradSesStatus: 2 },
    ]);
  });

  it("rejects a listing the engine does not trade and leaves other messages to the caller", () => {
    const { engine, gateway } = setup();
    expect(() => new MarketDataGateway({ engine, listings: [{ symbol: "DOGE/USD" }], send: () => {} })).toThrow(
      "DOGE/USD: listed but not an engine instrument",
    );
    expect(gateway.handle(inbound({ msgType: "0" }))).toBe(false);
  });
});

describe("MarketDataGateway: MarketDataRequest rejects (35=Y)", () => {
  it.each([
    ["unknown symbol", { relatedSym: [{ symbol: "DOGE/USD" }] }, "0", "Unknown symbol DOGE/USD"],
    ["snapshot only", { subscriptionRequestType: "0" }, "4", "Snapshot-only requests are not supported: use 263=1"],
    ["bid-only", { mdEntryTypes: [{ mdEntryType: "0" }] }, "8", "Bids and offers must be requested together"],
    [
      "offer and trade without bid",
      { mdEntryTypes: [{ mdEntryType: "1" }, { mdEntryType: "2" }] },
      "8",
      "Bids and offers must be requested together",
    ],
    ["level 3", { aggregatedBook: false }, "B", "Level 3 data is not available on this session"],
  ] as const)("%s → 281=%s", (_, init, reason, text) => {
    const { gateway, drain } = setup();
    const request = mdRequest(init as Partial<MarketDataRequest>);
    gateway.handle(request);
    expect(drain()).toEqual([
      expect.objectContaining({ msgType: "Y", mdReqID: request.mdReqID, mdReqRejReason: reason, text }),
    ]);
  });

  it("rejects a MarketDepth Kraken does not offer with 281=5", () => {
    const { gateway, drain } = setup();
    // 264=5 does not survive the decoder's enum check, so this one is handed over as already decoded.
    const request = { ...mdRequest(), marketDepth: 5 as MarketDepth };
    gateway.handle(request);
    expect(drain()).toEqual([
      expect.objectContaining({ msgType: "Y", mdReqRejReason: "5", text: "Unsupported MarketDepth 5" }),
    ]);
  });

  it("rejects a live MDReqID with 281=1, and accepts it again after 263=2", () => {
    const { gateway, drain } = setup();
    const request = mdRequest();
    gateway.handle(request);
    gateway.handle(request);
    expect(drain().map((m) => m.msgType === "Y" && m.mdReqRejReason)).toEqual([false, "1"]);
    gateway.handle({ ...request, subscriptionRequestType: "2" });
    gateway.handle(request);
    expect(drain().map((m) => m.msgType)).toEqual(["W"]);
  });
});

/** Subscribes a client OrderBook through the gateway and feeds it every W/X the gateway sends. */
function subscribeClient(depth: MarketDepth, seed: number) {
  const context = setup();
  const { engine, gateway, drain } = context;
  const client = new OrderBook();
  gateway.handle(securityListRequest({}));
  const [list] = drain();
  if (list?.msgType !== "y") throw new Error("expected a SecurityList");
  expect(client.registerInstruments(list.relatedSym ?? [])).toEqual([]);

  const market = new SyntheticMarket(engine, { seed, symbols: [btcWalk] });
  for (let i = 0; i < 3; i++) market.step();
  const request = mdRequest({ marketDepth: depth });
  client.subscribe(request.mdReqID, [BTC.symbol], depth);
  gateway.handle(request);

  const checks: ChecksumCheck["status"][] = [];
  const feed = () => {
    for (const message of drain()) {
      if (message.msgType === "W") expect(client.applySnapshot(message).ok).toBe(true);
      else if (message.msgType === "X") {
        // 269 is optional in the dictionary's X group but the OrderBook needs it; the gateway always sends it.
        const mdEntries = message.mdEntries.map(({ mdEntryType, ...entry }) => {
          if (mdEntryType === undefined) throw new Error("X entry without 269");
          return { ...entry, mdEntryType };
        });
        const result = client.applyIncremental({ ...message, mdEntries });
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        checks.push(result.checksum.status);
      } else throw new Error(`unexpected 35=${message.msgType}`);
    }
  };
  feed();
  const view = depth === 0 ? undefined : depth;
  const run = (steps: number) => {
    for (let i = 0; i < steps; i++) {
      market.step();
      feed();
      // The client's depth-limited book is exactly the engine's top N after every step.
      // (Kraken writes 270/271 as shortest decimals, the engine at full precision.)
      expect(client.levels(BTC.symbol)).toEqual(shortest(engine.levels(BTC.symbol, view)));
    }
  };
  return { ...context, client, checks, run };
}

function shortest(levels: { bids: BookLevelText[]; asks: BookLevelText[] } | undefined) {
  const trim = (level: BookLevelText) => ({ price: trimDecimal(level.price), size: trimDecimal(level.size) });
  return levels && { bids: levels.bids.map(trim), asks: levels.asks.map(trim) };
}

describe("MarketDataGateway: snapshot and incrementals", () => {
  it.each([10, 0, 25] as const)("depth %i: a client book verifies every 5041", (depth) => {
    const { checks, run } = subscribeClient(depth, 7);
    run(200);
    expect(checks.length).toBeGreaterThan(150);
    expect(new Set(checks)).toEqual(new Set(["verified"]));
  });

  it("depth 10: a level pushed out of the view is deleted with its size, and re-enters with 279=0", () => {
    const { engine, gateway, drain } = setup();
    const order = { account: "maker", session: "m", symbol: BTC.symbol, side: "1", ordType: "2" } as const;
    for (let level = 0; level < 10; level++) {
      engine.submit({ ...order, clOrdID: `b${level}`, orderQty: "1", price: String(90 + level) });
    }
    gateway.handle(mdRequest({ marketDepth: 10 }));
    const [snapshot] = drain();
    expect(snapshot?.msgType === "W" && snapshot.mdEntries.length).toBe(10);

    const better = engine.submit({ ...order, clOrdID: "better", orderQty: "2", price: "100" });
    expect(drain()).toMatchObject([
      {
        msgType: "X",
        mdEntries: [
          { mdUpdateAction: "2", mdEntryType: "0", mdEntryPx: "90", mdEntrySize: "1" },
          { mdUpdateAction: "0", mdEntryType: "0", mdEntryPx: "100", mdEntrySize: "2" },
        ],
      },
    ]);
    if (!better.ok) throw new Error("order refused");
    engine.cancel({ account: "maker", session: "m", clOrdID: "c", orderID: better.orderID });
    expect(drain()).toMatchObject([
      {
        msgType: "X",
        mdEntries: [
          { mdUpdateAction: "2", mdEntryType: "0", mdEntryPx: "100", mdEntrySize: "0" },
          { mdUpdateAction: "0", mdEntryType: "0", mdEntryPx: "90", mdEntrySize: "1" },
        ],
      },
    ]);
    engine.submit({ ...order, clOrdID: "more", orderQty: "0.5", price: "95" });
    expect(drain()).toMatchObject([
      { msgType: "X", mdEntries: [{ mdUpdateAction: "1", mdEntryType: "0", mdEntryPx: "95", mdEntrySize: "1.5" }] },
    ]);
    // A change below the view sends nothing at all.
    engine.submit({ ...order, clOrdID: "deep", orderQty: "1", price: "50" });
    expect(drain()).toEqual([]);
  });

  it("depth 1: the client holds the top of book and reports 5041 unverifiable (Kraken checksums 10 levels)", () => {
    const { checks, run } = subscribeClient(1, 3);
    run(100);
    expect(checks.length).toBeGreaterThan(50);
    expect(new Set(checks)).toEqual(new Set(["unverifiable"]));
  });

  it("trades carry 269=2, 2446 aggressor side and 40 taker order type; a trades-only feed has no book and no 5041", () => {
    const { engine, gateway, drain } = setup();
    const request = mdRequest({ mdEntryTypes: [{ mdEntryType: "2" }] });
    gateway.handle(request);
    expect(drain()).toEqual([expect.objectContaining({ msgType: "W", mdReqID: request.mdReqID, mdEntries: [] })]);
    const order = { account: "maker", session: "m", symbol: BTC.symbol, timeInForce: "1" } as const;
    engine.submit({ ...order, clOrdID: "1", side: "2", ordType: "2", orderQty: "1", price: "100" });
    expect(drain()).toEqual([]);
    engine.submit({ ...order, account: "taker", clOrdID: "2", side: "1", ordType: "1", orderQty: "0.4" });
    const [update, ...rest] = drain();
    expect(rest).toEqual([]);
    expect(update).toMatchObject({
      msgType: "X",
      mdReqID: request.mdReqID,
      symbol: BTC.symbol,
      mdEntries: [
        {
          mdUpdateAction: "0",
          mdEntryType: "2",
          mdEntryPx: "100.0",
          mdEntrySize: "0.40",
          mdEntryTime: "22:13:20.000",
          ordType: "1",
          aggressorSide: "1",
        },
      ],
    });
    expect(update?.msgType === "X" && update.checksumOrderBook).toBeUndefined();
  });

  it("stops sending after 263=2 and after dispose", () => {
    const { gateway, engine, drain } = setup();
    const first = mdRequest();
    const second = mdRequest({ relatedSym: [{ symbol: ETH.symbol }] });
    gateway.handle(first);
    gateway.handle(second);
    drain();
    gateway.handle({ ...first, subscriptionRequestType: "2" });
    const order = { account: "a", session: "s", clOrdID: "1", side: "1", ordType: "2", orderQty: "1" } as const;
    engine.submit({ ...order, symbol: BTC.symbol, price: "90" });
    engine.submit({ ...order, clOrdID: "2", symbol: ETH.symbol, price: "9" });
    expect(drain().map((m) => m.msgType === "X" && [m.mdReqID, m.mdEntries.length])).toEqual([[second.mdReqID, 1]]);
    gateway.dispose();
    engine.submit({ ...order, clOrdID: "3", symbol: ETH.symbol, price: "8" });
    expect(drain()).toEqual([]);
  });
});
