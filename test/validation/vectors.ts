/**
 * Shared test vectors: raw Kraken messages with what Validator must find in them. The same list runs against
 * the generated protocol and against `--dict dictionaries/kraken-fix44.xml` loaded at run time.
 */
import { fixMessage } from "../log-reader/fix-text.js";
import { at, KRAKEN, newOrder } from "../cli/messages.js";

export interface Vector {
  readonly name: string;
  readonly raw: string;
  /** Expected `code/373/tag` of every error, in order; empty for a valid message. */
  readonly errors: readonly string[];
}

/** A Derivatives ClOrdID: COMB UUID whose first 48 bits are 10 µs time units. */
export const COMB = "0186a8c5-3f40-4000-8000-000000000001";

/** Rebuilds BodyLength and CheckSum around `35=…` body text (`|`-delimited). */
export function framed(body: string): string {
  const fields = body.split("|").filter(Boolean).map((f) => {
    const at = f.indexOf("=");
    return [Number(f.slice(0, at)), f.slice(at + 1)] as const;
  });
  const [first, ...rest] = fields;
  return fixMessage(first![1], rest);
}

const head = (type: string, seq = 4) => `35=${type}|49=CLIENT1|56=${KRAKEN}|34=${seq}|52=${at(seq)}|`;
const nos = "11=1700000000001|38=1|40=2|44=50000|54=1|55=BTC/USD|59=1|60=20261124-10:00:04.000|";

export const VECTORS: readonly Vector[] = [
  { name: "valid NewOrderSingle", raw: newOrder(4, "1700000000001"), errors: [] },
  { name: "373=0 invalid tag number", raw: framed(`${head("D")}${nos}0=x|`), errors: ["InvalidTagNumber/0/-"] },
  { name: "373=1 required tag missing", raw: framed(`${head("D")}${nos.replace("55=BTC/USD|", "")}`), errors: ["RequiredTagMissing/1/55"] },
  { name: "373=2 tag not defined for message", raw: framed(`${head("D")}${nos}112=x|`), errors: ["TagNotDefinedForMessageType/2/112"] },
  { name: "373=3 undefined tag", raw: framed(`${head("D")}${nos}4999=x|`), errors: ["UndefinedTag/3/4999"] },
  { name: "373=4 tag without value", raw: framed(`${head("D")}${nos}99=|`), errors: ["TagSpecifiedWithoutValue/4/99"] },
  { name: "373=5 value incorrect", raw: framed(`${head("D")}${nos.replace("54=1", "54=Z")}`), errors: ["ValueIncorrect/5/54"] },
  { name: "373=6 incorrect data format", raw: framed(`${head("D")}${nos.replace("38=1", "38=one")}`), errors: ["IncorrectDataFormat/6/38"] },
  { name: "373=11 invalid MsgType", raw: framed(`${head("ZZ")}`), errors: ["InvalidMsgType/11/35"] },
  { name: "373=13 tag appears twice", raw: framed(`${head("D")}${nos}11=1700000000002|`), errors: ["TagAppearsMoreThanOnce/13/11"] },
  { name: "373=14 header field in body", raw: framed(`${head("D")}${nos}43=Y|`), errors: ["TagSpecifiedOutOfRequiredOrder/14/43"] },
  {
    name: "373=15 group fields out of order",
    raw: framed(`35=W|49=${KRAKEN}|56=CLIENT1|34=4|52=${at(4)}|55=BTC/USD|262=md-1|268=1|269=0|271=2|270=50000|`),
    errors: ["RepeatingGroupFieldsOutOfOrder/15/270"],
  },
  {
    name: "373=16 wrong NumInGroup",
    raw: framed(`${head("V")}262=md-1|263=1|264=10|267=2|269=0|146=1|55=BTC/USD|`),
    errors: ["IncorrectNumInGroupCount/16/267"],
  },
  {
    name: "rule price-for-limit-types",
    raw: framed(`${head("D")}${nos.replace("44=50000|", "")}`),
    errors: ["RequiredTagMissing/1/44"],
  },
  {
    name: "rule derivatives-spot-only-messages (373=99)",
    raw: framed(`35=H|49=CLIENT1|56=KRAKEN-DRV-TRD|34=4|52=${at(4)}|11=${COMB}|37=O1|54=1|55=PF_XBTUSD|`),
    errors: ["RuleViolation/99/-"],
  },
];

