/** One problem in a report: a message that failed validation, or a finding of the cross-log checks. */
import type { FixError } from "../../runtime/codec/errors.js";
import type { CheckFinding } from "../../runtime/checks/types.js";

export interface Problem {
  readonly source: string;
  /** 0 when unknown (a finding about the whole log). */
  readonly line: number;
  readonly seqNum: number | undefined;
  /** Message name (`NewOrderSingle`), or the MsgType when the dictionary does not know it. */
  readonly message: string | undefined;
  readonly severity: "error" | "warning";
  /** FixError code (`RequiredTagMissing`) or check kind (`sequence-gap`). */
  readonly code: string;
  /** SessionRejectReason (373), for message problems that have one. */
  readonly reason: number | undefined;
  readonly tag: number | undefined;
  readonly tagName: string | undefined;
  /** `NoMDEntries[2].MDEntryPx` inside groups. */
  readonly path: string | undefined;
  /** `SENDER->TARGET` for cross-log findings. */
  readonly stream: string | undefined;
  readonly text: string;
}

export interface MessageContext {
  readonly source: string;
  readonly line: number;
  readonly seqNum: number | undefined;
  readonly message: string | undefined;
}

export function messageProblem(error: FixError, at: MessageContext): Problem {
  return {
    ...at,
    severity: error.severity,
    code: error.code,
    reason: error.reason,
    tag: error.tag,
    tagName: error.tagName,
    path: error.path,
    stream: undefined,
    text: error.text,
  };
}

export function checkProblem(finding: CheckFinding, nameOf: (msgType: string | undefined) => string | undefined): Problem {
  return {
    source: finding.position?.source ?? "",
    line: finding.position?.line ?? 0,
    seqNum: finding.seqNum,
    message: nameOf(finding.msgType),
    severity: "error",
    code: finding.kind,
    reason: undefined,
    tag: undefined,
    tagName: undefined,
    path: undefined,
    stream: finding.stream,
    text: finding.text,
  };
}
