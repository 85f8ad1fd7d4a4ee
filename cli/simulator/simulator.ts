/**
 * The simulated Kraken venue behind `kraken-fix simulate` and the demo. Spot: one matching engine kept alive by a
 * seeded synthetic market, and two FIX acceptors — trading (KRAKEN-TRD, signed Logon checked like Kraken's) and
 * market data (KRAKEN-MD, CompID only). Derivatives, when enabled: a second engine with its own books and
 * perpetuals, behind KRAKEN-DRV-TRD and KRAKEN-DRV-MD on their own ports, for the client's `_DRV` SenderCompID.
 * Each configured client gets one acceptor-role session per endpoint; the sessions do the FIX session layer and
 * the gateways translate between decoded messages and the engines.
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
import type { Venue } from "../../runtime/kraken/presets.js";
import { MemoryStore } from "../../runtime/store/memory-store.js";
import { combStyleOrderID } from "./engine/ids.js";
import { MatchingEngine } from "./engine/matching-engine.js";
import { SyntheticMarket, type SyntheticSymbol } from "./engine/synthetic-market.js";
import type { InstrumentSpec } from "./engine/types.js";
import { INVALID_CREDENTIALS, LogonVerifier, type ApiKeyAccount } from "./gateway/logon-check.js";
import { MarketDataGateway, type Listing } from "./gateway/market-data.js";
import { TradingGateway, tradingMsgTypes, type InboundMessage } from "./gateway/orders.js";

export const TRADING_COMP_ID = "KRAKEN-TRD";
export const MARKET_DATA_COMP_ID = "KRAKEN-MD";
export const DERIVATIVES_TRADING_COMP_ID = "KRAKEN-DRV-TRD";
export const DERIVATIVES_MARKET_DATA_COMP_ID = "KRAKEN-DRV-MD";

/**
 * Kraken assigns derivatives SenderCompIDs with a `_DRV` suffix (dialect notes §2.1: `damien2_DRV`,
 * `MYCOMPID_DRV`). The simulator derives it from the client's Spot SenderCompID and knows no other: a Logon to
 * KRAKEN-DRV-* from the plain Spot CompID (or any other) is refused like an unknown CompID.
 */
export function derivativesSenderCompID(spotSenderCompID: string): string {
  return `${spotSenderCompID}_DRV`;
}

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
  /**
   * Also serve the derivatives endpoints (KRAKEN-DRV-TRD, KRAKEN-DRV-MD) with their own engine and perpetuals.
   * Default false, so embedders that only trade Spot (the demo) open no extra ports or session logs.
   */
  readonly derivatives?: boolean;
  /** 0 (default) picks a free port. Used only with `derivatives`. */
  readonly derivativesTradingPort?: number;
  readonly derivativesMarketDataPort?: number;
}

/** Where the derivatives endpoints listen. */
export interface DerivativesEndpoints {
  readonly tradingPort: number;
  readonly marketDataPort: number;
}

