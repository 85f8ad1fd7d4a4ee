/** The simulated venue over real loopback sockets: signed logon, orders, cancel-on-disconnect, market data, TLS. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEMO_CLIENT,
  DERIVATIVES_MARKET_DATA_COMP_ID,
  DERIVATIVES_TRADING_COMP_ID,
  derivativesSenderCompID,
  MARKET_DATA_COMP_ID,
  startSimulator,
  TRADING_COMP_ID,
} from "../../cli/simulator/simulator.js";
import type { RunningSimulator, SimulatorOptions } from "../../cli/simulator/simulator.js";
import * as kraken from "../../generated/kraken-fix44/index.js";
import type { ExecutionReport, Header, Message } from "../../generated/kraken-fix44/index.js";
import type { Received } from "../../runtime/codec/types.js";
import { CombUuidGenerator } from "../../runtime/kraken/clordid.js";
import { NonceSource } from "../../runtime/kraken/signature.js";
import { formatUtcTimestamp, parseUtcTimestamp } from "../../runtime/codec/utc-timestamp.js";
import { OrderBook } from "../../runtime/marketdata/order-book.js";
import { FixSession, Initiator, krakenLogon } from "../../runtime/session/index.js";
import type { DisconnectInfo, KrakenLogonOptions, RejectEvent } from "../../runtime/session/index.js";
import { MemoryStore } from "../../runtime/store/memory-store.js";
import { connect } from "../../runtime/transport/connect.js";

type Codecs = typeof kraken;
type Decoded = Received<Message, Header>;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One nonce source for the whole file: the venue refuses a nonce that does not increase per API key. */
const nonce = new NonceSource();
const FAST_BACKOFF = { initialMs: 10, maxMs: 50, multiplier: 2 };

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A simulator whose market does not move during the test unless asked to (its first step still quotes). */
async function simulator(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const running = await startSimulator({ clients: [DEMO_CLIENT], stepIntervalMs: 60_000, ...options });
  cleanups.push(() => running.close());
  return running;
}

function clientSession(
  targetCompID: string,
  logon?: Partial<KrakenLogonOptions>,
  senderCompID: string = DEMO_CLIENT.senderCompID,
): FixSession<Codecs> {
  return new FixSession<Codecs>({
    role: "initiator",
    protocol: kraken.protocol,
    codecs: kraken,
    senderCompID,
    targetCompID,
    store: new MemoryStore(),
    resetOnLogon: true,
    ...(logon ? { logonFields: krakenLogon({ apiKey: DEMO_CLIENT.apiKey, apiSecret: DEMO_CLIENT.apiSecret, nonce, ...logon }) } : {}),
  });
}

/** Connects, logs on, records every application message; stopped (Logout) after the test. */
async function logOn(port: number, targetCompID: string, logon?: Partial<KrakenLogonOptions>, senderCompID?: string) {
  const session = clientSession(targetCompID, logon, senderCompID);
  const received: Decoded[] = [];
  const rejects: RejectEvent[] = [];
  session.on("message", (message) => received.push(message as Decoded));
  session.on("reject", (reject) => {
    if (reject.direction === "received") rejects.push(reject);
  });
  const initiator = new Initiator<Codecs>({
    session,
    connector: { endpoints: [{ host: "127.0.0.1", port }], tls: false, backoff: FAST_BACKOFF },
    reconnect: false,
    rollover: false,
  });
  cleanups.push(() => initiator.stop());
  await initiator.start();
  return { session, received, rejects, initiator };
}

const reportsOf = (received: readonly Decoded[]): Received<ExecutionReport, Header>[] =>
  received.filter((message): message is Received<ExecutionReport, Header> => message.msgType === "8");

let clOrdCount = 0;
/** Spot ClOrdIDs: unique per order (plain digits are accepted by Kraken's rules). */
const nextClOrdID = (): string => String(Date.now() * 1000 + ++clOrdCount);

