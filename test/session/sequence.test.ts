/** Inbound MsgSeqNum handling and validation, driven by a raw peer against our acceptor over loopback. */
import { afterEach, describe, expect, it } from "vitest";
import { formatUtcTimestamp } from "../../runtime/codec/utc-timestamp.js";
import { createSession, kraken, order, rawMessage, RawPeer, Resources, startAcceptor, waitFor } from "./harness.js";
import type { KrakenCodecs } from "./harness.js";
import type { FixSession, RejectEvent } from "../../runtime/session/index.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

interface Setup {
  readonly acceptor: FixSession<KrakenCodecs>;
  readonly peer: RawPeer;
  readonly delivered: string[];
  readonly rejects: RejectEvent[];
  readonly garbled: string[];
}

async function loggedOnPeer(): Promise<Setup> {
  const acceptor = createSession("acceptor");
  const delivered: string[] = [];
  const rejects: RejectEvent[] = [];
  const garbled: string[] = [];
  acceptor.on("NewOrderSingle", (m) => delivered.push(m.clOrdID));
  acceptor.on("reject", (r) => rejects.push(r));
  acceptor.on("garbled", (g) => garbled.push(g.reason));
  const port = await startAcceptor(resources, [acceptor]);
  const peer = await RawPeer.connect(resources, port);
  await peer.logon();
  await waitFor(() => acceptor.loggedOn, "acceptor logged on");
  return { acceptor, peer, delivered, rejects, garbled };
}

const nos = (peer: RawPeer, clOrdID: string, header = {}): Buffer =>
  kraken.NewOrderSingle.encode(order({ clOrdID }), peer.header(header));

describe("MsgSeqNum too high", () => {
  it("asks for the gap, queues later messages and delivers everything in order once it is filled", async () => {
    const { acceptor, peer, delivered } = await loggedOnPeer();
    peer.nextSeq = 4; // 2 and 3 are "lost"
    peer.write(nos(peer, "104"));
    peer.write(nos(peer, "105"));
    const resend = await peer.expect("2", "ResendRequest");
    expect([resend.beginSeqNo, resend.endSeqNo]).toEqual([2, 3]);
    expect(delivered).toEqual([]);

    const original = formatUtcTimestamp(Date.now() - 1000);
    peer.nextSeq = 2;
    peer.write(nos(peer, "102", { possDupFlag: true, origSendingTime: original }));
    peer.write(kraken.SequenceReset.encode({ gapFillFlag: true, newSeqNo: 4 }, peer.header({ possDupFlag: true, origSendingTime: original })));
    await waitFor(() => delivered.length === 3, "three orders");
    expect(delivered).toEqual(["102", "104", "105"]);
    expect(acceptor.store.nextTargetSeqNum).toBe(6);
    expect(peer.of("2")).toHaveLength(1);
  });

  it("asks in chunks when the gap is larger than resendChunkSize", async () => {
    const acceptor = createSession("acceptor", { resendChunkSize: 2 });
    const port = await startAcceptor(resources, [acceptor]);
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    peer.nextSeq = 7;
    peer.write(nos(peer, "107"));
    const first = await peer.expect("2", "first chunk");
    expect([first.beginSeqNo, first.endSeqNo]).toEqual([2, 3]);
    peer.nextSeq = 2;
    peer.write(kraken.SequenceReset.encode({ gapFillFlag: true, newSeqNo: 4 }, peer.header({ possDupFlag: true, origSendingTime: formatUtcTimestamp(Date.now()) })));
    await waitFor(() => peer.of("2").length === 2, "second chunk");
    const second = peer.of("2")[1]!;
    expect([second.beginSeqNo, second.endSeqNo]).toEqual([4, 5]);
  });
  it("logs out when more than maxQueuedMessages wait behind a gap, and gets them all after the reconnect", async () => {
    const acceptor = createSession("acceptor", { maxQueuedMessages: 3 });
    const delivered: string[] = [];
    acceptor.on("NewOrderSingle", (m) => delivered.push(m.clOrdID));
    const port = await startAcceptor(resources, [acceptor]);
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    peer.nextSeq = 3; // 2 is "lost"
    for (const id of ["303", "304", "305", "306"]) peer.write(nos(peer, id));
    const logout = await peer.expect("5", "Logout");
    expect(logout.text).toBe("more than 3 messages queued behind MsgSeqNum 2");
    await waitFor(() => peer.closed, "disconnected");
    expect([delivered, acceptor.store.nextTargetSeqNum]).toEqual([[], 2]);

    // Nothing was processed, so nothing is lost: the peer logs on with 7, is asked for 2..6 and resends them.
    const again = await RawPeer.connect(resources, port);
    again.nextSeq = 7;
    await again.logon();
    const resend = await again.expect("2", "ResendRequest");
    expect([resend.beginSeqNo, resend.endSeqNo]).toEqual([2, 6]);
    again.nextSeq = 2;
    for (const id of ["302", "303", "304", "305", "306"]) again.write(nos(again, id, { possDupFlag: true, origSendingTime: formatUtcTimestamp(Date.now()) }));
    await waitFor(() => delivered.length === 5, "all five orders");
    expect(delivered).toEqual(["302", "303", "304", "305", "306"]);
  });
});

