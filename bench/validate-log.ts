/**
 * A realistic capture for the `kraken-fix validate` measurement: the bench's three messages, one per line in
 * QuickFIX FileLog layout, with what a real log has and a copied message lacks — MsgSeqNum rising per session and
 * direction, SendingTime moving forward, and a ClOrdID, OrderID and ExecID of its own for every order. Each order
 * is a NewOrderSingle, the partial fill, and a final fill, so the cross-log checks see complete order life cycles
 * and find nothing: the run measures the path every healthy message takes, and the memory that path keeps.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { formatUtcTimestamp } from "../runtime/codec/utc-timestamp.js";
import { benchMessages, fieldsOf, frame } from "./messages.js";
import type { BenchMessage, Field } from "./messages.js";

/** 2025-06-12 10:00:00 UTC, well clear of Kraken's daily rollover for the log's few minutes. */
const START_MS = Date.UTC(2025, 5, 12, 10, 0, 0);
/** Messages per line group written with one write(2). */
const LINES_PER_WRITE = 256;

function body(id: BenchMessage["id"]): Field[] {
  const message = benchMessages.find((m) => m.id === id);
  if (!message) throw new Error(`no bench message ${id}`);
  // 8, 9 and 10 are written by frame().
  return fieldsOf(message.bytes).filter(([tag]) => tag !== 8 && tag !== 9 && tag !== 10);
}

const NOS = body("nos");
const PARTIAL = body("er");
/** The rest of the order (1.0 of 1.5) filled: the order is done and leaves the checker's open orders. */
const FILL = PARTIAL.map(([tag, value]): Field => {
  const filled: Record<number, string> = { 14: "1.50000000", 32: "1.00000000", 39: "2", 151: "0", 137: "33.60004000" };
  return [tag, filled[tag] ?? value];
});
const UPDATE = body("mdX");

/** Writes a log of at least `megabytes` MB to `path`; returns its size in bytes and message count. */
export function writeValidateLog(path: string, megabytes: number): { bytes: number; messages: number } {
  const seq = { client: 1, trading: 1, marketData: 1 };
  let clock = START_MS;
  let bytes = 0;
  let messages = 0;
  let order = 0;
  const fd = openSync(path, "w");
  try {
    const lines: Buffer[] = [];
    const line = (fields: readonly Field[], seqNum: number, ids?: { clOrdID: string; orderID: string; execID: string }): void => {
      const time = formatUtcTimestamp(clock);
      clock += 1;
      const set: Record<number, string> = { 34: String(seqNum), 52: time, 60: time };
      if (ids) Object.assign(set, { 11: ids.clOrdID, 37: ids.orderID, 17: ids.execID, 1003: `T${ids.execID}` });
      const wire = frame("FIX.4.4", fields.map(([tag, value]): Field => [tag, set[tag] ?? value]));
      lines.push(Buffer.from(`${time} : `, "latin1"), wire, Buffer.from("\n", "latin1"));
      messages++;
    };
    while (bytes < megabytes * 1e6) {
      for (let i = 0; i < LINES_PER_WRITE / 4; i++) {
        order++;
        const clOrdID = `17497209${String(order).padStart(10, "0")}`;
        const orderID = `O${order.toString(36).toUpperCase().padStart(6, "0")}-BENCH`;
        line(NOS, seq.client++, { clOrdID, orderID, execID: "" });
        line(PARTIAL, seq.trading++, { clOrdID, orderID, execID: `E${order}-1` });
        line(UPDATE, seq.marketData++);
        line(FILL, seq.trading++, { clOrdID, orderID, execID: `E${order}-2` });
      }
      const chunk = Buffer.concat(lines.splice(0));
      writeSync(fd, chunk);
      bytes += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, messages };
}