function restingBuy(clOrdID: string, price: `${number}`) {
  return {
    clOrdID,
    symbol: "BTC/USD",
    side: kraken.Side.Buy,
    ordType: kraken.OrdType.Limit,
    orderQty: "0.5" as const,
    price,
    timeInForce: kraken.TimeInForce.GoodTillCancel,
    transactTime: formatUtcTimestamp(Date.now()),
  };
}

describe("simulator: trading logon", () => {
  it("answers a Logon signed with the wrong secret with a Logout that says why", async () => {
    const venue = await simulator();
    const session = clientSession(TRADING_COMP_ID, { apiSecret: Buffer.from("not the demo secret at all").toString("base64") });
    const { socket } = await connect({ endpoint: { host: "127.0.0.1", port: venue.tradingPort }, tls: false });
    const closed: Promise<DisconnectInfo> = session.attach(socket);
    await session.logon();
    expect((await closed).reason).toBe("peer logged out: Logon failed: invalid credentials");
    expect(session.loggedOn).toBe(false);
  });

  it("accepts the signed Logon over TLS 1.3 with the generated certificate", async () => {
    const venue = await simulator({ tls: true });
    expect(venue.certificate).toContain("BEGIN CERTIFICATE");
    const session = clientSession(TRADING_COMP_ID, {});
    const initiator = new Initiator<Codecs>({
      session,
      connector: { endpoints: [{ host: "127.0.0.1", port: venue.tradingPort }], tls: { ca: venue.certificate ?? "" }, backoff: FAST_BACKOFF },
      reconnect: false,
      rollover: false,
    });
    cleanups.push(() => initiator.stop());
    await initiator.start();
    expect(initiator.connection?.protocol).toBe("TLSv1.3");
  });
});

describe("simulator: orders", () => {
  it("acknowledges a NewOrderSingle with Pending New then New, and rejects an unknown cancel with 35=j", async () => {
    const venue = await simulator();
    const { session, received } = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
    const clOrdID = nextClOrdID();
    await session.send(kraken.NewOrderSingle, restingBuy(clOrdID, "80000"));
    const reports = await waitFor("New", () => {
      const mine = reportsOf(received).filter((report) => report.clOrdID === clOrdID);
      return mine.length >= 2 && mine;
    });
    expect(reports.map((report) => [report.execType, report.ordStatus, report.leavesQty])).toEqual([
      ["A", "A", "0.50000000"],
      ["0", "0", "0.50000000"],
    ]);

    await session.send(kraken.OrderCancelRequest, {
      clOrdID: nextClOrdID(),
      orderID: "NO-SUCH-ORDER",
      symbol: "BTC/USD",
      side: kraken.Side.Buy,
      transactTime: formatUtcTimestamp(Date.now()),
    });
    const reject = await waitFor("BusinessMessageReject", () => received.find((message) => message.msgType === "j"));
    expect(reject).toMatchObject({ msgType: "j", text: "EOrder:Unknown order" });
  });

  it("cancels a session's orders when its connection drops, and keeps them after a Logout", async () => {
    const venue = await simulator();
    /** Logs on (8674 absent: cancel on disconnect) and places a resting order. */
    const place = async () => {
      const { session, received, initiator } = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
      const clOrdID = nextClOrdID();
      await session.send(kraken.NewOrderSingle, restingBuy(clOrdID, "80000"));
      const report = await waitFor("New", () => reportsOf(received).find((r) => r.clOrdID === clOrdID && r.execType === "0"));
      return { orderID: report.orderID, session, initiator };
    };
    /** Logs on again and cancels the order: a Canceled report if it was still open, 35=j if it was not. */
    const cancelAfterwards = async (orderID: string): Promise<Decoded> => {
      const { session, received } = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
      const clOrdID = nextClOrdID();
      await session.send(kraken.OrderCancelRequest, {
        clOrdID,
        orderID,
        symbol: "BTC/USD",
        side: kraken.Side.Buy,
        transactTime: formatUtcTimestamp(Date.now()),
      });
      const answer = await waitFor("the cancel's answer", () => received.find((m) => m.msgType === "j" || (m.msgType === "8" && m.clOrdID === clOrdID)));
      await session.logout();
      return answer;
    };

    const dropped = await place();
    dropped.session.disconnect("cable pulled");
    await dropped.initiator.stop();
    expect(await cancelAfterwards(dropped.orderID)).toMatchObject({ msgType: "j", text: "EOrder:Unknown order" });

    const loggedOut = await place();
    expect(await loggedOut.session.logout()).toMatchObject({ clean: true });
    expect(await cancelAfterwards(loggedOut.orderID)).toMatchObject({ msgType: "8", execType: "4", orderID: loggedOut.orderID });
  });

  it("rollover() disconnects every session and starts its sequence numbers again", async () => {
    const venue = await simulator();
    const { session } = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
    const closed = session.closed();
    await venue.rollover();
    expect(await closed).toMatchObject({ clean: false });
    const again = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
    expect(again.session.loggedOn).toBe(true);
  });
});

