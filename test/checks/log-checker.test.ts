/** Every cross-log check with a crafted log that triggers it and one that must not. */
import { describe, expect, it } from "vitest";
import { decodeMessage } from "../../generated/kraken-fix44/index.js";
import { LogChecker, type DecodedMessage, type LogCheckOptions } from "../../runtime/checks/index.js";
import { at, executionReport, fromKraken, heartbeat, logon, message, newOrder, type MessageOptions } from "../cli/messages.js";

/** Kinds found in the log (as `kind@line`), lines being 1-based positions in `messages`. */
function check(messages: readonly string[], options: LogCheckOptions = {}): string[] {
  const checker = new LogChecker(options);
  const found: string[] = [];
  messages.forEach((raw, i) => {
    const result = decodeMessage(Buffer.from(raw, "latin1"));
    expect(result.errors.filter((e) => e.severity === "error")).toEqual([]);
    const position = { source: "test.log", line: i + 1 };
    for (const f of checker.observe(result.message as unknown as DecodedMessage, position)) found.push(`${f.kind}@${f.position?.line}`);
  });
  for (const f of checker.finish()) found.push(`${f.kind}@${f.position?.line}`);
  return found;
}

const replay = (seconds: number): MessageOptions => ({ header: [[43, "Y"], [122, at(seconds)]], time: at(8) });
const resendRequest = (seq: number, begin: number, end: number, options: MessageOptions = fromKraken()) =>
  message("2", seq, [[7, String(begin)], [16, String(end)]], options);
const gapFill = (seq: number, newSeqNo: number, options: MessageOptions = {}) => message("4", seq, [[123, "Y"], [36, String(newSeqNo)]], options);
const reset = (seq: number, newSeqNo: number) => message("4", seq, [[36, String(newSeqNo)]]);

