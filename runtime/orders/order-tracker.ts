/**
 * Follows orders through the requests sent and the ExecutionReports received, and reports what does not add up.
 * One implementation serves trading apps, log checks and the simulator's tests. All quantities are FIX decimal
 * strings and all arithmetic is exact (runtime/codec/decimal.ts).
 *
 * Lookup of a report's order, in order of trust: OrderID (37, assigned by the exchange), then ClOrdID (11), then
 * OrigClOrdID (41). A ClOrdID chain grows when the exchange confirms an amend or cancel by reporting its ClOrdID.
 */
import { addDecimal, compareDecimal, compareSum, isDecimal, subtractDecimal } from "../codec/decimal.js";
import type { Decimal } from "../codec/types.js";
import { ClOrdIDMemory } from "./clordid-memory.js";
import { OrderFees, sumFees } from "./fees.js";
import { ownCopy } from "./own-copy.js";
import {
  ExecType,
  OrdStatus,
  impossibleLiveTransition,
  isPendingStatus,
  isTerminalStatus,
  ordStatusName,
} from "./status.js";
import type {
  EventContext,
  ExecutionReportLike,
  ExecutionReportResult,
  FeeAmount,
  FeeModel,
  Fill,
  NewOrderSingleLike,
  OrderAnomaly,
  OrderAnomalyKind,
  OrderCancelReplaceRequestLike,
  OrderCancelRequestLike,
  OrderMassCancelRequestLike,
  OrderTotals,
  PendingRequest,
  TrackedOrder,
} from "./types.js";

export interface OrderTrackerOptions {
  /** Kraken Spot: "cumulative"; Kraken Derivatives: "per-trade". */
  readonly feeModel: FeeModel;
  /**
   * Default true. False keeps no fill history: orders' `fills` stay empty and `totals()` counts no fills (reports
   * still return their fill). For checks that need only the anomalies: fills were most of what a closed order
   * kept alive until forgetClosed dropped it, and the log checks' garbage collector copied all of it.
   */
  readonly keepFills?: boolean;
}

const ZERO = "0" as Decimal;

/** The tracker's own record of an order; handed out as a read-only TrackedOrder. */
class OrderState implements TrackedOrder {
  clOrdID: string | undefined;
  readonly clOrdIDs: string[];
  orderID?: string;
  symbol?: string;
  side?: string;
  price?: string;
  orderQty?: string;
  ordStatus?: string;
  lastExecType?: string;
  cumQty: Decimal = ZERO;
  leavesQty?: string;
  avgPx?: string;
  closed = false;
  /** The tracker's event count when the order closed (see forgetClosed's `closedFor`). */
  closedAt = 0;
  readonly fills: Fill[] = [];
  pending: PendingRequest[] = [];
  text?: string;
  /** False until a request or report tells the order's state: reports are then compared with nothing. */
  stateKnown: boolean;
  /**
   * ExecIDs of the reports applied, to recognise a report seen before: a short list, a Set once it is long. An
   * empty Set cost more than the rest of a new order together (~0.5 µs), and most orders get two or three reports.
   */
  #execIDs: string[] | Set<string> | undefined;
  readonly feeLedger: OrderFees;

  /** `clOrdID`: the order's first ClOrdID, when known at its creation. */
  constructor(
    readonly origin: "request" | "report",
    feeModel: FeeModel,
    stateKnown: boolean,
    clOrdID?: string,
  ) {
    this.stateKnown = stateKnown;
    this.feeLedger = new OrderFees(feeModel);
    this.clOrdID = clOrdID;
    // A literal holds its one element; a push onto an empty array makes room for 17, kept as long as the order.
    this.clOrdIDs = clOrdID === undefined ? [] : [clOrdID];
  }

  get fees(): readonly FeeAmount[] {
    return this.feeLedger.amounts;
  }

  /** This order's own copy of `clOrdID` (in its chain or a pending request), undefined when it has none. */
  ownClOrdID(clOrdID: string): string | undefined {
    const known = this.clOrdIDs.indexOf(clOrdID);
    return known >= 0 ? this.clOrdIDs[known] : this.pending.find((request) => request.clOrdID === clOrdID)?.clOrdID;
  }