describe("simulator: market data", () => {
  it("sends a W snapshot then X incrementals whose 5041 checksums verify against the client's book", async () => {
    const venue = await simulator({ stepIntervalMs: 20 });
    const { session, received } = await logOn(venue.marketDataPort, MARKET_DATA_COMP_ID);
    const book = new OrderBook();
    await session.send(kraken.SecurityListRequest, { securityReqID: "sl", securityListRequestType: 4 });
    const list = await waitFor("SecurityList", () => received.find((m) => m.msgType === "y"));
    expect(list.msgType === "y" && book.registerInstruments(list.relatedSym ?? [])).toEqual([]);

    const statuses: string[] = [];
    let snapshots = 0;
    let snapshotLevels: number[] = [];
    session.on("MarketDataSnapshotFullRefresh", (snapshot) => {
      snapshots++;
      expect(book.applySnapshot(snapshot).ok).toBe(true);
      const levels = book.levels("BTC/USD");
      snapshotLevels = [levels?.bids.length ?? 0, levels?.asks.length ?? 0];
    });
    session.on("MarketDataIncrementalRefresh", (update) => {
      const result = book.applyIncremental(update);
      // Anything but "verified" is kept whole, so a failure shows what went wrong.
      statuses.push(result.ok && result.checksum.status === "verified" ? "verified" : JSON.stringify(result));
    });
    book.subscribe("book", ["BTC/USD"], 10);
    await session.send(kraken.MarketDataRequest, {
      mdReqID: "book",
      subscriptionRequestType: "1",
      marketDepth: 10,
      mdEntryTypes: [{ mdEntryType: "0" }, { mdEntryType: "1" }],
      relatedSym: [{ symbol: "BTC/USD" }],
    });
    await waitFor("50 incrementals", () => statuses.length >= 50, 15_000);
    expect(snapshots).toBe(1);
    expect(new Set(statuses)).toEqual(new Set(["verified"]));
    // Both sides, and no more than the requested depth (the synthetic market quotes 15 levels a side).
    for (const count of snapshotLevels) expect(count >= 1 && count <= 10).toBe(true);
    expect(snapshotLevels).toHaveLength(2);
  });

  it("answers an unsupported MsgType with BusinessMessageReject 380=3", async () => {
    const venue = await simulator();
    const { session, received } = await logOn(venue.marketDataPort, MARKET_DATA_COMP_ID);
    await session.send(kraken.NewOrderSingle, restingBuy(nextClOrdID(), "80000"));
    const reject = await waitFor("BusinessMessageReject", () => received.find((m) => m.msgType === "j"));
    expect(reject).toMatchObject({ msgType: "j", refMsgType: "D", businessRejectReason: 3 });
  });
});

