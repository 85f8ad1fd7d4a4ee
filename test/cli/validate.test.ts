import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { withDelimiter } from "../log-reader/fix-text.js";
import { at, executionReport, fromKraken, heartbeat, logon, message, newOrder } from "./messages.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "kraken-fix-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const clean = [
  logon(1),
  logon(1, fromKraken()),
  newOrder(2, "1700000000001"),
  executionReport(2, { clOrdID: "1700000000001", execID: "E1", execType: "0", ordStatus: "0", cumQty: "0", leavesQty: "1" }, { time: at(2.5) }),
  heartbeat(3),
];
/** A price-less limit order (rule), a skipped MsgSeqNum, and a line that is no FIX at all. */
const messy = [
  "session start",
  logon(1),
  logon(1, fromKraken()),
  message("D", 2, [[11, "1700000000001"], [38, "1"], [40, "2"], [54, "1"], [55, "BTC/USD"], [59, "1"], [60, at(2)]]),
  heartbeat(4),
];

describe("kraken-fix validate: log formats", () => {
  const lines = (messages: readonly string[], delimiter: string) => messages.map((m) => withDelimiter(m, delimiter)).join("\n") + "\n";
  const formats: [string, string | Buffer][] = [
    ["SOH lines", lines(clean, "\x01")],
    ["raw SOH stream without newlines", clean.join("")],
    ["| delimited", lines(clean, "|")],
    ["^A delimited", lines(clean, "^A")],
    ["QuickFIX FileLog", clean.map((m) => `20261124-10:00:00.000 : ${m}`).join("\n") + "\n"],
    ["gzip", gzipSync(lines(clean, "|"))],
  ];
  for (const [name, content] of formats) {
    it(`${name}: ${clean.length} messages, clean, exit 0`, async () => {
      const result = await runCli(["validate", "--format", "json", file(`${name.replace(/\W/g, "_")}.log`, content)]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { summary: { messages: number; errors: number }; problems: unknown[] };
      expect(report.summary.messages).toBe(clean.length);
      expect(report.problems).toEqual([]);
    });
  }
  it("stdin (-)", async () => {
    const result = await runCli(["validate", "-", "--format", "ndjson"], lines(clean, "|"));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ type: "summary", messages: clean.length, errors: 0 });
  });
  it("glob patterns expand to every matching file", async () => {
    file("g1.log", lines(clean.slice(0, 2), "|"));
    file("g2.log", lines(clean.slice(2), "|"));
    const result = await runCli(["validate", join(dir, "g?.log"), "--format", "ndjson"]);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ messages: clean.length, errors: 0 });
  });
});

