import { describe, expect, it } from "vitest";
import type { DecodedObject } from "../../runtime/codec/decode.js";
import { NonceSource } from "../../runtime/kraken/signature.js";
import { krakenLogon, verifyKrakenLogon } from "../../runtime/session/index.js";
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
    expect(check(logon(signed))).toBe("Nonce (5025) must increase");
  });

  it("refuses missing fields, an unknown key, a far nonce and a signature over other header values", () => {
    const signed = fields();
    expect(verify()(logon({ ...signed, password: undefined }))).toBe("Logon needs Username (553), Password (554) and Nonce (5025)");
    expect(verify()(logon({ ...signed, username: "OTHER" }))).toBe("unknown API key");
    expect(verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET, now: () => NOW + 5_001 })(logon(signed))).toBe(
      "Nonce (5025) is too far from the server clock",
    );
    const message = verify()(logon(signed, 2));
    expect(message).toBe("invalid signature (554)");
    expect(message).not.toContain(String(signed["password"]));
  });
});