describe("simulator: spot order fields", () => {
  it("answers Leverage (5001) other than 0/1 with a session Reject 373=5 and never submits it", async () => {
    const venue = await simulator();
    const { session, received, rejects } = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
    await session.send(kraken.NewOrderSingle, { ...restingBuy(nextClOrdID(), "80000"), leverage: "2" as kraken.Leverage });
    const reject = await waitFor("Reject", () => rejects[0]);
    expect(reject).toMatchObject({ msgType: "3", reason: 5, text: '"2" is not a valid Leverage' });
    expect(reportsOf(received)).toEqual([]);
  });

  it("activates an EffectiveTime order on the venue's clock without any other traffic", async () => {
    const venue = await simulator();
    const { session, received } = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
    const clOrdID = nextClOrdID();
    await session.send(kraken.NewOrderSingle, { ...restingBuy(clOrdID, "80000"), effectiveTime: formatUtcTimestamp(Date.now() + 400) });
    const pending = await waitFor("Pending New", () => reportsOf(received).find((r) => r.clOrdID === clOrdID));
    expect(pending).toMatchObject({ execType: "A", ordStatus: "A" });
    const live = await waitFor("New", () => reportsOf(received).find((r) => r.clOrdID === clOrdID && r.execType === "0"));
    // New comes at the EffectiveTime, not with the acknowledgement.
    const sent = (report: Received<ExecutionReport, Header>) => parseUtcTimestamp(report.header.sendingTime) ?? Number.NaN;
    expect(sent(live) - sent(pending)).toBeGreaterThanOrEqual(300);
  });
});

