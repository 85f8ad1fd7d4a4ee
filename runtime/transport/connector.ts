/**
 * Reconnection across several endpoints. Attempt k goes to endpoints[k mod n] (round-robin failover); after each
 * full round that has not produced a lasting session, the next round waits backoffDelay(round). A successful
 * connect does not reset the count — only resetBackoff() does, which the session calls once it is healthy
 * (logged on and stable), so a gateway that accepts TCP but drops the Logon still gets backed off from.
 */
import { setTimeout as sleepFor } from "node:timers/promises";
import { backoffDelay, checkBackoffPolicy, DEFAULT_BACKOFF } from "./backoff.js";
import type { BackoffPolicy } from "./backoff.js";
import { connect } from "./connect.js";
import type { Connection, ConnectOptions, Endpoint } from "./connect.js";
import { TransportError } from "./errors.js";

export interface AttemptFailure {
  readonly endpoint: Endpoint;
  /** 0-based attempt number since the last resetBackoff(). */
  readonly attempt: number;
  readonly error: TransportError;
}

export interface ConnectorOptions extends Omit<ConnectOptions, "endpoint" | "signal"> {
  readonly endpoints: readonly Endpoint[];
  readonly backoff?: BackoffPolicy;
  /** Give up after this many attempts in one connect() call. Default: never. */
  readonly maxAttempts?: number;
  /** Injectable for tests: [0, 1) random source and the sleep between rounds. */
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called after each failed attempt (for logging). */
  readonly onAttemptFailed?: (failure: AttemptFailure) => void;
}

export class Connector {
  private attemptCount = 0;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: ConnectorOptions) {
    if (options.endpoints.length === 0) throw new RangeError("Connector needs at least one endpoint");
    this.backoff = checkBackoffPolicy(options.backoff ?? DEFAULT_BACKOFF);
  }

  /** Attempts since the last resetBackoff(). */
  get attempts(): number {
    return this.attemptCount;
  }

  /** Call once a session on the last connection has proven healthy: the next connect() starts afresh. */
  resetBackoff(): void {
    this.attemptCount = 0;
  }

  async connect(signal?: AbortSignal): Promise<Connection> {
    const { endpoints, maxAttempts = Infinity } = this.options;
    const sleep = this.options.sleep ?? ((ms: number, s?: AbortSignal) => sleepFor(ms, undefined, { signal: s }));
    let last: TransportError | undefined;
    for (let tries = 0; tries < maxAttempts; tries++) {
      const attempt = this.attemptCount;
      const endpoint = endpoints[attempt % endpoints.length]!;
      if (attempt > 0 && attempt % endpoints.length === 0) {
        const delay = backoffDelay(attempt / endpoints.length - 1, this.backoff, this.options.random);
        try {
          await sleep(delay, signal);
        } catch (error) {
          throw new TransportError("Aborted", `reconnect to ${endpoint.host}:${endpoint.port} aborted`, {
            cause: error,
          });
        }
      }
      this.attemptCount++;
      try {
        return await connect({ ...this.options, endpoint, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (!(error instanceof TransportError) || error.code === "Aborted") throw error;
        last = error;
        this.options.onAttemptFailed?.({ endpoint, attempt, error });
      }
    }
    throw new TransportError(
      "AttemptsExhausted",
      `no connection after ${maxAttempts} attempts; last: ${last?.message}`,
      { cause: last },
    );
  }
}
