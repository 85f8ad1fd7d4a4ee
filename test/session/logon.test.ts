import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import { krakenLogon, NotLoggedOnError, verifyKrakenLogon } from "../../runtime/session/index.js";
import { API_KEY, API_SECRET, createSession, kraken, order, Resources, startAcceptor, waitFor } from "./harness.js";
import type { KrakenCodecs } from "./harness.js";
import type { FixSession } from "../../runtime/session/index.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

async function connectInitiator(session: FixSession<KrakenCodecs>, port: number): Promise<void> {
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  resources.add(() => {
    socket.destroy();
  });
  void session.attach(socket);
  await session.logon();
  await waitFor(() => session.loggedOn, "logon");
}

describe("logon", () => {
  it("logs on with a Kraken-signed Logon the acceptor verifies", async () => {
    const acceptor = createSession("acceptor", { verifyLogon: verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET }) });
    const port = await startAcceptor(resources, [acceptor]);
    const initiator = createSession("initiator", { logonFields: krakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET }) });
    const logons: boolean[] = [];
    initiator.on("logon", (info) => logons.push(info.resetSeqNum));
    await connectInitiator(initiator, port);
    await waitFor(() => initiator.loggedOn && acceptor.loggedOn, "both logged on");
    expect(logons).toEqual([false]);
    expect(initiator.store.nextSenderSeqNum).toBe(2);
    expect(acceptor.store.nextTargetSeqNum).toBe(2);
  });

  it("refuses a Logon signed with the wrong secret: Logout with the reason, connection closed", async () => {
    const acceptor = createSession("acceptor", { verifyLogon: verifyKrakenLogon({ apiKey: API_KEY, apiSecret: API_SECRET }) });
    const port = await startAcceptor(resources, [acceptor]);
    const initiator = createSession("initiator", { logonFields: krakenLogon({ apiKey: API_KEY, apiSecret: "b3RoZXI=" }) });
    const socket = net.connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    resources.add(() => {
      socket.destroy();
    });
    const closed = initiator.attach(socket);
    await initiator.logon();
    const info = await closed;
    expect(info.reason).toBe("peer logged out: invalid signature (554)");
    expect(acceptor.loggedOn).toBe(false);
  });

  it("resets both sides to 1 with ResetSeqNumFlag", async () => {
    const acceptor = createSession("acceptor");
    await acceptor.store.setNextTargetSeqNum(40);
    await acceptor.store.setNextSenderSeqNum(50);
    const port = await startAcceptor(resources, [acceptor]);
    const initiator = createSession("initiator");
    await initiator.store.setNextSenderSeqNum(7);
    const socket = net.connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    resources.add(() => {
      socket.destroy();
    });
    void initiator.attach(socket);
    await initiator.logon({ reset: true });
    await waitFor(() => initiator.loggedOn && acceptor.loggedOn, "both logged on");
    expect([acceptor.store.nextTargetSeqNum, acceptor.store.nextSenderSeqNum]).toEqual([2, 2]);
    expect([initiator.store.nextTargetSeqNum, initiator.store.nextSenderSeqNum]).toEqual([2, 2]);
  });
});

describe("application messages", () => {
  it("sends typed messages, delivers them by name and through the iterator, and logs out cleanly", async () => {
    const acceptor = createSession("acceptor");
    const port = await startAcceptor(resources, [acceptor]);
    const initiator = createSession("initiator");
    const orders: string[] = [];
    acceptor.on("NewOrderSingle", (message) => {
      orders.push(message.clOrdID);
      void acceptor.send(kraken.ExecutionReport, {
        clOrdID: message.clOrdID,
        orderID: "O-1",
        execID: "E-1",
        execType: "0",
        ordStatus: "0",
        symbol: message.symbol,
        side: message.side,
        ordType: message.ordType,
        timeInForce: "1",
        orderQty: message.orderQty,
        leavesQty: message.orderQty,
        cumQty: "0",
      } as Omit<kraken.ExecutionReport, "msgType">);
    });
    const iterator = initiator.messages();
    await connectInitiator(initiator, port);
    const seq = await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "7" }));
    expect(seq).toBe(2);
    const next = await iterator.next();
    expect(next.done).toBe(false);
    const report = next.value as kraken.ExecutionReport & { header: kraken.Header };
    expect([report.msgType, report.clOrdID, report.header.msgSeqNum]).toEqual(["8", "7", 2]);
    expect(orders).toEqual(["7"]);
    await iterator.return?.();

    const info = await initiator.logout("bye");
    expect(info).toEqual({ reason: "peer logged out", clean: true });
    await waitFor(() => acceptor.state === "disconnected", "acceptor disconnected");
  });

  it("rejects send() while logged out with NotLoggedOnError and uses no MsgSeqNum", async () => {
    const initiator = createSession("initiator");
    await expect(initiator.send(kraken.NewOrderSingle, order())).rejects.toThrow(
      new NotLoggedOnError("D", "disconnected"),
    );
    await expect(initiator.send(kraken.NewOrderSingle, order())).rejects.toThrow(
      "cannot send MsgType D: the session is disconnected, not logged on",
    );
    expect(initiator.store.nextSenderSeqNum).toBe(1);
  });
});