describe("simulator: derivatives", () => {
  const drvCompID = derivativesSenderCompID(DEMO_CLIENT.senderCompID);
  const uuids = new CombUuidGenerator();

  it("is not served unless asked for", async () => {
    const venue = await simulator();
    expect(venue.derivatives).toBeUndefined();
  });

  it("trades perpetuals on KRAKEN-DRV-TRD for the _DRV CompID: New without Pending New, COMB UUID ClOrdIDs only", async () => {
    const venue = await simulator({ derivatives: true });
    expect(drvCompID).toBe("CLIENT_DRV");
    const { session, received, rejects } = await logOn(venue.derivatives?.tradingPort ?? 0, DERIVATIVES_TRADING_COMP_ID, {}, drvCompID);
    const clOrdID = uuids.next();
    await session.send(kraken.NewOrderSingle, {
      ...restingBuy(clOrdID, "80000"),
      symbol: "PF_XBTUSD",
      execInst: [kraken.ExecInst.SingleFee],
    });
    const ack = await waitFor("New", () => reportsOf(received).find((r) => r.clOrdID === clOrdID));
    expect(ack).toMatchObject({ execType: "0", ordStatus: "0", symbol: "PF_XBTUSD", orderQty: "0.5000", avgPx: "0" });
    expect(ack.header).toMatchObject({ senderCompID: DERIVATIVES_TRADING_COMP_ID, targetCompID: drvCompID });

    await session.send(kraken.NewOrderSingle, { ...restingBuy(nextClOrdID(), "80000"), symbol: "PF_XBTUSD", execInst: ["s"] });
    const reject = await waitFor("Reject", () => rejects[0]);
    expect(reject).toMatchObject({ msgType: "3", reason: 5 });
    expect(reject.text).toContain("[derivatives-clordid:");
    expect(reportsOf(received)).toHaveLength(1);
  });

  it("refuses the Spot-only NewOrderSingle fields with 35=3 on the tag, and requires ExecInst s", async () => {
    const venue = await simulator({ derivatives: true });
    const { session, received, rejects } = await logOn(venue.derivatives?.tradingPort ?? 0, DERIVATIVES_TRADING_COMP_ID, {}, drvCompID);
    const base = { ...restingBuy("", "80000"), symbol: "PF_XBTUSD", execInst: [kraken.ExecInst.SingleFee] };
    const cases: [Partial<kraken.NewOrderSingle>, number, string][] = [
      [{ execInst: undefined }, 5, "ExecInst must include s"],
      [{ execInst: ["P"] }, 5, "ExecInst must include s"],
      [{ execInst: ["s", "v"] }, 5, "ExecInst=v is not allowed here"],
      [{ execInst: ["s", "f"] }, 5, "ExecInst=f is not allowed here"],
      [{ execInst: ["s", "q"] }, 5, "ExecInst=q is not allowed here"],
      [{ displayQty: "0.5" }, 2, "DisplayQty (1138) is not allowed here"],
      [{ leverage: "1" }, 2, "Leverage (5001) is not allowed here"],
      [{ selfTradePrevention: 2 }, 2, "SelfTradePrevention (7928) is not allowed here"],
      [{ timeInForce: "6", expireTime: formatUtcTimestamp(Date.now() + 60_000) }, 5, "TimeInForce=6 is not allowed here"],
      [{ ordType: "V", stopPx: "100" }, 5, "OrdType=V is not allowed here"],
      [{ effectiveTime: formatUtcTimestamp(Date.now() + 60_000) }, 2, "EffectiveTime (168) is not allowed here"],
      [{ expireTime: formatUtcTimestamp(Date.now() + 60_000) }, 2, "ExpireTime (126) is not allowed here"],
    ];
    for (const [fields] of cases) await session.send(kraken.NewOrderSingle, { ...base, clOrdID: uuids.next(), ...fields });
    await waitFor("every Reject", () => rejects.length >= cases.length);
    // Rejects come in order; each text starts with the expected one (the rule's id and description follow).
    expect(rejects.map((r, i) => [r.msgType, r.reason, r.text.startsWith(cases[i]?.[2] ?? "?") ? cases[i]?.[2] : r.text])).toEqual(
      cases.map(([, reason, text]) => ["3", reason, text]),
    );
    expect(reportsOf(received)).toEqual([]);
  });

  it("refuses a Logon from the plain Spot CompID on the derivatives port", async () => {
    const venue = await simulator({ derivatives: true });
    const session = clientSession(DERIVATIVES_TRADING_COMP_ID, {});
    const { socket } = await connect({ endpoint: { host: "127.0.0.1", port: venue.derivatives?.tradingPort ?? 0 }, tls: false });
    const closed: Promise<DisconnectInfo> = session.attach(socket);
    await session.logon();
    // The acceptor knows no CLIENT→KRAKEN-DRV-TRD session: it closes the connection without a Logout.
    expect(await closed).toEqual({ reason: "connection closed by peer", clean: false });
    expect(session.loggedOn).toBe(false);
  });

  it("keeps its own books: KRAKEN-DRV-MD lists the perpetuals, and a derivatives mass cancel leaves Spot orders alone", async () => {
    const venue = await simulator({ derivatives: true });
    const md = await logOn(venue.derivatives?.marketDataPort ?? 0, DERIVATIVES_MARKET_DATA_COMP_ID, undefined, drvCompID);
    await md.session.send(kraken.SecurityListRequest, { securityReqID: "sl", securityListRequestType: 4 });
    const list = await waitFor("SecurityList", () => md.received.find((m) => m.msgType === "y"));
    expect(list.msgType === "y" && list.relatedSym?.map((entry) => entry.symbol)).toEqual(["PF_XBTUSD", "PF_ETHUSD"]);

    // The same account trades on both venues; a mass cancel of all its orders on derivatives (530=7) cancels its
    // derivatives order only.
    const spot = await logOn(venue.tradingPort, TRADING_COMP_ID, {});
    const drv = await logOn(venue.derivatives?.tradingPort ?? 0, DERIVATIVES_TRADING_COMP_ID, {}, drvCompID);
    const spotID = nextClOrdID();
    const drvID = uuids.next();
    await spot.session.send(kraken.NewOrderSingle, restingBuy(spotID, "80000"));
    await drv.session.send(kraken.NewOrderSingle, { ...restingBuy(drvID, "80000"), symbol: "PF_XBTUSD", execInst: ["s"] });
    await waitFor("both New", () => reportsOf(spot.received).some((r) => r.execType === "0") && reportsOf(drv.received).some((r) => r.execType === "0"));
    await drv.session.send(kraken.OrderMassCancelRequest, { clOrdID: uuids.next(), massCancelRequestType: "7", transactTime: formatUtcTimestamp(Date.now()) });
    const canceled = await waitFor("derivatives cancel", () => reportsOf(drv.received).find((r) => r.execType === "4"));
    expect(canceled.clOrdID).toBe(drvID);
    // Give a stray Spot cancel time to arrive: there must be none.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reportsOf(spot.received).map((r) => r.execType)).toEqual(["A", "0"]);
  });

  it("answers 35=G with BusinessMessageReject 380=3: amend is not offered on derivatives", async () => {
    const venue = await simulator({ derivatives: true });
    const { session, received } = await logOn(venue.derivatives?.tradingPort ?? 0, DERIVATIVES_TRADING_COMP_ID, {}, drvCompID);
    await session.send(kraken.OrderCancelReplaceRequest, {
      clOrdID: uuids.next(),
      origClOrdID: uuids.next(),
      orderID: "O",
      symbol: "PF_XBTUSD",
      side: kraken.Side.Buy,
      ordType: kraken.OrdType.Limit,
      orderQty: "1",
      price: "80000",
      timeInForce: kraken.TimeInForce.GoodTillCancel,
      transactTime: formatUtcTimestamp(Date.now()),
    });
    const reject = await waitFor("BusinessMessageReject", () => received.find((m) => m.msgType === "j"));
    expect(reject).toMatchObject({ refMsgType: "G", businessRejectReason: 3 });
  });
});

