/**
 * Checks that need more than one message: sequence numbers, resends, heartbeats and order life cycles, per
 * session (the SenderCompID/TargetCompID pair) and direction. Feed it every decoded message of a log in order;
 * `finish()` reports what can only be known at the end (gaps never filled, resends never answered).
 */
import { OrderTracker } from "../orders/order-tracker.js";
import type {
  ExecutionReportLike,
  NewOrderSingleLike,
  OrderCancelReplaceRequestLike,
  OrderMassCancelRequestLike,
} from "../orders/types.js";
import { parseUtcTimestamp } from "../codec/utc-timestamp.js";
import { venueOf } from "../validation/validator.js";
import { PendingResends } from "./resend.js";
import { DirectionStream, type StreamMessage, type StreamOptions } from "./stream.js";
import type { CheckFinding, DecodedMessage, LogCheckOptions, LogPosition } from "./types.js";

interface Direction {
  readonly stream: DirectionStream;
  /** ResendRequests this direction must answer. */
  readonly resends: PendingResends;
}

interface Session {
  readonly directions: Map<string, Direction>;
  /** Created on the first order message, with the fee model of the session's venue. */
  tracker: OrderTracker | undefined;
  /** How many of the tracker's anomalies were already reported. */
  anomaliesReported: number;
  /** Order messages seen since closed orders were last dropped. */
  orderMessages: number;
  /** Only a log that starts with the session's Logon knows every order, so only then are unknown orders flagged. */
  readonly fromLogon: boolean;
}

/** Where a message goes: its session and the directions it is sent in (`own`) and answered in (`peer`). */
interface Route {
  readonly sender: string;
  readonly target: string;
  readonly session: Session;
  readonly own: Direction;
  readonly peer: Direction;
}

const RECENT_ROUTES = 4;

export class LogChecker {
  private readonly sessions = new Map<string, Session>();
  private readonly recentRoutes: Route[] = [];
  private readonly found: CheckFinding[] = [];
  private readonly streamOptions: StreamOptions;
  private readonly forgetClosedEvery: number;

  constructor(options: LogCheckOptions = {}) {
    this.streamOptions = {
      heartbeatToleranceMs: (options.heartbeatToleranceSeconds ?? 5) * 1000,
      rolloverWindowMs: (options.rolloverWindowMinutes ?? 15) * 60_000,
      maxOpenGaps: options.maxOpenGaps ?? 1000,
    };
    this.forgetClosedEvery = options.forgetClosedOrdersEvery ?? 10_000;
  }

  /** Returns the findings this message caused (and hands them over: the checker keeps none). */
  observe(message: DecodedMessage, position?: LogPosition): CheckFinding[] {
    const header = message.header;
    const sender = text(header["senderCompID"]);
    const target = text(header["targetCompID"]);
    if (sender === undefined || target === undefined) return [];
    const { session, own, peer } = this.route(sender, target, message.msgType);
    const seqNum = number(header["msgSeqNum"]);
    const streamMessage: StreamMessage = {
      msgType: message.msgType,
      seqNum,
      possDup: header["possDupFlag"] === true,
      hasOrigSendingTime: header["origSendingTime"] !== undefined,
      sendingTimeMs: parseTime(header["sendingTime"]),
      resetRequested: message.msgType === "A" && message["resetSeqNumFlag"] === true,
      gapFill: message["gapFillFlag"] === true,
      newSeqNo: number(message["newSeqNo"]),
      position,
    };
    if (streamMessage.resetRequested) own.resends.close();
    own.stream.observe(streamMessage);
    if (seqNum !== undefined) {
      const coversTo = streamMessage.gapFill && streamMessage.newSeqNo !== undefined ? streamMessage.newSeqNo - 1 : seqNum;
      own.resends.answer(seqNum, coversTo, streamMessage.possDup || streamMessage.gapFill);
    }
    this.sessionLevel(message, session, own, peer, position, seqNum);
    // Nearly every message finds nothing: a literal then, not splice's new array and builtin call.
    return this.found.length === 0 ? [] : this.found.splice(0);
  }

  /** Findings known only at the end of the log. */
  finish(): CheckFinding[] {
    for (const session of this.sessions.values()) {
      for (const direction of session.directions.values()) {
        direction.stream.closeGaps();
        direction.resends.close();
      }
    }
    return this.found.splice(0);
  }

