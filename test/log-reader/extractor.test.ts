import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FixLogExtractor, type ExtractorOptions, type LogRecord } from "../../runtime/log-reader/index.js";
import { fixMessage, withDelimiter } from "./fix-text.js";

const HEARTBEAT = fixMessage("0", [
  [49, "KRAKEN-TRD"],
  [56, "CLIENT"],
  [34, "7"],
  [52, "20261124-10:00:00.123"],
]);
const ORDER = fixMessage("D", [
  [11, "1732442400000001"],
  [55, "BTC/USD"],
  [54, "1"],
  [38, "0.5"],
  [44, "84000.10"],
]);
const REPORT = fixMessage("8", [
  [11, "1732442400000001"],
  [150, "F"],
  [39, "2"],
  [32, "0.5"],
  [31, "84000.1"],
]);
/** Its Text (58) holds the other delimiters as content. */
const TEXT_REPORT = fixMessage("8", [
  [11, "1732442400000001"],
  [150, "4"],
  [39, "4"],
  [58, "canceled | by ^ user"],
]);

/** Runs one whole input through a fresh extractor, in the given chunks. */
function extract(chunks: readonly (string | Buffer)[], options?: ExtractorOptions) {
  const extractor = new FixLogExtractor("capture.log", options);
  const records: LogRecord[] = [];
  for (const chunk of chunks)
    records.push(...extractor.push(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk));
  records.push(...extractor.end());
  return { records, stats: extractor.stats };
}

const raws = (records: readonly LogRecord[]) => records.map((record) => record.raw.toString("latin1"));

