/** Heartbeats, TestRequest on silence, disconnect, logout timeout: time driven by a ManualClock, sockets real. */
import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import { createSession, kraken, ManualClock, RawPeer, Resources, startAcceptor, waitFor } from "./harness.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

async function setup() {
  const clock = new ManualClock();
  const acceptor = createSession("acceptor", { clock });
  const port = await startAcceptor(resources, [acceptor]);
  const peer = await RawPeer.connect(resources, port);
  await peer.logon(); // proposes HeartBtInt 30, which the acceptor adopts
  await waitFor(() => acceptor.loggedOn, "logged on");
  return { clock, acceptor, peer };
}

describe("heartbeats and silence", () => {
  it("sends a Heartbeat after HeartBtInt without outgoing traffic", async () => {
    const { clock, peer } = await setup();
    clock.advance(29_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(peer.of("0")).toEqual([]);
    clock.advance(1_000);
    const heartbeat = await peer.expect("0", "Heartbeat");
    expect(heartbeat.testReqID).toBeUndefined();
  });

  it("sends a TestRequest after HeartBtInt + 20% of silence, then disconnects if still silent", async () => {
    const { clock, acceptor, peer } = await setup();
    clock.advance(36_000);
    const test = await peer.expect("1", "TestRequest");
    expect(test.testReqID).toBe("TEST-1");
    expect(acceptor.loggedOn).toBe(true);
    const logouts: string[] = [];
    acceptor.on("logout", (info) => logouts.push(info.reason));
    clock.advance(36_000);
    await waitFor(() => peer.closed, "connection closed");
    expect(logouts).toEqual(["peer silent after TestRequest"]);
  });

  it("stays logged on when the peer answers the TestRequest", async () => {
    const { clock, acceptor, peer } = await setup();
    clock.advance(36_000);
    const test = await peer.expect("1", "TestRequest");
    peer.write(kraken.Heartbeat.encode({ testReqID: test.testReqID }, peer.header()));
    await waitFor(() => acceptor.store.nextTargetSeqNum === 3, "heartbeat processed");
    clock.advance(30_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acceptor.loggedOn).toBe(true);
    expect(peer.of("1")).toHaveLength(1);
  });

  it("closes after the logout timeout when the peer never answers our Logout", async () => {
    const { clock, acceptor, peer } = await setup();
    const closing = acceptor.logout("end of day");
    expect((await peer.expect("5", "Logout")).text).toBe("end of day");
    clock.advance(9_999);
    expect(acceptor.state).toBe("logoutSent");
    clock.advance(1);
    expect(await closing).toEqual({ reason: "no Logout answer in time", clean: false });
  });

  it("closes when the Logon is not answered within logonTimeoutMs", async () => {
    const accepted: net.Socket[] = [];
    const server = net.createServer((socket) => accepted.push(socket.on("error", () => undefined)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    resources.add(() => new Promise<void>((resolve) => server.close(() => resolve())));
    resources.add(() => accepted.forEach((socket) => socket.destroy()));
    const clock = new ManualClock();
    const initiator = createSession("initiator", { clock, logonTimeoutMs: 5_000 });
    const socket = net.connect({ host: "127.0.0.1", port: (server.address() as net.AddressInfo).port });
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    resources.add(() => {
      socket.destroy();
    });
    const closed = initiator.attach(socket);
    await initiator.logon();
    clock.advance(4_999);
    expect(initiator.state).toBe("logonSent");
    clock.advance(1);
    expect(await closed).toEqual({ reason: "no answer to our Logon in time", clean: false });
  });
});

describe("a peer that stops reading", () => {
  it("queues no heartbeats behind stuck writes and disconnects once they waited HeartBtInt + 20%", async () => {
    const { clock, acceptor, peer } = await setup();
    peer.socket.pause();
    const text = "x".repeat(60_000);
    const outcomes: string[] = [];
    for (let i = 0; i < 400; i++) {
      acceptor
        .send(kraken.BusinessMessageReject, { refSeqNum: i + 1, refMsgType: "D", businessRejectReason: 0, text } as Omit<kraken.BusinessMessageReject, "msgType">)
        .then(
          () => outcomes.push("sent"),
          (error: Error) => outcomes.push(error.name),
        );
    }
    await waitFor(() => outcomes.length > 0 && acceptor.writeQueueBytes > 0, "writes waiting for drain");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const numbersUsed = acceptor.store.nextSenderSeqNum;
    const logouts: string[] = [];
    acceptor.on("logout", (info) => logouts.push(info.reason));
    clock.advance(35_000); // past HeartBtInt, short of the 36 s limit
    expect(acceptor.store.nextSenderSeqNum).toBe(numbersUsed); // no heartbeat took a number
    expect(acceptor.loggedOn).toBe(true);
    clock.advance(1_000);
    await waitFor(() => logouts.length === 1, "disconnected");
    expect(logouts).toEqual(["peer not reading: our writes have waited too long"]);
    await waitFor(() => outcomes.length === 400, "every send settled");
    // Sends already handed to the socket resolved; the rest were refused, none is left hanging.
    expect(outcomes.filter((o) => o !== "sent").every((o) => o === "NotLoggedOnError")).toBe(true);
  });
});
