/**
 * The venue side of Kraken's signed Logon: a known API key (553), a nonce (5025) within the venue's window of its
 * clock and above every nonce that key used before, and the signature (554) made with the key's secret over the
 * Logon's own 34/49/56/553 and that nonce. Used by the session's `verifyKrakenLogon` hook and the simulator.
 *
 * Refusal texts are the Logout (58) texts to send. They never quote the password, the secret or the expected
 * signature, so they are safe to log.
 */
import { timingSafeEqual } from "node:crypto";
import { createLogonSigner } from "./signature.js";
import type { LogonSigner } from "./signature.js";

/** Kraken's documented Logout text for a refused Logon. */
export const INVALID_CREDENTIALS = "Logon failed: invalid credentials";
/** Kraken documents no text for nonce failures; these say which rule failed without giving the clock away. */
export const NONCE_OUT_OF_WINDOW = "Logon failed: nonce is not within 5 seconds of server time";
export const NONCE_NOT_INCREASING = "Logon failed: nonce must be greater than the previous one";
export const NONCE_MISSING = "Logon failed: invalid nonce";

export interface LogonKey {
  readonly apiKey: string;
  /** Standard base64, as Kraken shows it when the key is created. */
  readonly apiSecret: string;
}

export interface LogonVerifierOptions {
  /** Epoch milliseconds. Default Date.now. */
  readonly now?: () => number;
  /** Largest |nonce − now| accepted; Kraken's is 5 s. Default 5000; 0 turns the check off. */
  readonly nonceWindowMs?: number;
}

/** The fields of a decoded Logon the check reads (a generated `Logon` or the session's decoded object). */
export interface SignedLogon {
  readonly username?: unknown;
  readonly password?: unknown;
  readonly nonce?: unknown;
  readonly header: { readonly msgSeqNum?: unknown; readonly senderCompID?: unknown; readonly targetCompID?: unknown };
}

export type LogonVerdict = { readonly ok: true; readonly apiKey: string } | { readonly ok: false; readonly text: string };

interface KnownKey {
  readonly sign: LogonSigner;
  /** Highest nonce of an accepted Logon; 0 before the first. */
  lastNonce: number;
}

export class KrakenLogonVerifier {
  readonly #keys = new Map<string, KnownKey>();
  readonly #now: () => number;
  readonly #windowMs: number;

  /** Throws CredentialError for a secret that is not base64, RangeError for an API key listed twice. */
  constructor(keys: readonly LogonKey[], options: LogonVerifierOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.nonceWindowMs ?? 5_000;
    for (const key of keys) {
      if (this.#keys.has(key.apiKey)) throw new RangeError("API key listed twice");
      this.#keys.set(key.apiKey, { sign: createLogonSigner(key.apiSecret), lastNonce: 0 });
    }
  }

  /** The nonce is remembered only when the whole Logon verifies: a forged Logon cannot burn the owner's next nonce. */
  verify(logon: SignedLogon): LogonVerdict {
    const { username: apiKey, password } = logon;
    const key = typeof apiKey === "string" ? this.#keys.get(apiKey) : undefined;
    if (typeof apiKey !== "string" || key === undefined || typeof password !== "string") return refuse(INVALID_CREDENTIALS);
    const nonce = parseNonce(logon.nonce);
    if (nonce === undefined) return refuse(NONCE_MISSING);
    if (this.#windowMs > 0 && Math.abs(nonce - this.#now()) > this.#windowMs) return refuse(NONCE_OUT_OF_WINDOW);
    if (nonce <= key.lastNonce) return refuse(NONCE_NOT_INCREASING);
    const { msgSeqNum, senderCompID, targetCompID } = logon.header;
    const expected = key.sign({ msgSeqNum: Number(msgSeqNum), senderCompID: String(senderCompID), targetCompID: String(targetCompID), apiKey, nonce });
    if (!sameText(expected, password)) return refuse(INVALID_CREDENTIALS);
    key.lastNonce = nonce;
    return { ok: true, apiKey };
  }
}

function refuse(text: string): LogonVerdict {
  return { ok: false, text };
}

/** 5025 is epoch milliseconds as decimal digits; anything else is not a nonce. */
function parseNonce(value: unknown): number | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 16) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const nonce = Number(value);
  return Number.isSafeInteger(nonce) && nonce > 0 ? nonce : undefined;
}

/** Constant-time comparison, so response timing does not reveal how much of a guessed signature was right. */
function sameText(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(actual, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
