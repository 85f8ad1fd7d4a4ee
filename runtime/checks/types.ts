/** What the cross-log checks read and report. */

export type CheckKind =
  /** MsgSeqNum jumped ahead and the missing numbers were never replayed or gap-filled. */
  | "sequence-gap"
  /** A MsgSeqNum below the next expected one, without PossDupFlag (43=Y). */
  | "duplicate-seqnum"
  /** PossDupFlag=Y without OrigSendingTime (122). */
  | "possdup-without-origsendingtime"
  /** A ResendRequest whose range was not fully replayed (43=Y) or gap-filled by the end of the log. */
  | "resend-unanswered"
  /** A SequenceReset whose NewSeqNo (36) is below the next expected MsgSeqNum. */
  | "sequence-reset-backwards"
  /** SendingTime (52) earlier than the previous message's in the same direction. */
  | "sending-time-backwards"
  /** No message in one direction for longer than HeartBtInt plus the tolerance. */
  | "heartbeat-silence"
  /** An order anomaly from OrderTracker (`order/<kind>`), including ClOrdID reuse in a session. */
  | `order/${import("../orders/types.js").OrderAnomalyKind}`;

/** Where a message came from in the log, for reports. */
export interface LogPosition {
  readonly source: string;
  readonly line: number;
}

export interface CheckFinding {
  readonly kind: CheckKind;
  /** `SENDER->TARGET`: the direction the finding is about. */
  readonly stream: string;
  readonly position: LogPosition | undefined;
  readonly seqNum: number | undefined;
  /** MsgType of the message at `position` (the one that revealed the problem). */
  readonly msgType: string | undefined;
  readonly text: string;
}

export interface LogCheckOptions {
  /** Seconds of silence beyond HeartBtInt that are still fine. Default 5. */
  readonly heartbeatToleranceSeconds?: number;
  /** Minutes either side of 22:00 UTC in which a sequence reset to 1 is Kraken's daily rollover. Default 15. */
  readonly rolloverWindowMinutes?: number;
  /** Sequence gaps kept open per direction waiting for a resend; beyond it they are reported at once. Default 1000. */
  readonly maxOpenGaps?: number;
  /**
   * Closed orders are dropped from the order checks once this many order messages of their session followed their
   * close (default 10,000), so memory follows the open orders, not the length of the log. Their ClOrdIDs are kept,
   * so reuse is still reported; a report arriving that much later for a dropped order counts as one for an
   * unknown order.
   */
  readonly forgetClosedOrdersEvery?: number;
}

/** A decoded message as the decoder gives it: fields under camelCase names, header fields under `header`. */
export type DecodedMessage = Readonly<Record<string, unknown>> & {
  readonly msgType: string;
  readonly header: Readonly<Record<string, unknown>>;
};
