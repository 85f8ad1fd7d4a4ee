/**
 * Known-answer vectors for every message type of the Kraken dictionary: a canonical wire message written by hand
 * (fields in dictionary order, realistic Kraken values) next to the typed object it must decode to.
 * The wire text is framed by test/codec/wire-builder.ts, which computes BodyLength and CheckSum without the codec,
 * so a vector checks the codec against a second implementation rather than against itself.
 */
import type { Header } from "../../generated/kraken-fix44/index.js";
import {
  BusinessMessageReject,
  ExecutionReport,
  Heartbeat,
  Logon,
  Logout,
  MarketDataIncrementalRefresh,
  MarketDataRequest,
  MarketDataRequestReject,
  MarketDataSnapshotFullRefresh,
  NewOrderSingle,
  OrderCancelReject,
  OrderCancelReplaceRequest,
  OrderCancelRequest,
  OrderMassCancelRequest,
  OrderStatusRequest,
  Reject,
  ResendRequest,
  SecurityList,
  SecurityListRequest,
  SequenceReset,
  TestRequest,
  TradingSessionStatus,
  TradingSessionStatusRequest,
} from "../../generated/kraken-fix44/index.js";
import type { DecodeResult, FixError, MessageCodec } from "../../runtime/index.js";
import { frame } from "../codec/wire-builder.js";

/** One vector with its message type erased, so that vectors of every type fit in one table. */
export interface KnownAnswer {
  readonly msgType: string;
  readonly name: string;
  /** The canonical message as `|` text, 8 to 10 included (for readable failure output). */
  readonly text: string;
  /** The canonical message as wire bytes. */
  readonly bytes: Buffer;
  /** What decoding `bytes` must produce: the body with its `header`. */
  readonly expected: object;
  readonly encodeExpected: () => Buffer;
  readonly decodeWithOwnCodec: (bytes: Uint8Array) => DecodeResult<object>;
  readonly validateExpected: () => FixError[];
}

function knownAnswer<M extends { readonly msgType: string }>(
  codec: MessageCodec<M, Header>,
  wireText: string,
  header: Header,
  body: M,
): KnownAnswer {
  const bytes = frame(wireText);
  return {
    msgType: codec.msgType,
    name: codec.name,
    text: bytes.toString("latin1").replaceAll("\x01", "|"),
    bytes,
    expected: { ...body, header },
    encodeExpected: () => codec.encode(body, header),
    decodeWithOwnCodec: (other) => codec.decode(other),
    validateExpected: () => codec.validate(body),
  };
}

// Session identities: CLIENT trades on KRAKEN-TRD and reads market data on KRAKEN-MD.
const toKraken = (msgSeqNum: number, sendingTime: string, targetCompID = "KRAKEN-TRD"): Header => ({
  msgSeqNum,
  senderCompID: "CLIENT",
  sendingTime,
  targetCompID,
});
const fromKraken = (msgSeqNum: number, sendingTime: string, senderCompID = "KRAKEN-TRD"): Header => ({
  msgSeqNum,
  senderCompID,
  sendingTime,
  targetCompID: "CLIENT",
});

/** Logon signature of the worked vector in dialect-notes §2.4 (API secret "secret", nonce 1724512345678). */
const PASSWORD = "MwX+M7nvuHXxD5aGI/TFpghXxg2iblxXYyz7lRzLCPMA4UJYI3osNrUKWCiI3fDnOLkEQ5WKSK58Mp3nvu1Klw==";