  private sessionLevel(
    message: DecodedMessage,
    session: Session,
    own: Direction,
    peer: Direction,
    position: LogPosition | undefined,
    seqNum: number | undefined,
  ): void {
    // Assigned, not spread: this runs for every message of a log.
    const at: { index: number; seqNum?: number } = { index: position?.line ?? 0 };
    if (seqNum !== undefined) at.seqNum = seqNum;
    switch (message.msgType) {
      case "A": {
        const seconds = number(message["heartBtInt"]);
        if (seconds !== undefined && seconds > 0) {
          own.stream.heartbeatMs = seconds * 1000;
          peer.stream.heartbeatMs = seconds * 1000;
        }
        return;
      }
      case "5":
        own.stream.loggedOut();
        peer.stream.loggedOut();
        return;
      case "2": {
        const begin = number(message["beginSeqNo"]);
        const end = number(message["endSeqNo"]);
        if (begin !== undefined && end !== undefined) peer.resends.request(begin, end, peer.stream.lastSent, position, seqNum);
        return;
      }
      case "D":
        this.tracker(session, message).onNewOrderSingle(message as unknown as NewOrderSingleLike, at);
        break;
      case "F":
        this.tracker(session, message).onCancelRequest(message as unknown as OrderCancelReplaceRequestLike, at);
        break;
      case "G":
        this.tracker(session, message).onCancelReplaceRequest(message as unknown as OrderCancelReplaceRequestLike, at);
        break;
      case "q":
        this.tracker(session, message).onMassCancelRequest(message as unknown as OrderMassCancelRequestLike, at);
        break;
      case "9":
      case "j": {
        const refID = text(message["clOrdID"]) ?? text(message["businessRejectRefID"]);
        if (refID !== undefined) this.tracker(session, message).onRequestRejected(refID);
        break;
      }
      case "8":
        this.tracker(session, message).onExecutionReport(message as unknown as ExecutionReportLike, at);
        break;
      default:
        return;
    }
    // Requests report ClOrdID reuse and reports the rest; the tracker lists both in `anomalies`.
    const anomalies = session.tracker?.anomalies ?? [];
    for (let i = session.anomaliesReported; i < anomalies.length; i++) {
      const anomaly = anomalies[i]!;
      const kind = `order/${anomaly.kind}` as const;
      this.found.push({ kind, stream: own.stream.name, position, seqNum, msgType: message.msgType, text: anomaly.text });
    }
    session.anomaliesReported = anomalies.length;
    if (++session.orderMessages >= this.forgetClosedEvery && session.tracker) {
      session.orderMessages = 0;
      session.tracker.forgetClosed({ keepClOrdIDs: true, closedFor: this.forgetClosedEvery });
    }
  }

  /**
   * The session and both directions of a message from `sender` to `target`. A log interleaves a few directions
   * (orders and reports, market data), so the last few routes are kept: comparing two short strings each is
   * cheaper than building a session key and hashing three fresh strings per message (bench/README.md).
   */
  private route(sender: string, target: string, msgType: string): Route {
    const recent = this.recentRoutes;
    for (let i = 0; i < recent.length; i++) {
      const route = recent[i]!;
      if (route.sender === sender && route.target === target) return route;
    }
    const session = this.session(sender, target, msgType);
    const route = { sender, target, session, own: this.direction(session, sender, target), peer: this.direction(session, target, sender) };
    if (recent.length === RECENT_ROUTES) recent.pop();
    recent.unshift(route);
    return route;
  }

  private tracker(session: Session, message: DecodedMessage): OrderTracker {
    if (session.tracker === undefined) {
      const feeModel = venueOf(message.header) === "derivatives" ? "per-trade" : "cumulative";
      // The checks report anomalies only: no fill history to keep alive.
      session.tracker = new OrderTracker({ feeModel, keepFills: false });
      if (session.fromLogon) session.tracker.onLogon();
    }
    return session.tracker;
  }

  private session(sender: string, target: string, msgType: string): Session {
    const key = sender < target ? `${sender}\u0000${target}` : `${target}\u0000${sender}`;
    let session = this.sessions.get(key);
    if (session === undefined) {
      session = { directions: new Map(), tracker: undefined, anomaliesReported: 0, orderMessages: 0, fromLogon: msgType === "A" };
      this.sessions.set(key, session);
    }
    return session;
  }

  private direction(session: Session, sender: string, target: string): Direction {
    let direction = session.directions.get(sender);
    if (direction === undefined) {
      const name = `${sender}->${target}`;
      const report = (finding: CheckFinding) => this.found.push(finding);
      direction = { stream: new DirectionStream(name, this.streamOptions, report), resends: new PendingResends(name, report) };
      session.directions.set(sender, direction);
    }
    return direction;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function parseTime(value: unknown): number | undefined {
  return typeof value === "string" ? parseUtcTimestamp(value) : undefined;
}
