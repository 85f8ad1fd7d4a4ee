/**
 * Child process of the stream-validation measurement: reads a raw FIX log from disk in 64 KiB chunks, frames it
 * with FrameReader and validates every message, then prints one JSON line. It runs in its own process so that its
 * peak RSS is that of validation alone, not of the benchmark that spawned it.
 */
import { createReadStream } from "node:fs";
import { FrameReader } from "../runtime/codec/framer.js";
import { createValidator } from "./kraken.js";

const path = process.argv[2];
if (!path) throw new Error("usage: stream-validate-child <log file>");

const validator = createValidator();
const reader = new FrameReader();
const rssBefore = process.memoryUsage().rss;
let bytes = 0;
let messages = 0;
let invalid = 0;
let garbage = 0;
const start = process.hrtime.bigint();
for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
  const buffer = chunk as Buffer;
  bytes += buffer.length;
  for (const frame of reader.push(buffer)) {
    if (frame.type === "garbage") {
      garbage++;
      continue;
    }
    messages++;
    if (!validator.validate(frame.bytes).ok) invalid++;
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(
  `${JSON.stringify({
    bytes,
    messages,
    invalid,
    garbage,
    seconds,
    rssBeforeBytes: rssBefore,
    // resourceUsage reports kilobytes on Linux and macOS.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
