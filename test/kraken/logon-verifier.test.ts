/** KrakenLogonVerifier with several keys: nonces per key, and a forged Logon burns no nonce. */
import { describe, expect, it } from "vitest";
import { createLogonSigner, CredentialError, INVALID_CREDENTIALS, KrakenLogonVerifier, NONCE_NOT_INCREASING } from "../../runtime/kraken/index.js";

const NOW = 1_764_000_000_000;
const KEYS = [
  { apiKey: "KEY-A", apiSecret: "c2VjcmV0LWE=" },
  { apiKey: "KEY-B", apiSecret: "c2VjcmV0LWI=" },
];

function signedLogon(apiKey: string, apiSecret: string, nonce: number, msgSeqNum = 1) {
  const header = { msgSeqNum, senderCompID: "CLIENT", targetCompID: "KRAKEN-TRD" };
  const password = createLogonSigner(apiSecret)({ ...header, apiKey, nonce });
  return { header, username: apiKey, password, nonce: String(nonce) };
}

describe("KrakenLogonVerifier", () => {
  it("keeps one nonce history per API key", () => {
    const verifier = new KrakenLogonVerifier(KEYS, { now: () => NOW });
    expect(verifier.verify(signedLogon("KEY-A", KEYS[0]!.apiSecret, NOW))).toEqual({ ok: true, apiKey: "KEY-A" });
    // Key B's first Logon may use a nonce below A's last one.
    expect(verifier.verify(signedLogon("KEY-B", KEYS[1]!.apiSecret, NOW - 10))).toEqual({ ok: true, apiKey: "KEY-B" });
    expect(verifier.verify(signedLogon("KEY-A", KEYS[0]!.apiSecret, NOW))).toEqual({ ok: false, text: NONCE_NOT_INCREASING });
  });

  it("does not remember the nonce of a Logon whose signature is wrong", () => {
    const verifier = new KrakenLogonVerifier(KEYS, { now: () => NOW });
    const forged = signedLogon("KEY-A", KEYS[1]!.apiSecret, NOW + 5);
    expect(verifier.verify(forged)).toEqual({ ok: false, text: INVALID_CREDENTIALS });
    expect(verifier.verify(signedLogon("KEY-A", KEYS[0]!.apiSecret, NOW + 5))).toEqual({ ok: true, apiKey: "KEY-A" });
  });

  it("refuses a key listed twice and a secret that is not base64, without quoting it", () => {
    expect(() => new KrakenLogonVerifier([KEYS[0]!, KEYS[0]!])).toThrow(new RangeError("API key listed twice"));
    const bad = () => new KrakenLogonVerifier([{ apiKey: "K", apiSecret: "not base64!" }]);
    expect(bad).toThrow(CredentialError);
    expect(bad).not.toThrow(/not base64!/);
  });
});