  hasExecID(execID: string): boolean {
    const known = this.#execIDs;
    return known === undefined ? false : Array.isArray(known) ? known.includes(execID) : known.has(execID);
  }

  /** `execID` is the tracker's own copy (see own-copy.ts). */
  addExecID(execID: string): void {
    const known = this.#execIDs;
    if (known === undefined) this.#execIDs = [execID];
    else if (!Array.isArray(known)) known.add(execID);
    // A new list of the exact length (concat): a push, or a spread into a literal, reserves ~16 slots more (200 bytes
    // for two ExecIDs, against 73), kept as long as the order.
    else if (known.length < LISTED_EXEC_IDS) this.#execIDs = known.concat(execID);
    else this.#execIDs = new Set(known).add(execID);
  }

  /** `clOrdID` is the tracker's own copy (never a view into a message: see own-copy.ts). */
  confirmClOrdID(clOrdID: string): void {
    if (this.pending.length > 0) this.pending = this.pending.filter((request) => request.clOrdID !== clOrdID);
    if (!this.clOrdIDs.includes(clOrdID)) this.clOrdIDs.push(clOrdID);
    this.clOrdID = clOrdID;
  }
}

/** The numeric fields of a report, checked: a value that is not a decimal is reported and left out (undefined). */
interface ReportNumbers {
  readonly orderQty: Decimal | undefined;
  readonly cumQty: Decimal | undefined;
  readonly leavesQty: Decimal | undefined;
  readonly avgPx: Decimal | undefined;
  readonly lastQty: Decimal | undefined;
  readonly lastPx: Decimal | undefined;
  readonly price: Decimal | undefined;
}

export class OrderTracker {
  private readonly feeModel: FeeModel;
  private readonly keepFills: boolean;
  private readonly all: OrderState[] = [];
  private readonly byClOrdID = new Map<string, OrderState>();
  private readonly byOrderID = new Map<string, OrderState>();
  /** Every ClOrdID sent or reported, with what it named, to detect reuse. */
  private readonly usedClOrdIDs = new ClOrdIDMemory();
  private readonly massCancelClOrdIDs = new Set<string>();
  /** Symbols of the mass cancels sent; undefined stands for "all symbols". */
  private readonly massCancelScopes: (string | undefined)[] = [];
  private readonly found: OrderAnomaly[] = [];
  private sawLogon = false;
  private events = 0;
  /** The report onExecutionReport is checking and where it is, for `flag`. */
  private checking: ExecutionReportLike = NO_REPORT;
  private checkingAt: Position = { index: 0 };

  constructor(options: OrderTrackerOptions) {
    if (options.feeModel !== "cumulative" && options.feeModel !== "per-trade") {
      throw new RangeError(`feeModel must be "cumulative" or "per-trade", got ${JSON.stringify(options.feeModel)}`);
    }
    this.feeModel = options.feeModel;
    this.keepFills = options.keepFills ?? true;
  }

  /** Every anomaly found so far, in order. */
  get anomalies(): readonly OrderAnomaly[] {
    return this.found;
  }

  /**
   * Tells the tracker that it follows the session from its Logon, so every order of the session is known to it:
   * reports for orders it does not know become "unknown-order" anomalies (except cancels after a mass cancel
   * and Restated catch-ups, which may concern orders of other sessions).
   */
  onLogon(): void {
    this.sawLogon = true;
  }

  onNewOrderSingle(request: NewOrderSingleLike, context: EventContext = {}): TrackedOrder {
    const at = this.position(context);
    // No order to name in a reuse anomaly: a new one has no OrderID yet.
    const clOrdID = this.checkClOrdIDUnused(request.clOrdID, "NewOrderSingle", at, undefined);
    const order = new OrderState("request", this.feeModel, true, clOrdID);
    if (request.symbol !== undefined) order.symbol = ownCopy(request.symbol);
    order.side = request.side;
    if (request.orderQty !== undefined) order.orderQty = ownCopy(request.orderQty);
    if (request.price !== undefined) order.price = ownCopy(request.price);
    this.all.push(order);
    this.byClOrdID.set(clOrdID, order);
    return order;
  }

