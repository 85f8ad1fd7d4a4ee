/**
 * A tour of kraken-fix that needs no Kraken account and no network: typed messages encoded to the wire and back,
 * validation with Kraken's venue rules, and an order book verified by Kraken's 5041 checksum.
 * Run with `npm start`.
 */
import {
  ExecutionReport,
  MDEntryType,
  MDUpdateAction,
  NewOrderSingle,
  OrdType,
  SelfTradePrevention,
  Side,
  TimeInForce,
  decodeMessage,
  protocol,
} from "../generated/kraken-fix44/index.js";
import { bookChecksum, formatFixError, OrderBook, SpotClOrdIdGenerator, Validator } from "../runtime/index.js";

const show = (bytes: Buffer) => bytes.toString("latin1").replaceAll("\x01", "|");
const header = (msgSeqNum: number) => ({
  msgSeqNum,
  senderCompID: "CLIENT",
  targetCompID: "KRAKEN-TRD",
  sendingTime: "20261124-10:00:00.123",
});

console.log("1. A typed NewOrderSingle, encoded (BodyLength and CheckSum computed):");
const clOrdID = new SpotClOrdIdGenerator().next();
const order = NewOrderSingle.create({
  clOrdID,
  symbol: "BTC/USD",
  side: Side.Buy,
  ordType: OrdType.Limit,
  orderQty: "0.25",
  price: "84000.10",
  timeInForce: TimeInForce.GoodTillCancel,
  transactTime: "20261124-10:00:00.120",
  displayQty: "0.05",
  selfTradePrevention: SelfTradePrevention.CancelOldest,
});
const wire = NewOrderSingle.encode(order, header(2));
console.log(`   ${show(wire)}\n`);

console.log("2. Decoded back: every value exactly as on the wire (84000.10 keeps its zero):");
const decoded = decodeMessage(wire);
if (decoded.ok && decoded.message.msgType === "D") {
  console.log(`   ${decoded.message.symbol} ${decoded.message.orderQty} @ ${decoded.message.price}, STP ${decoded.message.selfTradePrevention}\n`);
}

console.log("3. The same order checked as if sent on a Derivatives session (Kraken's venue rules):");
const validator = new Validator(protocol, { venue: "derivatives" });
for (const error of validator.validate(wire, "toKraken").errors) console.log(`   ${formatFixError(error)}`);
console.log();

console.log("4. An ExecutionReport from Kraken with a field Kraken added yesterday (kept, and only a warning):");
const report = ExecutionReport.encode(
  {
    orderID: "OKWUQF-YPJM2-DTAJHH",
    clOrdID,
    execID: "EXEC1",
    execType: "F",
    ordStatus: "1",
    symbol: "BTC/USD",
    side: Side.Buy,
    ordType: OrdType.Limit,
    orderQty: "0.25",
    price: "84000.10",
    timeInForce: TimeInForce.GoodTillCancel,
    lastQty: "0.10",
    lastPx: "84000.10",
    cumQty: "0.10",
    leavesQty: "0.15",
    avgPx: "84000.10",
    miscFees: [{ miscFeeAmt: "13.44", miscFeeCurr: "USD", miscFeeType: "4" }],
    liquidityInd: "0",
    unknownFields: [{ tag: 5999, value: "new-kraken-field" }],
  },
  { ...header(3), senderCompID: "KRAKEN-TRD", targetCompID: "CLIENT" },
);
const received = validator.validate(report);
console.log(`   ok=${received.ok}; ${received.errors.map(formatFixError).join("; ")}\n`);

console.log("5. An order book from MarketDataIncrementalRefresh, verified with ChecksumOrderBook (5041):");
const book = new OrderBook();
book.registerInstruments([{ symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 8 }]);
book.subscribe("md-1", ["BTC/USD"], 10);
book.on("checksum-mismatch", ({ expected, actual }) => console.log(`   checksum mismatch: ${expected} vs ${actual}`));
const entries = [
  { mdUpdateAction: MDUpdateAction.New, mdEntryType: MDEntryType.Bid, mdEntryPx: "84000.0", mdEntrySize: "1.5" },
  { mdUpdateAction: MDUpdateAction.New, mdEntryType: MDEntryType.Offer, mdEntryPx: "84000.1", mdEntrySize: "0.001" },
] as const;
book.applyIncremental({ mdReqID: "md-1", symbol: "BTC/USD", mdEntries: [...entries] });
// What Kraken would put in 5041 for this book: CRC-32 of asks then bids, each price and size at the pair's precision.
const kraken = bookChecksum([{ price: "84000.1", size: "0.001" }], [{ price: "84000.0", size: "1.6" }], {
  pricePrecision: 1,
  qtyPrecision: 8,
});
const check = book.applyIncremental({
  mdReqID: "md-1",
  symbol: "BTC/USD",
  mdEntries: [{ mdUpdateAction: MDUpdateAction.Change, mdEntryType: MDEntryType.Bid, mdEntryPx: "84000.0", mdEntrySize: "1.6" }],
  checksumOrderBook: kraken.ok ? String(kraken.checksum) : "0",
});
const top = book.levels("BTC/USD", 1);
console.log(`   bid ${top?.bids[0]?.size} @ ${top?.bids[0]?.price}, ask ${top?.asks[0]?.size} @ ${top?.asks[0]?.price}`);
console.log(`   5041 ${kraken.ok ? kraken.checksum : "?"}: ${check.ok ? check.checksum.status : "rejected"}`);
