import { describe, expect, it } from "vitest";
import { createDictionary, defineMessage, EncodeError } from "../../runtime/index.js";
import { Book, header, Order, text } from "./mini-dictionary.js";
import type { Header } from "./mini-dictionary.js";
import { frame, HEADER, integrityOf } from "./wire-builder.js";

const minimalOrder: Omit<Order, "msgType"> = { clOrdID: "ORD-1", symbol: "BTC/USD", side: "1", orderQty: "1" };

/** Runs `encode` and returns what it threw. */
function encodeError(run: () => unknown): EncodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof EncodeError) return error;
    throw error;
  }
  throw new Error("encode did not throw");
}

describe("encode: wire text", () => {
  it("writes a Book byte for byte, with the BodyLength and CheckSum worked out by hand", () => {
    const bytes = Book.encode({ symbol: "BTC/USD", mdEntries: [{ mdEntryType: "0", mdEntryPx: "1.5" }] }, header);
    expect(text(bytes)).toBe(
      "8=FIX.4.4|9=90|35=X|34=7|49=CLIENT|52=20261124-10:00:00.123|56=KRAKEN-TRD|55=BTC/USD|268=1|269=0|270=1.5|10=163|",
    );
  });

  it("writes header and body fields in dictionary order whatever the object's key order", () => {
    const reversedHeader: Header = { possDupFlag: false, targetCompID: "KRAKEN-TRD", sendingTime: "20261124-10:00:00.123", senderCompID: "CLIENT", msgSeqNum: 7 };
    const bytes = Order.encode({ price: "84000.10", orderQty: "0.50", side: "2", symbol: "BTC/USD", clOrdID: "ORD-1" }, reversedHeader);
    expect(text(bytes)).toBe(text(frame(`35=D|${HEADER}43=N|11=ORD-1|55=BTC/USD|54=2|38=0.50|44=84000.10|`)));
  });

  it("writes groups, nested groups, DATA with SOH and its derived LENGTH, MULTIPLEVALUESTRING, INT enum, BOOLEAN and unknown fields", () => {
    const bytes = Order.encode(
      {
        ...minimalOrder,
        unknownFields: [
          { tag: 9999, value: "extra" },
          { tag: 5001, value: "x" },
        ],
        allocs: [
          { allocAccount: "ACC1", allocQty: "0.25", nestedPartyIDs: [{ nestedPartyID: "P1" }, { nestedPartyID: "P2" }] },
          { allocAccount: "ACC2", nestedPartyIDs: [] },
        ],
        rawData: "a\x01b=c",
        selfTradePrevention: 2,
        execInst: ["P", "E"],
      },
      { ...header, possDupFlag: true },
    );
    expect(text(bytes)).toBe(
      text(
        frame(
          `35=D|${HEADER}43=Y|11=ORD-1|55=BTC/USD|54=1|38=1|18=P E|7928=2|95=5|96=a|b=c|` +
            "78=2|79=ACC1|80=0.25|539=2|524=P1|524=P2|79=ACC2|539=0|9999=extra|5001=x|",
        ),
      ),
    );
  });

  it("states the real BodyLength and CheckSum, also for messages larger than the scratch buffer", () => {
    const long = "L".repeat(10_000);
    const bytes = Order.encode({ ...minimalOrder, clOrdID: long, rawData: `${long}\x01${long}` }, header);
    const { bodyLength, realBodyLength, checksum, realChecksum } = integrityOf(bytes);
    expect(bodyLength).toBe(realBodyLength);
    expect(bodyLength).toBeGreaterThan(30_000);
    expect(checksum).toBe(realChecksum);
    expect(text(bytes)).toContain(`|95=20001|96=${long}|${long}|`);
  });

  it("writes integers digit by digit: zero, negative, both sides of 2^31 (int32 and double paths), the largest 15-digit ones", () => {
    const around = [2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 4_294_967_296, 99_999, 1_000_000_000, 9_999_999_999];
    for (const value of [0, 7, 10, -1, -42, 100_000, ...around, ...around.map((v) => -v), 999_999_999_999_999, -999_999_999_999_999]) {
      const bytes = Order.encode({ ...minimalOrder, selfTradePrevention: value as Order["selfTradePrevention"] }, header);
      expect(text(bytes)).toBe(text(frame(`35=D|${HEADER}11=ORD-1|55=BTC/USD|54=1|38=1|7928=${value}|`)));
      expect(Order.decode(bytes).message?.selfTradePrevention).toBe(value);
    }
  });

  it("writes an empty group as a zero count", () => {
    const bytes = Book.encode({ symbol: "X", mdEntries: [] }, header);
    expect(text(bytes)).toBe(text(frame(`35=X|${HEADER}55=X|268=0|`)));
  });

  it("ignores msgType and header properties of a decoded message, so re-encoding gives the same bytes", () => {
    const original = Order.encode({ ...minimalOrder, allocs: [{ allocAccount: "A" }] }, header);
    const decoded = Order.decode(original);
    expect(decoded.ok).toBe(true);
    expect(Order.encode(decoded.message!, decoded.message!.header)).toEqual(original);
  });

  it("writes another BeginString when asked, and refuses one longer than 16 characters", () => {
    const bytes = Book.encode({ symbol: "X", mdEntries: [] }, header, { beginString: "FIXT.1.1" });
    expect(text(bytes)).toBe(text(frame(`35=X|${HEADER}55=X|268=0|`, { beginString: "FIXT.1.1" })));
    const sixteen = "FIX.4.4-ABCDEFGH";
    expect(text(Book.encode({ symbol: "X", mdEntries: [] }, header, { beginString: sixteen }))).toBe(
      text(frame(`35=X|${HEADER}55=X|268=0|`, { beginString: sixteen })),
    );
    expect(() => Book.encode({ symbol: "X", mdEntries: [] }, header, { beginString: `${sixteen}I` })).toThrow(
      new RangeError(`BeginString has more than 16 characters: ${sixteen}I`),
    );
  });
});

