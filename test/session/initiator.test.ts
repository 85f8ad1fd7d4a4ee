/** The Initiator: connect, reconnect with persisted sequence numbers, rollover reset, TLS, redacted logs. */
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../../runtime/store/file-store.js";
import { MemoryStore } from "../../runtime/store/memory-store.js";
import { KRAKEN_ROLLOVER } from "../../runtime/kraken/rollover.js";
import { FileSessionLog } from "../../runtime/log/session-log.js";
import { Initiator, krakenLogon, verifyKrakenLogon } from "../../runtime/session/index.js";
import type { DecodedObject } from "../../runtime/codec/decode.js";
import { createTestPki } from "../transport/certificates.js";
import { API_KEY, API_SECRET, CLIENT, createSession, GATEWAY, kraken, ManualClock, order, Resources, startAcceptor, waitFor } from "./harness.js";
import type { KrakenCodecs, SessionOverrides } from "./harness.js";
import type { FixSession } from "../../runtime/session/index.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kfx-session-"));
  resources.add(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const FAST_BACKOFF = { initialMs: 10, maxMs: 50, multiplier: 2 };

function startInitiator(session: FixSession<KrakenCodecs>, port: number, extra: Partial<ConstructorParameters<typeof Initiator<KrakenCodecs>>[0]> = {}): Initiator<KrakenCodecs> {
  const initiator = new Initiator<KrakenCodecs>({
    session,
    connector: { endpoints: [{ host: "127.0.0.1", port }], tls: false, backoff: FAST_BACKOFF, random: () => 0 },
    rollover: false,
    ...extra,
  });
  resources.add(() => initiator.stop());
  return initiator;
}

describe("Initiator", () => {
  it("reconnects after a disconnect and resumes with the persisted sequence numbers (FileStore)", async () => {
    const dir = tempDir();
    const acceptorStore = await FileStore.open(join(dir, "acceptor.store"));
    let initiatorStore = await FileStore.open(join(dir, "initiator.store"));
    resources.add(() => acceptorStore.close());
    const acceptor = createSession("acceptor", { store: acceptorStore });
    const port = await startAcceptor(resources, [acceptor]);
    const received: string[] = [];
    acceptor.on("NewOrderSingle", (m) => received.push(`${m.clOrdID}@${m.header.msgSeqNum}`));

    const session = createSession("initiator", { store: initiatorStore });
    const reconnects: number[] = [];
    const reconciled: number[] = [];
    session.on("reconnect", (r) => reconnects.push(r.attempt));
    const initiator = startInitiator(session, port, { reconcile: (s) => void reconciled.push(s.store.nextSenderSeqNum) });
    await initiator.start();
    await session.send(kraken.NewOrderSingle, order({ clOrdID: "1" }));
    await waitFor(() => received.length === 1, "first order");

    acceptor.disconnect("network blip");
    await waitFor(() => reconnects.length === 1 && session.loggedOn && acceptor.loggedOn, "reconnected and logged on");
    await session.send(kraken.NewOrderSingle, order({ clOrdID: "2" }));
    await waitFor(() => received.length === 2, "second order");
    expect(received).toEqual(["1@2", "2@4"]);
    expect(reconciled).toHaveLength(1);

    // A new process: the same files, new sessions.
    await initiator.stop();
    await initiatorStore.close();
    initiatorStore = await FileStore.open(join(dir, "initiator.store"));
    resources.add(() => initiatorStore.close());
    expect([initiatorStore.nextSenderSeqNum, initiatorStore.nextTargetSeqNum]).toEqual([6, 4]);
    const restarted = createSession("initiator", { store: initiatorStore });
    const again = startInitiator(restarted, port);
    await again.start();
    await restarted.send(kraken.NewOrderSingle, order({ clOrdID: "3" }));
    await waitFor(() => received.length === 3, "third order");
    expect(received[2]).toBe("3@7");
    expect(acceptorStore.nextTargetSeqNum).toBe(8);
  });

  it("after a rollover resets the store, logs on with 141=Y and emits rollover", async () => {
    const acceptor = createSession("acceptor");
    const port = await startAcceptor(resources, [acceptor]);
    const session = createSession("initiator");
    await session.store.setNextSenderSeqNum(40);
    // Two days after the store was created, at noon UTC: a rollover lies in between, and none is near.
    const noon = Math.floor(session.store.creationTime / 86_400_000) * 86_400_000 + 2 * 86_400_000 + 12 * 3_600_000;
    const rollovers: number[] = [];
    session.on("rollover", (r) => rollovers.push(r.at));
    const logons: boolean[] = [];
    acceptor.on("logon", (l) => logons.push(l.resetSeqNum));
    const initiator = startInitiator(session, port, { rollover: undefined, clock: new ManualClock(noon) });
    await initiator.start();
    expect(logons).toEqual([true]);
    expect(rollovers).toEqual([noon]);
    expect(session.store.nextSenderSeqNum).toBe(2);
  });

  it("logs out before the 22:00 UTC rollover, waits out the window, then logs on with 141=Y", async () => {
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const clock = new ManualClock(day + 22 * 3_600_000 - 60_000); // 21:59:00 UTC
    const acceptor = createSession("acceptor");
    const port = await startAcceptor(resources, [acceptor]);
    const session = createSession("initiator", { store: new MemoryStore(() => clock.now()) });
    const events: string[] = [];
    session.on("rollover", () => events.push("rollover"));
    session.on("reconnect", () => events.push("reconnect"));
    acceptor.on("logon", (l) => events.push(`logon reset=${l.resetSeqNum}`));
    const reconciled: number[] = [];
    const initiator = startInitiator(session, port, { rollover: KRAKEN_ROLLOVER, clock, reconcile: () => void reconciled.push(1) });
    await initiator.start();
    await session.send(kraken.NewOrderSingle, order());
    clock.advance(54_999);
    expect(session.loggedOn).toBe(true);
    clock.advance(1); // 21:59:55: the window opens (5 s margin)
    await waitFor(() => events.includes("reconnect"), "logged out for the rollover");
    expect(acceptor.loggedOn).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.state).toBe("disconnected"); // still waiting for the window to end
    clock.advance(40_000); // 22:00:35: the window is over
    await waitFor(() => session.loggedOn, "logged on again");
    expect(events).toEqual(["logon reset=false", "reconnect", "logon reset=true", "rollover"]);
    expect(session.store.nextSenderSeqNum).toBe(2);
    expect(reconciled).toEqual([1]);
  });

  it("logs on over TLS 1.3 with a verified certificate and writes redacted logs", async () => {
    const pki = createTestPki();
    resources.add(() => pki.remove());
    let password = "";
    const verify = verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET });
    const acceptor = createSession("acceptor", {
      verifyLogon: (logon: DecodedObject) => {
        password = String(logon["password"]);
        return verify(logon);
      },
    });
    const port = await startAcceptor(resources, [acceptor], { key: pki.serverKey, cert: pki.serverCert });
    const dir = tempDir();
    const log = await FileSessionLog.open({ directory: dir, session: { beginString: "FIX.4.4", senderCompID: CLIENT, targetCompID: GATEWAY }, secrets: [API_SECRET + "AAAA"] });
    resources.add(() => log.close());
    const overrides: SessionOverrides = { log, logonFields: krakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET }) };
    const session = createSession("initiator", overrides);
    const initiator = new Initiator<KrakenCodecs>({
      session,
      connector: { endpoints: [{ host: "127.0.0.1", port }], tls: { ca: pki.caCert }, backoff: FAST_BACKOFF },
      rollover: false,
    });
    resources.add(() => initiator.stop());
    await initiator.start();
    expect(acceptor.loggedOn).toBe(true);
    await log.flush();
    const text = readFileSync(log.messagesPath, "latin1");
    expect(text).toContain("35=A\x01");
    expect(password.length).toBeGreaterThan(20);
    expect(text).not.toContain(password);
    expect(readFileSync(log.eventsPath, "utf8")).toContain("logged on");
  });

  it("rejects start() with the peer's reason when a refused Logon is not retried (reconnect: false)", async () => {
    const acceptor = createSession("acceptor", { verifyLogon: verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET }) });
    const port = await startAcceptor(resources, [acceptor]);
    const wrongSecret = Buffer.from("not the secret").toString("base64");
    const session = createSession("initiator", { logonFields: krakenLogon({ apiKey: API_KEY, apiSecret: wrongSecret }) });
    const initiator = startInitiator(session, port, { reconnect: false });
    const error = await initiator.start().then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toBe("the session ended before logging on: peer logged out: Logon failed: invalid credentials");
    expect(session.loggedOn).toBe(false);
  });

  it("refuses a TLS server whose certificate does not verify, and keeps retrying until stopped", async () => {
    const pki = createTestPki();
    resources.add(() => pki.remove());
    const acceptor = createSession("acceptor");
    const port = await startAcceptor(resources, [acceptor], { key: pki.serverKey, cert: pki.serverCert });
    const failures: string[] = [];
    const session = createSession("initiator");
    const initiator = new Initiator<KrakenCodecs>({
      session,
      connector: {
        endpoints: [{ host: "127.0.0.1", port }],
        backoff: FAST_BACKOFF,
        maxAttempts: 2,
        onAttemptFailed: (f) => failures.push(f.error.code),
      },
      rollover: false,
    });
    await expect(initiator.start()).rejects.toThrow(/no connection after 2 attempts/);
    expect(failures).toEqual(["TlsFailed", "TlsFailed"]);
    expect(acceptor.loggedOn).toBe(false);
  });
});
