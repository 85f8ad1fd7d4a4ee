/**
 * `kraken-fix validate`: every message of the given logs through Validator (profile, switches, venue rules),
 * then the cross-log checks, streaming: memory stays flat whatever the size of the logs.
 */
import { LogChecker } from "../../runtime/checks/log-checker.js";
import type { DecodedMessage } from "../../runtime/checks/types.js";
import { readFixLog } from "../../runtime/log-reader/read-fix-log.js";
import { Validator } from "../../runtime/validation/validator.js";
import { LineWriter } from "../report/output.js";
import { checkProblem, messageProblem, type Problem } from "../report/problem.js";
import { ProgressBar } from "../report/progress.js";
import { styleFor } from "../report/style.js";
import { count, emptySummary, hasProblems, summaryJson } from "../report/summary.js";
import { formatProblem, formatSummary } from "../report/text.js";
import { parseCount, parseProfile, parseSwitches, parseVenue, UsageError } from "./options.js";
import { commandFailure } from "./failure.js";
import { loadProtocol } from "./protocol.js";

export interface ValidateCommandOptions {
  readonly profile: string;
  readonly switch: readonly string[];
  readonly venue?: string;
  readonly dict?: string;
  readonly maxErrors: string;
  readonly format: string;
  /** commander's `--no-checks`. */
  readonly checks: boolean;
}

type Format = "text" | "json" | "ndjson";

/** Returns the exit code: 0 nothing wrong (warnings allowed), 1 problems found, 2 usage or input error. */
export async function runValidate(inputs: readonly string[], options: ValidateCommandOptions): Promise<number> {
  try {
    return await validate(inputs, options);
  } catch (error) {
    return commandFailure(error);
  }
}

async function validate(inputs: readonly string[], options: ValidateCommandOptions): Promise<number> {
  const format = parseFormat(options.format);
  const maxErrors = parseCount("--max-errors", options.maxErrors);
  const validatorOptions = {
    profile: parseProfile(options.profile),
    switches: parseSwitches(options.switch),
    ...(options.venue === undefined ? {} : { venue: parseVenue(options.venue) }),
  };
  const loaded = await loadProtocol(options.dict);
  const validator = new Validator(loaded.protocol, validatorOptions);
  const messageNames = new Map([...loaded.protocol.dictionary.messages].map(([type, message]) => [type, message.def.name]));
  const nameOf = (msgType: string | undefined) => (msgType === undefined ? undefined : (messageNames.get(msgType) ?? `MsgType ${msgType}`));
  const checker = options.checks ? new LogChecker() : undefined;

  const out = new LineWriter(process.stdout);
  const style = styleFor(process.stdout);
  const progress = process.stderr.isTTY ? new ProgressBar(process.stderr) : undefined;
  const summary = emptySummary();
  /** Problems kept for `--format json`, which prints one document at the end (at most --max-errors of them). */
  const listed: Problem[] = [];
  let shown = 0;
  let unlisted = 0;

  const emit = async (problem: Problem): Promise<void> => {
    count(summary, problem);
    if (shown >= maxErrors) {
      unlisted++;
      return;
    }
    shown++;
    progress?.clear();
    if (format === "json") listed.push(problem);
    else if (format === "ndjson") await out.line(JSON.stringify({ type: "problem", ...problem }));
    else await out.line(formatProblem(problem, style));
  };

  const reader = readFixLog(inputs, progress === undefined ? {} : { onProgress: (p) => progress.update(p) });
  for await (const batch of reader.batches()) {
    for (const record of batch) {
      summary.messages++;
      const validation = validator.validate(record.raw);
      const message = validation.message as DecodedMessage | undefined;
      const msgType = message?.msgType ?? sniffMsgType(record.raw);
      // A message the log cut short has no CheckSum field: the decoder reports it as Truncated.
      const errors = validation.errors;
      if (record.ending !== "checksum") summary.truncatedMessages++;
      if (!validation.ok) summary.invalidMessages++;
      if (errors.length > 0) {
        const header = message?.header;
        const seqNum = typeof header?.["msgSeqNum"] === "number" ? header["msgSeqNum"] : undefined;
        const at = { source: record.source, line: record.line, seqNum, message: nameOf(msgType) };
        for (const error of errors) await emit(messageProblem(error, at));
      }
      if (checker === undefined || message === undefined) continue;
      for (const finding of checker.observe(message, record)) await emit(checkProblem(finding, nameOf));
    }
  }
  for (const finding of checker?.finish() ?? []) await emit(checkProblem(finding, nameOf));
  progress?.clear();
  summary.nonFixLines = reader.stats.nonFixLines;

  if (format === "json") {
    await out.line(JSON.stringify({ protocol: loaded.name, problems: listed, unlisted, summary: summaryJson(summary) }, null, 2));
  } else if (format === "ndjson") {
    await out.line(JSON.stringify({ type: "summary", protocol: loaded.name, unlisted, ...summaryJson(summary) }));
  } else {
    if (shown > 0) await out.line("");
    await out.line(formatSummary(summary, unlisted, style));
  }
  return hasProblems(summary) ? 1 : 0;
}

function parseFormat(value: string): Format {
  if (value === "text" || value === "json" || value === "ndjson") return value;
  throw new UsageError(`--format must be text, json or ndjson, got "${value}"`);
}

const MSG_TYPE = Buffer.from("\x0135=");

/** MsgType of a message the decoder could not read, for the report's message column. */
function sniffMsgType(raw: Buffer): string | undefined {
  const at = raw.indexOf(MSG_TYPE);
  if (at < 0) return undefined;
  const end = raw.indexOf(1, at + MSG_TYPE.length);
  return raw.toString("latin1", at + MSG_TYPE.length, end < 0 ? raw.length : end) || undefined;
}