describe("encode: messages share blocks of memory and never each other's bytes", () => {
  /** A Book whose encoding takes about `entries` × 20 bytes. */
  const book = (symbol: string, entries: number) => ({
    symbol,
    mdEntries: Array.from({ length: entries }, (_, i) => ({ mdEntryType: "0" as const, mdEntryPx: `${i}.5` as `${number}` })),
  });

  it("keeps every message handed out intact while later ones fill blocks, outgrow them and fail half-written", () => {
    const kept: { bytes: Buffer; copy: Buffer }[] = [];
    // Sizes from ~90 bytes to ~40 KB (more than a 16 KiB block): messages end blocks, start new ones, move.
    const sizes = [0, 1, 5, 40, 300, 2000, 3, 700, 1, 0, 900, 2, 60];
    for (let round = 0; round < 40; round++) {
      for (const [i, entries] of sizes.entries()) {
        const bytes = Book.encode(book(`S${round}-${i}`, entries), header);
        kept.push({ bytes, copy: Buffer.from(bytes) });
      }
      // One that fails after writing most of its fields: its bytes must not land on anything handed out.
      expect(() => Book.encode({ ...book(`BAD${round}`, 200), mdEntries: [...book("", 200).mdEntries, { mdEntryType: "0", mdEntryPx: "1\x01" as `${number}` }] }, header)).toThrow(EncodeError);
    }
    for (const { bytes, copy } of kept) expect(bytes.equals(copy)).toBe(true);
    // And each is a whole, valid message.
    for (const { bytes } of kept) expect(Book.decode(bytes).ok).toBe(true);
  });

  it("moves a message that outgrows its block mid-write, and a failure after the move touches nothing handed out", () => {
    // Small messages until the writer is in a block of the standard 16 KiB (earlier tests may have left it in a
    // bigger one) with between 1 and 1.5 KiB left: the next message starts in it.
    const kept: { bytes: Buffer; copy: Buffer }[] = [];
    const roomLeft = (bytes: Buffer) => bytes.buffer.byteLength - (bytes.byteOffset + bytes.length);
    for (let i = 0; i < 5000; i++) {
      const bytes = Book.encode(book(`K${i}`, 1), header);
      kept.push({ bytes, copy: Buffer.from(bytes) });
      if (bytes.buffer.byteLength === 16 * 1024 && roomLeft(bytes) >= 1024 && roomLeft(bytes) < 1536) break;
    }
    const last = kept.at(-1)!.bytes;
    expect(last.buffer.byteLength).toBe(16 * 1024);
    expect(roomLeft(last)).toBeGreaterThanOrEqual(1024);
    expect(roomLeft(last)).toBeLessThan(1536);
    // ~4 KB of entries, then a bad one: the message moved to a block of its own before the encoder gave up.
    const failing = { ...book("BAD", 200), mdEntries: [...book("", 200).mdEntries, { mdEntryType: "0" as const, mdEntryPx: "1\x01" as `${number}` }] };
    expect(() => Book.encode(failing, header)).toThrow(EncodeError);
    const next = Book.encode(book("NEXT", 3), header);
    expect(next.buffer).not.toBe(last.buffer);
    // It starts where the failed one did, at the front of the block that message moved to: no room is lost.
    expect(next.byteOffset).toBeLessThan(32);
    expect(Book.decode(next).message?.symbol).toBe("NEXT");
    for (const { bytes, copy } of kept) expect(bytes.equals(copy)).toBe(true);
    // A good message larger than the room left moves the same way and comes out whole.
    const big = Book.encode(book("BIG", 1000), header);
    expect(Book.decode(big).message?.mdEntries).toHaveLength(1000);
    expect(next.equals(Book.encode(book("NEXT", 3), header))).toBe(true);
  });

  it("hands out views whose ArrayBuffer cannot be transferred away from the messages beside them", async () => {
    const { MessageChannel } = await import("node:worker_threads");
    const first = Book.encode(book("A", 1), header);
    const second = Book.encode(book("B", 1), header);
    const copy = Buffer.from(first);
    const { port1, port2 } = new MessageChannel();
    try {
      // Node clones (20) or refuses (22+) a buffer marked untransferable; either way nothing is detached.
      try {
        port1.postMessage(second, [second.buffer as ArrayBuffer]);
      } catch (error) {
        expect((error as Error).name).toBe("DataCloneError");
      }
      expect(second.buffer.byteLength).toBeGreaterThan(0);
      expect(first.equals(copy)).toBe(true);
      expect(Book.decode(Book.encode(book("C", 1), header)).ok).toBe(true);
    } finally {
      port1.close();
      port2.close();
    }
  });
});

