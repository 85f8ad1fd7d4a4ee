import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import { krakenLogon, NotLoggedOnError, SessionError, ThrottledError, verifyKrakenLogon } from "../../runtime/session/index.js";
import { RateCounter } from "../../runtime/kraken/throttle.js";
import { API_KEY, API_SECRET, createSession, kraken, newAck, order, Resources, startAcceptor, waitFor } from "./harness.js";
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
    expect(info.reason).toBe("peer logged out: Logon failed: invalid credentials");
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
      void acceptor.send(kraken.ExecutionReport, newAck(message));
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

  it("refuses an order the optional rate counter cannot take, without sending it or using a MsgSeqNum", async () => {
    const acceptor = createSession("acceptor");
    const port = await startAcceptor(resources, [acceptor]);
    let now = 0;
    const throttle = new RateCounter({ tier: { threshold: 2, decayPerSecond: 1 }, now: () => now });
    const initiator = createSession("initiator", { throttle });
    await connectInitiator(initiator, port);
    await initiator.send(kraken.NewOrderSingle, order());
    await initiator.send(kraken.NewOrderSingle, order());
    const refused = initiator.send(kraken.NewOrderSingle, order());
    await expect(refused).rejects.toThrow(new ThrottledError("D", 1000));
    await expect(refused).rejects.toThrow("MsgType D not sent: the rate counter is full; retry in 1000 ms");
    expect(initiator.store.nextSenderSeqNum).toBe(4);
    now = 1000;
    expect(await initiator.send(kraken.NewOrderSingle, order())).toBe(4);
  });

  it("with queueWhileDisconnected, queues the listed MsgTypes (bounded) and sends them in order after logon", async () => {
    const acceptor = createSession("acceptor");
    const statuses: string[] = [];
    acceptor.on("OrderStatusRequest", (m) => statuses.push(`${m.clOrdID}@${m.header.msgSeqNum}`));
    const port = await startAcceptor(resources, [acceptor]);
    const initiator = createSession("initiator", { queueWhileDisconnected: { msgTypes: ["H"], maxMessages: 2 } });
    const status = (clOrdID: string) => ({ clOrdID, orderID: `O-${clOrdID}`, symbol: "BTC/USD", side: "1" }) as Omit<kraken.OrderStatusRequest, "msgType">;
    const first = initiator.send(kraken.OrderStatusRequest, status("1"));
    const second = initiator.send(kraken.OrderStatusRequest, status("2"));
    await expect(initiator.send(kraken.OrderStatusRequest, status("3"))).rejects.toThrow(new NotLoggedOnError("H", "disconnected"));
    await expect(initiator.send(kraken.NewOrderSingle, order())).rejects.toThrow(new NotLoggedOnError("D", "disconnected"));
    await connectInitiator(initiator, port);
    expect([await first, await second]).toEqual([2, 3]);
    await waitFor(() => statuses.length === 2, "both requests");
    expect(statuses).toEqual(["1@2", "2@3"]);
  });

  it("dropQueued() rejects what waits for a logon", async () => {
    const initiator = createSession("initiator", { queueWhileDisconnected: { msgTypes: ["H"] } });
    const waiting = initiator.send(kraken.OrderStatusRequest, { clOrdID: "1", orderID: "O-1", symbol: "BTC/USD", side: "1" } as Omit<kraken.OrderStatusRequest, "msgType">);
    initiator.dropQueued();
    await expect(waiting).rejects.toThrow("cannot send MsgType H: the session is disconnected, not logged on");
  });
});

describe("session errors", () => {
  it("refuses bounds that are not whole numbers (a limit of 0 or NaN would stall or disable them)", () => {
    expect(() => createSession("acceptor", { messageBufferLimit: 0 })).toThrow("messageBufferLimit must be a whole number ≥ 1, got 0");
    expect(() => createSession("acceptor", { maxQueuedMessages: Number.NaN })).toThrow("maxQueuedMessages must be a whole number ≥ 1, got NaN");
    expect(() => createSession("acceptor", { resendChunkSize: 2.5 })).toThrow("resendChunkSize must be a whole number ≥ 0, got 2.5");
    expect(() => createSession("acceptor", { resendChunkSize: 0, maxQueuedMessages: 1, messageBufferLimit: 1 })).not.toThrow();
  });

  it("refuses a HeartBtInt that is not a whole number of seconds", () => {
    expect(() => createSession("initiator", { heartBtInt: 0.5 })).toThrow(
      new SessionError("InvalidOption", "heartBtInt must be a whole number of seconds ≥ 1, got 0.5"),
    );
  });

  it("refuses logon() without a connection", async () => {
    await expect(createSession("initiator").logon()).rejects.toThrow("session CLIENT->KRAKEN-TRD has no connection");
  });

  it("refuses a second socket while connected, and closes that socket", async () => {
    const acceptor = createSession("acceptor");
    const port = await startAcceptor(resources, [acceptor]);
    const initiator = createSession("initiator");
    await connectInitiator(initiator, port);
    const extra = net.connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => extra.once("connect", resolve));
    const closed = new Promise<void>((resolve) => extra.once("close", () => resolve()));
    await expect(initiator.attach(extra)).rejects.toThrow(new SessionError("AlreadyConnected", "session CLIENT->KRAKEN-TRD is already connected"));
    await closed;
    expect(initiator.loggedOn).toBe(true);
  });
});
