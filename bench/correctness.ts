/**
 * What each contender gets wrong on the same bytes, observed rather than asserted: every contender decodes a
 * message and encodes what it decoded, and the output is compared field by field with the input, and its
 * BodyLength and CheckSum are recomputed. Besides the three bench messages, a few probes isolate one feature
 * each (a standard tag whose number ends in 10, a Kraken tag ending in 10, a large MsgSeqNum, sub-millisecond
 * time, a Kraken tag inside a group entry).
 */
import { checksum, formatChecksum } from "../runtime/codec/checksum.js";
import { encodeWire } from "../runtime/codec/encode.js";
import type { DecodedObject } from "../runtime/codec/decode.js";
import { decodeMessage, dictionary } from "../generated/kraken-fix44/index.js";
import { fieldsOf, fieldValue, frame } from "./messages.js";
import type { BenchMessage, Field } from "./messages.js";
import { fixparserEncode, fixparserParse } from "./peers/fixparser.js";
import fixparser from "fixparser";
import { createJspurefixSession, jspurefixBody } from "./peers/jspurefix.js";
import type { JspurefixSession } from "./peers/jspurefix.js";

export type ContenderName = "kraken-fix" | "jspurefix" | "fixparser";

/** BodyLength and CheckSum of a message as written, and whether they are right. */
export interface Framing {
  readonly bodyLength: string;
  readonly bodyLengthOk: boolean;
  /** Leading zeros in BodyLength: legal digits, but not what a FIX engine writes and some counterparties refuse. */
  readonly bodyLengthPadded: boolean;
  readonly checkSum: string;
  readonly checkSumOk: boolean;
}

export interface FieldDiff {
  /** `tag=value` in the input that the output lacks. */
  readonly missing: readonly string[];
  /** `tag=value` in the output that the input lacks. */
  readonly added: readonly string[];
  /** Same tag, different text: `44: 84000.10 → 84000.1`. */
  readonly changed: readonly string[];
}

export interface Finding {
  readonly contender: ContenderName;
  readonly subject: string;
  /** The decoder's own complaints about the input (an empty list when it accepted it). */
  readonly decodeVerdict: readonly string[];
  /** Anything else seen along the way that a user of the contender would trip over. */
  readonly otherObservations: readonly string[];
  /** Decode → encode, compared with the input; 8, 9 and 10 are compared through `framing`. */
  readonly roundTrip: FieldDiff | undefined;
  readonly framing: Framing | undefined;
  /** Set when the contender threw. */
  readonly error?: string;
}

interface Subject {
  readonly id: string;
  readonly description: string;
  readonly bytes: Buffer;
}

const header = (msgType: string, sender: string, target: string, seq = "4711", time = "20250612-10:15:31.460"): Field[] => [
  [35, msgType],
  [34, seq],
  [49, sender],
  [52, time],
  [56, target],
];

/** Small messages that each isolate one behaviour seen on the bench messages. */
export const probes: readonly Subject[] = [
  {
    id: "probe:110",
    description: "NewOrderSingle with MinQty (110), a standard FIX 4.4 tag whose number ends in 10",
    bytes: frame("FIX.4.4", [
      ...header("D", "CLIENT01", "KRAKEN-TRD"),
      [11, "174972093012300043"],
      [40, "2"],
      [44, "84000.10"],
      [38, "1.50000000"],
      [110, "0.50000000"],
      [54, "1"],
      [55, "BTC/USD"],
      [59, "1"],
      [60, "20250612-10:15:31.455"],
    ]),
  },
  {
    id: "probe:5010",
    description: "Kraken SecurityList (35=y) entry with QtyPrecision (5010), a Kraken tag whose number ends in 10",
    bytes: frame("FIX.4.4", [
      ...header("y", "KRAKEN-MD", "CLIENT01"),
      [320, "sec-1"],
      [322, "sec-1-r"],
      [560, "0"],
      [146, "1"],
      [55, "BTC/USD"],
      [562, "0.00000001"],
      [5010, "8"],
      [5011, "0.00005000"],
      [2349, "1"],
      [5022, "0.1"],
      [5032, "1"],
    ]),
  },
  {
    id: "probe:seq",
    description: "Heartbeat with MsgSeqNum 3000000000 (above 2^31; a long-lived session's counter)",
    bytes: frame("FIX.4.4", header("0", "KRAKEN-TRD", "CLIENT01", "3000000000")),
  },
  {
    id: "probe:micros",
    description: "Heartbeat with a microsecond SendingTime (FIX allows up to nanoseconds)",
    bytes: frame("FIX.4.4", header("0", "KRAKEN-TRD", "CLIENT01", "4711", "20250612-10:15:31.460123")),
  },
  {
    id: "probe:group-tag",
    description: "3-entry MarketDataIncrementalRefresh, no body-level Symbol, AggressorSide (2446) in entry 1",
    bytes: frame("FIX.4.4", [
      ...header("X", "KRAKEN-MD", "CLIENT01"),
      [262, "md-btcusd-1"],
      [268, "3"],
      [279, "0"],
      [269, "2"],
      [270, "84000.10"],
      [271, "0.50000000"],
      [2446, "2"],
      [279, "1"],
      [269, "0"],
      [270, "83999.90"],
      [271, "1.20000000"],
      [279, "1"],
      [269, "1"],
      [270, "84000.20"],
      [271, "0.04000000"],
    ]),
  },
];