  onCancelRequest(request: OrderCancelRequestLike, context: EventContext = {}): TrackedOrder {
    return this.addPendingRequest("cancel", request, context);
  }

  onCancelReplaceRequest(request: OrderCancelReplaceRequestLike, context: EventContext = {}): TrackedOrder {
    return this.addPendingRequest("replace", request, context);
  }

  /** Cancels of orders the tracker does not know are expected after this (other sessions' orders, 530=7). */
  onMassCancelRequest(request: OrderMassCancelRequestLike, context: EventContext = {}): void {
    const at = this.position(context);
    this.massCancelClOrdIDs.add(this.checkClOrdIDUnused(request.clOrdID, "OrderMassCancelRequest", at, undefined));
    this.massCancelScopes.push(request.symbol === undefined ? undefined : ownCopy(request.symbol));
  }

  /**
   * A request was refused before reaching the order (Kraken answers failed cancels and amends with 35=j, and
   * names the request's ClOrdID in BusinessRejectRefID 379). A refused NewOrderSingle closes its order; a
   * refused cancel or amend is no longer pending. Returns the order concerned, if known.
   */
  onRequestRejected(clOrdID: string, text?: string): TrackedOrder | undefined {
    const order = this.byClOrdID.get(clOrdID);
    if (order === undefined) return undefined;
    if (order.pending.some((request) => request.clOrdID === clOrdID)) {
      order.pending = order.pending.filter((request) => request.clOrdID !== clOrdID);
    } else if (order.ordStatus === undefined && order.clOrdID === clOrdID) {
      this.close(order);
    }
    if (text !== undefined) order.text = ownCopy(text);
    return order;
  }

  onExecutionReport(report: ExecutionReportLike, context: EventContext = {}): ExecutionReportResult {
    const at = this.position(context);
    const firstAnomaly = this.found.length;
    this.checking = report;
    this.checkingAt = at;
    try {
      return this.checkReport(report, at, firstAnomaly);
    } catch (error) {
      // A report that throws (a caller's value of the wrong type) adds none of the anomalies found before the throw.
      this.found.length = firstAnomaly;
      throw error;
    } finally {
      // Not kept past the report: it may be a whole decoded message.
      this.checking = NO_REPORT;
    }
  }

  private checkReport(report: ExecutionReportLike, at: Position, firstAnomaly: number): ExecutionReportResult {
    const numbers = this.readNumbers(report);
    let order = this.findOrder(report);
    if (order === undefined) {
      if (report.clOrdID === undefined && report.orderID === undefined) {
        this.flag("unknown-order", "the report carries neither ClOrdID nor OrderID");
        return { anomalies: this.anomaliesSince(firstAnomaly), duplicate: false };
      }
      order = new OrderState("report", this.feeModel, false);
      this.all.push(order);
      if (this.expectsKnownOrder(report))
        this.flag("unknown-order", "no order of this session has these identifiers", order);
    }
    if (report.execID !== undefined && order.hasExecID(report.execID)) {
      return { order, anomalies: this.anomaliesSince(firstAnomaly), duplicate: true };
    }
    this.linkIdentifiers(order, report);

    const progress = this.checkProgress(order, report, numbers, at);
    this.checkStatus(order, report, progress);
    this.checkQuantities(order, report, numbers);
    const fees = this.applyFees(order, report, progress !== undefined);
    // Objects built by assignment, not spreads of objects of changing shapes: those cost a slow copy per report
    // (~0.6 µs in the validate command's profile).
    if (progress !== undefined) {
      progress.fees = fees;
      if (this.keepFills) order.fills.push(progress);
    }
    this.update(order, report, numbers);
    const anomalies = this.anomaliesSince(firstAnomaly);
    return progress === undefined
      ? { order, anomalies, duplicate: false }
      : { order, fill: progress, anomalies, duplicate: false };
  }

  /**
   * Records an anomaly of the report being checked (`checking`, `checkingAt`). A method reading the report from
   * fields rather than a closure made per report: every report of a log goes through here.
   */
  private flag(kind: OrderAnomalyKind, text: string, order?: OrderState): void {
    this.found.push(this.anomaly(kind, this.checkingAt, text, order, this.checking));
  }

