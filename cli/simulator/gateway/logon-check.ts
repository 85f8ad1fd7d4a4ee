/**
 * Verifies a decoded Logon (35=A) the way Kraken does. Market-data sessions authenticate by CompID alone; trading
 * sessions must carry a known API key (553), a nonce (5025) close to the venue's clock and higher than any nonce
 * that key used before, and the signature (554) made with the key's secret over the Logon's own 34/49/56/553 and
 * that nonce. ResetSeqNumFlag (141) and heartbeats are the session layer's business, not this module's.
 *
 * Refusals carry the Logout (35=5) text to send. They never quote the password, the secret or the expected
 * signature, so they are safe to log.
 */
import { timingSafeEqual } from "node:crypto";
import type { Header, Logon } from "../../../generated/kraken-fix44/index.js";
import type { Received } from "../../../runtime/codec/types.js";
import { createLogonSigner, type LogonSigner } from "../../../runtime/kraken/signature.js";
import type { Clock } from "../engine/clock.js";
import { systemClock } from "../engine/clock.js";

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

/** Kraken's documented Logout text for a refused Logon. */
export const INVALID_CREDENTIALS = "Logon failed: invalid credentials";
/** Kraken documents no text for nonce failures; these say which rule failed without giving the clock away. */
export const NONCE_OUT_OF_WINDOW = "Logon failed: nonce is not within 5 seconds of server time";
export const NONCE_NOT_INCREASING = "Logon failed: nonce must be greater than the previous one";
export const NONCE_MISSING = "Logon failed: invalid nonce";

const DEFAULT_NONCE_WINDOW_MS = 5_000;

interface KnownKey {
  readonly account: string;
  readonly sign: LogonSigner;
  /** Highest nonce of an accepted Logon; 0 before the first. */
  lastNonce: number;
}

export class LogonVerifier {
  readonly #keys = new Map<string, KnownKey>();
  readonly #clock: Clock;
  readonly #windowMs: number;

  /** Throws CredentialError for a secret that is not base64 and RangeError for an API key listed twice. */
  constructor(keys: readonly ApiKeyAccount[], options: LogonCheckOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#windowMs = options.nonceWindowMs ?? DEFAULT_NONCE_WINDOW_MS;
    for (const key of keys) {
      if (this.#keys.has(key.apiKey)) throw new RangeError(`API key listed twice for account ${key.account}`);
      this.#keys.set(key.apiKey, {
        account: key.account,
        sign: createLogonSigner(key.apiSecret),
        lastNonce: 0,
      });
    }
  }

  /**
   * Market-data sessions need nothing more than a decoded Logon. For trading sessions the nonce is remembered
   * only when the whole Logon verifies, so a forged Logon cannot burn a nonce the key's owner is about to use.
   */
  check(logon: Received<Logon, Header>, kind: "trading" | "market-data"): LogonCheck {
    if (kind === "market-data") return { ok: true, kind };
    const apiKey = logon.username;
    const key = apiKey === undefined ? undefined : this.#keys.get(apiKey);
    if (apiKey === undefined || key === undefined || logon.password === undefined) {
      return { ok: false, text: INVALID_CREDENTIALS };
    }
    const nonce = parseNonce(logon.nonce);
    if (nonce === undefined) return { ok: false, text: NONCE_MISSING };
    if (Math.abs(nonce - this.#clock.now()) > this.#windowMs) return { ok: false, text: NONCE_OUT_OF_WINDOW };
    if (nonce <= key.lastNonce) return { ok: false, text: NONCE_NOT_INCREASING };

    const { msgSeqNum, senderCompID, targetCompID } = logon.header;
    const expected = key.sign({
      msgSeqNum,
      senderCompID,
      targetCompID,
      apiKey,
      nonce,
    });
    if (!sameText(expected, logon.password)) return { ok: false, text: INVALID_CREDENTIALS };
    key.lastNonce = nonce;
    return { ok: true, kind, account: key.account, apiKey };
  }
}

/** 5025 is epoch milliseconds as decimal digits; anything else is not a nonce. */
function parseNonce(text: string | undefined): number | undefined {
  if (text === undefined || text.length === 0 || text.length > 16) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Constant-time comparison, so response timing does not reveal how much of a guessed signature was right. */
function sameText(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(actual, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
