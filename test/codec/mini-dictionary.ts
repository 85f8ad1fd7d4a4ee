/** A small hand-written dictionary for codec tests that must not depend on the Kraken dictionary. */
import { createDictionary, defineMessage } from "../../runtime/index.js";
import type { ComponentDef, GroupDef } from "../../runtime/index.js";

export const dictionary = createDictionary({
  beginString: "FIX.4.4",
  fields: [
    { tag: 11, name: "ClOrdID", type: "STRING" },
    { tag: 34, name: "MsgSeqNum", type: "SEQNUM" },
    { tag: 38, name: "OrderQty", type: "QTY" },
    { tag: 43, name: "PossDupFlag", type: "BOOLEAN" },
    { tag: 44, name: "Price", type: "PRICE" },
    { tag: 49, name: "SenderCompID", type: "STRING" },
    { tag: 52, name: "SendingTime", type: "UTCTIMESTAMP" },
    { tag: 54, name: "Side", type: "CHAR", values: ["1", "2"] },
    { tag: 55, name: "Symbol", type: "STRING" },
    { tag: 56, name: "TargetCompID", type: "STRING" },
    { tag: 18, name: "ExecInst", type: "MULTIPLEVALUESTRING", values: ["P", "E", "s"] },
    { tag: 78, name: "NoAllocs", type: "NUMINGROUP" },
    { tag: 79, name: "AllocAccount", type: "STRING" },
    { tag: 80, name: "AllocQty", type: "QTY" },
    { tag: 93, name: "SignatureLength", type: "LENGTH" },
    { tag: 89, name: "Signature", type: "DATA" },
    { tag: 95, name: "RawDataLength", type: "LENGTH" },
    { tag: 96, name: "RawData", type: "DATA" },
    { tag: 268, name: "NoMDEntries", type: "NUMINGROUP" },
    { tag: 269, name: "MDEntryType", type: "CHAR", values: ["0", "1", "2"] },
    { tag: 270, name: "MDEntryPx", type: "PRICE" },
    { tag: 539, name: "NoNestedPartyIDs", type: "NUMINGROUP" },
    { tag: 524, name: "NestedPartyID", type: "STRING" },
    { tag: 7928, name: "SelfTradePrevention", type: "INT", values: ["0", "1", "2"] },
    { tag: 5041, name: "ChecksumOrderBook", type: "STRING" },
  ],
  header: [
    { tag: 34, required: true },
    { tag: 49, required: true },
    { tag: 52, required: true },
    { tag: 56, required: true },
    { tag: 43, required: false },
  ],
  trailer: [
    { tag: 93, required: false },
    { tag: 89, required: false },
  ],
});

const Instrument: ComponentDef = { name: "Instrument", members: [{ tag: 55, required: true }] };
const NestedParty: GroupDef = { name: "NoNestedPartyIDs", counter: 539, members: [{ tag: 524, required: true }] };
const Alloc: GroupDef = {
  name: "NoAllocs",
  counter: 78,
  members: [
    { tag: 79, required: true },
    { tag: 80, required: false },
    { group: NestedParty, required: false },
  ],
};
const MDEntry: GroupDef = {
  name: "NoMDEntries",
  counter: 268,
  members: [
    { tag: 269, required: true },
    { tag: 270, required: false },
  ],
};

export interface Header {
  msgSeqNum: number;
  senderCompID: string;
  targetCompID: string;
  sendingTime: string;
  possDupFlag?: boolean;
}

export interface Order {
  readonly msgType: "D";
  clOrdID: string;
  symbol: string;
  side: "1" | "2";
  orderQty: `${number}`;
  price?: `${number}`;
  execInst?: ("P" | "E" | "s")[];
  selfTradePrevention?: 0 | 1 | 2;
  rawData?: string;
  allocs?: { allocAccount: string; allocQty?: `${number}`; nestedPartyIDs?: { nestedPartyID: string }[] }[];
  unknownFields?: { tag: number; value: string }[];
}

export const Order = defineMessage<Order, Header>(dictionary, {
  name: "Order",
  msgType: "D",
  category: "app",
  members: [
    { tag: 11, required: true },
    { component: Instrument, required: true },
    { tag: 54, required: true },
    { tag: 38, required: true },
    { tag: 44, required: false },
    { tag: 18, required: false },
    { tag: 7928, required: false },
    { tag: 95, required: false },
    { tag: 96, required: false },
    { group: Alloc, required: false },
  ],
});

export interface Book {
  readonly msgType: "X";
  symbol: string;
  mdEntries: { mdEntryType: "0" | "1" | "2"; mdEntryPx?: `${number}` }[];
  checksumOrderBook?: string;
}

export const Book = defineMessage<Book, Header>(dictionary, {
  name: "Book",
  msgType: "X",
  category: "app",
  members: [
    { tag: 55, required: true },
    { group: MDEntry, required: true },
    { tag: 5041, required: false },
  ],
});

export const header: Header = { msgSeqNum: 7, senderCompID: "CLIENT", targetCompID: "KRAKEN-TRD", sendingTime: "20261124-10:00:00.123" };

/** `|`-delimited text → wire bytes, and back, to keep expectations readable. */
export const wire = (text: string): Buffer => Buffer.from(text.replaceAll("|", "\x01"), "latin1");
export const text = (bytes: Buffer): string => bytes.toString("latin1").replaceAll("\x01", "|");