  /**
   * Every report's numbers, in one object of one shape, by named loads: a loop over the field names made a keyed
   * load and store per field (~6 % of the log checks' time). Invalid values are reported in this order.
   */
  private readNumbers(report: ExecutionReportLike): ReportNumbers {
    return {
      orderQty: this.checkedDecimal(report.orderQty, "OrderQty (38)"),
      cumQty: this.checkedDecimal(report.cumQty, "CumQty (14)"),
      leavesQty: this.checkedDecimal(report.leavesQty, "LeavesQty (151)"),
      avgPx: this.checkedDecimal(report.avgPx, "AvgPx (6)"),
      lastQty: this.checkedDecimal(report.lastQty, "LastQty (32)"),
      lastPx: this.checkedDecimal(report.lastPx, "LastPx (31)"),
      price: this.checkedDecimal(report.price, "Price (44)"),
    };
  }

  private checkedDecimal(value: string | undefined, label: string): Decimal | undefined {
    if (value === undefined || isDecimal(value)) return value;
    this.flag("invalid-value", `${label} ${JSON.stringify(value)} is not a decimal`);
    return undefined;
  }

  /** The anomalies found from index `first` on: a fresh list, or a shared empty one when there are none. */
  private anomaliesSince(first: number): readonly OrderAnomaly[] {
    return this.found.length === first ? NO_ANOMALIES : this.found.slice(first);
  }

  /** The order named by any of its ClOrdIDs (confirmed or pending). */
  order(clOrdID: string): TrackedOrder | undefined {
    return this.byClOrdID.get(clOrdID);
  }

  orderByOrderID(orderID: string): TrackedOrder | undefined {
    return this.byOrderID.get(orderID);
  }

  /** All orders, in the order they became known. */
  orders(): readonly TrackedOrder[] {
    return this.all;
  }

  /** Orders not closed: live ones and those sent but not answered yet. */
  openOrders(): TrackedOrder[] {
    return this.all.filter((order) => !order.closed);
  }

  /**
   * Drops closed orders and the identifiers naming them, so that a long-running app's memory follows its open
   * orders, not its history. Afterwards `orders()` and `totals()` cover only the orders kept, a late report for a
   * dropped order is treated as one for an order never seen, and a dropped ClOrdID may be used again without an
   * anomaly — unless `keepClOrdIDs` keeps the ClOrdIDs (a few dozen bytes each, against ~1 kB per order), so that
   * reuse is still reported. `closedFor` keeps orders closed fewer than that many events ago (requests and
   * reports), so a late report for them is still checked against them. Returns how many orders were dropped.
   */
  forgetClosed(options: { readonly keepClOrdIDs?: boolean; readonly closedFor?: number } = {}): number {
    const before = this.all.length;
    const closedFor = options.closedFor ?? 0;
    const dropped = (order: OrderState): boolean => order.closed && this.events - order.closedAt >= closedFor;
    const kept = this.all.filter((order) => !dropped(order));
    this.all.length = 0; // not splice(…, ...kept): spreading 100k+ orders as arguments overflows the stack
    for (const order of kept) this.all.push(order);
    // forEach, not for…of: no [key, value] array per entry (a log's checks run this every 10,000 messages).
    this.byClOrdID.forEach((order, clOrdID) => {
      if (!dropped(order)) return;
      this.byClOrdID.delete(clOrdID);
      if (options.keepClOrdIDs === true) this.usedClOrdIDs.set(clOrdID, USED_BY_DROPPED_ORDER);
      else this.usedClOrdIDs.delete(clOrdID);
    });
    this.byOrderID.forEach((order, orderID) => {
      if (dropped(order)) this.byOrderID.delete(orderID);
    });
    return before - kept.length;
  }

  private close(order: OrderState): void {
    order.closed = true;
    order.closedAt = this.events;
  }

