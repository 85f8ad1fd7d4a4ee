/**
 * The validation core's throughput and peak memory on a large log: FrameReader plus Validator.validate over a raw
 * FIX log streamed from disk, in a child process of its own (bench/stream-validate-child.ts). Beside the validate
 * CLI's figure (validate-cli.ts) it shows what the command adds on top of validation: log-line extraction, the
 * cross-log checks, report output and start-up.
 */
import { execFile } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BenchMessage } from "./messages.js";
import { childNodeOptions, siblingScript } from "./child-script.js";

export interface StreamValidation {
  readonly what: string;
  readonly logBytes: number;
  readonly messages: number;
  readonly invalid: number;
  readonly garbage: number;
  readonly seconds: number;
  /** Megabytes (10^6 bytes) of log per second. */
  readonly mbPerSecond: number;
  readonly messagesPerSecond: number;
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
}

const CHILD = siblingScript(import.meta.url, "./stream-validate-child");

/** Writes a log of the bench messages, round-robin, of at least `megabytes` MB; returns its path. */
export function writeLog(directory: string, messages: readonly BenchMessage[], megabytes: number): string {
  const path = join(directory, "bench.fixlog");
  const block = Buffer.concat(Array.from({ length: 512 }, (_, i) => messages[i % messages.length]!.bytes));
  const fd = openSync(path, "w");
  try {
    for (let written = 0; written < megabytes * 1e6; written += block.length) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  return path;
}

export async function measureStreamValidation(messages: readonly BenchMessage[], megabytes: number): Promise<StreamValidation> {
  const directory = mkdtempSync(join(tmpdir(), "kraken-fix-bench-"));
  try {
    const log = writeLog(directory, messages, megabytes);
    const { stdout } = await promisify(execFile)(process.execPath, [...childNodeOptions, CHILD, log], {
      maxBuffer: 1 << 20,
      timeout: 30 * 60 * 1000,
    });
    const child = JSON.parse(stdout) as Omit<StreamValidation, "what" | "logBytes" | "mbPerSecond" | "messagesPerSecond"> & { bytes: number };
    return {
      what: "validation core only: FrameReader + Validator.validate over a raw log read in 64 KiB chunks, in a child process",
      logBytes: child.bytes,
      messages: child.messages,
      invalid: child.invalid,
      garbage: child.garbage,
      seconds: child.seconds,
      mbPerSecond: child.bytes / 1e6 / child.seconds,
      messagesPerSecond: child.messages / child.seconds,
      rssBeforeBytes: child.rssBeforeBytes,
      peakRssBytes: child.peakRssBytes,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
