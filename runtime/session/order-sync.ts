/**
 * Keeps an OrderTracker in step with a session and reconciles it after a reconnect or rollover: every order
 * request the app sends and every ExecutionReport / BusinessMessageReject it receives goes to the tracker, and
 * `reconcile()` asks the venue for the state of each order the tracker still believes open (OrderStatusRequest,
 * answered by ExecutionReport 150=I). The answers reach the app's own ExecutionReport listeners as usual, and
 * the tracker, which turns a fill missed while disconnected into a catch-up fill.
 */
import type { MessageCodec, MessageInit } from "../codec/types.js";
import type { OrderTracker } from "../orders/order-tracker.js";
import type {
  ExecutionReportLike,
  NewOrderSingleLike,
  OrderCancelReplaceRequestLike,
  OrderCancelRequestLike,
  OrderMassCancelRequestLike,
  TrackedOrder,
} from "../orders/types.js";
import type { FixSession } from "./session.js";
import type { RejectEvent, SentMessage, SessionState } from "./session-types.js";

/** What an OrderStatusRequest needs; Kraken requires all three (FIX 4.4 also has Side). */
interface StatusRequestFields {
  readonly msgType: "H";
  clOrdID: string;
  orderID: string;
  symbol: string;
  side?: string;
}

export interface OrderSyncOptions {
  /** The tracker to keep in step; the app may read it at any time. */
  readonly tracker: OrderTracker;
  /** The dictionary's OrderStatusRequest codec, e.g. `kraken.OrderStatusRequest`. */
  readonly orderStatusRequest: MessageCodec<StatusRequestFields, unknown>;
  /** How long `reconcile()` waits for all answers. Default 10 s. */
  readonly timeoutMs?: number;
}

export interface ReconcileResult {
  /** Orders answered by an ExecutionReport 150=I; the tracker holds their reported state. */
  readonly answered: readonly TrackedOrder[];
  /** Orders whose OrderStatusRequest was refused (35=j or 35=3), e.g. "EOrder:Unknown order", with the reason. */
  readonly refused: readonly { readonly order: TrackedOrder; readonly text: string }[];
  /** Orders still unanswered when the timeout ran out, or whose request could not be sent. */
  readonly unanswered: readonly TrackedOrder[];
  /**
   * Open orders that cannot be asked about: never acknowledged, so no OrderID (which Kraken requires) or no
   * Symbol is known. The app decides (cancel by ClOrdID, mass cancel, or wait for a late report).
   */
  readonly notAsked: readonly TrackedOrder[];
}

/** Kraken names the refused request's ClOrdID in BusinessRejectRefID (379). */
interface BusinessRejectLike {
  readonly refMsgType?: string;
  readonly businessRejectRefID?: string;
  readonly text?: string;
}

const ORDER_REQUESTS: ReadonlySet<string> = new Set(["D", "F", "G"]);

/** One reconcile round: the orders asked about, by the MsgSeqNum of their OrderStatusRequest. */
interface Round {
  readonly bySeq: Map<number, TrackedOrder>;
  readonly answered: TrackedOrder[];
  readonly refused: { order: TrackedOrder; text: string }[];
  readonly done: () => void;
}