  totals(): OrderTotals {
    const filled = new Map<string, { symbol?: string; side?: string; qty: Decimal }>();
    let fills = 0;
    let catchUpFills = 0;
    for (const order of this.all) {
      fills += order.fills.length;
      catchUpFills += order.fills.filter((fill) => fill.kind === "catch-up").length;
      if (compareDecimal(order.cumQty, ZERO) <= 0) continue;
      const key = `${order.symbol ?? ""}\u0000${order.side ?? ""}`;
      const previous = filled.get(key);
      filled.set(key, {
        ...(order.symbol === undefined ? {} : { symbol: order.symbol }),
        ...(order.side === undefined ? {} : { side: order.side }),
        qty: previous === undefined ? order.cumQty : addDecimal(previous.qty, order.cumQty),
      });
    }
    return {
      orders: this.all.length,
      openOrders: this.all.filter((order) => !order.closed).length,
      fills,
      catchUpFills,
      fees: sumFees(this.all.map((order) => order.fees)),
      filled: [...filled.values()],
      anomalies: this.found.length,
    };
  }

  private addPendingRequest(
    kind: PendingRequest["kind"],
    request: OrderCancelReplaceRequestLike,
    context: EventContext,
  ): TrackedOrder {
    const at = this.position(context);
    let order =
      (request.orderID === undefined ? undefined : this.byOrderID.get(request.orderID)) ??
      (request.origClOrdID === undefined ? undefined : this.byClOrdID.get(request.origClOrdID));
    if (order === undefined) {
      // An order this tracker has not seen (e.g. placed before it started): follow it from now on.
      const origClOrdID = request.origClOrdID === undefined ? undefined : ownCopy(request.origClOrdID);
      order = new OrderState("request", this.feeModel, false, origClOrdID);
      if (origClOrdID !== undefined) this.byClOrdID.set(origClOrdID, order);
      if (request.orderID !== undefined) this.setOrderID(order, request.orderID);
      if (request.symbol !== undefined) order.symbol = ownCopy(request.symbol);
      order.side = request.side;
      this.all.push(order);
    }
    const clOrdID = this.checkClOrdIDUnused(
      request.clOrdID,
      kind === "cancel" ? "OrderCancelRequest" : "OrderCancelReplaceRequest",
      at,
      order,
    );
    order.pending.push({
      kind,
      clOrdID,
      ...(request.orderQty === undefined ? {} : { orderQty: ownCopy(request.orderQty) }),
      ...(request.price === undefined ? {} : { price: ownCopy(request.price) }),
    });
    this.byClOrdID.set(clOrdID, order);
    return order;
  }

  private findOrder(report: ExecutionReportLike): OrderState | undefined {
    const { clOrdID, orderID } = report;
    const named =
      clOrdID === undefined || this.massCancelClOrdIDs.has(clOrdID) ? undefined : this.byClOrdID.get(clOrdID);
    const byOrderID = orderID === undefined ? undefined : this.byOrderID.get(orderID);
    if (byOrderID !== undefined) {
      if (named !== undefined && named !== byOrderID && named.orderID !== undefined && clOrdID !== undefined) {
        this.flag("clordid-reused", `ClOrdID ${clOrdID} names order ${named.orderID} and now order ${orderID}`, byOrderID);
        this.byClOrdID.set(clOrdID, byOrderID);
      }
      return byOrderID;
    }
    if (named !== undefined) {
      if (orderID !== undefined && named.orderID !== undefined && named.orderID !== orderID) {
        // The exchange reports a new order under a ClOrdID that already names another one.
        const order = new OrderState("report", this.feeModel, false);
        this.all.push(order);
        this.flag("clordid-reused", `ClOrdID ${clOrdID} names order ${named.orderID} and now order ${orderID}`, order);
        return order;
      }
      return named;
    }
    const previous = report.origClOrdID === undefined ? undefined : this.byClOrdID.get(report.origClOrdID);
    // An OrderID that differs from the one OrigClOrdID names means another order: leave it unlinked.
    if (previous !== undefined && (orderID === undefined || previous.orderID === undefined)) return previous;
    return undefined;
  }

  /** Records the report's OrderID and ClOrdID on the order, confirming a pending cancel or amend. */
  private linkIdentifiers(order: OrderState, report: ExecutionReportLike): void {
    if (report.orderID !== undefined && order.orderID === undefined) this.setOrderID(order, report.orderID);
    const reported = report.clOrdID;
    if (reported === undefined || this.massCancelClOrdIDs.has(reported)) return;
    // What the order and the maps keep is a copy, never the report's view of its message (see own-copy.ts).
    const clOrdID = order.ownClOrdID(reported) ?? ownCopy(reported);
    this.byClOrdID.set(clOrdID, order);
    if (!this.usedClOrdIDs.has(clOrdID)) this.usedClOrdIDs.set(clOrdID, describeReportedOrder(order));
    // Pending Replace / Pending Cancel: the exchange has the request but has not applied it yet.
    if (isPendingStatus(report.execType, report.ordStatus)) return;
    order.confirmClOrdID(clOrdID);
  }

