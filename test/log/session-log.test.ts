import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BoundedAppender } from "../../runtime/log/bounded-appender.js";
import { FileSessionLog, logFilePrefix } from "../../runtime/log/session-log.js";

const directory = await mkdtemp(join(tmpdir(), "kfx-log-"));
afterAll(() => rm(directory, { recursive: true, force: true }));

const session = { beginString: "FIX.4.4", senderCompID: "CLIENT", targetCompID: "KRAKEN-TRD" };
const API_SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0";
const at = Date.parse("2025-03-03T14:09:32.902Z");

describe("FileSessionLog", () => {
  it("writes QuickFIX FileLog files and lines, redacted", async () => {
    const dir = join(directory, "a", "nested");
    const log = await FileSessionLog.open({ directory: dir, session, secrets: [API_SECRET], now: () => at });
    expect(log.messagesPath).toBe(join(dir, "FIX.4.4-CLIENT-KRAKEN-TRD.messages.current.log"));
    expect(log.eventsPath).toBe(join(dir, "FIX.4.4-CLIENT-KRAKEN-TRD.event.current.log"));
    log.outgoing(Buffer.from("8=FIX.4.4\x019=20\x0135=A\x01554=c2lnbmF0dXJl\x0110=001\x01", "latin1"));
    log.incoming("8=FIX.4.4\x019=20\x0135=5\x0158=bad \xe9\x0110=002\x01");
    log.event(`Logon failed → check the secret ${API_SECRET}`);
    await log.close();
    expect(await readFile(log.messagesPath, "latin1")).toBe(
      "20250303-14:09:32.902 : 8=FIX.4.4\x019=20\x0135=A\x01554=***\x0110=001\x01\n" +
        "20250303-14:09:32.902 : 8=FIX.4.4\x019=20\x0135=5\x0158=bad \xe9\x0110=002\x01\n",
    );
    expect(await readFile(log.eventsPath, "utf8")).toBe(
      "20250303-14:09:32.902 : Logon failed → check the secret ***\n",
    );
    expect(log.droppedLines).toBe(0);
  });

  it("appends to existing files across reopen, and redacts secrets added later", async () => {
    const open = () => FileSessionLog.open({ directory, session: { ...session, qualifier: "md" }, now: () => at });
    let log = await open();
    log.event("first");
    await log.close();
    log = await open();
    log.addSecret(API_SECRET);
    log.event(`second ${API_SECRET}`);
    await log.flush();
    expect(await readFile(log.eventsPath, "utf8")).toBe(
      "20250303-14:09:32.902 : first\n20250303-14:09:32.902 : second ***\n",
    );
    expect(log.eventsPath.endsWith("FIX.4.4-CLIENT-KRAKEN-TRD-md.event.current.log")).toBe(true);
    expect(() => log.addSecret("abc")).toThrow("a secret to redact must be at least 8 characters long");
    await log.close();
  });

  it("drops lines beyond its bound, counts them and says so in the file", async () => {
    const log = await FileSessionLog.open({
      directory: join(directory, "bounded"),
      session,
      maxPendingBytes: 300,
      now: () => at,
    });
    for (let i = 0; i < 50; i++) log.event(`event ${i} ${"x".repeat(40)}`);
    const dropped = log.droppedLines;
    expect(dropped).toBeGreaterThan(40);
    await log.flush();
    log.event("after");
    await log.close();
    const lines = (await readFile(log.eventsPath, "utf8")).trimEnd().split("\n");
    expect(lines.length).toBe(50 - dropped + 2);
    expect(lines.at(-2)).toBe(`20250303-14:09:32.902 : log queue full: ${dropped} line(s) dropped`);
    expect(lines.at(-1)).toBe("20250303-14:09:32.902 : after");
  });

  it("refuses unsafe session identifiers and short secrets before creating files", async () => {
    expect(() => logFilePrefix({ ...session, senderCompID: "../etc" })).toThrow(
      new RangeError('session identifiers make an unsafe file name: "FIX.4.4-../etc-KRAKEN-TRD"'),
    );
    await expect(FileSessionLog.open({ directory, session, secrets: ["short"] })).rejects.toThrow(
      "a secret to redact must be at least 8 characters long",
    );
  });
});

describe("BoundedAppender", () => {
  it("reports a failed file on flush and counts the lost lines", async () => {
    const { open } = await import("node:fs/promises");
    const handle: FileHandle = await open(join(directory, "broken.log"), "a");
    const appender = new BoundedAppender(handle, 1 << 20, (n) => `dropped ${n}`, "utf8");
    await handle.close(); // the file goes away under the appender
    expect(appender.append("one")).toBe(true);
    expect(appender.append("two")).toBe(true);
    await expect(appender.flush()).rejects.toThrow();
    expect(appender.dropped).toBe(2);
    expect(appender.append("three")).toBe(false);
    expect(appender.dropped).toBe(3);
  });
});