describe("simulator: ports", () => {
  it("refuses a trading port that is already in use, with the system's error", async () => {
    const first = await simulator();
    await expect(startSimulator({ clients: [DEMO_CLIENT], tradingPort: first.tradingPort })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});

describe("kraken-fix simulate", () => {
  const ROOT = join(import.meta.dirname, "..", "..");
  function simulate(args: readonly string[]) {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", "simulate", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    cleanups.push(async () => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
      await exited;
    });
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it("prints where to connect, serves a signed Logon, and stops cleanly on SIGINT", async () => {
    const { child, exited, output } = simulate(["--port", "0", "--md-port", "0", "--drv-port", "0", "--drv-md-port", "0", "--seed", "3"]);
    const port = await waitFor("the banner", () => /trading: {5}127\.0\.0\.1:(\d+) {2}TargetCompID KRAKEN-TRD/.exec(output().stdout)?.[1], 20_000);
    expect(output().stdout).toContain(`API key ${DEMO_CLIENT.apiKey}, API secret ${DEMO_CLIENT.apiSecret}`);
    expect(output().stdout).toContain("Derivatives (PF_XBTUSD, PF_ETHUSD), SenderCompID CLIENT_DRV:");
    expect(output().stdout).toMatch(/trading: {5}127\.0\.0\.1:\d+ {2}TargetCompID KRAKEN-DRV-TRD/);
    expect(output().stdout).toMatch(/market data: 127\.0\.0\.1:\d+ {2}TargetCompID KRAKEN-DRV-MD/);
    const { session } = await logOn(Number(port), TRADING_COMP_ID, {});
    expect(session.loggedOn).toBe(true);
    // SIGUSR2 is the rollover on demand: the simulator drops every session.
    const dropped = session.closed();
    process.kill(child.pid!, "SIGUSR2");
    expect((await dropped).clean).toBe(false);
    await waitFor("the rollover line", () => output().stdout.includes("Rollover: every session disconnected"), 10_000);
    process.kill(child.pid!, "SIGINT");
    expect(await exited).toBe(0);
    expect(output().stdout).toContain("Simulator stopped.");
  }, 30_000);

  it("exits 2 with a clear message for a port out of range", async () => {
    const { exited, output } = simulate(["--port", "70000"]);
    expect(await exited).toBe(2);
    expect(output().stderr).toBe('kraken-fix: --port must be a port number (0–65535), got "70000"\n');
  }, 30_000);
});
