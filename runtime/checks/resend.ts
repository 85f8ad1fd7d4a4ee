/**
 * ResendRequests waiting for their answer: the range must come back as replays (43=Y) or SequenceReset-GapFill,
 * in order, from the first requested number.
 */
import type { CheckFinding, LogPosition } from "./types.js";

interface PendingResend {
  /** Next sequence number the answer must cover. */
  next: number;
  /** Last number requested; Infinity for EndSeqNo 0 with nothing known of the sender's sequence. */
  readonly end: number;
  readonly begin: number;
  readonly position: LogPosition | undefined;
  readonly seqNum: number | undefined;
}

/** At most this many requests wait per direction; a peer that keeps asking is reported by its oldest ones. */
const MAX_PENDING = 100;

export class PendingResends {
  private readonly pending: PendingResend[] = [];

  /** `stream` is the direction that must answer (the requester's counterparty sending). */
  constructor(
    private readonly stream: string,
    private readonly report: (finding: CheckFinding) => void,
  ) {}

  request(begin: number, endSeqNo: number, lastSent: number | undefined, position: LogPosition | undefined, seqNum: number | undefined): void {
    const end = endSeqNo === 0 ? (lastSent ?? Infinity) : endSeqNo;
    if (end < begin) return;
    if (this.pending.length >= MAX_PENDING) this.unanswered(this.pending.shift()!);
    this.pending.push({ next: begin, end, begin, position, seqNum });
  }

  /** A message of the answering direction; `coversTo` is its last number (NewSeqNo − 1 for a GapFill). */
  answer(seqNum: number, coversTo: number, replay: boolean): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const request = this.pending[i]!;
      if (seqNum > request.next || coversTo < request.next) continue;
      request.next = coversTo + 1;
      // With EndSeqNo 0 and the end unknown, the first live message after the replays closes the range.
      if (request.next > request.end || (request.end === Infinity && !replay)) this.pending.splice(i, 1);
    }
  }

  /** Reports every request still open (end of the log, or a new sequence). */
  close(): void {
    for (const request of this.pending.splice(0)) this.unanswered(request);
  }

  private unanswered(request: PendingResend): void {
    const end = request.end === Infinity ? "0 (infinity)" : String(request.end);
    this.report({
      kind: "resend-unanswered",
      stream: this.stream,
      position: request.position,
      seqNum: request.seqNum,
      msgType: "2",
      text: `ResendRequest ${request.begin}..${end} answered only up to ${request.next - 1}`,
    });
  }
}
