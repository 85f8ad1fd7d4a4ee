/** OrdStatus (39) and ExecType (150) values the tracker reasons about, with names for messages. */

export const OrdStatus = {
  New: "0",
  PartiallyFilled: "1",
  Filled: "2",
  Canceled: "4",
  Replaced: "5", // Kraken sends it although FIX 4.4 has no such OrdStatus
  PendingCancel: "6",
  Rejected: "8",
  PendingNew: "A",
  Expired: "C",
  PendingReplace: "E",
} as const;

export const ExecType = {
  New: "0",
  Canceled: "4",
  Replaced: "5",
  PendingCancel: "6",
  PendingNew: "A",
  Expired: "C",
  Restated: "D",
  PendingReplace: "E",
  Trade: "F",
  OrderStatus: "I",
} as const;

const ORD_STATUS_NAMES: Readonly<Record<string, string>> = {
  "0": "New",
  "1": "Partially Filled",
  "2": "Filled",
  "3": "Done for Day",
  "4": "Canceled",
  "5": "Replaced",
  "6": "Pending Cancel",
  "7": "Stopped",
  "8": "Rejected",
  "9": "Suspended",
  A: "Pending New",
  B: "Calculated",
  C: "Expired",
  D: "Accepted for Bidding",
  E: "Pending Replace",
};

/** `Filled (2)`; unknown values show as themselves. */
export function ordStatusName(status: string | undefined): string {
  if (status === undefined) return "no status";
  const name = ORD_STATUS_NAMES[status];
  return name === undefined ? `OrdStatus ${status}` : `${name} (${status})`;
}

/** After these the order no longer exists on the exchange. */
export function isTerminalStatus(status: string | undefined): boolean {
  return (
    status === OrdStatus.Filled ||
    status === OrdStatus.Canceled ||
    status === OrdStatus.Expired ||
    status === OrdStatus.Rejected
  );
}

/** A request whose outcome is not known yet: its ClOrdID is not confirmed. */
export function isPendingStatus(execType: string | undefined, ordStatus: string | undefined): boolean {
  return (
    execType === ExecType.PendingReplace ||
    execType === ExecType.PendingCancel ||
    ordStatus === OrdStatus.PendingReplace ||
    ordStatus === OrdStatus.PendingCancel
  );
}

/**
 * Why `next` cannot follow `previous` on a live order, or undefined when it can. Terminal orders are checked by
 * the caller (nothing but a repeat of the same status may follow them).
 */
export function impossibleLiveTransition(previous: string | undefined, next: string): string | undefined {
  if (previous === undefined || previous === OrdStatus.PendingNew) return undefined;
  if (next === OrdStatus.PendingNew) return "an accepted order cannot be pending new again";
  if (next === OrdStatus.New && previous === OrdStatus.PartiallyFilled) return "fills cannot be undone";
  return undefined;
}
