import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../cli/simulator/engine/clock.js";
import {
  INVALID_CREDENTIALS,
  LogonVerifier,
  NONCE_MISSING,
  NONCE_NOT_INCREASING,
  NONCE_OUT_OF_WINDOW,
} from "../../../cli/simulator/gateway/logon-check.js";
import type { Logon } from "../../../generated/kraken-fix44/index.js";
import { createLogonSigner } from "../../../runtime/kraken/signature.js";
import { header, inbound } from "./wire.js";

const NOW = 1_700_000_000_000;
const SECRET = Buffer.from("simulator secret for alice, 64 bytes would be more realistic").toString("base64");
const OTHER_SECRET = Buffer.from("somebody else's secret").toString("base64");
const sign = createLogonSigner(SECRET);

function setup() {
  const clock = new ManualClock(NOW);
  const verifier = new LogonVerifier([{ apiKey: "alice-key", apiSecret: SECRET, account: "alice" }], { clock });
  return { clock, verifier };
}

/** A trading Logon signed the way a Kraken client signs it; `overrides` tamper with the result. */
function signedLogon(nonce: number, overrides: Partial<Logon> = {}, msgSeqNum = 1) {
  const head = header({
    msgSeqNum,
    senderCompID: "ALICE",
    targetCompID: "KRAKEN-TRD",
  });
  const password = sign({
    msgSeqNum,
    senderCompID: "ALICE",
    targetCompID: "KRAKEN-TRD",
    apiKey: "alice-key",
    nonce,
  });
  const logon: Logon = {
    msgType: "A",
    encryptMethod: 0,
    heartBtInt: 30,
    resetSeqNumFlag: true,
    username: "alice-key",
    password,
    nonce: String(nonce),
    ...overrides,
  };
  return inbound(logon, head);
}

describe("LogonVerifier", () => {
  it("accepts a correctly signed trading Logon and names the account", () => {
    expect(setup().verifier.check(signedLogon(NOW), "trading")).toEqual({
      ok: true,
      kind: "trading",
      account: "alice",
      apiKey: "alice-key",
    });
  });

  it("accepts a market-data Logon without any credentials", () => {
    const logon = inbound<Logon>({
      msgType: "A",
      encryptMethod: 0,
      heartBtInt: 30,
    });
    expect(setup().verifier.check(logon, "market-data")).toEqual({
      ok: true,
      kind: "market-data",
    });
    expect(setup().verifier.check(logon, "trading")).toEqual({
      ok: false,
      text: INVALID_CREDENTIALS,
    });
  });

  it("refuses an unknown API key", () => {
    expect(setup().verifier.check(signedLogon(NOW, { username: "mallory-key" }), "trading")).toEqual({
      ok: false,
      text: INVALID_CREDENTIALS,
    });
  });

  it("refuses a signature made with another secret, and does not quote either signature", () => {
    const forged = createLogonSigner(OTHER_SECRET)({
      msgSeqNum: 1,
      senderCompID: "ALICE",
      targetCompID: "KRAKEN-TRD",
      apiKey: "alice-key",
      nonce: NOW,
    });
    const result = setup().verifier.check(signedLogon(NOW, { password: forged }), "trading");
    expect(result).toEqual({ ok: false, text: INVALID_CREDENTIALS });
  });

  it("refuses a signature over other header fields (signed for seq 1, sent as seq 2)", () => {
    const good = signedLogon(NOW);
    const replayed = signedLogon(NOW, { password: good.password ?? "" }, 2);
    expect(setup().verifier.check(replayed, "trading")).toEqual({
      ok: false,
      text: INVALID_CREDENTIALS,
    });
  });

  it("refuses a nonce more than 5 s from the clock, either way, and accepts one at exactly 5 s", () => {
    const { verifier } = setup();
    expect(verifier.check(signedLogon(NOW - 5_001), "trading")).toEqual({
      ok: false,
      text: NONCE_OUT_OF_WINDOW,
    });
    expect(verifier.check(signedLogon(NOW + 5_001), "trading")).toEqual({
      ok: false,
      text: NONCE_OUT_OF_WINDOW,
    });
    expect(verifier.check(signedLogon(NOW + 5_000), "trading").ok).toBe(true);
  });

  it("refuses a nonce that does not increase per key, but a forged Logon does not burn the nonce", () => {
    const { verifier, clock } = setup();
    expect(verifier.check(signedLogon(NOW, { password: "AAAA" }), "trading")).toEqual({
      ok: false,
      text: INVALID_CREDENTIALS,
    });
    expect(verifier.check(signedLogon(NOW), "trading").ok).toBe(true);
    expect(verifier.check(signedLogon(NOW), "trading")).toEqual({
      ok: false,
      text: NONCE_NOT_INCREASING,
    });
    expect(verifier.check(signedLogon(NOW - 1), "trading")).toEqual({
      ok: false,
      text: NONCE_NOT_INCREASING,
    });
    clock.advance(1);
    expect(verifier.check(signedLogon(NOW + 1), "trading").ok).toBe(true);
  });

  it("refuses a missing or non-numeric nonce", () => {
    const { verifier } = setup();
    const withoutNonce = signedLogon(NOW);
    delete withoutNonce.nonce;
    expect(verifier.check(withoutNonce, "trading")).toEqual({
      ok: false,
      text: NONCE_MISSING,
    });
    expect(verifier.check(signedLogon(NOW, { nonce: "1.7e12" }), "trading")).toEqual({
      ok: false,
      text: NONCE_MISSING,
    });
  });

  it("refuses a Logon without a password", () => {
    const noPassword = signedLogon(NOW);
    delete noPassword.password;
    expect(setup().verifier.check(noPassword, "trading")).toEqual({
      ok: false,
      text: INVALID_CREDENTIALS,
    });
  });

  it("rejects a configuration that lists an API key twice or has a secret that is not base64", () => {
    const key = { apiKey: "k", apiSecret: SECRET, account: "a" };
    expect(() => new LogonVerifier([key, key])).toThrow("API key listed twice for account a");
    expect(() => new LogonVerifier([{ ...key, apiSecret: "not base64!" }])).toThrow(/not standard base64/);
  });
});
