/** The Acceptor: routing by CompIDs, refusals, several sessions on one port, the first-message rules. */
import { afterEach, describe, expect, it } from "vitest";
import { Acceptor } from "../../runtime/session/index.js";
import { formatUtcTimestamp } from "../../runtime/codec/utc-timestamp.js";
import { createSession, kraken, order, rawMessage, RawPeer, Resources, startAcceptor, waitFor } from "./harness.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

async function acceptorWithRefusals(firstMessageTimeoutMs = 10_000) {
  const refused: string[] = [];
  const trading = createSession("acceptor");
  const acceptor = new Acceptor({ protocol: kraken.protocol, sessions: [trading], firstMessageTimeoutMs, onRefused: (r) => refused.push(r) });
  const port = await acceptor.listen(0);
  resources.add(async () => {
    trading.disconnect("test over");
    await acceptor.close();
  });
  return { trading, port, refused };
}

describe("Acceptor", () => {
  it("serves several sessions on one port, each with its own sequence numbers", async () => {
    const first = createSession("acceptor");
    const second = createSession("acceptor", { targetCompID: "CLIENT2" });
    const port = await startAcceptor(resources, [first, second]);
    const a = await RawPeer.connect(resources, port);
    const b = await RawPeer.connect(resources, port);
    await a.logon();
    b.write(kraken.Logon.encode({ encryptMethod: 0, heartBtInt: 30 }, b.header({ senderCompID: "CLIENT2" })));
    await waitFor(() => first.loggedOn && second.loggedOn, "both sessions logged on");
    a.write(kraken.NewOrderSingle.encode(order(), a.header()));
    await waitFor(() => first.store.nextTargetSeqNum === 3, "first session got the order");
    expect(second.store.nextTargetSeqNum).toBe(2);
  });

  it("closes a connection whose Logon names no configured session", async () => {
    const { port, refused } = await acceptorWithRefusals();
    const peer = await RawPeer.connect(resources, port);
    peer.write(kraken.Logon.encode({ encryptMethod: 0, heartBtInt: 30 }, peer.header({ senderCompID: "STRANGER" })));
    await waitFor(() => peer.closed, "closed");
    expect(refused).toEqual(["no session for STRANGER->KRAKEN-TRD"]);
    expect(peer.received).toEqual([]);
  });

  it("closes a second connection for a session that is already connected", async () => {
    const { trading, port, refused } = await acceptorWithRefusals();
    const first = await RawPeer.connect(resources, port);
    await first.logon();
    const second = await RawPeer.connect(resources, port);
    second.write(kraken.Logon.encode({ encryptMethod: 0, heartBtInt: 30 }, second.header()));
    await waitFor(() => second.closed, "second closed");
    expect(refused).toEqual(["session KRAKEN-TRD->CLIENT is already connected"]);
    expect(trading.loggedOn).toBe(true);
  });

  it("closes a connection that sends nothing in time", async () => {
    const { port, refused } = await acceptorWithRefusals(100);
    const peer = await RawPeer.connect(resources, port);
    await waitFor(() => peer.closed, "closed");
    expect(refused).toEqual(["no message in time"]);
  });

  it("logs out a connection whose first message is not a Logon", async () => {
    const { trading, port } = await acceptorWithRefusals();
    const peer = await RawPeer.connect(resources, port);
    peer.write(kraken.NewOrderSingle.encode(order(), peer.header()));
    const logout = await peer.expect("5", "Logout");
    expect(logout.text).toBe("first message must be Logon, got MsgType D");
    await waitFor(() => peer.closed, "closed");
    expect(trading.loggedOn).toBe(false);
  });

  it("logs out on a wrong BeginString", async () => {
    const { port } = await acceptorWithRefusals();
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    const body = `35=0|34=2|49=CLIENT|52=${formatUtcTimestamp(Date.now())}|56=KRAKEN-TRD|`;
    peer.write(rawMessage(body, "FIX.4.2"));
    const logout = await peer.expect("5", "Logout");
    expect(logout.text).toBe("BeginString must be FIX.4.4");
    await waitFor(() => peer.closed, "closed");
  });

  it("asks for a resend when the Logon's MsgSeqNum is too high", async () => {
    const { trading, port } = await acceptorWithRefusals();
    await trading.store.setNextTargetSeqNum(1);
    const peer = await RawPeer.connect(resources, port);
    peer.nextSeq = 5;
    peer.write(kraken.Logon.encode({ encryptMethod: 0, heartBtInt: 30 }, peer.header()));
    const resend = await peer.expect("2", "ResendRequest");
    expect([resend.beginSeqNo, resend.endSeqNo]).toEqual([1, 4]);
    expect(trading.loggedOn).toBe(true);
    peer.nextSeq = 1;
    peer.write(kraken.SequenceReset.encode({ gapFillFlag: true, newSeqNo: 5 }, peer.header({ possDupFlag: true, origSendingTime: formatUtcTimestamp(Date.now()) })));
    await waitFor(() => trading.store.nextTargetSeqNum === 6, "gap filled, Logon counted");
  });

  it("reports clock skew from the peer's SendingTime", async () => {
    const trading = createSession("acceptor");
    const skews: string[] = [];
    trading.on("clockSkew", (s) => skews.push(s.level));
    const port = await startAcceptor(resources, [trading]);
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    peer.write(kraken.Heartbeat.encode({}, peer.header({ sendingTime: formatUtcTimestamp(Date.now() - 3_000) })));
    await waitFor(() => skews.length > 0, "clockSkew event");
    expect(skews).toEqual(["warn"]);
  });
});