describe("sequence checks", () => {
  it("sequence-gap: a skipped MsgSeqNum never resent", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(4)])).toEqual(["sequence-gap@3"]);
  });
  it("no gap when consecutive", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(3)])).toEqual([]);
  });
  it("no gap when the missing message is replayed after a ResendRequest", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(4), resendRequest(1, 3, 3), heartbeat(3, replay(3))])).toEqual([]);
  });
  it("no gap when a GapFill covers the missing numbers", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(5), resendRequest(1, 3, 4), gapFill(3, 5, replay(3))])).toEqual([]);
  });
  it("duplicate-seqnum: the same MsgSeqNum again without PossDupFlag", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(2)])).toEqual(["duplicate-seqnum@3"]);
  });
  it("no duplicate when the repeat carries PossDupFlag=Y", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(2, replay(2))])).toEqual([]);
  });
  it("possdup-without-origsendingtime", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(2, { header: [[43, "Y"]] })])).toEqual(["possdup-without-origsendingtime@3"]);
  });
  it("resend-unanswered: a ResendRequest range not replayed by the end of the log", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(3), resendRequest(1, 2, 3), heartbeat(4)])).toEqual(["resend-unanswered@4"]);
  });
  it("resend answered partly by replay and partly by GapFill", () => {
    const log = [logon(1), heartbeat(2), heartbeat(3), heartbeat(4), resendRequest(1, 2, 4), heartbeat(2, replay(2)), gapFill(3, 5, replay(3))];
    expect(check(log)).toEqual([]);
  });
  it("resend with EndSeqNo 0 is answered up to the last message sent", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(3), resendRequest(1, 2, 0), gapFill(2, 4, replay(2))])).toEqual([]);
    expect(check([logon(1), heartbeat(2), heartbeat(3), resendRequest(1, 2, 0), gapFill(2, 3, replay(2))])).toEqual(["resend-unanswered@4"]);
  });
  it("sequence-reset-backwards: Reset mode to a NewSeqNo below the next expected", () => {
    expect(check([logon(1), heartbeat(2), heartbeat(3), reset(4, 2)])).toEqual(["sequence-reset-backwards@4"]);
  });
  it("a SequenceReset forwards is fine", () => {
    expect(check([logon(1), heartbeat(2), reset(3, 10), heartbeat(10)])).toEqual([]);
  });
  it("sending-time-backwards", () => {
    expect(check([logon(1), heartbeat(2, { time: at(20) }), heartbeat(3, { time: at(10) })])).toEqual(["sending-time-backwards@3"]);
  });
  it("heartbeat-silence beyond HeartBtInt (30 s) plus 5 s tolerance", () => {
    expect(check([logon(1), heartbeat(2, { time: at(40) })])).toEqual(["heartbeat-silence@2"]);
    expect(check([logon(1), heartbeat(2, { time: at(35) })])).toEqual([]);
  });
  it("no heartbeat silence across a Logout and a new Logon", () => {
    expect(check([logon(1), message("5", 2), logon(3, { time: at(600) })])).toEqual([]);
  });
  it("the 22:00 UTC rollover may reset MsgSeqNum to 1", () => {
    const evening = Date.UTC(2026, 10, 24, 21, 58, 0);
    const log = [logon(1, { time: at(0, evening) }), heartbeat(2, { time: at(20, evening) }), logon(1, { time: at(200, evening) })];
    expect(check(log)).toEqual([]);
  });
  it("MsgSeqNum back to 1 far from 22:00 without ResetSeqNumFlag is a duplicate", () => {
    expect(check([logon(1), heartbeat(2), logon(1, { time: at(20) })])).toEqual(["duplicate-seqnum@3"]);
  });
  it("a Logon with ResetSeqNumFlag=Y restarts the sequence at any time", () => {
    const resetLogon = message("A", 1, [[98, "0"], [108, "30"], [141, "Y"]], { time: at(20) });
    expect(check([logon(1), heartbeat(2), resetLogon, heartbeat(2, { time: at(21) })])).toEqual([]);
  });
  it("directions are checked separately", () => {
    expect(check([logon(1), logon(1, fromKraken()), heartbeat(2), heartbeat(2, fromKraken())])).toEqual([]);
  });
  it("keeps many interleaved sessions and directions apart (more than the checker's recent routes)", () => {
    // Six sessions, both directions each: twelve streams in round robin, one gap in one of them.
    const pairs = Array.from({ length: 6 }, (_, i) => [`CLIENT${i}`, `KRAKEN-TRD${i}`] as const);
    const log: string[] = [];
    for (let seq = 1; seq <= 4; seq++) {
      for (const [client, kraken] of pairs) {
        const skip = client === "CLIENT4" && seq >= 3 ? 1 : 0;
        log.push(seq === 1 ? logon(1, { from: client, to: kraken }) : heartbeat(seq + skip, { from: client, to: kraken }));
        log.push(seq === 1 ? logon(1, { from: kraken, to: client }) : heartbeat(seq, { from: kraken, to: client }));
      }
    }
    // CLIENT4's third message (line 2 × (2 × 6) + 9 = 33) skips MsgSeqNum 3.
    expect(check(log)).toEqual(["sequence-gap@33"]);
  });
  it("keeps apart routes that share a sender, found among its recent routes", () => {
    // CLIENT talks to two gateways in turn (both routes stay among the recent ones); only the second skips a number.
    const to = (target: string) => ({ from: "CLIENT", to: target });
    const log = [logon(1, to("KRAKEN-A")), logon(1, to("KRAKEN-B"))];
    for (let seq = 2; seq <= 4; seq++) log.push(heartbeat(seq, to("KRAKEN-A")), heartbeat(seq === 4 ? 5 : seq, to("KRAKEN-B")));
    expect(check(log)).toEqual(["sequence-gap@8"]);
  });
});