describe("FixLogExtractor: formats", () => {
  it("reads a QuickFIX FileLog: SOH messages with a timestamp prefix, one per line", () => {
    const input = `20261124-10:00:00.123 : ${HEARTBEAT}\n20261124-10:00:01 : ${ORDER}\n`;
    const { records, stats } = extract([input]);
    expect(records).toEqual([
      {
        source: "capture.log",
        line: 1,
        column: 25,
        offset: 24,
        timestamp: "20261124-10:00:00.123",
        raw: Buffer.from(HEARTBEAT, "latin1"),
        delimiter: "SOH",
        ending: "checksum",
      },
      {
        source: "capture.log",
        line: 2,
        column: 21,
        offset: 24 + HEARTBEAT.length + 1 + 20,
        timestamp: "20261124-10:00:01",
        raw: Buffer.from(ORDER, "latin1"),
        delimiter: "SOH",
        ending: "checksum",
      },
    ]);
    expect(stats).toMatchObject({ lines: 2, messages: 2, truncatedMessages: 0, nonFixLines: 0, bytes: input.length });
  });

  it.each([
    ["|", "|"],
    ["^A", "^A"],
    ["^", "^"],
  ] as const)("normalises %s-delimited messages to SOH", (delimiter, name) => {
    const input = `${withDelimiter(HEARTBEAT, delimiter)}\n${withDelimiter(ORDER, delimiter)}\n`;
    const { records } = extract([input]);
    expect(raws(records)).toEqual([HEARTBEAT, ORDER]);
    expect(records.map((record) => [record.line, record.column, record.delimiter, record.ending])).toEqual([
      [1, 1, name, "checksum"],
      [2, 1, name, "checksum"],
    ]);
  });

  it("keeps '|' and '^' that are content when the delimiter is another one", () => {
    // Only the message's own delimiter separates fields.
    expect(raws(extract([`${TEXT_REPORT}\n`]).records)).toEqual([TEXT_REPORT]);
    expect(raws(extract([`${withDelimiter(TEXT_REPORT, "^A")}\n`]).records)).toEqual([TEXT_REPORT]);
    // With '|' as the delimiter a '|' in a value cannot be told apart: it becomes SOH like the others.
    expect(raws(extract([`${withDelimiter(TEXT_REPORT, "|")}\n`]).records)).toEqual([
      TEXT_REPORT.replace(" | ", " \x01 "),
    ]);
  });

  it("finds messages embedded in other log lines and keeps the text before them", () => {
    const input = `2026-11-24 10:00:00,123 INFO  [FIX] OUT: ${withDelimiter(ORDER, "|")}\n`;
    const [record] = extract([input]).records;
    expect(record).toMatchObject({
      line: 1,
      column: 42,
      text: "2026-11-24 10:00:00,123 INFO  [FIX] OUT:",
      delimiter: "|",
    });
    expect(record?.timestamp).toBeUndefined();
    expect(record?.raw.toString("latin1")).toBe(ORDER);
  });

  it("splits a FileLog timestamp from other text that follows it", () => {
    const [record] = extract([`20261124-10:00:00.123456789 : IN ${HEARTBEAT}\n`]).records;
    expect(record).toMatchObject({ timestamp: "20261124-10:00:00.123456789", text: "IN" });
  });

  it("does not take a timestamp-like prefix without the ' : ' separator for a FileLog timestamp", () => {
    const [record] = extract([`20261124-10:00:00.123 ${HEARTBEAT}\n`]).records;
    expect(record?.timestamp).toBeUndefined();
    expect(record?.text).toBe("20261124-10:00:00.123");
  });

  it("reads a raw SOH stream with messages back to back and no newline", () => {
    const { records, stats } = extract([HEARTBEAT + ORDER + REPORT]);
    expect(raws(records)).toEqual([HEARTBEAT, ORDER, REPORT]);
    expect(records.map((record) => [record.line, record.column, record.offset])).toEqual([
      [1, 1, 0],
      [1, HEARTBEAT.length + 1, HEARTBEAT.length],
      [1, HEARTBEAT.length + ORDER.length + 1, HEARTBEAT.length + ORDER.length],
    ]);
    expect(stats.lines).toBe(1);
  });

  it("reads three '|' messages on one line separated by text, with Windows line endings", () => {
    const pipe = (message: string) => withDelimiter(message, "|");
    const input = `a ${pipe(HEARTBEAT)} b ${pipe(ORDER)}${pipe(REPORT)}\r\nnext\r\n`;
    const { records, stats } = extract([input]);
    expect(raws(records)).toEqual([HEARTBEAT, ORDER, REPORT]);
    expect(records.map((record) => record.text)).toEqual(["a", "b", undefined]);
    expect(stats).toMatchObject({
      lines: 2,
      nonFixLines: 1,
      nonFixSamples: [{ source: "capture.log", line: 2, text: "next" }],
    });
  });

  it("accepts a '|' log that leaves out the delimiter after CheckSum, before CRLF, text or the end", () => {
    const bare = withDelimiter(HEARTBEAT, "|").slice(0, -1);
    const { records } = extract([`${bare}\r\n${bare} (sent)\n${bare}`]);
    expect(raws(records)).toEqual([HEARTBEAT, HEARTBEAT, HEARTBEAT]);
    expect(records.map((record) => record.ending)).toEqual(["checksum", "checksum", "checksum"]);
  });

  it("reads FIXT.1.1 messages", () => {
    const fixt = fixMessage(
      "A",
      [
        [98, "0"],
        [108, "30"],
        [1137, "9"],
      ],
      "FIXT.1.1",
    );
    expect(raws(extract([`${withDelimiter(fixt, "|")}\n`]).records)).toEqual([fixt]);
  });

  it("keeps a '\\r' inside a line as content", () => {
    const message = fixMessage("8", [[58, "a\rb"]]);
    expect(raws(extract([`${message}\n`]).records)).toEqual([message]);
  });
});

