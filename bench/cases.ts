/**
 * The measured operations: for each bench message, the floors, kraken-fix's operations and the peers' own, all
 * built over the same bytes before timing starts (setup is never timed).
 */
import { FieldOffsets, FloorMode, scanFields } from "./floors.js";
import { krakenOps } from "./kraken.js";
import type { Validator } from "../runtime/validation/validator.js";
import { fieldsOf, fieldValue } from "./messages.js";
import type { BenchMessage } from "./messages.js";
import { CASE_LABELS } from "./case-ids.js";
import type { CaseId } from "./case-ids.js";
import { fixparserEncode, fixparserFields, fixparserParse } from "./peers/fixparser.js";
import { createJspurefixSession, jspurefixBody } from "./peers/jspurefix.js";

export interface CaseDef {
  readonly id: CaseId;
  readonly label: string;
  readonly op: () => unknown;
  /** Bytes an encode case writes, to show when contenders do not write the same message. */
  readonly outputBytes?: number;
}

export async function casesFor(message: BenchMessage, validator: Validator): Promise<CaseDef[]> {
  const bytes = message.bytes;
  const offsets = new FieldOffsets();
  const kraken = krakenOps(message.msgType, bytes, validator);

  const fields = fieldsOf(bytes);
  const jspurefix = await createJspurefixSession(fieldValue(fields, 49), fieldValue(fields, 56));
  // jspurefix encodes its own object model: what its parser made of these bytes.
  const body = jspurefixBody(jspurefix.parseObject(bytes));
  const seq = Number(fieldValue(fields, 34));
  const sendingTime = new Date(Date.UTC(2025, 5, 12, 10, 15, 30, 123));
  // fixparser encodes a list of fields; given the wire text, it has every value exactly.
  const fixparserInput = fixparserFields(fields);

  const defs: Omit<CaseDef, "label">[] = [
    { id: "floor.offsets", op: () => scanFields(bytes, offsets, FloorMode.Offsets) },
    { id: "floor.slicePerValue", op: () => scanFields(bytes, offsets, FloorMode.SlicePerValue) },
    { id: "floor.substring", op: () => scanFields(bytes, offsets, FloorMode.WholeThenSubstring) },
    { id: "kraken-fix.decode", op: kraken.decodeTyped },
    { id: "kraken-fix.decodeMessage", op: kraken.decodeAny },
    { id: "kraken-fix.validate", op: kraken.validate },
    { id: "kraken-fix.encode", op: kraken.encode, outputBytes: kraken.encode().length },
    { id: "kraken-fix.lazyView", op: kraken.lazyView },
    { id: "jspurefix.parseView", op: () => jspurefix.parseView(bytes) },
    { id: "jspurefix.parseObject", op: () => jspurefix.parseObject(bytes) },
    {
      id: "jspurefix.encode",
      op: () => jspurefix.encode(message.msgType, body, seq, sendingTime),
      outputBytes: jspurefix.encode(message.msgType, body, seq, sendingTime).length,
    },
    { id: "fixparser.parse", op: () => fixparserParse(bytes) },
    { id: "fixparser.encode", op: () => fixparserEncode(fixparserInput), outputBytes: fixparserEncode(fixparserInput).length },
  ];
  return defs.map((def) => ({ ...def, label: CASE_LABELS[def.id] }));
}
