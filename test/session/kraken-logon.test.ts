import { describe, expect, it } from "vitest";
import type { DecodedObject } from "../../runtime/codec/decode.js";
import { NonceSource } from "../../runtime/kraken/signature.js";
import { krakenLogon, verifyKrakenLogon } from "../../runtime/session/index.js";
import { INVALID_CREDENTIALS, NONCE_MISSING, NONCE_NOT_INCREASING, NONCE_OUT_OF_WINDOW } from "../../runtime/kraken/index.js";
import { API_KEY, API_SECRET } from "./harness.js";

const NOW = 1_764_000_000_000;
const context = { msgSeqNum: 1, senderCompID: "CLIENT", targetCompID: "KRAKEN-TRD", resetSeqNumFlag: true };

function logon(fields: Record<string, unknown>, msgSeqNum = 1): DecodedObject {
  return { msgType: "A", header: { msgSeqNum, senderCompID: "CLIENT", targetCompID: "KRAKEN-TRD" }, encryptMethod: 0, heartBtInt: 30, ...fields };
}

describe("krakenLogon / verifyKrakenLogon", () => {
  const fields = () => krakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET, nonce: new NonceSource(() => NOW), cancelOrdersOnDisconnect: 1 })(context);
  const verify = () => verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET, now: () => NOW });

  it("adds 553, 554, 5025 and the optional Kraken fields; the verifier accepts them once", () => {
    const signed = fields();
    expect(signed).toMatchObject({ username: API_KEY, nonce: String(NOW), cancelOrdersOnDisconnect: 1 });
    const check = verify();
    expect(check(logon(signed))).toBeUndefined();
    expect(check(logon(signed))).toBe(NONCE_NOT_INCREASING);
  });

  it("refuses missing fields, an unknown key, a far nonce and a signature over other header values", () => {
    const signed = fields();
    expect(verify()(logon({ ...signed, password: undefined }))).toBe(INVALID_CREDENTIALS);
    expect(verify()(logon({ ...signed, username: "OTHER" }))).toBe(INVALID_CREDENTIALS);
    expect(verify()(logon({ ...signed, nonce: undefined }))).toBe(NONCE_MISSING);
    expect(verify()(logon({ ...signed, nonce: "17640000000x0" }))).toBe(NONCE_MISSING);
    expect(verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET, now: () => NOW + 5_001 })(logon(signed))).toBe(NONCE_OUT_OF_WINDOW);
    expect(verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET, now: () => NOW + 60_000, nonceWindowMs: 0 })(logon(signed))).toBeUndefined();
    const message = verify()(logon(signed, 2));
    expect(message).toBe(INVALID_CREDENTIALS);
    expect(message).not.toContain(String(signed["password"]));
  });
});