describe("FixLogExtractor: message boundaries", () => {
  const pipeHeartbeat = withDelimiter(HEARTBEAT, "|");

  it("ends a message without CheckSum at the end of its line", () => {
    const cut = pipeHeartbeat.slice(0, pipeHeartbeat.indexOf("|10="));
    const { records, stats } = extract([`${cut}\n${pipeHeartbeat}\n`]);
    expect(records.map((record) => [record.line, record.ending])).toEqual([
      [1, "end-of-line"],
      [2, "checksum"],
    ]);
    expect(raws(records)[0]).toBe(HEARTBEAT.slice(0, HEARTBEAT.indexOf("\x0110=")));
    expect(stats.truncatedMessages).toBe(1);
  });

  it("ends a message without CheckSum where the next message begins, also mid-value", () => {
    const cutAfterField = HEARTBEAT.slice(0, HEARTBEAT.indexOf("10="));
    const cutInValue = ORDER.slice(0, ORDER.indexOf("BTC/") + 4);
    const { records } = extract([cutAfterField + cutInValue + REPORT]);
    expect(raws(records)).toEqual([cutAfterField, cutInValue, REPORT]);
    expect(records.map((record) => record.ending)).toEqual(["next-message", "next-message", "checksum"]);
  });

  it("ends a message cut by the end of the input", () => {
    const { records } = extract([HEARTBEAT + ORDER.slice(0, 30)]);
    expect(records.map((record) => record.ending)).toEqual(["checksum", "end-of-input"]);
    expect(raws(records)[1]).toBe(ORDER.slice(0, 30));
  });

  it("does not cut a message at '8=FIX' inside a value unless a BeginString and delimiter follow", () => {
    const message = fixMessage("8", [[58, "see 8=FIX docs; 8=FIX.4.4 is fine"]]);
    const { records } = extract([`${withDelimiter(message, "|")}\n`]);
    expect(raws(records)).toEqual([message]);
  });

  it("does not take a field such as 18=FIX or 58=FIX.4.4| for a message start", () => {
    const message = fixMessage("8", [[58, "x"]]).replace("58=x", "58=FIX.4.4");
    const input = `${withDelimiter(message, "|")}\n18=FIX.4.4|9=1|\n`;
    const { records, stats } = extract([input]);
    expect(raws(records)).toEqual([message]);
    expect(stats.nonFixLines).toBe(1);
  });

  it("treats '8=FIX' not followed by a BeginString and a delimiter as text", () => {
    const { records, stats } = extract(["we speak 8=FIX fluently\n8=FIX.4.4 and more\n8=FIXT.1.1;9=5\n"]);
    expect(records).toEqual([]);
    expect(stats.nonFixLines).toBe(3);
  });

  it("ends a CheckSum value at its first non-digit and reads on from there", () => {
    const body = HEARTBEAT.slice(0, HEARTBEAT.indexOf("10="));
    const { records } = extract([`${body}10=12x|${pipeHeartbeat}\n`]);
    expect(raws(records)).toEqual([`${body}10=12\x01`, HEARTBEAT]);
    expect(records[1]?.text).toBe("x|");
  });

  it("cuts a message at maxMessageBytes, skips the rest and finds the next message on the same line", () => {
    const huge = fixMessage("8", [[58, "x".repeat(500)]]);
    const { records, stats } = extract([`${huge}garbage ${pipeHeartbeat}\n${HEARTBEAT}`], { maxMessageBytes: 100 });
    expect(records.map((record) => [record.ending, record.raw.length, record.line])).toEqual([
      ["size-limit", 100, 1],
      ["checksum", HEARTBEAT.length, 1],
      ["checksum", HEARTBEAT.length, 2],
    ]);
    expect(raws(records)[0]).toBe(huge.slice(0, 100));
    expect(stats).toMatchObject({ messages: 3, oversizedMessages: 1, truncatedMessages: 1 });
  });

  it("finds the next message when the size limit falls inside its '8=FIX' start", () => {
    const long = fixMessage("8", [[58, "x".repeat(200)]]);
    const truncated = long.slice(0, long.indexOf("10="));
    const limit = truncated.length + 3; // the limit is reached after "8=F" of the next message
    const { records } = extract([truncated + HEARTBEAT], { maxMessageBytes: limit });
    expect(records.map((record) => record.ending)).toEqual(["size-limit", "checksum"]);
    expect(raws(records)).toEqual([`${truncated}8=F`, HEARTBEAT]);
  });
});

describe("FixLogExtractor: non-FIX lines", () => {
  it("counts lines with text and no message, samples the first ones, ignores blank lines", () => {
    const input = `header line\n\n   \r\n${HEARTBEAT}\nsecond\nthird\n`;
    const { stats } = extract([input], { nonFixSampleLimit: 2 });
    expect(stats).toMatchObject({
      lines: 6,
      nonFixLines: 3,
      nonFixSamples: [
        { source: "capture.log", line: 1, text: "header line" },
        { source: "capture.log", line: 5, text: "second" },
      ],
    });
  });

  it("counts a last line without newline", () => {
    expect(extract(["a\nb"]).stats).toMatchObject({ lines: 2, nonFixLines: 2 });
    expect(extract(["a\n"]).stats).toMatchObject({ lines: 1, nonFixLines: 1 });
    expect(extract([""]).stats).toMatchObject({ lines: 0, nonFixLines: 0 });
  });

  it("keeps only maxTextBytes of a huge garbage line and of the text before a message", () => {
    const garbage = "g".repeat(3 * 1024 * 1024);
    const chunks: Buffer[] = [];
    const line = Buffer.from(`${garbage}\n${garbage} ${HEARTBEAT}\n`, "latin1");
    for (let i = 0; i < line.length; i += 65536) chunks.push(line.subarray(i, i + 65536));
    const { records, stats } = extract(chunks, { maxTextBytes: 16 });
    expect(stats.nonFixSamples).toEqual([{ source: "capture.log", line: 1, text: `${"g".repeat(16)}…` }]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 2, column: garbage.length + 2, text: `${"g".repeat(16)}…` });
  });
});

