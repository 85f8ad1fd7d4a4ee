import { describe, expect, it } from "vitest";
import {
  CredentialError,
  createLogonSigner,
  logonSignatureInput,
  NonceSource,
} from "../../runtime/kraken/signature.js";

// Known-answer vector: /work/shared/kraken/dialect-notes.md §2.4 (recomputed independently there).
const vector = {
  msgSeqNum: 7,
  senderCompID: "CLIENT",
  targetCompID: "KRAKEN-TRD",
  apiKey: "APIKEY",
  nonce: 1724512345678,
};
const expected = "MwX+M7nvuHXxD5aGI/TFpghXxg2iblxXYyz7lRzLCPMA4UJYI3osNrUKWCiI3fDnOLkEQ5WKSK58Mp3nvu1Klw==";

describe("Kraken logon signature", () => {
  it("matches the known-answer vector", () => {
    expect(createLogonSigner("c2VjcmV0")(vector)).toBe(expected);
  });

  it("hashes the fixed field order with a trailing SOH before the nonce", () => {
    expect(logonSignatureInput(vector)).toBe(
      "35=A\x0134=7\x0149=CLIENT\x0156=KRAKEN-TRD\x01553=APIKEY\x011724512345678",
    );
  });

  it("changes when any signed field changes", () => {
    const sign = createLogonSigner("c2VjcmV0");
    const variants = [
      { ...vector, msgSeqNum: 8 },
      { ...vector, senderCompID: "CLIENT_DRV" },
      { ...vector, targetCompID: "KRAKEN-DRV-TRD" },
      { ...vector, apiKey: "APIKEY2" },
      { ...vector, nonce: vector.nonce + 1 },
    ];
    const signatures = new Set(variants.map(sign));
    expect(signatures.size).toBe(variants.length);
    expect(signatures.has(expected)).toBe(false);
    expect(createLogonSigner("c2VjcmV1")(vector)).not.toBe(expected);
  });

  it("refuses a secret that is not base64 without quoting it", () => {
    for (const bad of ["", "   ", "c2VjcmV0!", "c2VjcmV", "c2Vj cmV0", "c2VjcmV0-_"]) {
      let error: unknown;
      try {
        createLogonSigner(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CredentialError);
      expect((error as Error).message).toBe(
        "API secret is not standard base64 (as shown by Kraken when the FIX key was created)",
      );
    }
  });

  it("accepts a secret with surrounding whitespace (as pasted from a file)", () => {
    expect(createLogonSigner(" c2VjcmV0\n")(vector)).toBe(expected);
  });

  it("refuses bad signed fields with the exact reason", () => {
    const sign = createLogonSigner("c2VjcmV0");
    expect(() => sign({ ...vector, msgSeqNum: 0 })).toThrow(
      new CredentialError("MsgSeqNum must be a positive integer, got 0"),
    );
    expect(() => sign({ ...vector, msgSeqNum: 1.5 })).toThrow("MsgSeqNum must be a positive integer, got 1.5");
    expect(() => sign({ ...vector, nonce: -1 })).toThrow("nonce must be positive epoch milliseconds, got -1");
    expect(() => sign({ ...vector, senderCompID: "" })).toThrow("SenderCompID is empty");
    expect(() => sign({ ...vector, targetCompID: "A\x01B" })).toThrow("TargetCompID contains the SOH delimiter");
    expect(() => sign({ ...vector, apiKey: "" })).toThrow("API key is empty");
  });

  it("keeps the secret out of the signer's printable form", async () => {
    const { inspect } = await import("node:util");
    const sign = createLogonSigner("c2VjcmV0");
    expect(inspect(sign, { showHidden: true, depth: 5 })).not.toContain("c2VjcmV0");
    expect(JSON.stringify({ sign })).toBe("{}");
  });
});

describe("NonceSource", () => {
  it("follows the clock and stays strictly increasing when it stalls or steps back", () => {
    const times = [1000, 1000, 1000, 999, 500, 1010, 1010.7, 2000];
    let i = 0;
    const nonces = new NonceSource(() => times[i++]!);
    expect(times.map(() => nonces.next())).toEqual([1000, 1001, 1002, 1003, 1004, 1010, 1011, 2000]);
  });

  it("defaults to epoch milliseconds", () => {
    const before = Date.now();
    const nonce = new NonceSource().next();
    expect(nonce).toBeGreaterThanOrEqual(before);
    expect(nonce).toBeLessThanOrEqual(Date.now());
  });
});