export async function collectFindings(messages: readonly BenchMessage[]): Promise<Finding[]> {
  const subjects: Subject[] = [...messages.map((m) => ({ id: m.id, description: m.name, bytes: m.bytes })), ...probes];
  const jspurefix = new JspurefixSessions();
  const findings: Finding[] = [];
  for (const subject of subjects) {
    findings.push(observe("kraken-fix", subject, () => krakenRoundTrip(subject.bytes)));
    findings.push(await observeAsync("jspurefix", subject, () => jspurefix.roundTrip(subject.bytes)));
    findings.push(observe("fixparser", subject, () => fixparserRoundTrip(subject.bytes)));
  }
  return findings;
}

interface RoundTripOutput {
  readonly verdict: readonly string[];
  readonly output: Buffer;
  readonly other?: readonly string[];
}

function observe(contender: ContenderName, subject: Subject, run: () => RoundTripOutput): Finding {
  try {
    return finding(contender, subject, run());
  } catch (error) {
    return failed(contender, subject, error);
  }
}

async function observeAsync(contender: ContenderName, subject: Subject, run: () => Promise<RoundTripOutput>): Promise<Finding> {
  try {
    return finding(contender, subject, await run());
  } catch (error) {
    return failed(contender, subject, error);
  }
}

function finding(contender: ContenderName, subject: Subject, result: RoundTripOutput): Finding {
  return {
    contender,
    subject: subject.id,
    decodeVerdict: result.verdict,
    otherObservations: result.other ?? [],
    roundTrip: diffFields(subject.bytes, result.output),
    framing: framingOf(result.output),
  };
}

function failed(contender: ContenderName, subject: Subject, error: unknown): Finding {
  return {
    contender,
    subject: subject.id,
    decodeVerdict: [],
    otherObservations: [],
    roundTrip: undefined,
    framing: undefined,
    error: error instanceof Error ? error.message : String(error),
  };
}

function krakenRoundTrip(bytes: Buffer): RoundTripOutput {
  const result = decodeMessage(bytes);
  const verdict = result.errors.map((e) => `${e.severity} ${e.code}: ${e.text}`);
  const message = result.message as DecodedObject | undefined;
  const compiled = message && dictionary.messages.get(message.msgType);
  if (!message || !compiled) throw new Error(`decode failed: ${verdict.join("; ")}`);
  return { verdict, output: encodeWire(dictionary, compiled, message, message.header) };
}

function fixparserRoundTrip(bytes: Buffer): RoundTripOutput {
  const parsed = fixparserParse(bytes);
  const verdict: string[] = [];
  if (!parsed.bodyLengthValid) verdict.push(`BodyLength ${parsed.bodyLengthValue} judged wrong (it computed ${parsed.bodyLengthExpected})`);
  if (!parsed.checksumValid) verdict.push(`CheckSum ${parsed.checksumValue} judged wrong (it computed ${parsed.checksumExpected})`);
  // The parsed message's own encode() writes the parsed 9 and 10 back; the round trip leaves them for it to compute.
  const other: string[] = [];
  const asParsed = framingOf(Buffer.from(parsed.encode(), "latin1"));
  if (!asParsed.bodyLengthOk || !asParsed.checkSumOk) {
    other.push(`parsed message's encode() writes the parsed 9=${asParsed.bodyLength} and 10=${asParsed.checkSum} back: wrong for what it writes`);
  }
  const fields = parsed.data.filter((f) => f.tag !== 9 && f.tag !== 10).map((f) => new fixparser.Field(f.tag, f.value));
  return { verdict, output: fixparserEncode(fields), other };
}

/** jspurefix takes CompIDs from the session, so each direction gets its own session. */
class JspurefixSessions {
  private readonly sessions = new Map<string, Promise<JspurefixSession>>();

