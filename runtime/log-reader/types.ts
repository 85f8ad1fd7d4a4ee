/** What the log reader yields and counts. */

/** How the fields of a message were separated in the log. `raw` is always SOH-delimited. */
export type LogDelimiter = "SOH" | "|" | "^A" | "^";

/**
 * Why a message ended. Only `"checksum"` means the message had its CheckSum (10) field; every other ending is
 * a message that was cut short (the validator reports it as truncated).
 */
export type MessageEnding =
  /** After the CheckSum (10) field: the message is whole. */
  | "checksum"
  /** Another `8=FIX` began before any CheckSum field. */
  | "next-message"
  /** The line ended before any CheckSum field. */
  | "end-of-line"
  /** The input ended before any CheckSum field. */
  | "end-of-input"
  /** The message reached `maxMessageBytes`; the rest, up to the next message or line end, was skipped. */
  | "size-limit";

/** One FIX message found in a log. */
export interface LogRecord {
  /** The input it came from: a file path as given or matched, or `"-"` for stdin. */
  readonly source: string;
  /** 1-based line where the message starts (raw SOH streams without newlines are all on line 1). */
  readonly line: number;
  /** 1-based byte column of the `8` of `8=FIX` in that line. */
  readonly column: number;
  /** Byte offset of the `8` of `8=FIX` in the source (after gzip decompression). */
  readonly offset: number;
  /** The timestamp of a QuickFIX FileLog line (`20261124-10:00:00.123 : 8=FIX…`), as written. */
  readonly timestamp?: string;
  /** The message normalised to SOH-delimited bytes (its own copy; safe to keep). */
  readonly raw: Buffer;
  /** The delimiter the log used for this message. */
  readonly delimiter: LogDelimiter;
  readonly ending: MessageEnding;
  /**
   * Non-FIX text before the message on its line (since the line start or the previous message), trimmed, without
   * a FileLog timestamp; absent when empty. At most `maxTextBytes` bytes are kept (then it ends with `…`).
   */
  readonly text?: string;
}

/** The start of a line that holds no FIX message. */
export interface NonFixLineSample {
  readonly source: string;
  readonly line: number;
  /** The line's first `maxTextBytes` bytes, trimmed (ends with `…` when cut). */
  readonly text: string;
}

export interface ExtractorOptions {
  /** Largest message kept; longer ones end with `"size-limit"`. Default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** Most bytes kept of the text before a message and of a non-FIX line sample. Default 256. */
  readonly maxTextBytes?: number;
  /** How many non-FIX lines to keep as samples. Default 20. */
  readonly nonFixSampleLimit?: number;
}

/** Counters of one source, or of all sources together. */
export interface ExtractStats {
  /** Bytes scanned (after decompression). */
  bytes: number;
  /** Lines seen; a last line without a newline counts when it is not empty. */
  lines: number;
  /** Messages yielded (whole or cut short). */
  messages: number;
  /** Messages that ended other than after a CheckSum field. */
  truncatedMessages: number;
  /** Messages that hit `maxMessageBytes`. */
  oversizedMessages: number;
  /** Lines with visible text but no FIX message. Blank lines are not counted. */
  nonFixLines: number;
  /** The first `nonFixSampleLimit` of those lines. */
  nonFixSamples: NonFixLineSample[];
}