describe("kraken-fix validate: reports and exit codes", () => {
  const messyLog = file("messy.log", messy.map((m) => withDelimiter(m, "|")).join("\n") + "\n");

  it("text: one line per problem with file:line, seq, message, tag and 373 reason, then the summary", async () => {
    const result = await runCli(["validate", messyLog]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines).toContain(
      `${messyLog}:4  seq 2  NewOrderSingle  Price (44)  error RequiredTagMissing [373=1]: Price (44) is required here [price-for-limit-types: Price (44) is required for OrdType 2, 4, T and V]`,
    );
    expect(lines).toContain(`${messyLog}:5  seq 4  CLIENT1->KRAKEN-TRD  Heartbeat  error sequence-gap: MsgSeqNum 3 skipped and never resent or gap-filled`);
    expect(result.stdout).toMatch(/non-FIX lines\s+1\n/);
    expect(result.stdout).toMatch(/By reason\n {2}RequiredTagMissing \[373=1\]\s+1\n {2}sequence-gap\s+1/);
    expect(result.stdout).not.toContain("\x1b["); // no colour when stdout is not a terminal
  });
  it("text: a field inside a group entry is named with its entry, NoMDEntries[2].MDEntryPx (270)", async () => {
    const entries: [number, string][] = [[279, "0"], [269, "0"], [270, "100.5"], [271, "1"], [279, "0"], [269, "1"], [270, "abc"], [271, "1"]];
    const book = message("X", 2, [[262, "md-1"], [268, "2"], ...entries, [55, "BTC/USD"]], fromKraken());
    const path = file("group-field.log", [logon(1), logon(1, fromKraken()), book].join("\n") + "\n");
    const result = await runCli(["validate", "--no-checks", path]);
    expect(result.stdout.split("\n").find((line) => line.includes("MDEntryPx"))).toBe(
      `${path}:3  seq 2  MarketDataIncrementalRefresh  NoMDEntries[2].MDEntryPx (270)  error IncorrectDataFormat [373=6]: MDEntryPx is not a valid PRICE: "abc"`,
    );
  });
  it("colour and progress bar only on a terminal (run under script(1), which gives the CLI a pseudo-terminal)", async () => {
    const { execFileSync } = await import("node:child_process");
    const output = execFileSync("script", ["-qc", `node --import tsx cli/main.ts validate ${messyLog} --no-checks`, "/dev/null"], {
      cwd: new URL("../../", import.meta.url).pathname,
      encoding: "utf8",
      timeout: 60_000,
    }).replaceAll("\r", "");
    expect(output).toContain(`\x1b[1m${messyLog}:4\x1b[0m  seq 2  NewOrderSingle  Price (44)  \x1b[31merror\x1b[0m RequiredTagMissing [373=1]`);    // stderr is the same terminal: the progress bar is drawn, then erased before the summary.
    expect(output).toContain(`[##############################] 100% 0.0 MB  4 messages  ${messyLog}\x1b[K\x1b[K`);
  });
  it("json: problems and summary", async () => {
    const result = await runCli(["validate", messyLog, "--format", "json"]);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      protocol: "kraken-fix44 (generated)",
      unlisted: 0,
      summary: { messages: 4, invalidMessages: 1, errors: 1, warnings: 0, findings: 1, nonFixLines: 1, byReason: { "RequiredTagMissing [373=1]": 1, "sequence-gap": 1 } },
    });
    expect((report["problems"] as unknown[])[0]).toEqual({
      source: messyLog,
      line: 4,
      seqNum: 2,
      message: "NewOrderSingle",
      severity: "error",
      code: "RequiredTagMissing",
      reason: 1,
      tag: 44,
      tagName: "Price",
      text: "Price (44) is required here [price-for-limit-types: Price (44) is required for OrdType 2, 4, T and V]",
    });
  });
  it("--max-errors lists at most n problems but counts all", async () => {
    const result = await runCli(["validate", messyLog, "--format", "json", "--max-errors", "1"]);
    expect(JSON.parse(result.stdout)).toMatchObject({ unlisted: 1, summary: { errors: 1, findings: 1 } });
  });
  it("--no-checks skips the cross-log checks", async () => {
    const result = await runCli(["validate", messyLog, "--format", "ndjson", "--no-checks"]);
    expect(result.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; code?: string }).map((p) => p.code ?? p.type)).toEqual(["RequiredTagMissing", "summary"]);
  });
  it("--switch and --profile change what is reported", async () => {
    const unknownTag = file("unknown.log", withDelimiter(newOrder(2, "1700000000001", {}, [[4999, "x"]]), "|") + "\n");
    expect((await runCli(["validate", unknownTag, "--no-checks"])).code).toBe(1);
    expect((await runCli(["validate", unknownTag, "--no-checks", "--switch", "AllowUnknownMsgFields=Y"])).code).toBe(0);
  });
  it("--dict validates with a dictionary file and gives the same report", async () => {
    const generated = await runCli(["validate", messyLog, "--format", "json"]);
    const loaded = await runCli(["validate", messyLog, "--format", "json", "--dict", "dictionaries/kraken-fix44.xml"]);
    const strip = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), protocol: undefined });
    expect(strip(loaded.stdout)).toEqual(strip(generated.stdout));
  });
  const usage: [string, string[], string][] = [
    ["unknown profile", ["--profile", "loose"], 'kraken-fix: --profile must be kraken or strict, got "loose"\n'],
    ["unknown switch", ["--switch", "Nope=Y"], 'kraken-fix: --switch Nope=Y: unknown switch "Nope"; known: '],
    ["bad venue", ["--venue", "moon"], 'kraken-fix: --venue must be spot or derivatives, got "moon"\n'],
    ["bad format", ["--format", "xml"], 'kraken-fix: --format must be text, json or ndjson, got "xml"\n'],
    ["bad --max-errors", ["--max-errors", "-1"], 'kraken-fix: --max-errors needs a whole number, got "-1"\n'],
    ["missing dictionary", ["--dict", "no-such.xml"], "kraken-fix: cannot read dictionary no-such.xml: no such file\n"],
  ];
  for (const [name, args, message] of usage) {
    it(`exit 2: ${name}`, async () => {
      const result = await runCli(["validate", messyLog, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr.startsWith(message)).toBe(true);
    });
  }
  it("a message cut short is reported as Truncated", async () => {
    const cut = withDelimiter(heartbeat(2), "|").replace(/10=\d{3}\|$/, "");
    const path = file("cut.log", `${withDelimiter(logon(1), "|")}\n${cut}\n`);
    const result = await runCli(["validate", path, "--format", "json", "--no-checks"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { problems: { code: string; line: number; text: string }[]; summary: { truncatedMessages: number } };
    expect(report.summary.truncatedMessages).toBe(1);
    // The decoder already names the problem; the log's own "cut short" is not reported a second time.
    expect(report.problems.filter((p) => p.code === "Truncated")).toEqual([
      expect.objectContaining({ line: 2, text: "no CheckSum (10) field: message truncated (BodyLength says 60)" }),
    ]);
  });
  it("a reader that stops early (| head) ends the output quietly; the exit code stays right", async () => {
    const { spawn } = await import("node:child_process");
    const orders = Array.from({ length: 3000 }, (_, i) => withDelimiter(message("D", i + 1, [[11, String(1700000000000 + i)], [38, "1"], [40, "2"], [54, "1"], [55, "BTC/USD"], [59, "1"], [60, at(i + 1)]]), "|"));
    const path = file("many.log", orders.join("\n") + "\n");
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", "validate", path], { cwd: new URL("../../", import.meta.url).pathname });
    const killer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, "SIGKILL"), 60_000);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearTimeout(killer);
    expect(stderr).toBe("");
    expect(code).toBe(1);
  });
  it("exit 2: missing log file", async () => {
    const result = await runCli(["validate", join(dir, "missing.log")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`kraken-fix: no such file: ${join(dir, "missing.log")}\n`);
  });
  it("--help lists options and examples", async () => {
    const result = await runCli(["validate", "--help"]);
    expect(result.stdout).toContain("--switch <Name=Y|N>");
    expect(result.stdout).toContain("Examples:");
  });
});
