/**
 * kraken-fix end to end, without a Kraken account: starts the simulated venue in this process, then runs a small
 * trading app against it over real sockets — signed Logon, instruments, a BTC/USD book verified by Kraken's 5041
 * checksum, and an order's life (new, amend, partial fill, cancel, mass cancel) — and logs out.
 * Run with `npm start`. Session logs go to ./demo-logs (or $KRAKEN_FIX_DEMO_LOG_DIR); check them with
 * `npx tsx cli/main.ts validate 'demo-logs/*.messages.current.log'`.
 */
import { mkdir } from "node:fs/promises";
import { DEMO_CLIENT, MARKET_DATA_COMP_ID, startSimulator, TRADING_COMP_ID } from "../cli/simulator/simulator.js";
import * as kraken from "../generated/kraken-fix44/index.js";
import type { ExecutionReport, Header } from "../generated/kraken-fix44/index.js";
import type { Received } from "../runtime/codec/types.js";
import { formatUtcTimestamp } from "../runtime/codec/utc-timestamp.js";
import { OrderBook, SpotClOrdIdGenerator } from "../runtime/index.js";
import { FixSession, Initiator, krakenLogon } from "../runtime/session/index.js";
import { MemoryStore } from "../runtime/store/memory-store.js";

type Report = Received<ExecutionReport, Header>;
const SYMBOL = "BTC/USD";
const WAIT_MS = 10_000;

const logDirectory = process.env["KRAKEN_FIX_DEMO_LOG_DIR"] ?? "demo-logs";
await mkdir(logDirectory, { recursive: true });
const say = (text: string): void => console.log(text);