export interface RunningSimulator {
  readonly tradingPort: number;
  readonly marketDataPort: number;
  /** Undefined unless started with `derivatives: true`. */
  readonly derivatives: DerivativesEndpoints | undefined;
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

/**
 * Derivatives symbols are venue ids (dialect notes §9: `PF_ETHUSD` in Kraken's futures example); `PF_` is Kraken's
 * prefix for its USD-margined perpetuals, which spell bitcoin XBT. Kraken's FIX notes give no precisions for them:
 * these are the simulator's.
 */
const DERIVATIVES_INSTRUMENTS: readonly InstrumentSpec[] = [
  { symbol: "PF_XBTUSD", pricePrecision: 0, qtyPrecision: 4, qtyMin: "0.0001" },
  { symbol: "PF_ETHUSD", pricePrecision: 1, qtyPrecision: 3, qtyMin: "0.001" },
];

const DERIVATIVES_LISTINGS: readonly Listing[] = [
  { symbol: "PF_XBTUSD", qtyMax: "1000" },
  { symbol: "PF_ETHUSD", qtyMax: "10000" },
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

export const DEFAULT_DERIVATIVES_MARKET: readonly SyntheticSymbol[] = [
  {
    symbol: "PF_XBTUSD",
    startPrice: "90000",
    tickSize: "1",
    levels: 15,
    minSize: "0.01",
    maxSize: "0.5",
    maxMoveTicks: 2,
    takerProbability: 0.5,
  },
  {
    symbol: "PF_ETHUSD",
    startPrice: "3000",
    tickSize: "0.1",
    levels: 15,
    minSize: "0.1",
    maxSize: "5",
    maxMoveTicks: 2,
    takerProbability: 0.5,
  },
];

const MARKET_DATA_TYPES = ["x", "V", "g"];
/**
 * How often the engines look at their clocks between market steps, so that an order's EffectiveTime takes effect
 * within this much of the time even when the synthetic market moves slowly.
 */
const ENGINE_TICK_MS = 100;

/** One venue's engine and FIX identity. */
interface VenueSetup {
  readonly venue: Venue;
  readonly engine: MatchingEngine;
  readonly market: SyntheticMarket;
  readonly listings: readonly Listing[];
  readonly tradingCompID: string;
  readonly marketDataCompID: string;
  /** The client's SenderCompID on this venue. */
  readonly clientCompID: (client: SimulatorClient) => string;
}

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
  const seed = options.seed ?? 1;
  const spot = venueSetup("spot", INSTRUMENTS, LISTINGS, options.market ?? DEFAULT_MARKET, seed);
  const derivatives = options.derivatives
    ? venueSetup("derivatives", DERIVATIVES_INSTRUMENTS, DERIVATIVES_LISTINGS, DEFAULT_DERIVATIVES_MARKET, seed)
    : undefined;
  const venues = derivatives ? [spot, derivatives] : [spot];
  // One API key authorises both venues (dialect notes §2.1), so one verifier: its nonces increase across both.
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
  const newSession = (senderCompID: string, targetCompID: string, extra: Partial<SessionOptions<KrakenCodecs>>): Session =>
    new FixSession<KrakenCodecs>({
      role: "acceptor",
      protocol: kraken.protocol,
      codecs: kraken,
      senderCompID,
      targetCompID,
      store: new MemoryStore(),
      ...extra,
    });

  const trading = new Map<VenueSetup, Session[]>(venues.map((setup) => [setup, []]));
  const marketData = new Map<VenueSetup, Session[]>(venues.map((setup) => [setup, []]));
  const cleanups: (() => void)[] = [];
  for (const setup of venues) {
    for (const client of options.clients) {
      trading.get(setup)?.push(await tradingSession(setup, client));
      marketData.get(setup)?.push(await marketDataSession(setup, client));
    }
  }

  async function tradingSession(setup: VenueSetup, client: SimulatorClient): Promise<Session> {
    const id = setup.clientCompID(client);
    let cancelOrdersOnDisconnect: number | undefined;
    const log = await openLog(setup.tradingCompID, id, client.apiSecret);
    const session = newSession(setup.tradingCompID, id, {
      handledMsgTypes: tradingMsgTypes(setup.venue),
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
    const gateway = new TradingGateway({
      engine: setup.engine,
      account: client.account,
      venue: setup.venue,
      send: (_id, message) => sendMessage(session, message),
    });
    session.on("logon", () => gateway.onLogon(id, cancelOrdersOnDisconnect));
    session.on("logout", (info) => gateway.onDisconnect(id, { graceful: info.clean }));
    session.on("message", (message) => gateway.handle(id, message as unknown as InboundMessage));
    cleanups.push(() => gateway.dispose());
    return session;
  }

  async function marketDataSession(setup: VenueSetup, client: SimulatorClient): Promise<Session> {
    const id = setup.clientCompID(client);
    const log = await openLog(setup.marketDataCompID, id, undefined);
    const session = newSession(setup.marketDataCompID, id, { handledMsgTypes: MARKET_DATA_TYPES, ...(log ? { log } : {}) });
    // Kraken forgets subscriptions when a market-data session ends: one gateway per logon.
    let gateway: MarketDataGateway | undefined;
    const end = (): void => {
      gateway?.dispose();
      gateway = undefined;
    };
    session.on("logon", () => {
      end();
      gateway = new MarketDataGateway({ engine: setup.engine, listings: setup.listings, send: (message) => sendMessage(session, message) });
    });
    session.on("logout", end);
    session.on("message", (message) => gateway?.handle(message as unknown as InboundMessage));
    cleanups.push(end);
    return session;
  }

  const tls = certificate ? { key: certificate.key, cert: certificate.cert } : undefined;
  const acceptorFor = (sessions: readonly Session[]): Acceptor =>
    new Acceptor({ protocol: kraken.protocol, sessions, ...(tls ? { tls } : {}) });
  const tradingAcceptor = acceptorFor(trading.get(spot) ?? []);
  const marketDataAcceptor = acceptorFor(marketData.get(spot) ?? []);
  const derivativesAcceptors = derivatives
    ? { trading: acceptorFor(trading.get(derivatives) ?? []), marketData: acceptorFor(marketData.get(derivatives) ?? []) }
    : undefined;
  const acceptors = [tradingAcceptor, marketDataAcceptor, ...(derivativesAcceptors ? [derivativesAcceptors.trading, derivativesAcceptors.marketData] : [])];
  const host = options.host ?? "127.0.0.1";
  let tradingPort: number;
  let marketDataPort: number;
  let derivativesEndpoints: DerivativesEndpoints | undefined;
  try {
    tradingPort = await tradingAcceptor.listen(options.tradingPort ?? 0, host);
    marketDataPort = await marketDataAcceptor.listen(options.marketDataPort ?? 0, host);
    if (derivativesAcceptors) {
      derivativesEndpoints = {
        tradingPort: await derivativesAcceptors.trading.listen(options.derivativesTradingPort ?? 0, host),
        marketDataPort: await derivativesAcceptors.marketData.listen(options.derivativesMarketDataPort ?? 0, host),
      };
    }
  } catch (error) {
    // A port in use: release what was opened so a caller that handles the error is not left with a live server.
    await Promise.allSettled(acceptors.map((acceptor) => acceptor.close()));
    for (const cleanup of cleanups) cleanup();
    await Promise.allSettled(logs.map((log) => log.close()));
    throw error;
  }
  const timers = [
    setInterval(() => {
      for (const setup of venues) setup.market.step();
    }, options.stepIntervalMs ?? 500),
    setInterval(() => {
      for (const setup of venues) setup.engine.tick();
    }, ENGINE_TICK_MS),
  ];
  const sessions = [...trading.values(), ...marketData.values()].flat();

  return {
    tradingPort,
    marketDataPort,
    derivatives: derivativesEndpoints,
    certificate: certificate?.cert,
    async rollover() {
      for (const session of sessions) session.disconnect("daily rollover");
      await Promise.all(sessions.map((session) => session.store.reset()));
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const session of sessions) session.disconnect("simulator stopped");
      await Promise.all(acceptors.map((acceptor) => acceptor.close()));
      for (const cleanup of cleanups) cleanup();
      await Promise.all(logs.map((log) => log.close()));
    },
  };
}

/** A venue's engine (Spot acknowledges with Pending New then New, derivatives with New only) and its market. */
function venueSetup(
  venue: Venue,
  instruments: readonly InstrumentSpec[],
  listings: readonly Listing[],
  walk: readonly SyntheticSymbol[],
  seed: number,
): VenueSetup {
  // Execution-report notes §3.4: the Spot example ack is 150=A then New; the futures example is 150=0 directly.
  // Futures OrderIDs are COMB UUIDs (§3.3), Spot ones XXXXXX-XXXXX-XXXXXX.
  const engine = new MatchingEngine({
    instruments,
    acknowledgement: venue === "spot" ? "pending-new" : "new",
    ...(venue === "derivatives" && { orderID: combStyleOrderID }),
  });
  const market = new SyntheticMarket(engine, { seed, symbols: walk });
  market.step();
  return venue === "spot"
    ? { venue, engine, market, listings, tradingCompID: TRADING_COMP_ID, marketDataCompID: MARKET_DATA_COMP_ID, clientCompID: (client) => client.senderCompID }
    : {
        venue,
        engine,
        market,
        listings,
        tradingCompID: DERIVATIVES_TRADING_COMP_ID,
        marketDataCompID: DERIVATIVES_MARKET_DATA_COMP_ID,
        clientCompID: (client) => derivativesSenderCompID(client.senderCompID),
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
