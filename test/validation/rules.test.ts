/** Every rule of dictionaries/kraken-fix44.rules.json: a message that triggers it and one that must not. */
import { describe, expect, it } from "vitest";
import { protocol } from "../../generated/kraken-fix44/index.js";
import { loadProtocol } from "../../cli/commands/protocol.js";
import { RuleChecker, Validator } from "../../runtime/validation/index.js";
import { at } from "../cli/messages.js";
import { COMB, framed } from "./vectors.js";

type Venue = "spot" | "derivatives";

const target = (venue: Venue) => (venue === "spot" ? "KRAKEN-TRD" : "KRAKEN-DRV-TRD");
const baseOrder: Record<Venue, string> = {
  spot: "11=1700000000001|38=1|40=2|44=50000|54=1|55=BTC/USD|59=1|60=20261124-10:00:04.000|",
  derivatives: `11=${COMB}|18=s|38=1|40=2|44=50000|54=1|55=PF_XBTUSD|59=1|60=20261124-10:00:04.000|`,
};

/** Builds a message: `fields` replace same-tag fields of the base body (empty value removes), others are added. */
function build(msgType: string, venue: Venue, body: string, fields: Record<string, string> = {}): Buffer {
  const parts = body.split("|").filter(Boolean);
  const tags = new Set(Object.keys(fields));
  const kept = parts.filter((part) => !tags.has(part.slice(0, part.indexOf("="))));
  const added = Object.entries(fields).filter(([, value]) => value !== "").map(([tag, value]) => `${tag}=${value}`);
  const head = `35=${msgType}|49=CLIENT1|56=${target(venue)}|34=4|52=${at(4)}|`;
  return Buffer.from(framed(head + [...kept, ...added].join("|") + "|"), "latin1");
}

const order = (venue: Venue, fields: Record<string, string> = {}) => build("D", venue, baseOrder[venue], fields);

