/**
 * Kraken's signed trading Logon as session hooks: `krakenLogon` adds 553/554/5025 (and the optional Kraken
 * Logon fields) to every Logon an initiator sends; `verifyKrakenLogon` is the acceptor side (simulators, tests).
 */
import type { DecodedObject } from "../codec/decode.js";
import { KrakenLogonVerifier } from "../kraken/logon-verifier.js";
import type { LogonVerifierOptions } from "../kraken/logon-verifier.js";
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

export interface VerifyKrakenLogonOptions extends LogonVerifierOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * Acceptor hook over KrakenLogonVerifier for one API key: the Logout text to refuse the Logon with, or undefined.
 * Texts never quote the signature or the secret.
 */
export function verifyKrakenLogon(options: VerifyKrakenLogonOptions): (logon: DecodedObject) => string | undefined {
  const verifier = new KrakenLogonVerifier([options], options);
  return (logon) => {
    const verdict = verifier.verify(logon);
    return verdict.ok ? undefined : verdict.text;
  };
}
