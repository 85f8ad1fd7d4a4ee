/** planResend: the answer to a ResendRequest, decided from the stored messages alone. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { DecodedObject } from "../../runtime/codec/decode.js";
import { planResend } from "../../runtime/session/resend-plan.js";
import type { ResendStep } from "../../runtime/session/resend-plan.js";

/** A stored message as decoded; `sendingTime: null` leaves SendingTime out. */
function stored(seqNum: number, msgType: string, sendingTime: string | null = `20261124-10:00:0${seqNum % 10}.000`) {
  const header: Record<string, unknown> = { msgSeqNum: seqNum, ...(sendingTime === null ? {} : { sendingTime }) };
  return { seqNum, message: { msgType, header, clOrdID: `c${seqNum}` } as unknown as DecodedObject };
}

const replayD = new Set(["D"]);

describe("planResend", () => {
  it("gap-fills admin and application messages by default, one run, and lists the application ones", () => {
    const plan = planResend(2, 5, [stored(2, "D"), stored(3, "0"), stored(4, "F"), stored(5, "1")], new Set());
    expect(plan.steps).toEqual([{ kind: "gapFill", seqNum: 2, newSeqNo: 6 }]);
    expect(plan.notResent).toEqual([
      { seqNum: 2, msgType: "D", body: { clOrdID: "c2" } },
      { seqNum: 4, msgType: "F", body: { clOrdID: "c4" } },
    ]);
  });

  it("resends opted-in types with their original SendingTime between gap fills", () => {
    const plan = planResend(1, 6, [stored(1, "A"), stored(2, "D"), stored(3, "0"), stored(4, "F"), stored(5, "D"), stored(6, "0")], replayD);
    expect(plan.steps).toEqual([
      { kind: "gapFill", seqNum: 1, newSeqNo: 2 },
      { kind: "resend", seqNum: 2, msgType: "D", body: { clOrdID: "c2" }, origSendingTime: "20261124-10:00:02.000" },
      { kind: "gapFill", seqNum: 3, newSeqNo: 5 },
      { kind: "resend", seqNum: 5, msgType: "D", body: { clOrdID: "c5" }, origSendingTime: "20261124-10:00:05.000" },
      { kind: "gapFill", seqNum: 6, newSeqNo: 7 },
    ]);
    expect(plan.notResent.map((m) => m.seqNum)).toEqual([4]);
  });

  it("covers numbers missing from the store, messages that do not decode, and an opted-in message without SendingTime", () => {
    const undecodable = { seqNum: 4, message: undefined };
    const plan = planResend(2, 8, [stored(3, "D"), undecodable, stored(5, "D", null), stored(7, "D")], replayD);
    expect(plan.steps).toEqual([
      { kind: "gapFill", seqNum: 2, newSeqNo: 3 },
      { kind: "resend", seqNum: 3, msgType: "D", body: { clOrdID: "c3" }, origSendingTime: "20261124-10:00:03.000" },
      { kind: "gapFill", seqNum: 4, newSeqNo: 7 },
      { kind: "resend", seqNum: 7, msgType: "D", body: { clOrdID: "c7" }, origSendingTime: "20261124-10:00:07.000" },
      { kind: "gapFill", seqNum: 8, newSeqNo: 9 },
    ]);
    expect(plan.notResent.map((m) => m.seqNum)).toEqual([5]);
  });

  it("gap-fills the whole range when the store holds nothing of it, and ignores entries outside it", () => {
    expect(planResend(3, 9, [], replayD).steps).toEqual([{ kind: "gapFill", seqNum: 3, newSeqNo: 10 }]);
    expect(planResend(3, 4, [stored(2, "D"), stored(5, "D")], replayD).steps).toEqual([{ kind: "gapFill", seqNum: 3, newSeqNo: 5 }]);
  });

  it("accounts for every number of the range exactly once, in order", () => {
    const entry = fc.record({ present: fc.boolean(), msgType: fc.constantFrom("0", "A", "D", "F", "G", "8"), dated: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(entry, { minLength: 1, maxLength: 40 }), fc.subarray(["D", "F", "G", "8"]), (begin, entries, replay) => {
        const end = begin + entries.length - 1;
        const store = entries.flatMap((e, i) => (e.present ? [stored(begin + i, e.msgType, e.dated ? "20261124-10:00:00.000" : null)] : []));
        const plan = planResend(begin, end, store, new Set(replay));
        let next = begin;
        let previous: ResendStep | undefined;
        for (const step of plan.steps) {
          expect(step.seqNum).toBe(next);
          if (step.kind === "gapFill") {
            expect(previous?.kind).not.toBe("gapFill"); // adjacent gap fills are merged
            expect(step.newSeqNo).toBeGreaterThan(step.seqNum);
            next = step.newSeqNo;
          } else {
            expect(replay).toContain(step.msgType);
            next = step.seqNum + 1;
          }
          previous = step;
        }
        expect(next).toBe(end + 1);
        const resent = plan.steps.filter((s) => s.kind === "resend").map((s) => s.seqNum);
        const apps = store.filter((s) => !["0", "A"].includes(s.message.msgType)).map((s) => s.seqNum);
        expect([...resent, ...plan.notResent.map((m) => m.seqNum)].sort((a, b) => a - b)).toEqual(apps);
      }),
    );
  });
});
