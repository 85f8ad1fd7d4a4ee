/** Answering ResendRequest: gap fill by default, replay opt-in per MsgType; our sessions on both ends. */
import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import { createSession, kraken, order, RawPeer, Resources, startAcceptor, waitFor } from "./harness.js";
import type { KrakenCodecs, SessionOverrides } from "./harness.js";
import type { FixSession } from "../../runtime/session/index.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

async function pair(initiatorOptions: SessionOverrides = {}): Promise<{ initiator: FixSession<KrakenCodecs>; acceptor: FixSession<KrakenCodecs> }> {
  const acceptor = createSession("acceptor");
  const port = await startAcceptor(resources, [acceptor]);
  const initiator = createSession("initiator", initiatorOptions);
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  resources.add(() => {
    socket.destroy();
  });
  void initiator.attach(socket);
  await initiator.logon();
  await waitFor(() => initiator.loggedOn && acceptor.loggedOn, "logged on");
  return { initiator, acceptor };
}

describe("answering ResendRequest", () => {
  it("gap-fills application messages by default (one merged SequenceReset)", async () => {
    const { initiator, acceptor } = await pair();
    const received: Array<[string, boolean | undefined]> = [];
    acceptor.on("NewOrderSingle", (m) => received.push([m.clOrdID, m.header.possDupFlag]));
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "11" }));
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "12" }));
    await waitFor(() => received.length === 2, "two orders");
    // The acceptor "forgets" both orders: the next message looks too high and it asks for 2..
    await acceptor.store.setNextTargetSeqNum(2);
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "13" }));
    await waitFor(() => received.length === 3, "third order after the gap fill");
    expect(received).toEqual([["11", undefined], ["12", undefined], ["13", undefined]]);
    expect(acceptor.store.nextTargetSeqNum).toBe(5);
  });

  it("replays opted-in MsgTypes with PossDupFlag=Y and the original SendingTime", async () => {
    const { initiator, acceptor } = await pair({ replayMsgTypes: ["D"] });
    const received: Array<{ id: string; possDup: boolean | undefined; orig: string | undefined; seq: number }> = [];
    acceptor.on("NewOrderSingle", (m) => received.push({ id: m.clOrdID, possDup: m.header.possDupFlag, orig: m.header.origSendingTime, seq: m.header.msgSeqNum }));
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "21" }));
    await waitFor(() => received.length === 1, "first order");
    const firstSendingTime = (await initiator.store.getRange(2, 2))[0]!.message.toString("latin1").match(/\x0152=([^\x01]+)/)![1];
    await acceptor.store.setNextTargetSeqNum(2);
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "22" }));
    await waitFor(() => received.length === 3, "replayed order and the new one");
    expect(received.map((r) => [r.id, r.seq, r.possDup])).toEqual([["21", 2, undefined], ["21", 2, true], ["22", 3, undefined]]);
    expect(received[1]!.orig).toBe(firstSendingTime);
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
