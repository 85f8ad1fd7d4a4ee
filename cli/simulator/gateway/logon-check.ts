/**
 * Verifies a decoded Logon (35=A) the way Kraken does. Market-data sessions authenticate by CompID alone; trading
 * sessions go through the runtime's KrakenLogonVerifier (API key, nonce window and order per key, signature), and
 * the key names the engine account it trades for. ResetSeqNumFlag (141) and heartbeats are the session layer's
 * business, not this module's. Refusal texts never quote the password, the secret or the expected signature.
 */
import type { Header, Logon } from "../../../generated/kraken-fix44/index.js";
import type { Received } from "../../../runtime/codec/types.js";
import { KrakenLogonVerifier } from "../../../runtime/kraken/logon-verifier.js";
import type { Clock } from "../engine/clock.js";
import { systemClock } from "../engine/clock.js";

export {
  INVALID_CREDENTIALS,
  NONCE_MISSING,
  NONCE_NOT_INCREASING,
  NONCE_OUT_OF_WINDOW,
} from "../../../runtime/kraken/logon-verifier.js";

/** One API key the simulated venue knows. */
export interface ApiKeyAccount {
  readonly apiKey: string;
  /** Standard base64, as Kraken shows it when the key is created. */
  readonly apiSecret: string;
  /** The engine account the key trades for. */
  readonly account: string;
}

export interface LogonCheckOptions {
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Largest distance between 5025 and the clock; Kraken's is ±5 s. */
  readonly nonceWindowMs?: number;
}

export type LogonCheck =
  | { readonly ok: true; readonly kind: "market-data" }
  | {
      readonly ok: true;
      readonly kind: "trading";
      readonly account: string;
      readonly apiKey: string;
    }
  | { readonly ok: false; readonly text: string };

export class LogonVerifier {
  readonly #verifier: KrakenLogonVerifier;
  readonly #accounts = new Map<string, string>();

  /** Throws CredentialError for a secret that is not base64 and RangeError for an API key listed twice. */
  constructor(keys: readonly ApiKeyAccount[], options: LogonCheckOptions = {}) {
    for (const key of keys) {
      if (this.#accounts.has(key.apiKey)) throw new RangeError(`API key listed twice for account ${key.account}`);
      this.#accounts.set(key.apiKey, key.account);
    }
    const clock = options.clock ?? systemClock;
    this.#verifier = new KrakenLogonVerifier(keys, {
      now: () => clock.now(),
      ...(options.nonceWindowMs === undefined ? {} : { nonceWindowMs: options.nonceWindowMs }),
    });
  }

  check(logon: Received<Logon, Header>, kind: "trading" | "market-data"): LogonCheck {
    if (kind === "market-data") return { ok: true, kind };
    const verdict = this.#verifier.verify(logon);
    if (!verdict.ok) return verdict;
    return { ok: true, kind, account: this.#accounts.get(verdict.apiKey)!, apiKey: verdict.apiKey };
  }
}
