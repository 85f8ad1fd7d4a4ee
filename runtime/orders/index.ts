/** Order state from requests and ExecutionReports, with anomaly detection. */
export { OrderFees, sumFees, type FeeUpdate } from "./fees.js";
export { OrderTracker, type OrderTrackerOptions } from "./order-tracker.js";
export { ExecType, OrdStatus, isTerminalStatus, ordStatusName } from "./status.js";
export type {
  EventContext,
  ExecutionReportLike,
  ExecutionReportResult,
  FeeAmount,
  FeeModel,
  Fill,
  MiscFeeLike,
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