describe("FixLogExtractor: chunk boundaries", () => {
  const input = [
    `20261124-10:00:00.123 : ${HEARTBEAT}\r\n`,
    `noise\r\n`,
    `OUT ${withDelimiter(ORDER, "^A")} IN ${withDelimiter(REPORT, "|")}\n`,
    `${withDelimiter(HEARTBEAT, "^")}\n`,
    HEARTBEAT.slice(0, 40),
    ORDER,
    REPORT.replace(/\x01$/, ""),
  ].join("");
  const whole = extract([input]);

  it("the whole input gives the expected messages", () => {
    expect(raws(whole.records)).toEqual([HEARTBEAT, ORDER, REPORT, HEARTBEAT, HEARTBEAT.slice(0, 40), ORDER, REPORT]);
    expect(whole.stats).toMatchObject({ lines: 5, nonFixLines: 1, messages: 7, truncatedMessages: 1 });
  });

  it("gives the same records and counts when split in two at every offset", () => {
    for (let cut = 0; cut <= input.length; cut++) {
      const split = extract([input.slice(0, cut), input.slice(cut)]);
      expect(split.records, `cut at ${cut}`).toEqual(whole.records);
      expect(split.stats, `cut at ${cut}`).toEqual(whole.stats);
    }
  });

  it("gives the same records when fed one byte at a time", () => {
    const bytes = [...input].map((char) => Buffer.from(char, "latin1"));
    const single = extract(bytes);
    expect(single.records).toEqual(whole.records);
    expect(single.stats).toEqual(whole.stats);
  });

  it("returns records that do not share memory with the input or each other", () => {
    const chunk = Buffer.from(HEARTBEAT + HEARTBEAT, "latin1");
    const extractor = new FixLogExtractor("x");
    const [first, second] = extractor.push(chunk);
    chunk.fill(0);
    expect(first?.raw.toString("latin1")).toBe(HEARTBEAT);
    first?.raw.fill(0);
    expect(second?.raw.toString("latin1")).toBe(HEARTBEAT);
  });
});

