/**
 * Kraken's signed trading Logon as session hooks: `krakenLogon` adds 553/554/5025 (and the optional Kraken
 * Logon fields) to every Logon an initiator sends; `verifyKrakenLogon` is the acceptor side (simulators, tests).
 */
import { timingSafeEqual } from "node:crypto";
import type { DecodedObject } from "../codec/decode.js";
import { createLogonSigner, NonceSource } from "../kraken/signature.js";
import type { LogonContext } from "./session-types.js";

export interface KrakenLogonOptions {
  readonly apiKey: string;
  /** The base64 API secret Kraken showed when the FIX key was created. Held only inside the signer. */
  readonly apiSecret: string;
  /** CancelOrdersOnDisconnect (8674). */
  readonly cancelOrdersOnDisconnect?: number;
  /** ClientID (109): links a trading session to its market-data session. */
  readonly clientID?: string;
  readonly nonce?: NonceSource;
}

export function krakenLogon(options: KrakenLogonOptions): (context: LogonContext) => Record<string, unknown> {
  const sign = createLogonSigner(options.apiSecret);
  const nonces = options.nonce ?? new NonceSource();
  return (context) => {
    const nonce = nonces.next();
    const password = sign({
      msgSeqNum: context.msgSeqNum,
      senderCompID: context.senderCompID,
      targetCompID: context.targetCompID,
      apiKey: options.apiKey,
      nonce,
    });
    return {
      username: options.apiKey,
      password,
      nonce: String(nonce),
      ...(options.cancelOrdersOnDisconnect === undefined ? {} : { cancelOrdersOnDisconnect: options.cancelOrdersOnDisconnect }),
      ...(options.clientID === undefined ? {} : { clientID: options.clientID }),
    };
  };
}

export interface VerifyKrakenLogonOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Largest |nonce − now| accepted, as Kraken does (5 s). Default 5000; 0 turns it off. */
  readonly maxNonceSkewMs?: number;
  readonly now?: () => number;
}

/** Acceptor hook: a reason to refuse the Logon, or undefined. Reasons never quote the signature or the secret. */
export function verifyKrakenLogon(options: VerifyKrakenLogonOptions): (logon: DecodedObject) => string | undefined {
  const sign = createLogonSigner(options.apiSecret);
  const now = options.now ?? Date.now;
  const maxSkew = options.maxNonceSkewMs ?? 5000;
  let lastNonce = 0;
  return (logon) => {
    const { username, password, nonce } = logon;
    if (typeof username !== "string" || typeof password !== "string" || typeof nonce !== "string") {
      return "Logon needs Username (553), Password (554) and Nonce (5025)";
    }
    if (username !== options.apiKey) return "unknown API key";
    const nonceMs = Number(nonce);
    if (!Number.isSafeInteger(nonceMs) || nonceMs <= lastNonce) return "Nonce (5025) must increase";
    if (maxSkew > 0 && Math.abs(nonceMs - now()) > maxSkew) return "Nonce (5025) is too far from the server clock";
    const header = logon.header;
    const expected = sign({
      msgSeqNum: Number(header["msgSeqNum"]),
      senderCompID: String(header["senderCompID"]),
      targetCompID: String(header["targetCompID"]),
      apiKey: username,
      nonce: nonceMs,
    });
    const a = Buffer.from(expected);
    const b = Buffer.from(password);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return "invalid signature (554)";
    lastNonce = nonceMs;
    return undefined;
  };
}
