/**
 * Kraken's trading-session Logon signature (tag 554 Password) and the nonce that goes with it (tag 5025).
 *
 * 554 = base64(HMAC-SHA512(key = base64decode(apiSecret), message = SHA256(input + nonce))) where
 * input = "35=A␁34=<seq>␁49=<sender>␁56=<target>␁553=<apiKey>␁" — a fixed order, not the wire order. The raw
 * 32-byte SHA-256 digest (not its hex) is the HMAC message.
 */
import { createHash, createHmac } from "node:crypto";

export interface LogonSignatureFields {
  /** MsgSeqNum (34) of the Logon being signed: with ResetSeqNumFlag=Y that is 1. */
  readonly msgSeqNum: number;
  readonly senderCompID: string;
  readonly targetCompID: string;
  /** API key, also sent as 553 Username. */
  readonly apiKey: string;
  /** Epoch milliseconds, also sent as 5025 (see NonceSource). */
  readonly nonce: number;
}

/** Signs a Logon; holds the decoded secret in a closure so that the secret is never a printable property. */
export type LogonSigner = (fields: LogonSignatureFields) => string;

export class CredentialError extends Error {
  override readonly name = "CredentialError";
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Validates and decodes the API secret once. Buffer.from(…, "base64") silently skips bad characters, which would
 * turn a pasted-wrong secret into a valid-looking but wrong signature; we refuse it instead. The error never
 * quotes the secret.
 */
export function createLogonSigner(apiSecretBase64: string): LogonSigner {
  const secret = apiSecretBase64.trim();
  if (secret.length === 0 || !BASE64.test(secret)) {
    throw new CredentialError("API secret is not standard base64 (as shown by Kraken when the FIX key was created)");
  }
  const key = Buffer.from(secret, "base64");
  return (fields) => {
    const digest = createHash("sha256").update(logonSignatureInput(fields), "utf8").digest();
    return createHmac("sha512", key).update(digest).digest("base64");
  };
}

/** The exact text that is SHA-256 hashed: the five fields, each followed by SOH, then the nonce. */
export function logonSignatureInput(fields: LogonSignatureFields): string {
  const { msgSeqNum, senderCompID, targetCompID, apiKey, nonce } = fields;
  if (!Number.isSafeInteger(msgSeqNum) || msgSeqNum < 1) {
    throw new CredentialError(`MsgSeqNum must be a positive integer, got ${msgSeqNum}`);
  }
  if (!Number.isSafeInteger(nonce) || nonce < 1) {
    throw new CredentialError(`nonce must be positive epoch milliseconds, got ${nonce}`);
  }
  checkText("SenderCompID", senderCompID);
  checkText("TargetCompID", targetCompID);
  checkText("API key", apiKey);
  return `35=A\x0134=${msgSeqNum}\x0149=${senderCompID}\x0156=${targetCompID}\x01553=${apiKey}\x01${nonce}`;
}

function checkText(name: string, value: string): void {
  if (value.length === 0) throw new CredentialError(`${name} is empty`);
  if (value.includes("\x01")) throw new CredentialError(`${name} contains the SOH delimiter`);
}

/**
 * Nonces for 5025: epoch milliseconds, strictly increasing within the process even when the clock stalls or
 * steps back (Kraken refuses a nonce that does not increase, and one more than ±5 s from its clock).
 */
export class NonceSource {
  private last = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): number {
    this.last = Math.max(this.last + 1, Math.floor(this.now()));
    return this.last;
  }
}