  async roundTrip(bytes: Buffer): Promise<RoundTripOutput> {
    const fields = fieldsOf(bytes);
    const session = await this.session(fieldValue(fields, 49), fieldValue(fields, 56));
    const object = session.parseObject(bytes);
    const head = object["StandardHeader"] as { MsgSeqNum?: unknown; SendingTime?: unknown } | undefined;
    const sendingTime = head?.SendingTime instanceof Date ? head.SendingTime : new Date(0);
    return { verdict: [], output: session.encode(fieldValue(fields, 35), jspurefixBody(object), Number(head?.MsgSeqNum), sendingTime) };
  }

  private session(sender: string, target: string): Promise<JspurefixSession> {
    const key = `${sender}->${target}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = createJspurefixSession(sender, target);
      this.sessions.set(key, session);
    }
    return session;
  }
}

/** Compares two messages as multisets of `tag=value`, leaving out 9 and 10. */
export function diffFields(input: Buffer, output: Buffer): FieldDiff {
  const inputFields = comparable(input);
  const outputFields = comparable(output);
  const missing = unmatched(inputFields, outputFields);
  const added = unmatched(outputFields, inputFields);
  // The k-th unmatched input value of a tag and the k-th unmatched output value of that tag are one changed value.
  const changed: string[] = [];
  const addedLeft = [...added];
  const missingLeft = missing.filter(([tag, value]) => {
    const at = addedLeft.findIndex(([t]) => t === tag);
    if (at < 0) return true;
    changed.push(`${tag}: ${value} → ${addedLeft[at]![1]}`);
    addedLeft.splice(at, 1);
    return false;
  });
  const text = (fields: readonly Field[]) => fields.map(([tag, value]) => `${tag}=${value}`);
  return { missing: text(missingLeft), added: text(addedLeft), changed };
}

function comparable(bytes: Buffer): Field[] {
  return fieldsOf(bytes).filter(([tag]) => tag !== 9 && tag !== 10);
}

/** Fields of `from`, in order, that `against` has no (remaining) copy of. */
function unmatched(from: readonly Field[], against: readonly Field[]): Field[] {
  const available = new Map<string, number>();
  for (const [tag, value] of against) available.set(`${tag}=${value}`, (available.get(`${tag}=${value}`) ?? 0) + 1);
  return from.filter(([tag, value]) => {
    const key = `${tag}=${value}`;
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    return left === 0;
  });
}

/** Recomputes BodyLength and CheckSum of a message as written. */
export function framingOf(bytes: Buffer): Framing {
  const lengthStart = bytes.indexOf("\x019=") + 3;
  const lengthEnd = bytes.indexOf(1, lengthStart);
  const trailer = bytes.lastIndexOf("\x0110=") + 1;
  const bodyLength = bytes.toString("latin1", lengthStart, lengthEnd);
  const checkSum = bytes.toString("latin1", trailer + 3, bytes.length - 1);
  return {
    bodyLength,
    bodyLengthOk: Number(bodyLength) === trailer - (lengthEnd + 1),
    bodyLengthPadded: bodyLength.length > 1 && bodyLength.startsWith("0"),
    checkSum,
    checkSumOk: checkSum === formatChecksum(checksum(bytes, 0, trailer)),
  };
}

/** One line per finding that shows a problem; contenders that round-trip exactly are summarised as such. */
export function describeFinding(finding: Finding): string[] {
  const lines: string[] = [];
  if (finding.error) return [`threw: ${finding.error}`];
  for (const verdict of finding.decodeVerdict) lines.push(`decode: ${verdict}`);
  for (const observation of finding.otherObservations) lines.push(observation);
  const diff = finding.roundTrip;
  if (diff) {
    if (diff.changed.length) lines.push(`changed ${diff.changed.length}: ${abbreviate(diff.changed)}`);
    if (diff.missing.length) lines.push(`dropped ${diff.missing.length}: ${abbreviate(diff.missing)}`);
    if (diff.added.length) lines.push(`added ${diff.added.length}: ${abbreviate(diff.added)}`);
  }
  const framing = finding.framing;
  if (framing) {
    if (!framing.bodyLengthOk) lines.push(`encode: wrong BodyLength ${framing.bodyLength}`);
    else if (framing.bodyLengthPadded) lines.push(`encode: BodyLength zero-padded (9=${framing.bodyLength})`);
    if (!framing.checkSumOk) lines.push(`encode: wrong CheckSum ${framing.checkSum}`);
  }
  return lines;
}

function abbreviate(items: readonly string[], shown = 4): string {
  return items.length <= shown ? items.join(", ") : `${items.slice(0, shown).join(", ")}, … (+${items.length - shown})`;
}