describe("encode: EncodeError for values that cannot go on the wire", () => {
  const cases: {
    name: string;
    run: () => unknown;
    tag: number;
    tagName: string;
    path: string;
    message: string;
  }[] = [
    {
      name: "number for a string",
      run: () => Order.encode({ ...minimalOrder, symbol: 5 as never }, header),
      tag: 55,
      tagName: "Symbol",
      path: "Order.symbol",
      message: "Order.symbol: Symbol (55) must be a string, got number",
    },
    {
      name: "number for a decimal",
      run: () => Order.encode({ ...minimalOrder, price: 84000.1 as never }, header),
      tag: 44,
      tagName: "Price",
      path: "Order.price",
      message: "Order.price: Price (44) must be a string, got number",
    },
    {
      name: "float for an INT",
      run: () => Order.encode({ ...minimalOrder, selfTradePrevention: 1.5 as never }, header),
      tag: 7928,
      tagName: "SelfTradePrevention",
      path: "Order.selfTradePrevention",
      message: "Order.selfTradePrevention: SelfTradePrevention (7928) must be an integer of at most 15 digits, got number",
    },
    {
      name: "string for a SEQNUM in the header",
      run: () => Order.encode(minimalOrder, { ...header, msgSeqNum: "7" as never }),
      tag: 34,
      tagName: "MsgSeqNum",
      path: "Header.msgSeqNum",
      message: 'Header.msgSeqNum: MsgSeqNum (34) must be an integer of at most 15 digits, got "7"',
    },
    {
      name: "integer with more digits than the decoder reads back",
      run: () => Order.encode(minimalOrder, { ...header, msgSeqNum: 1e15 }),
      tag: 34,
      tagName: "MsgSeqNum",
      path: "Header.msgSeqNum",
      message: "Header.msgSeqNum: MsgSeqNum (34) must be an integer of at most 15 digits, got number",
    },
    {
      name: "string for a BOOLEAN",
      run: () => Order.encode(minimalOrder, { ...header, possDupFlag: "Y" as never }),
      tag: 43,
      tagName: "PossDupFlag",
      path: "Header.possDupFlag",
      message: 'Header.possDupFlag: PossDupFlag (43) must be a boolean, got "Y"',
    },
    {
      name: "SOH inside a value",
      run: () => Order.encode({ ...minimalOrder, clOrdID: "A\x01B" }, header),
      tag: 11,
      tagName: "ClOrdID",
      path: "Order.clOrdID",
      message: 'Order.clOrdID: ClOrdID (11) must be a value without SOH, got "A\\u0001B"',
    },
    {
      name: "character above U+00FF in a short value (latin1 would keep only its low byte)",
      run: () => Order.encode({ ...minimalOrder, clOrdID: "ORD-€1" }, header),
      tag: 11,
      tagName: "ClOrdID",
      path: "Order.clOrdID",
      message: 'Order.clOrdID: ClOrdID (11) must be latin1 text (character 5 is above U+00FF), got "ORD-€1"',
    },
    {
      name: "character above U+00FF in a long value",
      run: () => Order.encode({ ...minimalOrder, symbol: `${"A".repeat(40)}\u0141` }, header),
      tag: 55,
      tagName: "Symbol",
      path: "Order.symbol",
      message: `Order.symbol: Symbol (55) must be latin1 text (character 41 is above U+00FF), got "${"A".repeat(40)}Ł"`,
    },
    {
      name: "character above U+00FF in a MULTIPLEVALUESTRING element",
      run: () => Order.encode({ ...minimalOrder, execInst: ["P", "\u{1F600}"] as never }, header),
      tag: 18,
      tagName: "ExecInst",
      path: "Order.execInst",
      message: "Order.execInst: ExecInst (18) must be latin1 text (character 3 is above U+00FF), got object",
    },
    {
      name: "character above U+00FF in DATA (which may hold SOH, not this)",
      run: () => Order.encode({ ...minimalOrder, rawData: "a\x01\u20ac" }, header),
      tag: 96,
      tagName: "RawData",
      path: "Order.rawData",
      message: "Order.rawData: RawData (96) must be latin1 text (character 3 is above U+00FF), got ***",
    },
    {
      name: "empty string",
      run: () => Order.encode({ ...minimalOrder, clOrdID: "" }, header),
      tag: 11,
      tagName: "ClOrdID",
      path: "Order.clOrdID",
      message: 'Order.clOrdID: ClOrdID (11) must be a non-empty value, got ""',
    },
    {
      name: "empty DATA (it would decode as a tag without value)",
      run: () => Order.encode({ ...minimalOrder, rawData: "" }, header),
      tag: 96,
      tagName: "RawData",
      path: "Order.rawData",
      message: "Order.rawData: RawData (96) must be a non-empty value, got ***",
    },
    {
      name: "non-array group",
      run: () => Order.encode({ ...minimalOrder, allocs: { allocAccount: "A" } as never }, header),
      tag: 78,
      tagName: "NoAllocs",
      path: "Order.allocs",
      message: "Order.allocs: a repeating group must be an array",
    },
    {
      name: "group entry that is not an object",
      run: () => Order.encode({ ...minimalOrder, allocs: [{ allocAccount: "A" }, null as never] }, header),
      tag: 78,
      tagName: "NoAllocs",
      path: "Order.allocs[1]",
      message: "Order.allocs[1]: a group entry must be an object",
    },
    {
      name: "bad value inside a nested group entry",
      run: () => Order.encode({ ...minimalOrder, allocs: [{ allocAccount: "A" }, { allocAccount: "B", nestedPartyIDs: [{ nestedPartyID: 3 as never }] }] }, header),
      tag: 524,
      tagName: "NestedPartyID",
      path: "Order.allocs[1].nestedPartyIDs[0].nestedPartyID",
      message: "Order.allocs[1].nestedPartyIDs[0].nestedPartyID: NestedPartyID (524) must be a string, got number",
    },
    {
      name: "number for a MULTIPLEVALUESTRING",
      run: () => Order.encode({ ...minimalOrder, execInst: 1 as never }, header),
      tag: 18,
      tagName: "ExecInst",
      path: "Order.execInst",
      message: "Order.execInst: ExecInst (18) must be an array of values, got number",
    },
    {
      name: "MULTIPLEVALUESTRING element holding a space",
      run: () => Order.encode({ ...minimalOrder, execInst: ["P E" as never] }, header),
      tag: 18,
      tagName: "ExecInst",
      path: "Order.execInst",
      message: "Order.execInst: ExecInst (18) must be an array of non-empty strings without spaces, got object",
    },
    {
      name: "empty MULTIPLEVALUESTRING element",
      run: () => Order.encode({ ...minimalOrder, execInst: ["P", "" as never] }, header),
      tag: 18,
      tagName: "ExecInst",
      path: "Order.execInst",
      message: "Order.execInst: ExecInst (18) must be an array of non-empty strings without spaces, got object",
    },
    {
      name: "MULTIPLEVALUESTRING element that is not a string",
      run: () => Order.encode({ ...minimalOrder, execInst: ["P", 5 as never] }, header),
      tag: 18,
      tagName: "ExecInst",
      path: "Order.execInst",
      message: "Order.execInst: ExecInst (18) must be an array of non-empty strings without spaces, got object",
    },
    {
      name: "empty MULTIPLEVALUESTRING",
      run: () => Order.encode({ ...minimalOrder, execInst: [] }, header),
      tag: 18,
      tagName: "ExecInst",
      path: "Order.execInst",
      message: "Order.execInst: ExecInst (18) must be a non-empty value, got object",
    },
    {
      name: "unknown field with an invalid tag",
      run: () => Order.encode({ ...minimalOrder, unknownFields: [{ tag: 0, value: "x" }] }, header),
      tag: 0,
      tagName: "0",
      path: "Order.unknownFields",
      message: "Order.unknownFields: invalid tag 0",
    },
    {
      name: "unknown field with a tag of 10 digits",
      run: () => Order.encode({ ...minimalOrder, unknownFields: [{ tag: 1_000_000_000, value: "x" }] }, header),
      tag: 1_000_000_000,
      tagName: "1000000000",
      path: "Order.unknownFields",
      message: "Order.unknownFields: invalid tag 1000000000",
    },
    {
      name: "unknown field with SOH in its value",
      run: () => Order.encode({ ...minimalOrder, unknownFields: [{ tag: 9999, value: "a\x01b" }] }, header),
      tag: 9999,
      tagName: "9999",
      path: "Order.unknownFields",
      message: "Order.unknownFields: tag 9999 needs a non-empty value without SOH",
    },
    {
      name: "unknown field with a character above U+00FF in its value",
      run: () => Order.encode({ ...minimalOrder, unknownFields: [{ tag: 9999, value: "caf\u00e9\u2019" }] }, header),
      tag: 9999,
      tagName: "9999",
      path: "Order.unknownFields",
      message: "Order.unknownFields: tag 9999 needs latin1 text (character 5 is above U+00FF)",
    },
    {
      name: "unknown field with an empty value",
      run: () => Order.encode({ ...minimalOrder, unknownFields: [{ tag: 9999, value: "" }] }, header),
      tag: 9999,
      tagName: "9999",
      path: "Order.unknownFields",
      message: "Order.unknownFields: tag 9999 needs a non-empty value without SOH",
    },
  ];

  it.each(cases)("$name", ({ run, tag, tagName, path, message }) => {
    const error = encodeError(run);
    expect(error.name).toBe("EncodeError");
    expect({ tag: error.tag, tagName: error.tagName, path: error.path, message: error.message }).toEqual({ tag, tagName, path, message });
  });

  it("writes every latin1 character (U+0080–U+00FF included) as its one byte", () => {
    const bytes = Order.encode({ ...minimalOrder, clOrdID: "caf\u00e9\u00ff" }, header);
    expect(bytes.includes(Buffer.from([0x01, 0x31, 0x31, 0x3d, 0x63, 0x61, 0x66, 0xe9, 0xff, 0x01]))).toBe(true);
  });

  it("recovers after a failed encode: the next message is whole", () => {
    encodeError(() => Order.encode({ ...minimalOrder, clOrdID: "" }, header));
    expect(text(Order.encode(minimalOrder, header))).toBe(text(frame(`35=D|${HEADER}11=ORD-1|55=BTC/USD|54=1|38=1|`)));
  });
});

