/** Each QuickFIX switch turns its check off (or on), and the kraken profile softens only Kraken's own messages. */
import { describe, expect, it } from "vitest";
import { protocol } from "../../generated/kraken-fix44/index.js";
import type { ValidationSwitches } from "../../runtime/validation/index.js";
import { parseSwitch, Validator } from "../../runtime/validation/index.js";
import { at, KRAKEN } from "../cli/messages.js";
import { fixMessage } from "../log-reader/fix-text.js";
import { framed } from "./vectors.js";

const head = `35=D|49=CLIENT1|56=${KRAKEN}|34=4|52=${at(4)}|`;
const nos = "11=1700000000001|38=1|40=2|44=50000|54=1|55=BTC/USD|59=1|60=20261124-10:00:04.000|";
const raw = (text: string) => Buffer.from(text, "latin1");

function errorCodes(bytes: Buffer, switches: Partial<ValidationSwitches> = {}, profile: "kraken" | "strict" = "kraken") {
  const result = new Validator(protocol, { switches, profile }).validate(bytes);
  return result.errors.map((e) => `${e.severity}:${e.code}`);
}

const badChecksum = raw(framed(head + nos).replace(/10=\d{3}\x01$/, "10=000\x01"));

const SWITCHES: readonly { name: keyof ValidationSwitches; value: boolean; message: Buffer; expected: string }[] = [
  { name: "ValidateFieldsOutOfOrder", value: false, message: raw(framed(`${head}${nos}43=Y|`)), expected: "error:TagSpecifiedOutOfRequiredOrder" },
  { name: "ValidateFieldsHaveValues", value: false, message: raw(framed(`${head}${nos}99=|`)), expected: "error:TagSpecifiedWithoutValue" },
  { name: "ValidateUserDefinedFields", value: false, message: raw(framed(`${head}${nos}5999=x|`)), expected: "error:UndefinedTag" },
  { name: "AllowUnknownMsgFields", value: true, message: raw(framed(`${head}${nos}4999=x|`)), expected: "error:UndefinedTag" },
  {
    name: "ValidateUnorderedGroupFields",
    value: false,
    message: raw(framed(`35=W|49=${KRAKEN}|56=CLIENT1|34=4|52=${at(4)}|55=BTC/USD|262=md-1|268=1|269=0|271=2|270=50000|`)),
    expected: "error:RepeatingGroupFieldsOutOfOrder",
  },
  { name: "ValidateLengthAndChecksum", value: false, message: badChecksum, expected: "error:CheckSum" },
  { name: "AllowUnknownEnumValues", value: true, message: raw(framed(`${head}${nos.replace("54=1", "54=Z")}`)), expected: "error:ValueIncorrect" },
];

describe("QuickFIX switches", () => {
  for (const { name, value, message, expected } of SWITCHES) {
    it(`${name}=${value ? "Y" : "N"} silences ${expected}`, () => {
      expect(errorCodes(message)).toEqual([expected]);
      expect(errorCodes(message, { [name]: value })).toEqual([]);
    });
  }
  it("AllowUnknownMsgFields=Y also accepts defined tags not in the message", () => {
    const message = raw(framed(`${head}${nos}112=x|`));
    expect(errorCodes(message)).toEqual(["error:TagNotDefinedForMessageType"]);
    expect(errorCodes(message, { AllowUnknownMsgFields: true })).toEqual([]);
  });
  it("parses Name=Y|N case-insensitively and rejects unknown names and values", () => {
    expect(parseSwitch("allowunknownmsgfields=y")).toEqual(["AllowUnknownMsgFields", true]);
    expect(() => parseSwitch("NoSuchSwitch=Y")).toThrow(/unknown switch "NoSuchSwitch"; known: ValidateFieldsOutOfOrder/);
    expect(() => parseSwitch("ValidateFieldsHaveValues=maybe")).toThrow('switch ValidateFieldsHaveValues needs =Y or =N, got "maybe"');
  });
});

describe("profiles", () => {
  const fromKraken = (body: string) =>
    raw(fixMessage("8", [[49, KRAKEN], [56, "CLIENT1"], [34, "4"], [52, at(4)], ...fields(body)]));
  const report = "6=0|11=1700000000001|14=0|17=E1|37=O1|38=1|39=0|40=2|54=1|55=BTC/USD|59=1|150=0|151=1|";

  it("a valid report has no problems", () => {
    expect(errorCodes(fromKraken(report))).toEqual([]);
  });
  it("kraken: an unknown tag or enum value from Kraken is a warning", () => {
    expect(errorCodes(fromKraken(`${report}4999=x|`))).toEqual(["warning:UndefinedTag"]);
    expect(errorCodes(fromKraken(report.replace("150=0", "150=Z")))).toEqual(["warning:ValueIncorrect"]);
    expect(new Validator(protocol).validate(fromKraken(`${report}4999=x|`)).ok).toBe(true);
  });
  it("strict: the same are errors", () => {
    expect(errorCodes(fromKraken(`${report}4999=x|`), {}, "strict")).toEqual(["error:UndefinedTag"]);
    expect(errorCodes(fromKraken(report.replace("150=0", "150=Z")), {}, "strict")).toEqual(["error:ValueIncorrect"]);
  });
  it("kraken: the same problems in a message to Kraken stay errors", () => {
    expect(errorCodes(raw(framed(`${head}${nos}4999=x|`)))).toEqual(["error:UndefinedTag"]);
  });
});

function fields(body: string): [number, string][] {
  return body.split("|").filter(Boolean).map((f) => [Number(f.slice(0, f.indexOf("="))), f.slice(f.indexOf("=") + 1)]);
}