/** Polls `check` until it returns a value; fails with `what` after WAIT_MS so the demo can never hang. */
async function waitFor<T>(what: string, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const simulator = await startSimulator({ clients: [DEMO_CLIENT], logDirectory, seed: 7, stepIntervalMs: 200 });
say(`Simulator: trading on 127.0.0.1:${simulator.tradingPort}, market data on 127.0.0.1:${simulator.marketDataPort}`);

function connect(session: FixSession<typeof kraken>, port: number): Initiator<typeof kraken> {
  // Plain TCP to the local simulator; against Kraken leave `tls` out (TLS 1.3 with verification is the default).
  return new Initiator({ session, connector: { endpoints: [{ host: "127.0.0.1", port }], tls: false }, reconnect: false, rollover: false });
}

const trading = new FixSession<typeof kraken>({
  role: "initiator",
  protocol: kraken.protocol,
  codecs: kraken,
  senderCompID: DEMO_CLIENT.senderCompID,
  targetCompID: TRADING_COMP_ID,
  store: new MemoryStore(),
  resetOnLogon: true,
  logonFields: krakenLogon({ apiKey: DEMO_CLIENT.apiKey, apiSecret: DEMO_CLIENT.apiSecret, cancelOrdersOnDisconnect: 0 }),
});
const marketData = new FixSession<typeof kraken>({
  role: "initiator",
  protocol: kraken.protocol,
  codecs: kraken,
  senderCompID: DEMO_CLIENT.senderCompID,
  targetCompID: MARKET_DATA_COMP_ID,
  store: new MemoryStore(),
  resetOnLogon: true,
});
const tradingLink = connect(trading, simulator.tradingPort);
const marketDataLink = connect(marketData, simulator.marketDataPort);

const reports: Report[] = [];
trading.on("ExecutionReport", (report) => reports.push(report));
trading.on("BusinessMessageReject", (reject) => say(`  ! BusinessMessageReject: ${reject.text ?? ""}`));

try {
  await withTimeout("the trading Logon", tradingLink.start());
  say(`Logged on to ${TRADING_COMP_ID} with a signed Logon (553 API key, 554 signature, 5025 nonce)`);
  await withTimeout("the market-data Logon", marketDataLink.start());
  say(`Logged on to ${MARKET_DATA_COMP_ID}`);

  // Instruments first: their precisions are what makes the book checksum verifiable.
  const book = new OrderBook();
  let instruments: number | undefined;
  marketData.on("SecurityList", (list) => {
    book.registerInstruments(list.relatedSym ?? []);
    instruments = list.relatedSym?.length ?? 0;
  });
  await marketData.send(kraken.SecurityListRequest, { securityReqID: "instruments", securityListRequestType: 4 });
  say(`SecurityList: ${await waitFor("the SecurityList", () => instruments)} instruments, precisions registered`);

  let verified = 0;
  marketData.on("MarketDataSnapshotFullRefresh", (snapshot) => book.applySnapshot(snapshot));
  marketData.on("MarketDataIncrementalRefresh", (update) => {
    const result = book.applyIncremental(update);
    if (result.ok && result.checksum.status === "verified") verified++;
    else throw new Error(`book update not verified: ${JSON.stringify(result)}`);
  });
  book.subscribe("book", [SYMBOL], 10);
  await marketData.send(kraken.MarketDataRequest, {
    mdReqID: "book",
    subscriptionRequestType: "1",
    marketDepth: 10,
    mdEntryTypes: [{ mdEntryType: "0" }, { mdEntryType: "1" }],
    relatedSym: [{ symbol: SYMBOL }],
  });
  await waitFor("3 verified book updates", () => (verified >= 3 ? true : undefined));
  // Each synthetic step replaces the quotes one message at a time, so the book can be one-sided for a moment.
  const top = (): Promise<{ bid: number; ask: number }> =>
    waitFor(`a two-sided ${SYMBOL} book`, () => {
      const levels = book.levels(SYMBOL, 1);
      const bid = levels?.bids[0];
      const ask = levels?.asks[0];
      return bid && ask ? { bid: Number(bid.price), ask: Number(ask.price) } : undefined;
    });
  const levels = book.levels(SYMBOL, 3);
  say(`${SYMBOL} book (depth 10), ${verified} updates verified by checksum 5041; top 3 levels:`);
  for (let i = 0; i < 3; i++) {
    say(`  bid ${levels?.bids[i]?.size ?? "-"} @ ${levels?.bids[i]?.price ?? "-"}   ask ${levels?.asks[i]?.size ?? "-"} @ ${levels?.asks[i]?.price ?? "-"}`);
  }

  const ids = new SpotClOrdIdGenerator();
  const now = (): string => formatUtcTimestamp(Date.now());
  const reportFor = (clOrdID: string, execType: string): Report | undefined =>
    reports.find((report) => report.clOrdID === clOrdID && report.execType === execType);
  const base = { symbol: SYMBOL, side: kraken.Side.Buy, ordType: kraken.OrdType.Limit, timeInForce: kraken.TimeInForce.GoodTillCancel } as const;
  const quantity = "5";

  // 1. A buy well below the market rests in the book.
  let clOrdID = ids.next();
  const away = ((await top()).bid - 50).toFixed(1);
  await trading.send(kraken.NewOrderSingle, { ...base, clOrdID, orderQty: quantity, price: away as `${number}`, transactTime: now() });
  const accepted = await waitFor("the New ExecutionReport", () => reportFor(clOrdID, "0"));
  const orderID = accepted.orderID;
  say(`NewOrderSingle ${quantity} ${SYMBOL} @ ${away} → ExecutionReport New, OrderID ${orderID}`);

  // 2. Amend it to the middle of the spread; the background flow (takers, the walking quotes) trades against it.
  //    A quote that walks past it is chased with another amend, each wait bounded.
  const amend = async (): Promise<string> => {
    const { bid, ask } = await top();
    const price = ((bid + ask) / 2).toFixed(1);
    const origClOrdID = clOrdID;
    clOrdID = ids.next();
    await trading.send(kraken.OrderCancelReplaceRequest, {
      ...base,
      clOrdID,
      origClOrdID,
      orderID,
      orderQty: quantity,
      price: price as `${number}`,
      transactTime: now(),
    });
    await waitFor("the Replaced ExecutionReport", () => reportFor(clOrdID, "5") ?? reportFor(clOrdID, "F"));
    return price;
  };
  let working = await amend();
  say(`OrderCancelReplaceRequest (35=G) to ${working} → ExecutionReport Replaced`);
  const firstFill = (): Report | undefined => reports.find((report) => report.orderID === orderID && report.execType === "F");
  const deadline = Date.now() + WAIT_MS;
  let chaseAt = Date.now() + 1000;
  let fill: Report | undefined;
  // Polled often so the cancel below goes out right after the first fill, while most of the order is still open.
  while (!(fill = firstFill())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS / 1000} s waiting for a fill`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (Date.now() < chaseAt) continue;
    chaseAt = Date.now() + 1000;
    if ((await top()).bid > Number(working) && !firstFill()) {
      working = await amend();
      say(`  the market moved away: amended again to ${working}`);
    }
  }
  say(`Partial fill: ${fill.lastQty} @ ${fill.lastPx}, CumQty ${fill.cumQty}, LeavesQty ${fill.leavesQty} (OrdStatus ${fill.ordStatus})`);

  // 3. Cancel what is left.
  const cancelID = ids.next();
  await trading.send(kraken.OrderCancelRequest, { clOrdID: cancelID, origClOrdID: clOrdID, orderID, symbol: SYMBOL, side: base.side, transactTime: now() });
  const canceled = await waitFor("the Canceled ExecutionReport", () => reportFor(cancelID, "4"));
  say(`OrderCancelRequest → ExecutionReport Canceled (CumQty ${canceled.cumQty} filled before the cancel)`);

  // 4. Two more resting orders, then one mass cancel for the symbol.
  const resting = [ids.next(), ids.next()];
  for (const [i, id] of resting.entries()) {
    const price = ((await top()).bid - 100 - 10 * i).toFixed(1);
    await trading.send(kraken.NewOrderSingle, { ...base, clOrdID: id, orderQty: "0.1", price: price as `${number}`, transactTime: now() });
    await waitFor("the New ExecutionReport", () => reportFor(id, "0"));
  }
  const massCancelID = ids.next();
  await trading.send(kraken.OrderMassCancelRequest, { clOrdID: massCancelID, symbol: SYMBOL, massCancelRequestType: "1", transactTime: now() });
  await waitFor("a Canceled report for each resting order", () => (resting.every((id) => reportFor(id, "4")) ? true : undefined));
  say(`Placed 2 more orders; OrderMassCancelRequest (35=q) → ${resting.length} ExecutionReports Canceled`);
} finally {
  await Promise.allSettled([tradingLink.stop(), marketDataLink.stop()]);
  await simulator.close();
}
say(`Logged out of both sessions. Session logs: ${logDirectory}`);

async function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS / 1000} s waiting for ${what}`)), WAIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
