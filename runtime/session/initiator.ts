/**
 * Keeps an initiator session connected: connect (TLS by default) through the transport Connector with failover
 * and backoff, log on, and after a disconnect connect again, until stop(). Knows Kraken's daily rollover: a
 * store that crossed one is reset and the Logon carries 141=Y, and the session stays away during the window.
 */
import { inRolloverWindow, KRAKEN_ROLLOVER, rolloverBetween, rolloverWindow } from "../kraken/rollover.js";
import type { RolloverPolicy } from "../kraken/rollover.js";
import { Connector } from "../transport/connector.js";
import type { Connection } from "../transport/connect.js";
import type { ConnectorOptions } from "../transport/connector.js";
import { TransportError } from "../transport/errors.js";
import { systemClock } from "./clock.js";
import type { Clock } from "./clock.js";
import { SessionError } from "./errors.js";
import type { FixSession } from "./session.js";
import type { DisconnectInfo } from "./session-types.js";

export interface InitiatorOptions<C> {
  readonly session: FixSession<C>;
  /** Endpoints, TLS settings (default TLS 1.3 with verification; `tls: false` for plain TCP), backoff. */
  readonly connector: ConnectorOptions;
  /** Reconnect after a disconnect. Default true. */
  readonly reconnect?: boolean;
  /** Kraken's rollover; `false` for a venue without one. Default KRAKEN_ROLLOVER. */
  readonly rollover?: RolloverPolicy | false;
  /**
   * Called after each logon that follows a reconnect or rollover, to bring the app's view of open orders up to
   * date (e.g. send OrderStatusRequest for each order an OrderTracker still believes open).
   */
  readonly reconcile?: (session: FixSession<C>) => Promise<void> | void;
  readonly clock?: Clock;
}

export class Initiator<C> {
  private readonly connector: Connector;
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private rolloverTimer: unknown;
  private readonly clock: Clock;
  private lastConnection: Connection | undefined;

  constructor(private readonly options: InitiatorOptions<C>) {
    this.connector = new Connector(options.connector);
    this.clock = options.clock ?? systemClock;
  }

  /** The current (or last) connection: its endpoint and negotiated TLS version (null for plain TCP). */
  get connection(): Connection | undefined {
    return this.lastConnection;
  }

  get session(): FixSession<C> {
    return this.options.session;
  }

  /**
   * Starts the connect/logon loop; resolves after the first logon, rejects if the loop ends before it (attempts
   * exhausted, or a refused Logon with `reconnect: false`) with the last reason the session was closed.
   */
  start(): Promise<void> {
    const session = this.options.session;
    return new Promise<void>((resolve, reject) => {
      session.once("logon", () => resolve());
      // After a logon, the loop ending settles nothing: the promise is already resolved.
      this.running = this.loop().then(
        (last) => reject(new SessionError("Disconnected", `the session ended before logging on: ${last?.reason ?? "stopped"}`)),
        (error: unknown) => reject(error),
      );
    });
  }

  /** Logs out (if logged on), stops reconnecting and waits for the loop to end. */
  async stop(): Promise<void> {
    this.controller.abort();
    this.options.session.dropQueued();
    if (this.rolloverTimer !== undefined) this.clock.clearTimeout(this.rolloverTimer);
    await this.options.session.logout();
    await this.running;
  }

  /** Connects and logs on until stopped; returns how the last connection closed. */
  private async loop(): Promise<DisconnectInfo | undefined> {
    const { session } = this.options;
    const signal = this.controller.signal;
    let attempt = 0;
    let last: DisconnectInfo | undefined;
    while (!signal.aborted) {
      await this.waitOutRollover(signal);
      if (signal.aborted) return last;
      let connection;
      try {
        connection = await this.connector.connect(signal);
      } catch (error) {
        if (error instanceof TransportError && error.code === "Aborted") return last;
        throw error;
      }
      this.lastConnection = connection;
      const rolledOver = this.crossedRollover();
      const closed = session.attach(connection.socket);
      const onLogon = (): void => {
        this.connector.resetBackoff();
        this.scheduleRollover();
        if (rolledOver) session.announce("rollover", { at: this.clock.now() });
        if (attempt > 0 || rolledOver) void Promise.resolve(this.options.reconcile?.(session)).catch(() => undefined);
      };
      session.once("logon", onLogon);
      await session.logon({ reset: rolledOver }).catch(() => undefined);
      last = await closed;
      session.off("logon", onLogon);
      if (signal.aborted || this.options.reconnect === false) return last;
      attempt++;
      session.announce("reconnect", { attempt });
    }
    return last;
  }

  private crossedRollover(): boolean {
    const policy = this.options.rollover ?? KRAKEN_ROLLOVER;
    if (policy === false) return false;
    return rolloverBetween(this.options.session.store.creationTime, this.clock.now(), policy);
  }

  /** Logs out just before the rollover window; the loop reconnects after it. */
  private scheduleRollover(): void {
    const policy = this.options.rollover ?? KRAKEN_ROLLOVER;
    if (policy === false) return;
    if (this.rolloverTimer !== undefined) this.clock.clearTimeout(this.rolloverTimer);
    const window = rolloverWindow(this.clock.now(), policy);
    this.rolloverTimer = this.clock.setTimeout(() => {
      void this.options.session.logout("daily rollover");
    }, Math.max(0, window.start - this.clock.now()));
  }

  private async waitOutRollover(signal: AbortSignal): Promise<void> {
    const policy = this.options.rollover ?? KRAKEN_ROLLOVER;
    if (policy === false || !inRolloverWindow(this.clock.now(), policy)) return;
    const wait = rolloverWindow(this.clock.now(), policy).end - this.clock.now();
    await new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(finish, wait);
      function finish(): void {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }
      const clock = this.clock;
      function onAbort(): void {
        clock.clearTimeout(timer);
        finish();
      }
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
