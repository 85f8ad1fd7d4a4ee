/**
 * `kraken-fix simulate`: runs the simulated Kraken venue (Spot and derivatives, trading + market data each) until
 * Ctrl-C, with the demo client configured, and prints what an app needs to connect to it.
 */
import { mkdir } from "node:fs/promises";
import {
  DEMO_CLIENT,
  DERIVATIVES_MARKET_DATA_COMP_ID,
  DERIVATIVES_TRADING_COMP_ID,
  derivativesSenderCompID,
  MARKET_DATA_COMP_ID,
  startSimulator,
  TRADING_COMP_ID,
} from "../simulator/simulator.js";
import { commandFailure } from "./failure.js";
import { parseCount, UsageError } from "./options.js";

export interface SimulateCommandOptions {
  readonly port: string;
  readonly mdPort: string;
  /** Derivatives trading port; default Kraken's 4003. */
  readonly drvPort?: string;
  /** Derivatives market-data port; default Kraken's 4002. */
  readonly drvMdPort?: string;
  readonly tls?: boolean;
  readonly seed: string;
  readonly logDir?: string;
}

/** Resolves with the exit code once the simulator stopped (SIGINT/SIGTERM): 0, or 2 for bad usage. */
export async function runSimulate(options: SimulateCommandOptions): Promise<number> {
  try {
    return await simulate(options);
  } catch (error) {
    return commandFailure(error);
  }
}

function parsePort(option: string, value: string): number {
  const port = parseCount(option, value);
  if (port > 65_535) throw new UsageError(`${option} must be a port number (0–65535), got "${value}"`);
  return port;
}

async function simulate(options: SimulateCommandOptions): Promise<number> {
  const tradingPort = parsePort("--port", options.port);
  const marketDataPort = parsePort("--md-port", options.mdPort);
  const derivativesTradingPort = parsePort("--drv-port", options.drvPort ?? "4003");
  const derivativesMarketDataPort = parsePort("--drv-md-port", options.drvMdPort ?? "4002");
  const seed = parseCount("--seed", options.seed);
  if (options.logDir !== undefined) await mkdir(options.logDir, { recursive: true });
  const simulator = await startSimulator({
    clients: [DEMO_CLIENT],
    tradingPort,
    marketDataPort,
    derivatives: true,
    derivativesTradingPort,
    derivativesMarketDataPort,
    tls: options.tls === true,
    seed,
    ...(options.logDir !== undefined ? { logDirectory: options.logDir } : {}),
  }).catch((error: unknown) => {
    // A port in use is the user's to fix, not a crash.
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") throw new UsageError(error.message);
    throw error;
  });
  const transport = options.tls ? "TLS 1.3 (self-signed certificate, printed below)" : "plain TCP (tls: false in your Initiator)";
  process.stdout.write(
    [
      `Kraken FIX simulator running (${transport}), synthetic markets, seed ${seed}`,
      `  Spot (BTC/USD, ETH/USD), SenderCompID ${DEMO_CLIENT.senderCompID}:`,
      `    trading:     127.0.0.1:${simulator.tradingPort}  TargetCompID ${TRADING_COMP_ID}`,
      `    market data: 127.0.0.1:${simulator.marketDataPort}  TargetCompID ${MARKET_DATA_COMP_ID}`,
      ...(simulator.derivatives
        ? [
            `  Derivatives (PF_XBTUSD, PF_ETHUSD), SenderCompID ${derivativesSenderCompID(DEMO_CLIENT.senderCompID)}:`,
            `    trading:     127.0.0.1:${simulator.derivatives.tradingPort}  TargetCompID ${DERIVATIVES_TRADING_COMP_ID}`,
            `    market data: 127.0.0.1:${simulator.derivatives.marketDataPort}  TargetCompID ${DERIVATIVES_MARKET_DATA_COMP_ID}`,
          ]
        : []),
      `  API key ${DEMO_CLIENT.apiKey}, API secret ${DEMO_CLIENT.apiSecret} (both venues)`,
      "  (public demo credentials: they open this simulator only)",
      ...(options.logDir !== undefined ? [`  session logs: ${options.logDir}`] : []),
      ...(simulator.certificate !== undefined ? ["  certificate to trust (TlsSettings.ca):", simulator.certificate.trimEnd()] : []),
      `Press Ctrl-C to stop; \`kill -USR2 ${process.pid}\` triggers the daily rollover (disconnect, sequence reset).`,
      "",
    ].join("\n"),
  );
  // Kraken's 22:00 UTC rollover on demand, so that clients can test their reconnect-and-reset path.
  const rollover = (): void => {
    void simulator.rollover().then(() => process.stdout.write("Rollover: every session disconnected, sequence numbers reset.\n"));
  };
  process.on("SIGUSR2", rollover);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.off("SIGUSR2", rollover);
  await simulator.close();
  process.stdout.write("Simulator stopped.\n");
  return 0;
}
