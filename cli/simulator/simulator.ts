/**
 * The simulated Kraken venue behind `kraken-fix simulate` and the demo: one matching engine kept alive by a seeded
 * synthetic market, and two FIX acceptors — trading (KRAKEN-TRD, signed Logon checked like Kraken's) and market
 * data (KRAKEN-MD, CompID only). Each configured client gets one acceptor-role session per endpoint; the sessions
 * do the FIX session layer and the gateways translate between decoded messages and the engine.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as kraken from "../../generated/kraken-fix44/index.js";
import type { Header, Logon, Message } from "../../generated/kraken-fix44/index.js";
import type { DecodedObject } from "../../runtime/codec/decode.js";
import type { MessageCodec, Received } from "../../runtime/codec/types.js";
import { FileSessionLog } from "../../runtime/log/session-log.js";
import { Acceptor, FixSession } from "../../runtime/session/index.js";
import type { SessionOptions } from "../../runtime/session/index.js";
import { MemoryStore } from "../../runtime/store/memory-store.js";
import { MatchingEngine } from "./engine/matching-engine.js";
import { SyntheticMarket, type SyntheticSymbol } from "./engine/synthetic-market.js";
import type { InstrumentSpec } from "./engine/types.js";
import { INVALID_CREDENTIALS, LogonVerifier, type ApiKeyAccount } from "./gateway/logon-check.js";
import { MarketDataGateway, type Listing } from "./gateway/market-data.js";
import { TradingGateway, type InboundMessage } from "./gateway/orders.js";

export const TRADING_COMP_ID = "KRAKEN-TRD";
export const MARKET_DATA_COMP_ID = "KRAKEN-MD";

/** One client the venue knows: its SenderCompID and the FIX API key it signs its trading Logon with. */
export interface SimulatorClient extends ApiKeyAccount {
  readonly senderCompID: string;
}

/**
 * The client `kraken-fix simulate` and the demo configure. Its credentials are public on purpose: they only open
 * the local simulator, never a Kraken account.
 */
export const DEMO_CLIENT: SimulatorClient = {
  senderCompID: "CLIENT",
  apiKey: "SIMULATOR-DEMO-KEY",
  apiSecret: "a3Jha2VuLWZpeCBzaW11bGF0b3IgZGVtbyBzZWNyZXQ=",
  account: "demo",
};

export interface SimulatorOptions {
  readonly clients: readonly SimulatorClient[];
  /** 0 (default) picks a free port. */
  readonly tradingPort?: number;
  readonly marketDataPort?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** TLS 1.3 with a fresh self-signed certificate (made with the `openssl` CLI). Default: plain TCP. */
  readonly tls?: boolean;
  /** Seed of the synthetic market: the same seed replays the same walk. Default 1. */
  readonly seed?: number;
  /** Time between synthetic market steps. Default 500 ms. */
  readonly stepIntervalMs?: number;
  /** Replaces the default walk settings per symbol (symbols must be BTC/USD or ETH/USD). */
  readonly market?: readonly SyntheticSymbol[];
  /** Session logs (QuickFIX FileLog layout) go here when given. */
  readonly logDirectory?: string;
}

export interface RunningSimulator {
  readonly tradingPort: number;
  readonly marketDataPort: number;
  /** PEM certificate clients must trust when `tls` is on. */
  readonly certificate: string | undefined;
  /** Kraken's daily rollover on demand: every session is disconnected and its sequence numbers start again at 1. */
  rollover(): Promise<void>;
  close(): Promise<void>;
}

const INSTRUMENTS: readonly InstrumentSpec[] = [
  { symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 8, qtyMin: "0.0001" },
  { symbol: "ETH/USD", pricePrecision: 2, qtyPrecision: 8, qtyMin: "0.001" },
];

const LISTINGS: readonly Listing[] = [
  { symbol: "BTC/USD", qtyMax: "1000", minimumCost: "0.5" },
  { symbol: "ETH/USD", qtyMax: "10000", minimumCost: "0.5" },
];

export const DEFAULT_MARKET: readonly SyntheticSymbol[] = [
  {
    symbol: "BTC/USD",
    startPrice: "90000",
    tickSize: "0.5",
    levels: 15,
    minSize: "0.01",
    maxSize: "0.5",
    maxMoveTicks: 2,
    takerProbability: 0.5,
  },
  {
    symbol: "ETH/USD",
    startPrice: "3000",
    tickSize: "0.05",
    levels: 15,
    minSize: "0.1",
    maxSize: "5",
    maxMoveTicks: 2,
    takerProbability: 0.5,
  },
];

const TRADING_TYPES = ["D", "F", "G", "H", "q"];
const MARKET_DATA_TYPES = ["x", "V", "g"];

type KrakenCodecs = typeof kraken;
type Session = FixSession<KrakenCodecs>;

