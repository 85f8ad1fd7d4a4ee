/**
 * fixparser 2.9.5 as a benchmark peer. It parses strings, not bytes, and produces strings: the conversions from
 * and to the Buffer every contender is given or must return are part of its measured cost.
 */
import fixparser from "fixparser";
import type { FixparserField, FixparserMessage } from "fixparser";
import type { Field } from "../messages.js";

const parser = new fixparser.default();

/** Parses one framed message (also computes fixparser's BodyLength/CheckSum verdicts and field metadata). */
export function fixparserParse(bytes: Buffer): FixparserMessage {
  const message = parser.parse(bytes.toString("latin1"))[0];
  if (!message) throw new Error("fixparser returned no message");
  return message;
}

/** Builds the message fixparser encodes: the wire text of every field except 9 and 10, which it computes. */
export function fixparserFields(fields: readonly Field[]): FixparserField[] {
  return fields.filter(([tag]) => tag !== 9 && tag !== 10).map(([tag, value]) => new fixparser.Field(tag, value));
}

/** Encodes the fields into a complete message (fixparser fills in BodyLength and CheckSum). */
export function fixparserEncode(fields: readonly FixparserField[]): Buffer {
  return Buffer.from(parser.createMessage(...fields).encode(), "latin1");
}