describe("a messages() consumer that falls behind", () => {
  it("stops reading the socket past messageBufferLimit and resumes at half, losing nothing", async () => {
    const acceptor = createSession("acceptor", { messageBufferLimit: 10 });
    const seen: string[] = [];
    acceptor.on("NewOrderSingle", (m) => seen.push(m.clOrdID));
    const iterator = acceptor.messages();
    const port = await startAcceptor(resources, [acceptor]);
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    for (let i = 0; i < 12; i++) peer.write(nos(peer, `${500 + i}`));
    await waitFor(() => acceptor.readingPaused, "reading paused");
    const atPause = seen.length;
    for (let i = 12; i < 40; i++) peer.write(nos(peer, `${500 + i}`));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen.length).toBe(atPause); // not read while paused
    const pulled: string[] = [];
    for (let i = 0; i < 40; i++) {
      const next = await iterator.next();
      pulled.push((next.value as kraken.NewOrderSingle).clOrdID);
    }
    expect(pulled).toEqual(Array.from({ length: 40 }, (_, i) => `${500 + i}`));
    expect(acceptor.readingPaused).toBe(false);
    expect(acceptor.loggedOn).toBe(true);
    await iterator.return?.();
  });
});

describe("a peer that reads slowly", () => {
  it("makes sends wait for the socket to drain instead of queueing in memory, and sends everything once it reads", async () => {
    const acceptor = createSession("acceptor");
    const port = await startAcceptor(resources, [acceptor]);
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    await waitFor(() => acceptor.loggedOn, "logged on");
    peer.socket.pause();
    const text = "x".repeat(60_000);
    let sent = 0;
    const sends = Array.from({ length: 400 }, (_, i) =>
      acceptor
        .send(kraken.BusinessMessageReject, { refSeqNum: i + 1, refMsgType: "D", businessRejectReason: 0, text } as Omit<kraken.BusinessMessageReject, "msgType">)
        .then(() => sent++),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // 24 MB were sent; the kernel buffers took a few MB, the rest waits as unsent sends, not as socket queue.
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(400);
    expect(acceptor.writeQueueBytes).toBeLessThan(200_000);
    peer.socket.resume();
    await Promise.all(sends);
    expect(sent).toBe(400);
    await waitFor(() => peer.of("j").length === 400, "every message received", 10_000);
    expect(peer.of("j").map((m) => m.refSeqNum)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  });
});

describe("MsgSeqNum too low and duplicates", () => {
  it("ignores a PossDup duplicate of a message already delivered", async () => {
    const { acceptor, peer, delivered } = await loggedOnPeer();
    peer.write(nos(peer, "201"));
    await waitFor(() => delivered.length === 1, "first delivery");
    peer.nextSeq = 2;
    peer.write(nos(peer, "201", { possDupFlag: true, origSendingTime: formatUtcTimestamp(Date.now() - 500) }));
    peer.nextSeq = 3;
    peer.write(nos(peer, "203"));
    await waitFor(() => delivered.length === 2, "second delivery");
    expect(delivered).toEqual(["201", "203"]);
    expect(acceptor.loggedOn).toBe(true);
  });

  it("logs out when MsgSeqNum is too low without PossDup", async () => {
    const { acceptor, peer } = await loggedOnPeer();
    peer.write(nos(peer, "301"));
    peer.nextSeq = 2;
    peer.write(nos(peer, "301"));
    const logout = await peer.expect("5", "Logout");
    expect(logout.text).toBe("MsgSeqNum too low, expecting 3 but received 2");
    await waitFor(() => peer.closed, "connection closed");
    expect(acceptor.state).toBe("disconnected");
  });

  it("rejects PossDup without OrigSendingTime with 373=1 and consumes the number", async () => {
    const { acceptor, peer, delivered } = await loggedOnPeer();
    peer.write(nos(peer, "401", { possDupFlag: true }));
    const reject = await peer.expect("3", "Reject");
    expect([reject.refSeqNum, reject.refTagID, reject.refMsgType, reject.sessionRejectReason, reject.text]).toEqual([
      2, 122, "D", 1, "Required tag missing: OrigSendingTime",
    ]);
    expect(delivered).toEqual([]);
    expect(acceptor.store.nextTargetSeqNum).toBe(3);
  });

  it("rejects OrigSendingTime after SendingTime with 373=10", async () => {
    const { peer } = await loggedOnPeer();
    peer.write(nos(peer, "402", { possDupFlag: true, origSendingTime: formatUtcTimestamp(Date.now() + 60_000) }));
    const reject = await peer.expect("3", "Reject");
    expect([reject.sessionRejectReason, reject.refTagID]).toEqual([10, 122]);
  });
});

describe("validation", () => {
  it("rejects an invalid field with 35=3 carrying 45/371/372/373/58 and keeps the session", async () => {
    const { acceptor, peer, delivered, rejects } = await loggedOnPeer();
    peer.write(kraken.NewOrderSingle.encode(order({ side: "Z" as kraken.NewOrderSingle["side"] }), peer.header()));
    const reject = await peer.expect("3", "Reject");
    expect([reject.refSeqNum, reject.refTagID, reject.refMsgType, reject.sessionRejectReason]).toEqual([2, 54, "D", 5]);
    expect(reject.text).toContain("Side");
    expect(rejects.map((r) => [r.direction, r.msgType, r.reason])).toEqual([["sent", "3", 5]]);
    expect(delivered).toEqual([]);
    peer.write(nos(peer, "502"));
    await waitFor(() => delivered.length === 1, "next order delivered");
    expect(acceptor.store.nextTargetSeqNum).toBe(4);
  });

  it("answers an unsupported MsgType with BusinessMessageReject 380=3", async () => {
    const { acceptor, peer } = await loggedOnPeer();
    const sendingTime = formatUtcTimestamp(Date.now());
    peer.write(rawMessage(`35=ZZ|34=2|49=CLIENT|52=${sendingTime}|56=KRAKEN-TRD|`));
    const reject = await peer.expect("j", "BusinessMessageReject");
    expect([reject.refSeqNum, reject.refMsgType, reject.businessRejectReason, reject.text]).toEqual([
      2, "ZZ", 3, "Unsupported Message Type ZZ",
    ]);
    expect(acceptor.store.nextTargetSeqNum).toBe(3);
  });

  it("answers a MsgType the app does not handle with BusinessMessageReject 380=3", async () => {
    const acceptor = createSession("acceptor", { handledMsgTypes: ["F"] });
    const port = await startAcceptor(resources, [acceptor]);
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    peer.write(nos(peer, "601"));
    const reject = await peer.expect("j", "BusinessMessageReject");
    expect([reject.refMsgType, reject.businessRejectReason]).toEqual(["D", 3]);
  });

  it("ignores a garbled message (bad CheckSum) without consuming its number", async () => {
    const { acceptor, peer, delivered, garbled } = await loggedOnPeer();
    const bad = nos(peer, "701");
    bad.write("000", bad.length - 4, "latin1");
    peer.write(bad);
    await waitFor(() => garbled.length === 1, "garbled event");
    expect(garbled[0]).toMatch(/CheckSum/);
    peer.nextSeq = 2;
    peer.write(nos(peer, "702"));
    await waitFor(() => delivered.length === 1, "delivery");
    expect(delivered).toEqual(["702"]);
    expect(peer.of("3")).toEqual([]);
    expect(acceptor.loggedOn).toBe(true);
  });

  it("rejects wrong CompIDs with 373=9 and logs out", async () => {
    const { peer } = await loggedOnPeer();
    peer.write(nos(peer, "801", { senderCompID: "INTRUDER" }));
    const reject = await peer.expect("3", "Reject");
    expect(reject.sessionRejectReason).toBe(9);
    const logout = await peer.expect("5", "Logout");
    expect(logout.text).toBe("CompID problem");
  });

  it("rejects a stale SendingTime with 373=10 and logs out", async () => {
    const { peer } = await loggedOnPeer();
    peer.write(nos(peer, "802", { sendingTime: formatUtcTimestamp(Date.now() - 300_000) }));
    const reject = await peer.expect("3", "Reject");
    expect([reject.sessionRejectReason, reject.refTagID]).toEqual([10, 52]);
    expect((await peer.expect("5", "Logout")).text).toBe("SendingTime accuracy problem");
  });
});

describe("SequenceReset", () => {
  it("Reset mode moves the expected number regardless of MsgSeqNum", async () => {
    const { acceptor, peer, delivered } = await loggedOnPeer();
    peer.nextSeq = 99;
    peer.write(kraken.SequenceReset.encode({ gapFillFlag: false, newSeqNo: 20 }, peer.header()));
    await waitFor(() => acceptor.store.nextTargetSeqNum === 20, "expected 20");
    peer.nextSeq = 20;
    peer.write(nos(peer, "920"));
    await waitFor(() => delivered.length === 1, "delivery");
    expect(peer.of("2")).toEqual([]);
  });

  it("Reset mode to a lower number is rejected with 373=5", async () => {
    const { acceptor, peer } = await loggedOnPeer();
    peer.write(kraken.SequenceReset.encode({ gapFillFlag: false, newSeqNo: 1 }, peer.header()));
    const reject = await peer.expect("3", "Reject");
    expect([reject.sessionRejectReason, reject.refTagID]).toEqual([5, 36]);
    expect(acceptor.store.nextTargetSeqNum).toBe(2);
  });

  it("GapFill with NewSeqNo not above its own MsgSeqNum is rejected with 373=5", async () => {
    const { peer } = await loggedOnPeer();
    peer.write(kraken.SequenceReset.encode({ gapFillFlag: true, newSeqNo: 2 }, peer.header()));
    const reject = await peer.expect("3", "Reject");
    expect(reject.text).toBe("NewSeqNo 2 must be above MsgSeqNum 2");
  });
});

describe("disconnects", () => {
  it("drops a message cut off by a disconnect without delivering it", async () => {
    const { acceptor, peer, delivered } = await loggedOnPeer();
    const bytes = nos(peer, "990");
    peer.socket.end(bytes.subarray(0, bytes.length - 10));
    await waitFor(() => acceptor.state === "disconnected", "disconnect");
    expect(delivered).toEqual([]);
    expect(acceptor.store.nextTargetSeqNum).toBe(2);
  });

  it("answers TestRequest with a Heartbeat carrying its TestReqID", async () => {
    const { peer } = await loggedOnPeer();
    peer.write(kraken.TestRequest.encode({ testReqID: "PING-1" }, peer.header()));
    const heartbeat = await waitFor(() => peer.of("0").find((h) => h.testReqID === "PING-1"), "heartbeat");
    expect(heartbeat.testReqID).toBe("PING-1");
  });
});