/** Sends any gateway message with its own codec, found by MsgType. */
function sendMessage(session: Session, message: Message): void {
  const codec = kraken.messages.find((candidate) => candidate.msgType === message.msgType);
  if (!codec) throw new Error(`no codec for 35=${message.msgType}`);
  // The codec list is heterogeneous; the MsgType match makes this codec the message's own.
  // A report for a session that just dropped (cancel-on-disconnect) has nowhere to go: Kraken drops it too.
  session.send(codec as unknown as MessageCodec<Message, Header>, message).catch(() => undefined);
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const engine = new MatchingEngine({ instruments: INSTRUMENTS });
  const market = new SyntheticMarket(engine, { seed: options.seed ?? 1, symbols: options.market ?? DEFAULT_MARKET });
  market.step();
  const verifier = new LogonVerifier(options.clients);
  const certificate = options.tls ? await selfSignedCertificate() : undefined;
  const logs: FileSessionLog[] = [];
  const openLog = async (senderCompID: string, targetCompID: string, secret: string | undefined) => {
    if (options.logDirectory === undefined) return undefined;
    const log = await FileSessionLog.open({
      directory: options.logDirectory,
      session: { beginString: "FIX.4.4", senderCompID, targetCompID },
      ...(secret !== undefined && secret.length >= 8 ? { secrets: [secret] } : {}),
    });
    logs.push(log);
    return log;
  };
  const newSession = (senderCompID: string, client: SimulatorClient, extra: Partial<SessionOptions<KrakenCodecs>>): Session =>
    new FixSession<KrakenCodecs>({
      role: "acceptor",
      protocol: kraken.protocol,
      codecs: kraken,
      senderCompID,
      targetCompID: client.senderCompID,
      store: new MemoryStore(),
      ...extra,
    });

  const trading: Session[] = [];
  const marketData: Session[] = [];
  const cleanups: (() => void)[] = [];
  for (const client of options.clients) {
    trading.push(await tradingSession(client));
    marketData.push(await marketDataSession(client));
  }

  async function tradingSession(client: SimulatorClient): Promise<Session> {
    const id = client.senderCompID;
    let cancelOrdersOnDisconnect: number | undefined;
    const log = await openLog(TRADING_COMP_ID, id, client.apiSecret);
    const session = newSession(TRADING_COMP_ID, client, {
      handledMsgTypes: TRADING_TYPES,
      ...(log ? { log } : {}),
      verifyLogon: (logon: DecodedObject) => {
        const typed = logon as unknown as Received<Logon, Header>;
        const result = verifier.check(typed, "trading");
        if (!result.ok) return result.text;
        // A valid signature made with another client's key is still the wrong key for this CompID.
        if (result.kind !== "trading" || result.account !== client.account) return INVALID_CREDENTIALS;
        cancelOrdersOnDisconnect = typed.cancelOrdersOnDisconnect;
        return undefined;
      },
    });
    const gateway = new TradingGateway({ engine, account: client.account, venue: "spot", send: (_id, message) => sendMessage(session, message) });
    session.on("logon", () => gateway.onLogon(id, cancelOrdersOnDisconnect));
    session.on("logout", (info) => gateway.onDisconnect(id, { graceful: info.clean }));
    session.on("message", (message) => gateway.handle(id, message as unknown as InboundMessage));
    cleanups.push(() => gateway.dispose());
    return session;
  }

  async function marketDataSession(client: SimulatorClient): Promise<Session> {
    const log = await openLog(MARKET_DATA_COMP_ID, client.senderCompID, undefined);
    const session = newSession(MARKET_DATA_COMP_ID, client, { handledMsgTypes: MARKET_DATA_TYPES, ...(log ? { log } : {}) });
    // Kraken forgets subscriptions when a market-data session ends: one gateway per logon.
    let gateway: MarketDataGateway | undefined;
    const end = (): void => {
      gateway?.dispose();
      gateway = undefined;
    };
    session.on("logon", () => {
      end();
      gateway = new MarketDataGateway({ engine, listings: LISTINGS, send: (message) => sendMessage(session, message) });
    });
    session.on("logout", end);
    session.on("message", (message) => gateway?.handle(message as unknown as InboundMessage));
    cleanups.push(end);
    return session;
  }

  const tls = certificate ? { key: certificate.key, cert: certificate.cert } : undefined;
  const tradingAcceptor = new Acceptor({ protocol: kraken.protocol, sessions: trading, ...(tls ? { tls } : {}) });
  const marketDataAcceptor = new Acceptor({ protocol: kraken.protocol, sessions: marketData, ...(tls ? { tls } : {}) });
  const host = options.host ?? "127.0.0.1";
  let tradingPort: number;
  let marketDataPort: number;
  try {
    tradingPort = await tradingAcceptor.listen(options.tradingPort ?? 0, host);
    marketDataPort = await marketDataAcceptor.listen(options.marketDataPort ?? 0, host);
  } catch (error) {
    // A port in use: release what was opened so a caller that handles the error is not left with a live server.
    await Promise.allSettled([tradingAcceptor.close(), marketDataAcceptor.close()]);
    for (const cleanup of cleanups) cleanup();
    await Promise.allSettled(logs.map((log) => log.close()));
    throw error;
  }
  const timer = setInterval(() => market.step(), options.stepIntervalMs ?? 500);
  const sessions = [...trading, ...marketData];

  return {
    tradingPort,
    marketDataPort,
    certificate: certificate?.cert,
    async rollover() {
      for (const session of sessions) session.disconnect("daily rollover");
      await Promise.all(sessions.map((session) => session.store.reset()));
    },
    async close() {
      clearInterval(timer);
      for (const session of sessions) session.disconnect("simulator stopped");
      await Promise.all([tradingAcceptor.close(), marketDataAcceptor.close()]);
      for (const cleanup of cleanups) cleanup();
      await Promise.all(logs.map((log) => log.close()));
    },
  };
}

/** A throwaway key and certificate for 127.0.0.1/localhost; the files are deleted once read. */
async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const directory = await mkdtemp(join(tmpdir(), "kraken-fix-sim-"));
  try {
    const keyPath = join(directory, "key.pem");
    const certPath = join(directory, "cert.pem");
    await promisify(execFile)("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", keyPath, "-out", certPath, "-days", "7", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ]).catch((error: unknown) => {
      throw new Error(`--tls needs the openssl command to make a self-signed certificate: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { key: await readFile(keyPath, "utf8"), cert: await readFile(certPath, "utf8") };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