describe("FixLogExtractor: whole messages taken at once", () => {
  // A clean SOH message whose end is in the same chunk is copied in one go (takeRestOfMessage); fed one byte at a
  // time, the same input goes through the byte machine only. Both must give the same records and counts.
  const pieces = [
    HEARTBEAT,
    ORDER,
    REPORT,
    TEXT_REPORT,
    "20261124-10:00:00.123 : ",
    "\n",
    "\r\n",
    "noise ",
    withDelimiter(ORDER, "|"),
    withDelimiter(REPORT, "^A"),
    // Things the fast path must leave to the machine: a message start inside a value, a CheckSum that is not
    // digits, a line end inside a message, a cut message, 8=FIX inside a Text.
    fixMessage("8", [[58, "see 8=FIX.4.4\x019=5"]]),
    ORDER.replace(/10=\d{3}\x01$/, "10=12x\x01"),
    ORDER.replace("55=BTC/USD", "55=BTC\nUSD"),
    REPORT.slice(0, 60),
    fixMessage("0", [[58, "x 8=FIX"]]),
    // Message starts taken at once (takeMessageStart) and those left to the machine: FIXT, a BeginString too long
    // to be one (and one of exactly the longest length taken), none at all, after a digit, `^A` and `^`.
    fixMessage("0", [], "FIXT.1.1"),
    fixMessage("0", [], "FIX.4.4.ABCDEFGHIJKL"),
    fixMessage("0", [], "FIX.4.4.ABCDEFGHIJK"),
    "8=FIX\x01",
    "7",
    withDelimiter(HEARTBEAT, "^"),
    // A CR inside a message (content, as the machine takes it) and lines ending in CRLF.
    ORDER.replace("55=BTC/USD", "55=BTC\rUSD"),
    `${REPORT}\r\n`,
  ];
  const logArb = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(""));

  it("gives the records and counts the byte machine gives, whatever the chunk sizes", () => {
    fc.assert(
      fc.property(logArb, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 64, max: 400 }), (log, sizes, maxMessageBytes) => {
        const chunks: string[] = [];
        for (let at = 0, k = 0; at < log.length; k++) {
          const size = sizes[k % sizes.length]!;
          chunks.push(log.slice(at, at + size));
          at += size;
        }
        const options = { maxMessageBytes };
        const bytewise = extract([...log], options);
        const chunked = extract(chunks, options);
        expect(chunked.records).toEqual(bytewise.records);
        expect(chunked.stats).toEqual(bytewise.stats);
        expect(extract([log], options).records).toEqual(bytewise.records);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the byte machine's records for FileLog lines with mixed line endings, split in two at every offset", () => {
    const log = [
      `20261124-10:00:00.123 : ${HEARTBEAT}\r\n`,
      `20261124-10:00:00.124 : ${ORDER}\n`,
      `20261124-10:00:00.125 : ${ORDER.replace("55=BTC/USD", "55=BTC\rUSD")}\n`,
      `20261124-10:00:00.126 : ${withDelimiter(REPORT, "|")}\r\n`,
      `note 7${HEARTBEAT}${fixMessage("0", [], "FIXT.1.1")}\r\n`,
      `20261124-10:00:00.127 : ${REPORT}`,
    ].join("");
    const bytewise = extract([...log]);
    // "7" before the second HEARTBEAT makes its start a field (78=FIX…): six messages.
    expect(raws(bytewise.records)).toHaveLength(6);
    for (let cut = 0; cut <= log.length; cut++) {
      const split = extract([log.slice(0, cut), log.slice(cut)]);
      expect(split.records, `cut at ${cut}`).toEqual(bytewise.records);
      expect(split.stats, `cut at ${cut}`).toEqual(bytewise.stats);
    }
  });

  it("finds a message start by its F wherever the F falls: at a chunk's first or last bytes, in values, in 150=F", () => {
    // Fs that do not start a message (ExecType F, a Text, `FIX` without `8=`) around ones that do.
    const log = [
      `${fixMessage("8", [[150, "F"], [58, "FIX F 8=F 8=FI 18=FIX"]])}`,
      `F${HEARTBEAT}x8=FIX ${ORDER}`,
      `${fixMessage("0", [[58, "ends in 8=F"]])}8=FIX.4.4`,
    ].join("");
    const bytewise = extract([...log]);
    for (let cut = 0; cut <= log.length; cut++) {
      const split = extract([log.slice(0, cut), log.slice(cut)]);
      expect(split.records, `cut at ${cut}`).toEqual(bytewise.records);
      expect(split.stats, `cut at ${cut}`).toEqual(bytewise.stats);
    }
    expect(extract([log]).records).toEqual(bytewise.records);
    expect(raws(bytewise.records).slice(0, 3)).toEqual([
      fixMessage("8", [[150, "F"], [58, "FIX F 8=F 8=FI 18=FIX"]]),
      HEARTBEAT,
      ORDER,
    ]);
  });

  it("takes a message with the one that follows on the same line", () => {
    const { records } = extract([`${HEARTBEAT}${ORDER}\n`]);
    expect(raws(records)).toEqual([HEARTBEAT, ORDER]);
    expect(records.map((record) => record.ending)).toEqual(["checksum", "checksum"]);
  });
});

describe("FixLogExtractor: options", () => {
  it.each([
    [{ maxMessageBytes: 63 }, "maxMessageBytes must be an integer >= 64, got 63"],
    [{ maxMessageBytes: 1.5 }, "maxMessageBytes must be an integer >= 64, got 1.5"],
    [{ maxTextBytes: 0 }, "maxTextBytes must be an integer >= 1, got 0"],
    [{ nonFixSampleLimit: -1 }, "nonFixSampleLimit must be an integer >= 0, got -1"],
  ])("rejects %j", (options, message) => {
    expect(() => new FixLogExtractor("x", options)).toThrow(new RangeError(message));
  });
});