/** Ids of the rules that fired, from the `[id: text]` every rule error ends with. */
function firedRules(bytes: Buffer): string[] {
  const { errors } = new Validator(protocol).validate(bytes);
  return errors.flatMap((e) => /\[([\w-]+): /.exec(e.text)?.[1] ?? []);
}

const CASES: readonly { id: string; trigger: Buffer; mustNot: Buffer }[] = [
  { id: "price-for-limit-types", trigger: order("spot", { "44": "" }), mustNot: order("spot", { "40": "1", "44": "" }) },
  { id: "stoppx-for-triggered-types", trigger: order("spot", { "40": "3" }), mustNot: order("spot", { "40": "3", "99": "49000" }) },
  { id: "expiretime-for-gtd", trigger: order("spot", { "59": "6" }), mustNot: order("spot", { "59": "6", "126": at(600) }) },
  {
    id: "cancel-references-order",
    trigger: build("F", "spot", `11=1700000000002|54=1|55=BTC/USD|60=${at(4)}|`),
    mustNot: build("F", "spot", `11=1700000000002|41=1700000000001|54=1|55=BTC/USD|60=${at(4)}|`),
  },
  {
    id: "mass-cancel-symbol",
    trigger: build("q", "spot", `11=1700000000003|530=1|60=${at(4)}|`),
    mustNot: build("q", "spot", `11=1700000000003|530=1|55=BTC/USD|60=${at(4)}|`),
  },
  { id: "iceberg-minimum-display", trigger: order("spot", { "1138": "0.05" }), mustNot: order("spot", { "1138": "0.1" }) },
  { id: "iceberg-limit-only", trigger: order("spot", { "40": "1", "44": "", "1138": "0.5" }), mustNot: order("spot", { "1138": "0.5" }) },
  {
    id: "derivatives-spot-only-messages",
    trigger: build("H", "derivatives", `11=${COMB}|37=O1|54=1|55=PF_XBTUSD|`),
    mustNot: build("H", "spot", "11=1700000000004|37=O1|54=1|55=BTC/USD|"),
  },
  { id: "derivatives-no-gtd", trigger: order("derivatives", { "59": "6", "126": at(600) }), mustNot: order("spot", { "59": "6", "126": at(600) }) },
  { id: "derivatives-no-trailing-stop-limit", trigger: order("derivatives", { "40": "V", "99": "1" }), mustNot: order("spot", { "40": "V", "99": "1" }) },
  { id: "derivatives-no-display-qty", trigger: order("derivatives", { "1138": "0.5" }), mustNot: order("spot", { "1138": "0.5" }) },
  { id: "derivatives-no-effective-time", trigger: order("derivatives", { "168": at(60) }), mustNot: order("spot", { "168": at(60) }) },
  { id: "derivatives-no-expire-time", trigger: order("derivatives", { "126": at(600) }), mustNot: order("spot", { "126": at(600) }) },
  { id: "derivatives-no-leverage", trigger: order("derivatives", { "5001": "2" }), mustNot: order("spot", { "5001": "2" }) },
  { id: "derivatives-no-stp", trigger: order("derivatives", { "7928": "1" }), mustNot: order("spot", { "7928": "1" }) },
  { id: "derivatives-no-spot-fee-options", trigger: order("derivatives", { "18": "s v" }), mustNot: order("spot", { "18": "v" }) },
  { id: "derivatives-single-fee", trigger: order("derivatives", { "18": "" }), mustNot: order("derivatives") },
  { id: "spot-clordid", trigger: order("spot", { "11": "my-order-1" }), mustNot: order("spot") },
  { id: "derivatives-clordid", trigger: order("derivatives", { "11": "1700000000001" }), mustNot: order("derivatives") },
];

describe("Kraken rules", () => {
  it("covers every rule of the rules file", () => {
    expect(CASES.map((c) => c.id).sort()).toEqual(protocol.rules?.map((r) => r.id).sort());
  });
  for (const { id, trigger, mustNot } of CASES) {
    it(`${id}: fires`, () => expect(firedRules(trigger)).toEqual([id]));
    it(`${id}: does not fire`, () => expect(firedRules(mustNot)).toEqual([]));
  }
  it("leaves a value that is not a decimal to the decoder instead of comparing it", () => {
    const { errors } = new Validator(protocol).validate(order("spot", { "1138": "0.5x" }));
    expect(errors.map((e) => [e.code, e.tag])).toEqual([["IncorrectDataFormat", 1138]]);
    // The decoder stores no malformed value; an app's object may hold one: the ratio rule has nothing to compare.
    const iceberg = protocol.rules!.filter((rule) => rule.id === "iceberg-minimum-display");
    const checker = new RuleChecker(protocol.dictionary, iceberg);
    const object = { msgType: "D", ordType: "2", orderQty: "1", displayQty: "0.01" };
    expect(checker.check("D", object, { venue: "spot" }).map((e) => e.tag)).toEqual([1138]);
    expect(checker.check("D", { ...object, displayQty: "0.01x" }, { venue: "spot" })).toEqual([]);
    expect(checker.check("D", { ...object, orderQty: "1e3" }, { venue: "spot" })).toEqual([]);
  });
  it("refuses a ratio rule whose divisor is zero or not a decimal, when the rules are loaded", () => {
    const [iceberg] = protocol.rules!.filter((rule) => rule.id === "iceberg-minimum-display");
    for (const divisor of ["0", "0.00", "x", ""]) {
      const rule = { ...iceberg!, check: { kind: "minRatio" as const, tag: 1138, other: 38, divisor } };
      expect(() => new RuleChecker(protocol.dictionary, [rule])).toThrow(
        new RangeError(`rule iceberg-minimum-display: the divisor must be a non-zero decimal, got ${JSON.stringify(divisor)}`),
      );
    }
  });
  it("reads a group counter's field the same way with generated code and with a dictionary loaded at run time", async () => {
    const fromXml = await loadProtocol("dictionaries/kraken-fix44.xml");
    const rule = { id: "test/allocs", text: "NoAllocs (78) is required", msgTypes: ["D"], check: { kind: "require" as const, tag: 78 } };
    const withAllocs = order("spot", { "78": "1", "79": "ACC-1" });
    for (const source of [protocol, fromXml.protocol]) {
      const validator = new Validator({ ...source, rules: [rule] });
      expect(validator.validate(withAllocs).errors).toEqual([]);
      expect(validator.validate(order("spot")).errors.map((e) => [e.code, e.tag])).toEqual([["RequiredTagMissing", 78]]);
    }
  });
  it("keeps no compiled rules for message types without rules, however many the wire brings", () => {
    const checker = new RuleChecker(protocol.dictionary, protocol.rules!);
    const byMsgType = (checker as unknown as { byMsgType: Map<string, { spot?: unknown }> }).byMsgType;
    const ruleTypes = [...byMsgType.keys()];
    expect(ruleTypes).toContain("D");
    for (let i = 0; i < 1000; i++) checker.check(`Z${i}`, { msgType: `Z${i}` }, { venue: "spot" });
    checker.check("D", { msgType: "D" }, { venue: "spot" });
    expect([...byMsgType.keys()]).toEqual(ruleTypes);
    expect(byMsgType.get("D")!.spot).toBeDefined();
  });
  it("gives each error the rule's text, the field's name and the offset of its tag", () => {
    const bytes = order("spot", { "1138": "0.05" });
    const [error] = new Validator(protocol).validate(bytes).errors;
    expect(error).toMatchObject({ code: "ValueIncorrect", tag: 1138, tagName: "DisplayQty", offset: bytes.indexOf("\x011138=") + 1 });
    expect(error?.text).toBe(
      "DisplayQty 0.05 is below OrderQty/15 = 0.066666666667 [iceberg-minimum-display: DisplayQty (1138) must be at least OrderQty / 15]",
    );
  });
  it("does not check messages from Kraken", () => {
    const report = framed(`35=D|49=KRAKEN-TRD|56=CLIENT1|34=4|52=${at(4)}|${baseOrder.spot.replace("44=50000|", "")}`);
    expect(firedRules(Buffer.from(report, "latin1"))).toEqual([]);
  });
});