export const KNOWN_ANSWERS: readonly KnownAnswer[] = [
  knownAnswer(
    Heartbeat,
    "35=0|34=12|49=CLIENT|52=20261124-10:01:00.000|56=KRAKEN-TRD|112=TEST-1764000060000|",
    toKraken(12, "20261124-10:01:00.000"),
    { msgType: "0", testReqID: "TEST-1764000060000" },
  ),
  knownAnswer(
    TestRequest,
    "35=1|34=40|49=KRAKEN-TRD|52=20261124-10:00:59.998|56=CLIENT|112=TEST-1764000060000|",
    fromKraken(40, "20261124-10:00:59.998"),
    { msgType: "1", testReqID: "TEST-1764000060000" },
  ),
  knownAnswer(
    ResendRequest,
    // EndSeqNo 0: everything from BeginSeqNo onwards.
    "35=2|34=41|49=KRAKEN-TRD|52=20261124-10:02:00.000|56=CLIENT|7=35|16=0|",
    fromKraken(41, "20261124-10:02:00.000"),
    { msgType: "2", beginSeqNo: 35, endSeqNo: 0 },
  ),
  knownAnswer(
    Reject,
    "35=3|34=42|49=KRAKEN-TRD|52=20261124-10:02:01.250|56=CLIENT|45=9|371=7928|372=D|373=5|" +
      "58=Value is incorrect (out of range) for this tag|",
    fromKraken(42, "20261124-10:02:01.250"),
    {
      msgType: "3",
      refSeqNum: 9,
      refTagID: 7928,
      refMsgType: "D",
      sessionRejectReason: 5,
      text: "Value is incorrect (out of range) for this tag",
    },
  ),
  knownAnswer(
    SequenceReset,
    // A gap fill is a retransmission: PossDupFlag and OrigSendingTime follow the four required header fields.
    "35=4|34=35|49=CLIENT|52=20261124-10:02:00.100|56=KRAKEN-TRD|43=Y|122=20261124-10:02:00.100|123=Y|36=40|",
    { ...toKraken(35, "20261124-10:02:00.100"), possDupFlag: true, origSendingTime: "20261124-10:02:00.100" },
    { msgType: "4", gapFillFlag: true, newSeqNo: 40 },
  ),
  knownAnswer(
    Logout,
    "35=5|34=61|49=KRAKEN-TRD|52=20261124-21:59:59.000|56=CLIENT|58=Daily session end|",
    fromKraken(61, "20261124-21:59:59.000"),
    { msgType: "5", text: "Daily session end" },
  ),
  knownAnswer(
    ExecutionReport,
    // A triggered stop-limit buy, partially filled as taker: 40 shows the post-trigger type, 1102 the trigger.
    "35=8|34=57|49=KRAKEN-TRD|52=20261124-10:05:00.412|56=CLIENT|" +
      "11=1764000000001|17=TZXXOR-J5CCZ-ZVGJ7O|37=OKWUQF-YPJM2-DTAJHH|527=81433907|60=20261124-10:05:00.401|" +
      "40=2|54=1|55=BTC/USD|167=CASH|44=84000.10|99=83990.00|31=84000.10|6=84000.10|1102=83990.50|" +
      "14=0.00500000|32=0.00500000|151=0.00500000|38=0.01000000|150=F|39=1|59=1|" +
      "136=1|137=1.68000|138=USD|139=4|891=2|381=420.00050|118=420.00050|1003=TDLH43-DVQXD-2KHVYY|5050=1|" +
      "78=1|79=sub-account-7|",
    fromKraken(57, "20261124-10:05:00.412"),
    {
      msgType: "8",
      clOrdID: "1764000000001",
      execID: "TZXXOR-J5CCZ-ZVGJ7O",
      orderID: "OKWUQF-YPJM2-DTAJHH",
      secondaryExecID: "81433907",
      transactTime: "20261124-10:05:00.401",
      ordType: "2",
      side: "1",
      symbol: "BTC/USD",
      securityType: "CASH",
      price: "84000.10",
      stopPx: "83990.00",
      lastPx: "84000.10",
      avgPx: "84000.10",
      triggerPrice: "83990.50",
      cumQty: "0.00500000",
      lastQty: "0.00500000",
      leavesQty: "0.00500000",
      orderQty: "0.01000000",
      execType: "F",
      ordStatus: "1",
      timeInForce: "1",
      miscFees: [{ miscFeeAmt: "1.68000", miscFeeCurr: "USD", miscFeeType: "4", miscFeeBasis: 2 }],
      grossTradeAmt: "420.00050",
      netMoney: "420.00050",
      tradeID: "TDLH43-DVQXD-2KHVYY",
      liquidityInd: "1",
      allocs: [{ allocAccount: "sub-account-7" }],
    },
  ),
  knownAnswer(
    OrderCancelReject,
    // Standard FIX 4.4 shape; Kraken answers with 35=j instead, but the dictionary keeps the type.
    "35=9|34=58|49=KRAKEN-TRD|52=20261124-10:06:00.000|56=CLIENT|37=OKWUQF-YPJM2-DTAJHH|11=1764000000003|" +
      "41=1764000000001|39=2|434=1|102=0|58=Order already filled|",
    fromKraken(58, "20261124-10:06:00.000"),
    {
      msgType: "9",
      orderID: "OKWUQF-YPJM2-DTAJHH",
      clOrdID: "1764000000003",
      origClOrdID: "1764000000001",
      ordStatus: "2",
      cxlRejResponseTo: "1",
      cxlRejReason: 0,
      text: "Order already filled",
    },
  ),
  knownAnswer(
    Logon,
    "35=A|34=7|49=CLIENT|52=20261124-10:00:00.000|56=KRAKEN-TRD|98=0|108=60|109=CLIENT-MD|141=Y|553=APIKEY|" +
      `554=${PASSWORD}|5025=1724512345678|8674=1|5030=N|5051=N|`,
    toKraken(7, "20261124-10:00:00.000"),
    {
      msgType: "A",
      encryptMethod: 0,
      heartBtInt: 60,
      clientID: "CLIENT-MD",
      resetSeqNumFlag: true,
      username: "APIKEY",
      password: PASSWORD,
      nonce: "1724512345678",
      cancelOrdersOnDisconnect: 1,
      forceResetClOrdID: false,
      rebased: false,
    },
  ),
  knownAnswer(
    NewOrderSingle,
    // Iceberg post-only, reduce-only GTD limit buy with cancel-oldest self-trade prevention.
    "35=D|34=9|49=CLIENT|52=20261124-10:00:05.000|56=KRAKEN-TRD|" +
      "11=1764000000001|40=2|44=84000.10|38=0.01500000|1138=0.00100000|54=1|55=BTC/USD|167=CASH|59=6|" +
      "60=20261124-10:00:05.000|126=20261201-00:00:00.000|18=P E|5001=0|7928=2|62=20261124-10:00:35.000|",
    toKraken(9, "20261124-10:00:05.000"),
    {
      msgType: "D",
      clOrdID: "1764000000001",
      ordType: "2",
      price: "84000.10",
      orderQty: "0.01500000",
      displayQty: "0.00100000",
      side: "1",
      symbol: "BTC/USD",
      securityType: "CASH",
      timeInForce: "6",
      transactTime: "20261124-10:00:05.000",
      expireTime: "20261201-00:00:00.000",
      execInst: ["P", "E"],
      leverage: "0",
      selfTradePrevention: 2,
      validUntilTime: "20261124-10:00:35.000",
    },
  ),
  knownAnswer(
    OrderCancelRequest,
    "35=F|34=10|49=CLIENT|52=20261124-10:06:00.000|56=KRAKEN-TRD|11=1764000000002|41=1764000000001|54=1|" +
      "55=BTC/USD|60=20261124-10:06:00.000|",
    toKraken(10, "20261124-10:06:00.000"),
    {
      msgType: "F",
      clOrdID: "1764000000002",
      origClOrdID: "1764000000001",
      side: "1",
      symbol: "BTC/USD",
      transactTime: "20261124-10:06:00.000",
    },
  ),
  knownAnswer(
    OrderCancelReplaceRequest,
    "35=G|34=11|49=CLIENT|52=20261124-10:07:00.000|56=KRAKEN-TRD|11=1764000000003|37=OKWUQF-YPJM2-DTAJHH|" +
      "41=1764000000001|54=1|55=BTC/USD|60=20261124-10:07:00.000|38=0.02000000|40=2|59=1|44=84100.00|18=P|",
    toKraken(11, "20261124-10:07:00.000"),
    {
      msgType: "G",
      clOrdID: "1764000000003",
      orderID: "OKWUQF-YPJM2-DTAJHH",
      origClOrdID: "1764000000001",
      side: "1",
      symbol: "BTC/USD",
      transactTime: "20261124-10:07:00.000",
      orderQty: "0.02000000",
      ordType: "2",
      timeInForce: "1",
      price: "84100.00",
      execInst: ["P"],
    },
  ),
  knownAnswer(
    OrderStatusRequest,
    // Kraken's current example carries no Side.
    "35=H|34=12|49=CLIENT|52=20261124-10:08:00.000|56=KRAKEN-TRD|11=1764000000001|37=OKWUQF-YPJM2-DTAJHH|" +
      "55=BTC/USD|",
    toKraken(12, "20261124-10:08:00.000"),
    { msgType: "H", clOrdID: "1764000000001", orderID: "OKWUQF-YPJM2-DTAJHH", symbol: "BTC/USD" },
  ),
  knownAnswer(
    OrderMassCancelRequest,
    "35=q|34=13|49=CLIENT|52=20261124-10:09:00.000|56=KRAKEN-TRD|11=1764000000004|60=20261124-10:09:00.000|" +
      "530=1|55=ETH/USD|",
    toKraken(13, "20261124-10:09:00.000"),
    {
      msgType: "q",
      clOrdID: "1764000000004",
      transactTime: "20261124-10:09:00.000",
      massCancelRequestType: "1",
      symbol: "ETH/USD",
    },
  ),
  knownAnswer(
    MarketDataRequest,
    "35=V|34=2|49=CLIENT|52=20261124-10:00:01.000|56=KRAKEN-MD|262=md-1764000001000|263=1|264=10|265=1|266=Y|" +
      "267=3|269=0|269=1|269=2|146=2|55=BTC/USD|55=ETH/USD|",
    toKraken(2, "20261124-10:00:01.000", "KRAKEN-MD"),
    {
      msgType: "V",
      mdReqID: "md-1764000001000",
      subscriptionRequestType: "1",
      marketDepth: 10,
      mdUpdateType: 1,
      aggregatedBook: true,
      mdEntryTypes: [{ mdEntryType: "0" }, { mdEntryType: "1" }, { mdEntryType: "2" }],
      relatedSym: [{ symbol: "BTC/USD" }, { symbol: "ETH/USD" }],
    },
  ),
  knownAnswer(
    MarketDataSnapshotFullRefresh,
    // Level 2: MDEntryID is the side letter plus the price; sizes are shortest decimals as Kraken sends them.
    "35=W|34=3|49=KRAKEN-MD|52=20261124-10:00:01.120|56=CLIENT|55=BTC/USD|262=md-1764000001000|268=2|" +
      "269=0|278=B84000.1|270=84000.1|271=0.5|273=10:00:01.107|" +
      "269=1|278=O84000.2|270=84000.2|271=1.25|273=10:00:01.109|",
    fromKraken(3, "20261124-10:00:01.120", "KRAKEN-MD"),
    {
      msgType: "W",
      symbol: "BTC/USD",
      mdReqID: "md-1764000001000",
      mdEntries: [
        {
          mdEntryType: "0",
          mdEntryID: "B84000.1",
          mdEntryPx: "84000.1",
          mdEntrySize: "0.5",
          mdEntryTime: "10:00:01.107",
        },
        {
          mdEntryType: "1",
          mdEntryID: "O84000.2",
          mdEntryPx: "84000.2",
          mdEntrySize: "1.25",
          mdEntryTime: "10:00:01.109",
        },
      ],
    },
  ),
  knownAnswer(
    MarketDataIncrementalRefresh,
    // Symbol at body level, MDUpdateAction first in each entry, the book checksum after the last entry.
    "35=X|34=4|49=KRAKEN-MD|52=20261124-10:00:02.004|56=CLIENT|55=BTC/USD|262=md-1764000001000|268=3|" +
      "279=2|269=1|278=O84000.2|270=84000.2|271=0.0|273=10:00:01.998|" +
      "279=0|269=1|278=O84000.3|270=84000.3|271=0.75|273=10:00:01.998|" +
      "279=0|269=2|270=84000.2|271=1.25|273=10:00:01.998|40=1|2446=1|" +
      "5041=3254665545|",
    fromKraken(4, "20261124-10:00:02.004", "KRAKEN-MD"),
    {
      msgType: "X",
      symbol: "BTC/USD",
      mdReqID: "md-1764000001000",
      mdEntries: [
        {
          mdUpdateAction: "2",
          mdEntryType: "1",
          mdEntryID: "O84000.2",
          mdEntryPx: "84000.2",
          mdEntrySize: "0.0",
          mdEntryTime: "10:00:01.998",
        },
        {
          mdUpdateAction: "0",
          mdEntryType: "1",
          mdEntryID: "O84000.3",
          mdEntryPx: "84000.3",
          mdEntrySize: "0.75",
          mdEntryTime: "10:00:01.998",
        },
        {
          mdUpdateAction: "0",
          mdEntryType: "2",
          mdEntryPx: "84000.2",
          mdEntrySize: "1.25",
          mdEntryTime: "10:00:01.998",
          ordType: "1",
          aggressorSide: "1",
        },
      ],
      checksumOrderBook: "3254665545",
    },
  ),
  knownAnswer(
    MarketDataRequestReject,
    "35=Y|34=5|49=KRAKEN-MD|52=20261124-10:00:03.000|56=CLIENT|262=md-1764000003000|281=0|58=Unknown symbol|",
    fromKraken(5, "20261124-10:00:03.000", "KRAKEN-MD"),
    { msgType: "Y", mdReqID: "md-1764000003000", mdReqRejReason: "0", text: "Unknown symbol" },
  ),
  knownAnswer(
    TradingSessionStatusRequest,
    "35=g|34=6|49=CLIENT|52=20261124-10:00:04.000|56=KRAKEN-MD|335=ts-1764000004000|336=SESSION|263=1|",
    toKraken(6, "20261124-10:00:04.000", "KRAKEN-MD"),
    { msgType: "g", tradSesReqID: "ts-1764000004000", tradingSessionID: "SESSION", subscriptionRequestType: "1" },
  ),
  knownAnswer(
    TradingSessionStatus,
    "35=h|34=7|49=KRAKEN-MD|52=20261124-10:00:04.010|56=CLIENT|335=ts-1764000004000|336=SESSION|340=2|",
    fromKraken(7, "20261124-10:00:04.010", "KRAKEN-MD"),
    { msgType: "h", tradSesReqID: "ts-1764000004000", tradingSessionID: "SESSION", tradSesStatus: 2 },
  ),
  knownAnswer(
    BusinessMessageReject,
    // A cancel for an order the engine no longer knows: Kraken reason 101.
    "35=j|34=59|49=KRAKEN-TRD|52=20261124-10:06:00.020|56=CLIENT|45=10|372=F|379=1764000000002|380=101|" +
      "58=EOrder:Unknown order|",
    fromKraken(59, "20261124-10:06:00.020"),
    {
      msgType: "j",
      refSeqNum: 10,
      refMsgType: "F",
      businessRejectRefID: "1764000000002",
      businessRejectReason: 101,
      text: "EOrder:Unknown order",
    },
  ),
  knownAnswer(
    SecurityListRequest,
    "35=x|34=8|49=CLIENT|52=20261124-10:00:05.000|56=KRAKEN-MD|320=instr-1764000005000|263=0|559=0|55=BTC/USD|" +
      "167=CASH|",
    toKraken(8, "20261124-10:00:05.000", "KRAKEN-MD"),
    {
      msgType: "x",
      securityReqID: "instr-1764000005000",
      subscriptionRequestType: "0",
      securityListRequestType: 0,
      symbol: "BTC/USD",
      securityType: "CASH",
    },
  ),
  knownAnswer(
    SecurityList,
    // First fragment of a split list (393/893 present), one entry with every optional limit and one without.
    "35=y|34=9|49=KRAKEN-MD|52=20261124-10:00:05.040|56=CLIENT|320=instr-1764000005000|322=instr-resp-77|" +
      "560=0|393=4|893=N|146=2|" +
      "55=BTC/USD|167=CASH|562=0.00000001|5010=8|5011=0.00005|5012=10000|5013=0.5|2349=1|5022=0.1|5032=1|" +
      "55=ETH/USD|562=0.00000001|5010=8|5011=0.002|2349=2|5022=0.01|5032=4|",
    fromKraken(9, "20261124-10:00:05.040", "KRAKEN-MD"),
    {
      msgType: "y",
      securityReqID: "instr-1764000005000",
      securityResponseID: "instr-resp-77",
      securityRequestResult: 0,
      totNoRelatedSym: 4,
      lastFragment: false,
      relatedSym: [
        {
          symbol: "BTC/USD",
          securityType: "CASH",
          minTradeVol: "0.00000001",
          qtyPrecision: 8,
          qtyMin: "0.00005",
          qtyMax: "10000",
          minimumCost: "0.5",
          pricePrecision: 1,
          tickSize: "0.1",
          assetPairStatus: 1,
        },
        {
          symbol: "ETH/USD",
          minTradeVol: "0.00000001",
          qtyPrecision: 8,
          qtyMin: "0.002",
          pricePrecision: 2,
          tickSize: "0.01",
          assetPairStatus: 4,
        },
      ],
    },
  ),
];