describe("order checks", () => {
  const er = (seq: number, fields: Parameters<typeof executionReport>[1]) => executionReport(seq, fields, { time: at(seq + 0.5) });
  const newAck = (seq: number, id: string) => er(seq, { clOrdID: id, execID: `N${id}`, execType: "0", ordStatus: "0", cumQty: "0", leavesQty: "1" });
  const fill = (seq: number, id: string, cum: string, last: string, status = "1", leaves = String(1 - Number(cum))) =>
    er(seq, { clOrdID: id, execID: `F${id}-${seq}`, execType: "F", ordStatus: status, cumQty: cum, leavesQty: leaves, lastQty: last, lastPx: "50000" });

  it("clordid-reused in a session", () => {
    expect(check([logon(1), newOrder(2, "1700000000001"), newOrder(3, "1700000000001")])).toEqual(["order/clordid-reused@3"]);
    expect(check([logon(1), newOrder(2, "1700000000001"), newOrder(3, "1700000000002")])).toEqual([]);
  });
  it("drops closed orders every forgetClosedOrdersEvery order messages but still reports a reused ClOrdID", () => {
    const filled = (ours: number, theirs: number, id: string) => [newOrder(ours, id), newAck(theirs, id), fill(theirs + 1, id, "1", "1", "2", "0")];
    const log = [logon(1), logon(1, fromKraken()), ...filled(2, 2, "1700000000001"), ...filled(3, 4, "1700000000002"), newOrder(4, "1700000000001")];
    expect(check(log, { forgetClosedOrdersEvery: 2 })).toEqual(["order/clordid-reused@9"]);
    // An order is dropped only once that many order messages followed its close: a status report right after
    // the second order's first message still finds order 1; after the second order closed, it does not.
    const status = (seq: number) => er(seq, { clOrdID: "1700000000001", execID: `S${seq}`, execType: "I", ordStatus: "2", cumQty: "1", leavesQty: "0" });
    expect(check([...log.slice(0, 6), status(4)], { forgetClosedOrdersEvery: 2 })).toEqual([]);
    expect(check([...log.slice(0, 8), status(6)], { forgetClosedOrdersEvery: 2 })).toEqual(["order/unknown-order@9"]);
    expect(check([...log.slice(0, 8), status(6)])).toEqual([]);
  });
  it("a clean order life: new, partial fill, fill", () => {
    const log = [logon(1), logon(1, fromKraken()), newOrder(2, "1"), newAck(2, "1"), fill(3, "1", "0.4", "0.4"), fill(4, "1", "1", "0.6", "2")];
    expect(check(log)).toEqual([]);
  });
  it("fill-after-close", () => {
    const log = [logon(1), logon(1, fromKraken()), newOrder(2, "1"), newAck(2, "1"), fill(3, "1", "1", "1", "2"), fill(4, "1", "1.5", "0.5", "2", "0")];
    expect(check(log)).toContain("order/fill-after-close@6");
  });
  it("cum-qty-decreased", () => {
    const log = [logon(1), logon(1, fromKraken()), newOrder(2, "1"), newAck(2, "1"), fill(3, "1", "0.6", "0.6"), er(4, { clOrdID: "1", execID: "X", execType: "I", ordStatus: "1", cumQty: "0.4", leavesQty: "0.6" })];
    expect(check(log)).toContain("order/cum-qty-decreased@6");
  });
  it("quantity-mismatch: CumQty + LeavesQty ≠ OrderQty", () => {
    const log = [logon(1), logon(1, fromKraken()), newOrder(2, "1"), newAck(2, "1"), fill(3, "1", "0.4", "0.4", "1", "0.5")];
    expect(check(log)).toEqual(["order/quantity-mismatch@5"]);
  });
  it("last-qty-mismatch", () => {
    const log = [logon(1), logon(1, fromKraken()), newOrder(2, "1"), newAck(2, "1"), fill(3, "1", "0.4", "0.3")];
    expect(check(log)).toEqual(["order/last-qty-mismatch@5"]);
  });
  it("unknown-order only when the log starts with the session's Logon", () => {
    expect(check([logon(1), logon(1, fromKraken()), newAck(2, "9")])).toEqual(["order/unknown-order@3"]);
    expect(check([heartbeat(5), heartbeat(5, fromKraken()), newAck(6, "9")])).toEqual([]);
  });
  it("no unknown-order for cancels after a mass cancel of all orders (530=7)", () => {
    const massCancel = message("q", 2, [[11, "1700000000009"], [530, "7"], [60, at(2)]]);
    const canceled = er(2, { clOrdID: "5", execID: "C5", execType: "4", ordStatus: "4", cumQty: "0", leavesQty: "0" });
    expect(check([logon(1), logon(1, fromKraken()), massCancel, canceled])).toEqual([]);
  });
  it("no unknown-order for Restated catch-up reports", () => {
    const restated = er(2, { clOrdID: "5", execID: "R5", execType: "D", ordStatus: "0", cumQty: "0", leavesQty: "1" });
    expect(check([logon(1), logon(1, fromKraken()), restated])).toEqual([]);
  });
});
