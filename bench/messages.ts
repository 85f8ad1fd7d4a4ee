/**
 * The three Kraken messages every contender is fed, as the exact bytes a session would see. Values follow
 * Kraken's documented shapes (BASE/QUOTE symbols, decimals with trailing zeros, Kraken's custom tags); the
 * messages are ours, not copies of Kraken's examples. BodyLength and CheckSum are computed, so every message is
 * well framed and any framing complaint by a parser is the parser's own.
 */
import { checksum, formatChecksum } from "../runtime/codec/checksum.js";

export type Field = readonly [tag: number, value: string];

export interface BenchMessage {
  /** Short id used in table rows and JSON keys. */
  readonly id: "nos" | "er" | "mdX";
  readonly name: string;
  readonly msgType: string;
  /** What the message exercises, for the report. */
  readonly note: string;
  readonly bytes: Buffer;
  /** Field count including 8, 9 and 10. */
  readonly fieldCount: number;
}

/** Wraps body fields (35 first) into `8=…␁9=…␁…10=nnn␁`. */
export function frame(beginString: string, fields: readonly Field[]): Buffer {
  const body = fields.map(([tag, value]) => `${tag}=${value}\x01`).join("");
  const head = `8=${beginString}\x019=${Buffer.byteLength(body, "latin1")}\x01`;
  const withoutTrailer = Buffer.from(head + body, "latin1");
  const sum = formatChecksum(checksum(withoutTrailer, 0, withoutTrailer.length));
  return Buffer.concat([withoutTrailer, Buffer.from(`10=${sum}\x01`, "latin1")]);
}

const SENDING_TIME = "20250612-10:15:30.123";

/** Spot limit buy from the client, iceberg (1138) with self-trade prevention (7928), in dictionary order. */
const newOrderSingle: Field[] = [
  [35, "D"],
  [34, "1842"],
  [49, "CLIENT01"],
  [52, SENDING_TIME],
  [56, "KRAKEN-TRD"],
  [11, "174972093012300042"],
  [40, "2"],
  [44, "84000.10"],
  [38, "1.50000000"],
  [1138, "0.20000000"],
  [54, "1"],
  [55, "BTC/USD"],
  [59, "1"],
  [60, "20250612-10:15:30.120"],
  [7928, "2"],
];

/**
 * Partial fill from Kraken with the fee group (136), TradeID (1003) and LiquidityInd (5050). Body tags ascend, as
 * in Kraken's published ExecutionReports; the fee group stays together behind its counter.
 */
const executionReport: Field[] = [
  [35, "8"],
  [34, "73311"],
  [49, "KRAKEN-TRD"],
  [52, "20250612-10:15:31.457"],
  [56, "CLIENT01"],
  [6, "84000.10"],
  [11, "174972093012300042"],
  [14, "0.50000000"],
  [17, "AAAIB7I:7QVXRLBQNRKBQAA"],
  [31, "84000.10"],
  [32, "0.50000000"],
  [37, "OQCLML-BW3P3-BUCMWZ"],
  [38, "1.50000000"],
  [39, "1"],
  [40, "2"],
  [44, "84000.10"],
  [54, "1"],
  [55, "BTC/USD"],
  [59, "1"],
  [60, "20250612-10:15:31.455"],
  [136, "1"],
  [137, "16.80002000"],
  [138, "USD"],
  [139, "4"],
  [891, "2"],
  [150, "F"],
  [151, "1.00000000"],
  [381, "42000.05000000"],
  [1003, "TQWJ5B-OT3LN-7A6ZKH"],
  [5050, "1"],
];

/** Level-2 update: 10 entries (bids, offers, a delete, a trade with AggressorSide), 55 and 5041 outside the group. */
const incrementalRefresh: Field[] = [
  [35, "X"],
  [34, "918273"],
  [49, "KRAKEN-MD"],
  [52, "20250612-10:15:31.460"],
  [56, "CLIENT01"],
  [55, "BTC/USD"],
  [262, "md-btcusd-1"],
  [268, "10"],
  ...mdEntry("0", "0", "B84000.10", "84000.10", "0.75000000", "10:15:31.458"),
  ...mdEntry("1", "0", "B83999.90", "83999.90", "1.20000000", "10:15:31.458"),
  ...mdEntry("2", "0", "B83990.00", "83990.00", "0", "10:15:31.458"),
  ...mdEntry("0", "0", "B83985.50", "83985.50", "3.10000000", "10:15:31.458"),
  ...mdEntry("0", "1", "O84000.20", "84000.20", "0.04000000", "10:15:31.459"),
  ...mdEntry("1", "1", "O84001.00", "84001.00", "2.50000000", "10:15:31.459"),
  ...mdEntry("2", "1", "O84010.00", "84010.00", "0", "10:15:31.459"),
  ...mdEntry("0", "1", "O84012.40", "84012.40", "0.90000000", "10:15:31.459"),
  ...mdEntry("1", "1", "O84015.00", "84015.00", "5.00000000", "10:15:31.459"),
  [279, "0"],
  [269, "2"],
  [270, "84000.10"],
  [271, "0.50000000"],
  [273, "10:15:31.455"],
  [40, "2"],
  [2446, "2"],
  [5041, "3310412563"],
];

function mdEntry(action: string, type: string, id: string, px: string, size: string, time: string): Field[] {
  return [
    [279, action],
    [269, type],
    [278, id],
    [270, px],
    [271, size],
    [273, time],
  ];
}

function message(id: BenchMessage["id"], name: string, note: string, fields: Field[]): BenchMessage {
  const msgType = fields[0]?.[1] ?? "";
  return { id, name, msgType, note, bytes: frame("FIX.4.4", fields), fieldCount: fields.length + 3 };
}

export const benchMessages: readonly BenchMessage[] = [
  message("nos", "NewOrderSingle", "Spot limit iceberg: 1138 DisplayQty, 7928 SelfTradePrevention", newOrderSingle),
  message("er", "ExecutionReport", "partial fill: 136 fee group, 1003 TradeID, 5050 LiquidityInd", executionReport),
  message("mdX", "MarketDataIncrementalRefresh", "10-entry NoMDEntries, 55 and 5041 at body level, 2446 in a trade entry", incrementalRefresh),
];

/** The fields of a framed message as wire text, 8, 9 and 10 included (for building peers' inputs and diffs). */
export function fieldsOf(bytes: Buffer): Field[] {
  const text = bytes.toString("latin1");
  return text
    .split("\x01")
    .filter((part) => part.length > 0)
    .map((part): Field => {
      const equals = part.indexOf("=");
      return [Number(part.slice(0, equals)), part.slice(equals + 1)];
    });
}

/** The wire text of the first field with `tag`, or "" when the message has none. */
export function fieldValue(fields: readonly Field[], tag: number): string {
  return fields.find(([t]) => t === tag)?.[1] ?? "";
}
