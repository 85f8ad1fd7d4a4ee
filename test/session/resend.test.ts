/** Answering ResendRequest: gap fill by default, replay opt-in per MsgType; our sessions on both ends. */
import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import { createSession, kraken, order, RawPeer, Resources, startAcceptor, waitFor } from "./harness.js";
import type { SessionOverrides } from "./harness.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

async function pair(initiatorOptions: SessionOverrides = {}) {
  const acceptor = createSession("acceptor");
  const port = await startAcceptor(resources, [acceptor]);
  const initiator = createSession("initiator", initiatorOptions);
  const reconnect = async (): Promise<void> => {
    const socket = net.connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    resources.add(() => {
      socket.destroy();
    });
    void initiator.attach(socket);
    await initiator.logon();
    await waitFor(() => initiator.loggedOn && acceptor.loggedOn, "logged on");
  };
  await reconnect();
  return { initiator, acceptor, reconnect };
}

describe("answering ResendRequest", () => {
  it("gap-fills application messages by default and reports each one as notResent", async () => {
    const { initiator, acceptor, reconnect } = await pair();
    const received: Array<[string, number, boolean | undefined]> = [];
    const notResent: Array<[number, string, unknown]> = [];
    acceptor.on("NewOrderSingle", (m) => received.push([m.clOrdID, m.header.msgSeqNum, m.header.possDupFlag]));
    initiator.on("notResent", (m) => notResent.push([m.seqNum, m.msgType, m.body["clOrdID"]]));
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "11" }));
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "12" }));
    await waitFor(() => received.length === 2, "two orders");
    acceptor.disconnect("network blip");
    await waitFor(() => initiator.state === "disconnected", "initiator disconnected");
    // The acceptor lost both orders: our next Logon (4) is too high, it asks for 2..3, we gap-fill them.
    await acceptor.store.setNextTargetSeqNum(2);
    await reconnect();
    await waitFor(() => acceptor.store.nextTargetSeqNum === 5, "gap filled and Logon counted");
    expect(notResent).toEqual([[2, "D", "11"], [3, "D", "12"]]);
    // An order of this connection goes missing too: also gap-filled, never replayed behind the app's back.
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "13" }));
    await waitFor(() => received.length === 3, "third order");
    await acceptor.store.setNextTargetSeqNum(5);
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "14" }));
    await waitFor(() => notResent.length === 3 && acceptor.store.nextTargetSeqNum === 7, "order 14 gap-filled");
    expect(notResent[2]).toEqual([5, "D", "13"]);
    expect(received).toEqual([
      ["11", 2, undefined],
      ["12", 3, undefined],
      ["13", 5, undefined],
      ["14", 6, undefined],
    ]);
  });

  it("reports each sent application message as it was sent, even if the app reuses its object", async () => {
    const { initiator, acceptor } = await pair();
    const sent: unknown[] = [];
    const received: string[] = [];
    initiator.on("sent", (m) => sent.push([m.seqNum, m.msgType, m.body["clOrdID"]]));
    acceptor.on("NewOrderSingle", (m) => received.push(m.clOrdID));
    const body = order({ clOrdID: "31" });
    const first = initiator.send(kraken.NewOrderSingle, body);
    body.clOrdID = "32";
    await Promise.all([first, initiator.send(kraken.NewOrderSingle, body)]);
    await waitFor(() => received.length === 2, "two orders");
    expect([sent, received]).toEqual([[[2, "D", "31"], [3, "D", "32"]], ["31", "32"]]);
  });

  it("replays opted-in MsgTypes of an earlier connection with PossDupFlag=Y and the original SendingTime", async () => {
    const { initiator, acceptor, reconnect } = await pair({ replayMsgTypes: ["D"] });
    const received: Array<{ id: string; possDup: boolean | undefined; orig: string | undefined; seq: number }> = [];
    acceptor.on("NewOrderSingle", (m) => received.push({ id: m.clOrdID, possDup: m.header.possDupFlag, orig: m.header.origSendingTime, seq: m.header.msgSeqNum }));
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "21" }));
    await waitFor(() => received.length === 1, "first order");
    const firstSendingTime = (await initiator.store.getRange(2, 2))[0]!.message.toString("latin1").match(/\x0152=([^\x01]+)/)![1];
    acceptor.disconnect("network blip");
    await waitFor(() => initiator.state === "disconnected", "initiator disconnected");
    await acceptor.store.setNextTargetSeqNum(2);
    await reconnect();
    await waitFor(() => received.length === 2, "replayed order");
    expect(received.map((r) => [r.id, r.seq, r.possDup])).toEqual([["21", 2, undefined], ["21", 2, true]]);
    expect(received[1]!.orig).toBe(firstSendingTime);
    expect(acceptor.store.nextTargetSeqNum).toBe(4);
  });

  it("gap-fills admin messages even when their MsgType is opted in", async () => {
    const acceptor = createSession("acceptor", { replayMsgTypes: ["0"] });
    const port = await startAcceptor(resources, [acceptor]);
    const peer = await RawPeer.connect(resources, port);
    await peer.logon();
    peer.write(kraken.ResendRequest.encode({ beginSeqNo: 1, endSeqNo: 0 }, peer.header()));
    const reset = await peer.expect("4", "SequenceReset");
    expect([reset.header.msgSeqNum, reset.gapFillFlag, reset.newSeqNo, reset.header.possDupFlag]).toEqual([1, true, 2, true]);
    expect(reset.header.origSendingTime).toBeDefined();
  });
});
