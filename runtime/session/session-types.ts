/** The session's options and events: what an app configures and listens to. */
import type { DecodedObject } from "../codec/decode.js";
import type { ClockSkew, SkewThresholds } from "../kraken/clock-skew.js";
import type { RateCounter } from "../kraken/throttle.js";
import type { SessionLog } from "../log/session-log.js";
import type { MessageStore } from "../store/message-store.js";
import type { Protocol, ValidatorOptions } from "../validation/validator.js";
import type { Clock } from "./clock.js";
import type { AppMessageOf } from "./types.js";

export type SessionRole = "initiator" | "acceptor";
export type SessionState = "disconnected" | "awaitingLogon" | "logonSent" | "loggedOn" | "logoutSent";

/** What a Logon hook sees: the header the Logon will carry (Kraken signs over 34/49/56). */
export interface LogonContext {
  readonly msgSeqNum: number;
  readonly senderCompID: string;
  readonly targetCompID: string;
  readonly resetSeqNumFlag: boolean;
}

export interface SessionOptions<C> {
  readonly role: SessionRole;
  /** Dictionary and decoder: the generated `protocol` export. */
  readonly protocol: Protocol;
  /** A record of codecs, e.g. the generated module (`import * as kraken`): types `on`, `send` and `messages()`. */
  readonly codecs: C;
  readonly senderCompID: string;
  readonly targetCompID: string;
  readonly store: MessageStore;
  readonly log?: SessionLog;
  readonly clock?: Clock;
  /** HeartBtInt (108) in seconds that the initiator proposes. Default 30. The acceptor adopts the initiator's. */
  readonly heartBtInt?: number;
  /** Silence (in heartbeat intervals) before a TestRequest, and again before disconnecting. Default 1.2. */
  readonly testRequestFactor?: number;
  /** Wait for the answer to our Logout. Default 10 s. */
  readonly logoutTimeoutMs?: number;
  /** Wait for the Logon (acceptor) or its answer (initiator). Default 10 s. */
  readonly logonTimeoutMs?: number;
  /** Largest |SendingTime − now| accepted. Default 120 s; 0 turns the check off. */
  readonly maxLatencyMs?: number;
  /** Most messages asked for by one ResendRequest; 0 asks for everything. Default 2500. */
  readonly resendChunkSize?: number;
  /**
   * Most messages held while waiting for a gap to be filled (default 100,000). One more logs out and disconnects:
   * nothing is lost, as none of them was processed and the peer resends them after the reconnect, but memory stays
   * bounded when a peer never fills the gap.
   */
  readonly maxQueuedMessages?: number;
  /**
   * Most application messages a `messages()` iterator may hold unread (default 10,000). Beyond it the session
   * stops reading from the socket, so TCP pushes back on the peer instead of memory growing, and reads again once
   * every iterator is down to half. While paused it keeps sending heartbeats but does not judge the peer's
   * silence; a peer may still give up on a consumer that stays behind for long.
   */
  readonly messageBufferLimit?: number;
  /**
   * Application MsgTypes resent as they were (43=Y, 122) when the peer asks for them again. Every other
   * application message is gap-filled, as admin messages are: replaying a stale order could trade at a price
   * nobody wants any more. Each gap-filled application message is reported by a `notResent` event, so the app
   * knows it never reached the peer's application and can send it again under a new ClOrdID, or reconcile.
   */
  readonly replayMsgTypes?: readonly string[];
  /** When given, application MsgTypes outside this list get BusinessMessageReject 380=3. */
  readonly handledMsgTypes?: readonly string[];
  readonly validation?: ValidatorOptions;
  /** Extra Logon fields (Kraken: 553/554/5025 through `krakenLogon`). Called for each Logon we send. */
  readonly logonFields?: (context: LogonContext) => Record<string, unknown>;
  /** Acceptor: checks a Logon; returns a reason to refuse it (sent as Logout 58) or undefined to accept. */
  readonly verifyLogon?: (logon: DecodedObject) => string | undefined;
  /** Send 141=Y on every Logon. Default false. */
  readonly resetOnLogon?: boolean;
  readonly skewThresholds?: SkewThresholds;
  /**
   * Client-side mirror of Kraken's Spot rate counter: NewOrderSingle (add), OrderCancelReplaceRequest (amend) and
   * OrderCancelRequest (cancel) that would exceed it are refused with ThrottledError instead of being sent.
   */
  readonly throttle?: RateCounter;
  /**
   * Opt-in: application messages of these MsgTypes sent while not logged on wait (at most `maxMessages`, default
   * 100) and go out in order right after the next logon. Everything else, and anything beyond the bound, is
   * refused with NotLoggedOnError. Leave orders out unless a late order is acceptable to you.
   */
  readonly queueWhileDisconnected?: { readonly msgTypes: readonly string[]; readonly maxMessages?: number };
  /**
   * Opt-in, for latency: milliseconds the event loop keeps turning after each message in or out instead of
   * sleeping until the next socket event, so that an answer arriving meanwhile is read without waking a sleeping
   * thread (`runtime/session/busy-spin.ts`). Costs a core while it spins. Default 0 (off); 1 covers a round trip;
   * at most 100.
   */
  readonly busySpinMs?: number;
}

export interface RejectEvent {
  readonly direction: "sent" | "received";
  readonly msgType: string;
  readonly refSeqNum: number;
  readonly reason: number | undefined;
  readonly text: string;
}

export interface DisconnectInfo {
  readonly reason: string;
  /** Whether the Logout handshake completed (or was never needed because we were not logged on). */
  readonly clean: boolean;
}

export interface SessionEvents<C> {
  logon: [{ readonly resetSeqNum: boolean; readonly heartBtInt: number }];
  logout: [DisconnectInfo];
  reject: [RejectEvent];
  error: [Error];
  clockSkew: [ClockSkew];
  garbled: [{ readonly reason: string; readonly length: number }];
  rollover: [{ readonly at: number }];
  reconnect: [{ readonly attempt: number }];
  message: [AppMessageOf<C>];
  /** An application message we sent: in the store and written to the socket. */
  sent: [SentMessage];
  /** An application message the peer asked for again and got gap-filled (not in `replayMsgTypes`). */
  notResent: [SentMessage];
  state: [SessionState];
}

/** An application message of ours, as the app gave it to `send` (sent) or as decoded from the store (notResent). */
export interface SentMessage {
  readonly seqNum: number;
  readonly msgType: string;
  readonly body: Readonly<Record<string, unknown>>;
}