  /**
   * Compares the report's CumQty with what the order had and returns the fill it adds (without fees), if any.
   * Orders first seen in this report have nothing to compare with: only their Trade reports count as fills.
   */
  private checkProgress(
    order: OrderState,
    report: ExecutionReportLike,
    numbers: ReportNumbers,
    at: Position,
  ): FillDraft | undefined {
    const isTrade = report.execType === ExecType.Trade;
    const before = order.cumQty;
    const after =
      numbers.cumQty ?? (isTrade && numbers.lastQty !== undefined ? addDecimal(before, numbers.lastQty) : before);
    // The rise (after − before) is written out only where it is kept or shown: most reports need just its sign
    // and whether it equals LastQty, which compare without a string per report.
    const riseSign = compareDecimal(after, before);
    let qty: Decimal | undefined;
    if (isTrade) {
      qty = numbers.lastQty ?? (order.stateKnown && riseSign > 0 ? subtractDecimal(after, before) : undefined);
      if (order.stateKnown && riseSign >= 0) {
        if (numbers.lastQty === undefined) {
          this.flag(
            "last-qty-mismatch",
            `Trade report without LastQty; CumQty rose by ${subtractDecimal(after, before)} (${before} → ${after})`,
            order,
          );
        } else if (compareSum(before, numbers.lastQty, after) !== 0) {
          this.flag(
            "last-qty-mismatch",
            `LastQty ${numbers.lastQty} but CumQty rose by ${subtractDecimal(after, before)} (${before} → ${after})`,
            order,
          );
        }
      }
      if (order.closed && qty !== undefined) {
        this.flag("fill-after-close", `Trade of ${qty} after the order was ${closedAs(order)}`, order);
      }
    } else if (order.stateKnown && riseSign > 0) {
      qty = subtractDecimal(after, before);
      if (report.execType !== ExecType.Restated && report.execType !== ExecType.OrderStatus) {
        this.flag(
          "unreported-fill",
          `CumQty rose by ${qty} (${before} → ${after}) on ExecType ${report.execType ?? "(none)"}`,
          order,
        );
      }
    }
    if (order.stateKnown && riseSign < 0) {
      this.flag("cum-qty-decreased", `CumQty went down from ${before} to ${after}`, order);
    }
    if (qty === undefined || signOf(qty) <= 0) return undefined;
    const cumQty = riseSign > 0 ? after : before;
    // Keys in the order fills have always had (what JSON and console output show); fees are set last.
    // A fill the order keeps has copies of the report's texts (see own-copy.ts); one only handed back needs none.
    const keep = this.keepFills ? ownCopy : asIs;
    const fill = { index: at.index } as FillDraft;
    if (at.seqNum !== undefined) fill.seqNum = at.seqNum;
    if (report.execID !== undefined) fill.execID = keep(report.execID);
    fill.kind = isTrade ? "trade" : "catch-up";
    fill.qty = keep(qty);
    if (numbers.lastPx !== undefined) fill.price = keep(numbers.lastPx);
    fill.cumQty = keep(order.stateKnown ? cumQty : after);
    if (report.transactTime !== undefined) fill.transactTime = keep(report.transactTime);
    fill.fees = NO_FEES;
    return fill;
  }

  private checkStatus(
    order: OrderState,
    report: ExecutionReportLike,
    fill: FillDraft | undefined,
  ): void {
    const next = report.ordStatus;
    if (next === undefined || !order.stateKnown) return;
    if (order.closed) {
      // A trade after close is already reported as such; a repeat of the closing status is harmless.
      const tradeReported = fill?.kind === "trade";
      if (next !== order.ordStatus && !tradeReported) {
        this.flag("impossible-transition", `${ordStatusName(next)} after the order was ${closedAs(order)}`, order);
      }
      return;
    }
    const reason = impossibleLiveTransition(order.ordStatus, next);
    if (reason !== undefined) {
      this.flag("impossible-transition", `${ordStatusName(next)} after ${ordStatusName(order.ordStatus)}: ${reason}`, order);
    }
  }

