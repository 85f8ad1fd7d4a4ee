/**
 * What to send in answer to a ResendRequest, decided from the stored messages alone (no I/O): runs of admin
 * messages, missing numbers and application messages not opted in to replay become SequenceReset-GapFill; opted-in
 * application messages are resent as they were. Kept apart from the session so the policy is testable by itself.
 */
import type { DecodedObject } from "../codec/decode.js";
import type { SentMessage } from "./session-types.js";

/** MsgTypes of the session layer: never delivered to the app, never replayed on a ResendRequest. */
export const ADMIN_TYPES: ReadonlySet<string> = new Set(["0", "1", "2", "3", "4", "5", "A"]);

export type ResendStep =
  /** SequenceReset-GapFill sent with MsgSeqNum `seqNum`, covering up to (not including) `newSeqNo`. */
  | { readonly kind: "gapFill"; readonly seqNum: number; readonly newSeqNo: number }
  | { readonly kind: "resend"; readonly seqNum: number; readonly msgType: string; readonly body: Record<string, unknown>; readonly origSendingTime: string };

export interface ResendPlan {
  readonly steps: readonly ResendStep[];
  /** Application messages covered by a gap fill instead of being resent. */
  readonly notResent: readonly SentMessage[];
}

/**
 * Plans the answer for begin..end (inclusive, end already clamped to the last number sent). `stored` holds the
 * stored messages of that range in MsgSeqNum order, decoded (undefined when a stored message does not decode).
 */
export function planResend(
  begin: number,
  end: number,
  stored: readonly { readonly seqNum: number; readonly message: DecodedObject | undefined }[],
  replayMsgTypes: ReadonlySet<string>,
): ResendPlan {
  const steps: ResendStep[] = [];
  const notResent: SentMessage[] = [];
  let gapStart: number | undefined;
  const closeGap = (upTo: number): void => {
    if (gapStart !== undefined) steps.push({ kind: "gapFill", seqNum: gapStart, newSeqNo: upTo });
    gapStart = undefined;
  };
  let next = begin;
  for (const { seqNum, message } of stored) {
    if (seqNum < next || seqNum > end) continue;
    if (seqNum > next) gapStart ??= next; // numbers missing from the store
    next = seqNum + 1;
    if (message === undefined || ADMIN_TYPES.has(message.msgType)) {
      gapStart ??= seqNum;
      continue;
    }
    const { header, msgType, ...body } = message;
    const origSendingTime = header["sendingTime"];
    if (replayMsgTypes.has(msgType) && typeof origSendingTime === "string") {
      closeGap(seqNum);
      steps.push({ kind: "resend", seqNum, msgType, body, origSendingTime });
    } else {
      gapStart ??= seqNum;
      notResent.push({ seqNum, msgType, body });
    }
  }
  if (next <= end) gapStart ??= next;
  closeGap(end + 1);
  return { steps, notResent };
}