describe("encode: secrets never appear in error text", () => {
  const logonDictionary = createDictionary({
    beginString: "FIX.4.4",
    fields: [
      { tag: 95, name: "RawDataLength", type: "LENGTH" },
      { tag: 96, name: "RawData", type: "DATA" },
      { tag: 554, name: "Password", type: "STRING" },
      { tag: 925, name: "NewPassword", type: "STRING" },
    ],
    header: [],
    trailer: [],
  });
  interface Logon {
    readonly msgType: "A";
    rawData?: string;
    password?: string;
    newPassword?: string;
  }
  const Logon = defineMessage<Logon, Record<string, never>>(logonDictionary, {
    name: "Logon",
    msgType: "A",
    category: "admin",
    members: [
      { tag: 95, required: false },
      { tag: 96, required: false },
      { tag: 554, required: false },
      { tag: 925, required: false },
    ],
  });
  const secret = "s3cr3t-Signature+/=";

  it.each([
    { name: "Password with SOH", logon: { password: `${secret}\x01tail` }, tag: 554 },
    { name: "Password of the wrong type", logon: { password: [secret] as never }, tag: 554 },
    { name: "NewPassword with SOH", logon: { newPassword: `\x01${secret}` }, tag: 925 },
    { name: "RawData of the wrong type", logon: { rawData: { secret } as never }, tag: 96 },
    { name: "empty Password", logon: { password: "" }, tag: 554 },
    { name: "Password with a character above U+00FF", logon: { password: `${secret}\u20actail` }, tag: 554 },
  ])("$name", ({ logon, tag }) => {
    const error = encodeError(() => Logon.encode(logon, {}));
    expect(error.tag).toBe(tag);
    expect(error.message).not.toContain("s3cr3t");
    expect(error.message).not.toContain("tail");
    expect(error.message).toMatch(/got (\*\*\*|object)$/);
  });

  it("writes a RawData holding SOH (it is framed by RawDataLength)", () => {
    expect(text(Logon.encode({ rawData: `${secret}\x01x`, password: secret }, {}))).toBe(
      text(frame(`35=A|95=21|96=${secret}|x|554=${secret}|`)),
    );
  });
});