  /** CumQty + LeavesQty = OrderQty must hold on a live order (not while a replace is pending: either size applies). */
  private checkQuantities(
    order: OrderState,
    report: ExecutionReportLike,
    numbers: ReportNumbers,
  ): void {
    const status = report.ordStatus;
    if (status === undefined || isTerminalStatus(status) || status === OrdStatus.PendingReplace) return;
    const orderQty =
      numbers.orderQty ?? (order.orderQty !== undefined && isDecimal(order.orderQty) ? order.orderQty : undefined);
    const { cumQty, leavesQty } = numbers;
    if (orderQty === undefined || cumQty === undefined || leavesQty === undefined) return;
    if (compareSum(cumQty, leavesQty, orderQty) !== 0) {
      this.flag(
        "quantity-mismatch",
        `CumQty ${cumQty} + LeavesQty ${leavesQty} ≠ OrderQty ${orderQty} on a ${ordStatusName(status)} order`,
        order,
      );
    }
  }

  private applyFees(
    order: OrderState,
    report: ExecutionReportLike,
    isFill: boolean,
  ): readonly FeeAmount[] {
    if (report.miscFees === undefined || report.miscFees.length === 0) return NO_FEES;
    const update = order.feeLedger.apply(report.miscFees, isFill);
    // Indexed loops: for…of over these (nearly always empty) lists allocated an iterator result per report.
    for (let i = 0; i < update.invalid.length; i++) {
      this.flag("invalid-value", `MiscFeeAmt (137) ${JSON.stringify(update.invalid[i])} is not a decimal`, order);
    }
    for (let i = 0; i < update.decreased.length; i++) {
      const { fee, previous } = update.decreased[i]!;
      const currency = fee.currency === undefined ? "" : ` ${fee.currency}`;
      this.flag("fee-decreased", `cumulative fee${currency} went down from ${previous} to ${fee.amount}`, order);
    }
    return update.fillFees;
  }

  private update(order: OrderState, report: ExecutionReportLike, numbers: ReportNumbers): void {
    if (report.ordStatus !== undefined) order.ordStatus = report.ordStatus;
    if (report.execType !== undefined) order.lastExecType = report.execType;
    if (isTerminalStatus(report.ordStatus) && !order.closed) this.close(order);
    if (numbers.cumQty !== undefined && (!order.stateKnown || compareDecimal(numbers.cumQty, order.cumQty) > 0)) {
      order.cumQty = ownCopy(numbers.cumQty);
    } else if (numbers.cumQty === undefined && report.execType === ExecType.Trade && numbers.lastQty !== undefined) {
      order.cumQty = addDecimal(order.cumQty, numbers.lastQty);
    }
    // Copies of what the order keeps of the report (see own-copy.ts).
    if (numbers.orderQty !== undefined) order.orderQty = ownCopy(numbers.orderQty);
    if (numbers.leavesQty !== undefined) order.leavesQty = ownCopy(numbers.leavesQty);
    if (numbers.avgPx !== undefined) order.avgPx = ownCopy(numbers.avgPx);
    if (numbers.price !== undefined) order.price = ownCopy(numbers.price);
    if (order.symbol === undefined && report.symbol !== undefined) order.symbol = ownCopy(report.symbol);
    order.side ??= report.side;
    if (report.text !== undefined) order.text = ownCopy(report.text);
    if (report.execID !== undefined) order.addExecID(ownCopy(report.execID));
    order.stateKnown = true;
  }

