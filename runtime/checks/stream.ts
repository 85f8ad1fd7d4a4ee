/**
 * The sequence checks of one direction of one session (messages from SENDER to TARGET): gaps, duplicates,
 * resets, SendingTime order and heartbeat silence. State is a few numbers plus the open gaps, so a log of any
 * length is checked in constant memory.
 */
import type { CheckFinding, CheckKind, LogPosition } from "./types.js";

/** Inclusive range of sequence numbers not seen yet. */
interface Gap {
  from: number;
  to: number;
  readonly position: LogPosition | undefined;
  /** MsgType of the message that revealed the gap. */
  readonly msgType: string;
}

/** What the stream needs to know of one message. */
export interface StreamMessage {
  readonly msgType: string;
  readonly seqNum: number | undefined;
  readonly possDup: boolean;
  readonly hasOrigSendingTime: boolean;
  /** SendingTime in epoch milliseconds, when present and valid. */
  readonly sendingTimeMs: number | undefined;
  /** Logon with ResetSeqNumFlag (141=Y). */
  readonly resetRequested: boolean;
  /** SequenceReset (35=4): GapFillFlag and NewSeqNo. */
  readonly gapFill: boolean;
  readonly newSeqNo: number | undefined;
  readonly position: LogPosition | undefined;
}

export interface StreamOptions {
  readonly heartbeatToleranceMs: number;
  readonly rolloverWindowMs: number;
  readonly maxOpenGaps: number;
}

const DAY_MS = 86_400_000;
const ROLLOVER_MS = 22 * 3_600_000;

export class DirectionStream {
  /** Next MsgSeqNum expected; undefined before the first message. */
  private expected: number | undefined;
  private lastSendingTimeMs: number | undefined;
  private readonly gaps: Gap[] = [];
  /** HeartBtInt (108) agreed at Logon, in ms; undefined outside a logged-on session. */
  heartbeatMs: number | undefined;

  constructor(
    readonly name: string,
    private readonly options: StreamOptions,
    private readonly report: (finding: CheckFinding) => void,
  ) {}

  /** The highest MsgSeqNum sent so far, for ResendRequests whose EndSeqNo is 0 (infinity). */
  get lastSent(): number | undefined {
    return this.expected === undefined ? undefined : this.expected - 1;
  }

  observe(message: StreamMessage): void {
    this.checkTime(message);
    if (message.possDup && !message.hasOrigSendingTime)
      this.flag("possdup-without-origsendingtime", message, "PossDupFlag=Y without OrigSendingTime (122)");
    const seq = message.seqNum;
    if (seq === undefined) return;
    if (this.isReset(message)) {
      // A new sequence: the old one's missing numbers can no longer be resent.
      this.closeGaps();
      this.expected = seq + 1;
      return;
    }
    if (message.msgType === "4") return this.sequenceReset(message, seq);
    if (this.expected === undefined || seq === this.expected) {
      this.expected = seq + 1;
      return;
    }
    if (seq > this.expected) {
      this.openGap(this.expected, seq - 1, message);
      this.expected = seq + 1;
      return;
    }
    if (message.possDup) this.fill(seq, seq);
    else this.flag("duplicate-seqnum", message, `MsgSeqNum ${seq} again (next expected ${this.expected}) without PossDupFlag=Y`);
  }

  /** Messages replayed or gap-filled in answer to a ResendRequest also close gaps. */
  private sequenceReset(message: StreamMessage, seq: number): void {
    const next = message.newSeqNo;
    if (next === undefined) return;
    const expected = this.expected ?? seq;
    if (next < expected && !(message.gapFill && message.possDup)) {
      this.flag("sequence-reset-backwards", message, `SequenceReset to NewSeqNo ${next}, below the next expected ${expected}`);
      return;
    }
    if (message.gapFill) this.fill(seq, next - 1);
    else this.fill(expected, next - 1);
    if (next > expected) {
      if (message.gapFill && seq > expected) this.openGap(expected, seq - 1, message);
      this.expected = next;
    }
  }

  /** Logon with 141=Y, or MsgSeqNum back to 1 within the window around Kraken's 22:00 UTC rollover. */
  private isReset(message: StreamMessage): boolean {
    if (message.resetRequested) return true;
    if (message.seqNum !== 1 || this.expected === undefined || this.expected <= 1) return false;
    const time = message.sendingTimeMs;
    if (time === undefined) return false;
    const sinceRollover = (((time - ROLLOVER_MS) % DAY_MS) + DAY_MS) % DAY_MS;
    return Math.min(sinceRollover, DAY_MS - sinceRollover) <= this.options.rolloverWindowMs;
  }

  private checkTime(message: StreamMessage): void {
    const time = message.sendingTimeMs;
    // Replays carry their original order in OrigSendingTime; their SendingTime is the resend's.
    if (time === undefined) return;
    const last = this.lastSendingTimeMs;
    if (last !== undefined && time < last && !message.possDup) {
      this.flag("sending-time-backwards", message, `SendingTime is ${last - time} ms earlier than the previous message's`);
    }
    if (last !== undefined && this.heartbeatMs !== undefined && message.msgType !== "A") {
      const silence = time - last;
      if (silence > this.heartbeatMs + this.options.heartbeatToleranceMs) {
        this.flag(
          "heartbeat-silence",
          message,
          `${(silence / 1000).toFixed(3)} s without a message (HeartBtInt ${this.heartbeatMs / 1000} s)`,
        );
      }
    }
    if (last === undefined || time > last) this.lastSendingTimeMs = time;
  }

  /** After a Logout the silence until the next Logon is not a missed heartbeat. */
  loggedOut(): void {
    this.heartbeatMs = undefined;
  }

  private openGap(from: number, to: number, revealedBy: StreamMessage): void {
    if (this.gaps.length >= this.options.maxOpenGaps) {
      const oldest = this.gaps.shift();
      if (oldest) this.reportGap(oldest);
    }
    this.gaps.push({ from, to, position: revealedBy.position, msgType: revealedBy.msgType });
  }

  /** Removes `from..to` from the open gaps. */
  fill(from: number, to: number): void {
    for (let i = this.gaps.length - 1; i >= 0; i--) {
      const gap = this.gaps[i]!;
      if (to < gap.from || from > gap.to) continue;
      const before = from > gap.from ? { ...gap, to: from - 1 } : undefined;
      const after = to < gap.to ? { ...gap, from: to + 1 } : undefined;
      this.gaps.splice(i, 1, ...[before, after].filter((g): g is Gap => g !== undefined));
    }
  }

  /** Reports the gaps still open: at the end of the log, or when the sequence restarts. */
  closeGaps(): void {
    for (const gap of this.gaps.splice(0)) this.reportGap(gap);
  }

  private reportGap(gap: Gap): void {
    const count = gap.to - gap.from + 1;
    const range = count === 1 ? `MsgSeqNum ${gap.from}` : `MsgSeqNum ${gap.from}..${gap.to} (${count} messages)`;
    const text = `${range} skipped and never resent or gap-filled`;
    this.report({ kind: "sequence-gap", stream: this.name, position: gap.position, seqNum: gap.to + 1, msgType: gap.msgType, text });
  }

  private flag(kind: CheckKind, message: StreamMessage, text: string): void {
    this.report({ kind, stream: this.name, position: message.position, seqNum: message.seqNum, msgType: message.msgType, text });
  }
}
