/**
 * readFixLog: every FIX message of a set of log inputs, as an async iterable, in constant memory. Sources are
 * read one after the other, in the order given (patterns expand sorted by name).
 */
import { EXTRACTOR_DEFAULTS, FixLogExtractor } from "./extractor.js";
import { resolveLogInputs, type LogInput } from "./inputs.js";
import { readSourceChunks, type ByteSource } from "./source.js";
import type { ExtractorOptions, ExtractStats, LogRecord } from "./types.js";

export interface ReadFixLogOptions extends ExtractorOptions {
  /** Base for relative paths and patterns. Default: process.cwd(). */
  readonly cwd?: string;
  /** What `-` reads. Default: process.stdin. */
  readonly stdin?: ByteSource;
  /** Called after each chunk is scanned, e.g. to draw a progress bar. */
  readonly onProgress?: (progress: LogReadProgress) => void;
}

export interface LogReadProgress {
  /** The source being read. */
  readonly source: string;
  /** Bytes read so far from all sources, as stored (compressed for gzip files). */
  readonly bytesRead: number;
  /** Sum of the file sizes; absent when stdin is among the inputs. */
  readonly totalBytes?: number;
  /** Messages found so far. */
  readonly messages: number;
}

export interface SourceStats extends ExtractStats {
  readonly source: string;
  /** Bytes read as stored; `bytes` counts them after decompression. */
  bytesRead: number;
  gzip: boolean;
}

export interface LogReadStats extends ExtractStats {
  /** Bytes read as stored, over all sources. */
  bytesRead: number;
  /** Sum of the file sizes when every input is a file. */
  totalBytes?: number;
  /** One entry per source started, in reading order. */
  sources: SourceStats[];
}

export function readFixLog(inputs: readonly string[], options: ReadFixLogOptions = {}): FixLogReader {
  return new FixLogReader(inputs, options);
}

/** Iterate it once with `for await`; `stats` is complete when the loop ends. */
export class FixLogReader implements AsyncIterable<LogRecord> {
  private readonly sourceStats: SourceStats[] = [];
  private totalBytes: number | undefined;
  private started = false;

  constructor(
    private readonly inputs: readonly string[],
    private readonly options: ReadFixLogOptions,
  ) {}

  /** Totals so far: sums of `sources`, with at most `nonFixSampleLimit` samples. */
  get stats(): LogReadStats {
    const limit = this.options.nonFixSampleLimit ?? EXTRACTOR_DEFAULTS.nonFixSampleLimit;
    const total: LogReadStats = {
      bytes: 0,
      bytesRead: 0,
      lines: 0,
      messages: 0,
      truncatedMessages: 0,
      oversizedMessages: 0,
      nonFixLines: 0,
      nonFixSamples: [],
      sources: this.sourceStats,
    };
    if (this.totalBytes !== undefined) total.totalBytes = this.totalBytes;
    for (const source of this.sourceStats) {
      total.bytes += source.bytes;
      total.bytesRead += source.bytesRead;
      total.lines += source.lines;
      total.messages += source.messages;
      total.truncatedMessages += source.truncatedMessages;
      total.oversizedMessages += source.oversizedMessages;
      total.nonFixLines += source.nonFixLines;
      for (const sample of source.nonFixSamples)
        if (total.nonFixSamples.length < limit) total.nonFixSamples.push(sample);
    }
    return total;
  }

  [Symbol.asyncIterator](): AsyncIterator<LogRecord> {
    this.start();
    return this.records();
  }

  /**
   * The same records, a chunk's worth at a time (in order; empty batches skipped): a loop over a batch runs
   * without a promise per record, which the validate command's throughput noticed (bench/README.md).
   */
  batches(): AsyncIterable<readonly LogRecord[]> {
    this.start();
    return this.chunks();
  }

  private start(): void {
    if (this.started) throw new Error("a FixLogReader can be iterated only once");
    this.started = true;
  }

  private async *records(): AsyncGenerator<LogRecord> {
    for await (const batch of this.chunks()) yield* batch;
  }

  private async *chunks(): AsyncGenerator<readonly LogRecord[]> {
    const sources = await resolveLogInputs(this.inputs, this.options.cwd);
    if (sources.every((source) => source.kind === "file")) {
      this.totalBytes = sources.reduce((sum, source) => sum + (source.kind === "file" ? source.size : 0), 0);
    }
    let bytesRead = 0;
    let messages = 0;
    for (const input of sources) {
      const extractor = new FixLogExtractor(input.path, this.options);
      // The extractor's own counters are live, so this entry always shows the current state.
      const stats: SourceStats = Object.assign(extractor.stats, { source: input.path, bytesRead: 0, gzip: false });
      this.sourceStats.push(stats);
      const chunks = readSourceChunks(input, {
        stdin: this.options.stdin ?? process.stdin,
        onRawBytes: (count) => {
          stats.bytesRead += count;
          bytesRead += count;
        },
        onFormat: (gzip) => {
          stats.gzip = gzip;
        },
      });
      for await (const chunk of chunks) {
        const found = extractor.push(chunk);
        messages += found.length;
        if (found.length > 0) yield found;
        this.reportProgress(input, bytesRead, messages);
      }
      const last = extractor.end();
      messages += last.length;
      if (last.length > 0) yield last;
    }
  }

  private reportProgress(input: LogInput, bytesRead: number, messages: number): void {
    const onProgress = this.options.onProgress;
    if (onProgress === undefined) return;
    onProgress({
      source: input.path,
      bytesRead,
      messages,
      ...(this.totalBytes === undefined ? {} : { totalBytes: this.totalBytes }),
    });
  }
}