  /**
   * Reports reuse, remembers who used the ClOrdID (ClOrdIDMemory keeps its characters off the JS heap) and returns
   * a copy of it for the order to keep: a ClOrdID of 13+ characters cut from a decoded message is, in V8, a view
   * that keeps the message's whole text alive.
   */
  private checkClOrdIDUnused(clOrdID: string, request: ClOrdIDRequest, at: Position, order: OrderState | undefined): string {
    const previous = this.usedClOrdIDs.get(clOrdID);
    if (previous !== undefined) {
      const text = `${request} reuses ClOrdID ${clOrdID}, already used by ${previous}`;
      this.found.push(this.anomaly("clordid-reused", at, text, order, { clOrdID }));
    }
    this.usedClOrdIDs.set(clOrdID, USED_BY[request]);
    return ownCopy(clOrdID);
  }

  /** True when a report for an unknown order means something was missed. */
  private expectsKnownOrder(report: ExecutionReportLike): boolean {
    if (!this.sawLogon) return false;
    if (report.execType === ExecType.Restated) return false;
    const isCancel = report.execType === ExecType.Canceled || report.ordStatus === OrdStatus.Canceled;
    if (isCancel && this.massCancelScopes.some((symbol) => symbol === undefined || symbol === report.symbol))
      return false;
    return true;
  }

  /** The order keeps its own copy of the OrderID, not the report's text (see own-copy.ts). */
  private setOrderID(order: OrderState, orderID: string): void {
    const own = ownCopy(orderID);
    order.orderID = own;
    this.byOrderID.set(own, order);
  }

  private position(context: EventContext): Position {
    this.events++;
    const at: { index: number; seqNum?: number } = { index: context.index ?? this.events };
    if (context.seqNum !== undefined) at.seqNum = context.seqNum;
    return at;
  }

  private anomaly(
    kind: OrderAnomalyKind,
    at: Position,
    text: string,
    order: OrderState | undefined,
    ids: { readonly clOrdID?: string; readonly orderID?: string },
  ): OrderAnomaly {
    // Kept as long as the tracker: copies (see own-copy.ts), also of the text, which joins values of the message.
    const clOrdID = ids.clOrdID ?? order?.clOrdID;
    const orderID = ids.orderID ?? order?.orderID;
    return {
      kind,
      index: at.index,
      ...(at.seqNum === undefined ? {} : { seqNum: at.seqNum }),
      ...(clOrdID === undefined ? {} : { clOrdID: ownCopy(clOrdID) }),
      ...(orderID === undefined ? {} : { orderID: ownCopy(orderID) }),
      text: ownCopy(text),
    };
  }

}

interface Position {
  readonly index: number;
  readonly seqNum?: number;
}

/** A fill being put together: its fees are set once the report's fees have been applied. */
type FillDraft = { -readonly [K in keyof Fill]: Fill[K] };

const NO_FEES: readonly FeeAmount[] = Object.freeze([]);
const NO_REPORT: ExecutionReportLike = Object.freeze({});
/** ExecIDs an order keeps in a list; past this many, a Set (a list's search would grow with the order's fills). */
const LISTED_EXEC_IDS = 8;
const NO_ANOMALIES: readonly OrderAnomaly[] = Object.freeze([]);

/** -1, 0 or 1: the sign of a decimal (`-0.00` is 0). */
function signOf(value: Decimal): -1 | 0 | 1 {
  const negative = value.charCodeAt(0) === 0x2d;
  for (let i = negative ? 1 : 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x30 && c <= 0x39) return negative ? -1 : 1;
  }
  return 0;
}

function closedAs(order: OrderState): string {
  return order.ordStatus === undefined ? "rejected" : ordStatusName(order.ordStatus);
}

function describeReportedOrder(order: OrderState): string {
  return order.orderID === undefined ? "a reported order" : `reported order ${order.orderID}`;
}

/** The messages that send a ClOrdID, and how a later reuse names each. */
type ClOrdIDRequest = "NewOrderSingle" | "OrderCancelRequest" | "OrderCancelReplaceRequest" | "OrderMassCancelRequest";
const USED_BY: Readonly<Record<ClOrdIDRequest, string>> = {
  NewOrderSingle: "an earlier NewOrderSingle",
  OrderCancelRequest: "an earlier OrderCancelRequest",
  OrderCancelReplaceRequest: "an earlier OrderCancelReplaceRequest",
  OrderMassCancelRequest: "an earlier OrderMassCancelRequest",
};
const USED_BY_DROPPED_ORDER = "an earlier order";

function asIs<T extends string>(text: T): T {
  return text;
}
