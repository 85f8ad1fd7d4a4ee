import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withDelimiter } from "../log-reader/fix-text.js";
import { framed } from "../validation/vectors.js";
import { at, fromKraken, heartbeat, KRAKEN, message, newOrder } from "./messages.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "kraken-fix-decode-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const snapshot = framed(`35=W|49=${KRAKEN}|56=CLIENT1|34=3|52=${at(3)}|55=BTC/USD|262=md-1|268=2|269=0|270=49999.5|271=1.25|269=1|270=50000.5|271=0.75|`);
const logonWithPassword = message("A", 1, [[98, "0"], [108, "30"], [554, "s3cr3t-signature"]]);
const log = join(dir, "session.log");
writeFileSync(log, [logonWithPassword, newOrder(2, "1700000000001"), snapshot, heartbeat(4, fromKraken())].map((m) => withDelimiter(m, "|")).join("\n") + "\n");

describe("kraken-fix decode", () => {
  it("prints tag names, enum meanings and indented groups, and never the password", async () => {
    const result = await runCli(["decode", log]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${log}:2  NewOrderSingle (35=D)\n  header\n    SenderCompID (49) = CLIENT1\n`);
    expect(result.stdout).toContain("  Side (54) = 1 (Buy)\n");
    expect(result.stdout).toContain("  OrdType (40) = 2 (Limit)\n");
    expect(result.stdout).toContain(
      "  NoMDEntries (268) = 2\n    [1]\n      MDEntryType (269) = 0 (Bid)\n      MDEntryPx (270) = 49999.5\n      MDEntrySize (271) = 1.25\n    [2]\n      MDEntryType (269) = 1 (Offer)\n",
    );
    expect(result.stdout).toContain("  Password (554) = ***\n");
    expect(result.stdout).not.toContain("s3cr3t");
  });
  it("--json: one typed object per line, decimals as strings", async () => {
    const result = await runCli(["decode", log, "--json", "--type", "W"]);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msgType: "W",
      header: { senderCompID: KRAKEN, msgSeqNum: 3 },
      mdEntries: [
        { mdEntryType: "0", mdEntryPx: "49999.5", mdEntrySize: "1.25" },
        { mdEntryType: "1", mdEntryPx: "50000.5", mdEntrySize: "0.75" },
      ],
    });
  });
  it("--type and --tag filter messages", async () => {
    const types = await runCli(["decode", log, "--json", "--type", "D,0"]);
    expect(types.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { msgType: string }).msgType)).toEqual(["D", "0"]);
    const tagged = await runCli(["decode", log, "--json", "--tag", "49=" + KRAKEN, "--tag", "34=4"]);
    expect(tagged.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { msgType: string }).msgType)).toEqual(["0"]);
  });
  it("exit 2 on a bad --tag", async () => {
    const result = await runCli(["decode", log, "--tag", "ClOrdID=1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('kraken-fix: --tag needs tag=value (e.g. 11=123), got "ClOrdID=1"\n');
  });
  it("--dict decodes with the same result", async () => {
    const generated = await runCli(["decode", log, "--json"]);
    const loaded = await runCli(["decode", log, "--json", "--dict", "dictionaries/kraken-fix44.xml"]);
    expect(loaded.stdout).toBe(generated.stdout);
  });
  it("--help on every command shows examples", async () => {
    for (const command of ["decode", "validate", "generate"]) {
      expect((await runCli([command, "--help"])).stdout).toContain("Examples:");
    }
  });
});
