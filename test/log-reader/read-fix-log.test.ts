import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LogInputError,
  readFixLog,
  resolveLogInputs,
  type LogReadProgress,
  type LogRecord,
  type ReadFixLogOptions,
} from "../../runtime/log-reader/index.js";
import { readSourceChunks } from "../../runtime/log-reader/source.js";
import { fixMessage, withDelimiter } from "./fix-text.js";

const A = fixMessage("0", [[34, "1"]]);
const B = fixMessage("0", [[34, "2"]]);
const C = fixMessage("0", [[34, "3"]]);

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kraken-fix-logs-"));
  await mkdir(join(dir, "day1/session"), { recursive: true });
  await mkdir(join(dir, "day2"), { recursive: true });
  await writeFile(join(dir, "a.log"), `20261124-10:00:00.000 : ${A}\nnot fix\n`);
  await writeFile(join(dir, "b.log"), withDelimiter(B, "|"));
  // gzip is recognised by content, whatever the name.
  await writeFile(join(dir, "c.log"), gzipSync(Buffer.from(`${withDelimiter(C, "^A")}\n`, "latin1")));
  await writeFile(join(dir, "two-members.gz"), Buffer.concat([gzipSync(`${A}\n`), gzipSync(`${B}\n`)]));
  await writeFile(join(dir, "broken.gz"), gzipSync(`${A}\n`.repeat(1000)).subarray(0, 60));
  await writeFile(join(dir, "day1/x.log"), `${A}\n`);
  await writeFile(join(dir, "day1/session/y.log"), `${B}\n`);
  await writeFile(join(dir, "day1/.hidden.log"), `${C}\n`);
  await writeFile(join(dir, "day2/z.txt"), `${C}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(inputs: readonly string[], options: ReadFixLogOptions = {}) {
  const reader = readFixLog(inputs, { cwd: dir, ...options });
  const records: LogRecord[] = [];
  for await (const record of reader) records.push(record);
  return { records, stats: reader.stats };
}

const summary = (records: readonly LogRecord[]) =>
  records.map((record) => [record.source, record.line, record.delimiter, record.raw.toString("latin1")]);

async function inputError(promise: Promise<unknown>): Promise<LogInputError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(LogInputError);
  return error as LogInputError;
}

describe("readFixLog", () => {
  it("reads several files in order, with gzip detected by magic bytes", async () => {
    const { records, stats } = await readAll(["a.log", "b.log", "c.log"]);
    expect(summary(records)).toEqual([
      ["a.log", 1, "SOH", A],
      ["b.log", 1, "|", B],
      ["c.log", 1, "^A", C],
    ]);
    expect(records[0]?.timestamp).toBe("20261124-10:00:00.000");
    expect(stats.sources.map((source) => [source.source, source.gzip, source.messages, source.lines])).toEqual([
      ["a.log", false, 1, 2],
      ["b.log", false, 1, 1],
      ["c.log", true, 1, 1],
    ]);
    expect(stats).toMatchObject({
      messages: 3,
      lines: 4,
      nonFixLines: 1,
      nonFixSamples: [{ source: "a.log", line: 2, text: "not fix" }],
    });
    expect(stats.bytesRead).toBe(stats.totalBytes);
    const zipped = stats.sources[2];
    expect(zipped?.bytes).toBe(withDelimiter(C, "^A").length + 1); // counted after decompression
    expect(zipped?.bytesRead).toBe(gzipSync(Buffer.from(`${withDelimiter(C, "^A")}\n`, "latin1")).length);
  });

  it("reads every member of a multi-member gzip file", async () => {
    const { records } = await readAll(["two-members.gz"]);
    expect(summary(records)).toEqual([
      ["two-members.gz", 1, "SOH", A],
      ["two-members.gz", 2, "SOH", B],
    ]);
  });

  it("reports bad gzip data as a GZIP error naming the file", async () => {
    const reader = readFixLog(["broken.gz"], { cwd: dir });
    const seen: LogRecord[] = [];
    const error = await inputError(
      (async () => {
        for await (const record of reader) seen.push(record);
      })(),
    );
    // What decompressed before the damage is still yielded.
    expect(seen.map((record) => record.raw.toString("latin1")).every((raw) => raw === A)).toBe(true);
    expect(error.code).toBe("GZIP");
    expect(error.input).toBe("broken.gz");
    expect(error.message).toBe("broken.gz: bad gzip data: unexpected end of file");
  });

  it("reads '-' from the given stdin stream, split at odd places, plain or gzip", async () => {
    const text = Buffer.from(`${withDelimiter(A, "|")}\r\n${B}`, "latin1");
    const chunks = [text.subarray(0, 1), text.subarray(1, 7), text.subarray(7)];
    const plain = await readAll(["-"], { stdin: Readable.from(chunks) });
    expect(summary(plain.records)).toEqual([
      ["-", 1, "|", A],
      ["-", 2, "SOH", B],
    ]);
    expect(plain.stats.totalBytes).toBeUndefined();

    const zipped = gzipSync(text);
    const gz = await readAll(["-"], { stdin: Readable.from([zipped.subarray(0, 1), zipped.subarray(1)]) });
    expect(summary(gz.records)).toEqual(summary(plain.records));
    expect(gz.stats.sources[0]?.gzip).toBe(true);
  });

  it("accepts string chunks from stdin", async () => {
    const { records } = await readAll(["-"], {
      stdin: Readable.from([A.slice(0, 10), A.slice(10)], { objectMode: true }),
    });
    expect(summary(records)).toEqual([["-", 1, "SOH", A]]);
  });

  it("reports progress against the total size of the files", async () => {
    const progress: LogReadProgress[] = [];
    const { stats } = await readAll(["a.log", "b.log"], { onProgress: (step) => progress.push(step) });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((step) => step.totalBytes === stats.totalBytes)).toBe(true);
    expect(progress.map((step) => step.source)).toEqual(["a.log", "b.log"]);
    expect(progress.at(-1)).toEqual({
      source: "b.log",
      bytesRead: stats.totalBytes,
      totalBytes: stats.totalBytes,
      messages: 2,
    });
  });

  it("expands *, ? and ** patterns, sorted, skipping hidden files, reading each file once", async () => {
    const { records } = await readAll(["day1/**/*.log", "?.log", "day1/x.log"]);
    expect(records.map((record) => record.source)).toEqual([
      "day1/session/y.log",
      "day1/x.log",
      "a.log",
      "b.log",
      "c.log",
    ]);
  });

  it("caps the samples of non-FIX lines over all sources", async () => {
    const { stats } = await readAll(["a.log", "-"], { stdin: Readable.from(["x\ny\n"]), nonFixSampleLimit: 2 });
    expect(stats.nonFixLines).toBe(3);
    expect(stats.nonFixSamples).toEqual([
      { source: "a.log", line: 2, text: "not fix" },
      { source: "-", line: 1, text: "x" },
    ]);
  });

  it("stops reading when the loop breaks", async () => {
    const big = join(dir, "big.log");
    await writeFile(big, `${A}\n`.repeat(100_000));
    const reader = readFixLog(["big.log"], { cwd: dir });
    for await (const record of reader) {
      expect(record.line).toBe(1);
      break;
    }
    expect(reader.stats.bytesRead).toBeLessThan(reader.stats.totalBytes ?? 0);
    await rm(big);
  });

  it("can be iterated only once, by record or by batch", async () => {
    const reader = readFixLog(["a.log"], { cwd: dir });
    for await (const record of reader) expect(record.source).toBe("a.log");
    expect(() => reader[Symbol.asyncIterator]()).toThrow(new Error("a FixLogReader can be iterated only once"));
    expect(() => reader.batches()).toThrow(new Error("a FixLogReader can be iterated only once"));
    const batched = readFixLog(["a.log"], { cwd: dir });
    const batches = batched.batches();
    expect(() => batched[Symbol.asyncIterator]()).toThrow(new Error("a FixLogReader can be iterated only once"));
    const counts: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      let records = 0;
      for await (const batch of batches) records += batch.length;
      counts.push(records);
    }
    // A second loop over the same batches finds them used up: the log is not read again, the stats not doubled.
    expect(counts).toEqual([1, 0]);
    expect(batched.stats.messages).toBe(1);
  });

  it("gives in batches the records it gives one by one, in order, with the same stats", async () => {
    const inputs = ["a.log", "b.log", "c.log", "two-members.gz"];
    const { records, stats } = await readAll(inputs);
    const reader = readFixLog(inputs, { cwd: dir });
    const batches: (readonly LogRecord[])[] = [];
    for await (const batch of reader.batches()) batches.push(batch);
    // A batch never spans two sources, and none is empty.
    expect(batches.length).toBeGreaterThanOrEqual(inputs.length);
    expect(batches.every((batch) => batch.length > 0 && batch.every((record) => record.source === batch[0]!.source))).toBe(true);
    expect(summary(batches.flat())).toEqual(summary(records));
    expect(reader.stats).toEqual(stats);
  });

  it("fails before yielding anything when an input is missing", async () => {
    const seen: LogRecord[] = [];
    const error = await inputError(
      (async () => {
        for await (const record of readFixLog(["a.log", "missing.log"], { cwd: dir })) seen.push(record);
      })(),
    );
    expect(seen).toEqual([]);
    expect([error.code, error.input, error.message]).toEqual(["NOT_FOUND", "missing.log", "no such file: missing.log"]);
  });
});

describe("readSourceChunks", () => {
  const options = { stdin: Readable.from([]), onRawBytes: () => {}, onFormat: () => {} };

  it("reports a file that cannot be read as READ_FAILED naming it", async () => {
    const input = { kind: "file", path: "gone.log", absolutePath: join(dir, "gone.log"), size: 10 } as const;
    const error = await inputError(
      (async () => {
        for await (const chunk of readSourceChunks(input, options)) expect(chunk).toBeUndefined();
      })(),
    );
    expect([error.code, error.input]).toEqual(["READ_FAILED", "gone.log"]);
    expect(error.message).toBe(
      `cannot read gone.log: ENOENT: no such file or directory, open '${join(dir, "gone.log")}'`,
    );
  });

  it("reports a failing stdin stream as READ_FAILED", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("pipe broke"));
      },
    });
    const input = { kind: "stdin", path: "-" } as const;
    const error = await inputError(
      (async () => {
        for await (const chunk of readSourceChunks(input, { ...options, stdin: failing }))
          expect(chunk).toBeUndefined();
      })(),
    );
    expect([error.code, error.input, error.message]).toEqual(["READ_FAILED", "-", "cannot read -: pipe broke"]);
  });
});

describe("resolveLogInputs", () => {
  it("keeps the order given and the sizes of files", async () => {
    const inputs = await resolveLogInputs(["b.log", "-", "a.log"], dir);
    expect(inputs).toEqual([
      { kind: "file", path: "b.log", absolutePath: join(dir, "b.log"), size: B.length },
      { kind: "stdin", path: "-" },
      { kind: "file", path: "a.log", absolutePath: join(dir, "a.log"), size: 24 + A.length + 1 + 8 },
    ]);
  });

  it("accepts absolute patterns", async () => {
    const inputs = await resolveLogInputs([join(dir, "day*/*.txt")], "/");
    expect(inputs.map((input) => input.path)).toEqual([join(dir, "day2/z.txt")]);
  });

  it.each([
    [[], "NO_INPUTS", "", "no log inputs given"],
    [["-", "-"], "STDIN_TWICE", "-", "stdin (-) can be read only once"],
    [["nothing*.log"], "NO_MATCH", "nothing*.log", "no file matches nothing*.log"],
    [["missing.log"], "NOT_FOUND", "missing.log", "no such file: missing.log"],
    [["day1"], "NOT_A_FILE", "day1", "day1 is a directory (use a pattern such as day1/*.log)"],
  ])("rejects %j with %s", async (inputs, code, input, message) => {
    const error = await inputError(resolveLogInputs(inputs, dir));
    expect([error.code, error.input, error.message]).toEqual([code, input, message]);
  });

  it("fills in absolute paths for opening", async () => {
    const [input] = await resolveLogInputs(["day1/x.log"], dir);
    expect(input).toEqual({
      kind: "file",
      path: "day1/x.log",
      absolutePath: join(dir, "day1/x.log"),
      size: A.length + 1,
    });
  });
});