export class OrderSync<C> {
  private round: Round | undefined;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly session: FixSession<C>,
    private readonly options: OrderSyncOptions,
  ) {
    this.listen("sent", (message) => this.onSent(message));
    this.listen("notResent", (message) => this.onNotResent(message));
    this.listen("message", (message) => this.onMessage(message as { readonly msgType: string }));
    this.listen("reject", (event) => this.onSessionReject(event));
    this.listen("logon", () => options.tracker.onLogon());
    // No answer can come over a closed connection: end the round with what it has.
    this.listen("state", (state) => state === "disconnected" && this.round?.done());
  }

  get tracker(): OrderTracker {
    return this.options.tracker;
  }

  /** Stops following the session (a round in progress ends at once). */
  close(): void {
    for (const remove of this.listeners.splice(0)) remove();
    this.round?.done();
  }

  /**
   * Asks for the state of every open order with an OrderID and Symbol, one OrderStatusRequest each, and waits
   * until each is answered or refused, or the timeout runs out. One round at a time.
   */
  async reconcile(): Promise<ReconcileResult> {
    if (this.round) throw new Error("a reconcile round is already running");
    const open = this.tracker.openOrders();
    const askable = open.filter((order) => order.orderID !== undefined && order.symbol !== undefined && order.clOrdID !== undefined);
    const notAsked = open.filter((order) => !askable.includes(order));
    let done = (): void => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const round: Round = { bySeq: new Map(), answered: [], refused: [], done };
    this.round = round;
    const unsent: TrackedOrder[] = [];
    try {
      for (const order of askable) {
        const request = {
          clOrdID: order.clOrdID!,
          orderID: order.orderID!,
          symbol: order.symbol!,
          ...(order.side === undefined ? {} : { side: order.side }),
        } as MessageInit<StatusRequestFields>;
        const seq = await this.session.send(this.options.orderStatusRequest, request).catch(() => undefined);
        // `send` resolves once the request is written, before any answer can be read: no answer is missed.
        if (seq === undefined) unsent.push(order);
        else round.bySeq.set(seq, order);
      }
      if (round.bySeq.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.timeoutMs ?? 10_000)))]);
        clearTimeout(timer);
      }
    } finally {
      this.round = undefined;
    }
    return { answered: round.answered, refused: round.refused, unanswered: [...unsent, ...round.bySeq.values()], notAsked };
  }

  private listen(name: "sent" | "notResent", listener: (message: SentMessage) => void): void;
  private listen(name: "message", listener: (message: unknown) => void): void;
  private listen(name: "reject", listener: (event: RejectEvent) => void): void;
  private listen(name: "logon", listener: () => void): void;
  private listen(name: "state", listener: (state: SessionState) => void): void;
  private listen(name: "sent" | "notResent" | "message" | "reject" | "logon" | "state", listener: (value: never) => void): void {
    const session = this.session as unknown as {
      on(name: string, listener: (value: never) => void): void;
      off(name: string, listener: (value: never) => void): void;
    };
    session.on(name, listener);
    this.listeners.push(() => session.off(name, listener));
  }

  private onSent({ msgType, body }: SentMessage): void {
    const tracker = this.tracker;
    if (msgType === "D") tracker.onNewOrderSingle(body as unknown as NewOrderSingleLike);
    else if (msgType === "F") tracker.onCancelRequest(body as unknown as OrderCancelRequestLike);
    else if (msgType === "G") tracker.onCancelReplaceRequest(body as unknown as OrderCancelReplaceRequestLike);
    else if (msgType === "q") tracker.onMassCancelRequest(body as unknown as OrderMassCancelRequestLike);
  }

  /** A request the peer never processed (gap-filled on its ResendRequest) is as good as refused. */
  private onNotResent({ msgType, body }: SentMessage): void {
    const clOrdID = body["clOrdID"];
    if (ORDER_REQUESTS.has(msgType) && typeof clOrdID === "string") {
      this.tracker.onRequestRejected(clOrdID, "not delivered: gap-filled when the peer asked for it again");
    }
  }

  private onMessage(message: { readonly msgType: string }): void {
    if (message.msgType === "8") {
      const report = message as ExecutionReportLike;
      const { order } = this.tracker.onExecutionReport(report);
      if (order && report.execType === "I") this.settle(order, (round) => round.answered.push(order));
    } else if (message.msgType === "j") {
      // A refused OrderStatusRequest is settled through the session's reject event (onSessionReject).
      const reject = message as BusinessRejectLike;
      if (reject.refMsgType !== undefined && ORDER_REQUESTS.has(reject.refMsgType) && reject.businessRejectRefID) {
        this.tracker.onRequestRejected(reject.businessRejectRefID, reject.text ?? "BusinessMessageReject");
      }
    }
  }

  /** A Reject (35=3) or BusinessMessageReject (35=j) of one of this round's OrderStatusRequests. */
  private onSessionReject(event: RejectEvent): void {
    if (event.direction !== "received") return;
    const order = this.round?.bySeq.get(event.refSeqNum);
    if (order) this.settle(order, (round) => round.refused.push({ order, text: event.text }));
  }

  /** Records the answer for an order asked about in this round, and ends the round when none is left. */
  private settle(answered: TrackedOrder, record: (round: Round) => void): void {
    const round = this.round;
    if (!round) return;
    for (const [seq, order] of round.bySeq) {
      if (order !== answered) continue;
      round.bySeq.delete(seq);
      record(round);
      if (round.bySeq.size === 0) round.done();
      return;
    }
  }
}
