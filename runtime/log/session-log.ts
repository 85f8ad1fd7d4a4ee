/**
 * Session logs in QuickFIX's FileLog layout, so existing tools and habits work: per session, a messages file and
 * an event file named `<BeginString>-<SenderCompID>-<TargetCompID>[-<qualifier>].messages.current.log` and
 * `….event.current.log`, each line `YYYYMMDD-HH:MM:SS.sss : <text>` (QuickFIX itself writes nanoseconds; both
 * forms parse the same way). Messages are logged as their raw bytes, SOH included, both directions in one file.
 * Every line passes through redact(): secret tags and registered secrets never reach the disk.
 */
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { formatUtcTimestamp } from "../codec/utc-timestamp.js";
import { BoundedAppender } from "./bounded-appender.js";
import { checkSecret, redact } from "./redact.js";

/** What a session writes to; implement it to send logs elsewhere. */
export interface SessionLog {
  incoming(message: Buffer | string): void;
  outgoing(message: Buffer | string): void;
  event(text: string): void;
}

export interface SessionLogId {
  readonly beginString: string;
  readonly senderCompID: string;
  readonly targetCompID: string;
  readonly qualifier?: string;
}

/** QuickFIX's file name prefix for a session. */
export function logFilePrefix(id: SessionLogId): string {
  const prefix = `${id.beginString}-${id.senderCompID}-${id.targetCompID}${id.qualifier ? `-${id.qualifier}` : ""}`;
  if (/[/\\\0]/.test(prefix) || prefix.startsWith("."))
    throw new RangeError(`session identifiers make an unsafe file name: ${JSON.stringify(prefix)}`);
  return prefix;
}

export interface FileSessionLogOptions {
  readonly directory: string;
  readonly session: SessionLogId;
  /** Strings to blank out wherever they appear (the API secret). At least 8 characters each. */
  readonly secrets?: readonly string[];
  /** Per file: lines beyond this many bytes waiting to be written are dropped (and counted). Default 8 MiB. */
  readonly maxPendingBytes?: number;
  readonly now?: () => number;
}

export class FileSessionLog implements SessionLog {
  private constructor(
    readonly messagesPath: string,
    readonly eventsPath: string,
    private readonly messages: BoundedAppender,
    private readonly events: BoundedAppender,
    private readonly secrets: string[],
    private readonly now: () => number,
  ) {}

  /** Creates the directory if needed and opens both files for appending. */
  static async open(options: FileSessionLogOptions): Promise<FileSessionLog> {
    const prefix = join(options.directory, logFilePrefix(options.session));
    const secrets = (options.secrets ?? []).map(checkSecret);
    const limit = options.maxPendingBytes ?? 8 * 1024 * 1024;
    const now = options.now ?? Date.now;
    const marker = (dropped: number) => stamp(now(), `log queue full: ${dropped} line(s) dropped`);
    await mkdir(options.directory, { recursive: true });
    const messagesPath = `${prefix}.messages.current.log`;
    const eventsPath = `${prefix}.event.current.log`;
    const messages = await open(messagesPath, "a");
    const events = await open(eventsPath, "a").catch(async (error: unknown) => {
      await messages.close();
      throw error;
    });
    return new FileSessionLog(
      messagesPath,
      eventsPath,
      new BoundedAppender(messages, limit, marker, "latin1"),
      new BoundedAppender(events, limit, marker, "utf8"),
      secrets,
      now,
    );
  }

  /** Adds a string to blank out from now on (e.g. a rotated API secret). */
  addSecret(secret: string): void {
    this.secrets.push(checkSecret(secret));
  }

  incoming(message: Buffer | string): void {
    this.messages.append(this.line(message));
  }

  outgoing(message: Buffer | string): void {
    this.messages.append(this.line(message));
  }

  event(text: string): void {
    this.events.append(this.line(text));
  }

  /** Lines lost to a full queue or a failed file, across both files. */
  get droppedLines(): number {
    return this.messages.dropped + this.events.dropped;
  }

  /** Resolves once every accepted line is on its way to disk (written, not fsynced). */
  async flush(): Promise<void> {
    await Promise.all([this.messages.flush(), this.events.flush()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.messages.close(), this.events.close()]);
  }

  private line(text: Buffer | string): string {
    return stamp(this.now(), redact(text, this.secrets));
  }
}

function stamp(epochMs: number, text: string): string {
  return `${formatUtcTimestamp(epochMs)} : ${text}`;
}
