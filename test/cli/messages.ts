/** Kraken session messages for CLI, validation and check tests: SOH bytes with correct BodyLength and CheckSum. */
import { fixMessage } from "../log-reader/fix-text.js";

export const CLIENT = "CLIENT1";
export const KRAKEN = "KRAKEN-TRD";

export interface MessageOptions {
  readonly from?: string;
  readonly to?: string;
  /** SendingTime; default 2026-11-24 10:00:00 UTC plus `seq` seconds. */
  readonly time?: string;
  /** Extra header fields after SendingTime (43, 122, …). */
  readonly header?: readonly (readonly [number, string])[];
}

/** SendingTime `seconds` after 2026-11-24 10:00:00.000 UTC. */
export function at(seconds: number, base = Date.UTC(2026, 10, 24, 10, 0, 0)): string {
  const iso = new Date(base + seconds * 1000).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

/** One message from CLIENT1 to KRAKEN-TRD (or `from`→`to`) with MsgSeqNum `seq`. */
export function message(msgType: string, seq: number, body: readonly (readonly [number, string])[] = [], options: MessageOptions = {}): string {
  const header: (readonly [number, string])[] = [
    [49, options.from ?? CLIENT],
    [56, options.to ?? KRAKEN],
    [34, String(seq)],
    [52, options.time ?? at(seq)],
    ...(options.header ?? []),
  ];
  return fixMessage(msgType, [...header, ...body]);
}

export const fromKraken = (options: MessageOptions = {}): MessageOptions => ({ from: KRAKEN, to: CLIENT, ...options });

export const logon = (seq: number, options: MessageOptions = {}) => message("A", seq, [[98, "0"], [108, "30"]], options);
export const heartbeat = (seq: number, options: MessageOptions = {}) => message("0", seq, [], options);

/** A valid Spot limit NewOrderSingle. */
export function newOrder(seq: number, clOrdID: string, options: MessageOptions = {}, extra: readonly (readonly [number, string])[] = []): string {
  return message(
    "D",
    seq,
    [[11, clOrdID], [38, "1"], [40, "2"], [44, "50000"], [54, "1"], [55, "BTC/USD"], [59, "1"], [60, at(seq)], ...extra],
    options,
  );
}

/** An ExecutionReport from Kraken. */
export function executionReport(
  seq: number,
  fields: { clOrdID: string; orderID?: string; execID: string; execType: string; ordStatus: string; cumQty: string; leavesQty: string; lastQty?: string; lastPx?: string; orderQty?: string },
  options: MessageOptions = {},
): string {
  const body: [number, string][] = [
    [6, "50000"],
    [11, fields.clOrdID],
    [14, fields.cumQty],
    [17, fields.execID],
    [37, fields.orderID ?? `O-${fields.clOrdID}`],
    [38, fields.orderQty ?? "1"],
    [39, fields.ordStatus],
    [40, "2"],
    [54, "1"],
    [55, "BTC/USD"],
    [59, "1"],
    [150, fields.execType],
    [151, fields.leavesQty],
  ];
  if (fields.lastQty !== undefined) body.push([32, fields.lastQty]);
  if (fields.lastPx !== undefined) body.push([31, fields.lastPx]);
  return message("8", seq, body.sort(([a], [b]) => a - b), fromKraken(options));
}

/** Lines of a QuickFIX FileLog-like text log: `timestamp : message` with SOH inside. */
export function logLines(messages: readonly string[]): string {
  return messages.map((m) => `${m}\n`).join("");
}
