/** Decoder: the optional checks (required fields, enumerations, undefined tags) at each level. */
import { describe, expect, it } from "vitest";
import { createDictionary, createMessageDecoder, defineMessage, structuralChecks } from "../../runtime/index.js";
import type { WireChecks } from "../../runtime/index.js";
import { dictionary } from "./mini-dictionary.js";
import { decode, fault, withChecks } from "./decoder.js";
import { frame, HEADER, offsetOf } from "./wire-builder.js";

const ORDER = `35=D|${HEADER}11=ORD-1|55=BTC/USD|54=1|38=1|`;
const allChecks = (level: "error" | "warning"): WireChecks => ({
  requiredFields: level,
  enumValues: level,
  undefinedTags: level,
  userDefinedTags: level,
  tagsNotInMessage: level,
  fieldsOutOfOrder: level,
  groupFieldOrder: level,
  emptyValues: level,
});

describe("decode checks: RequiredTagMissing", () => {
  it("is off by default", () => {
    expect(decode(frame(`35=D|34=7|55=BTC/USD|`))).toMatchObject({ ok: true, errors: [] });
  });

  it("reports missing body, component and header fields, and a missing required group, at the end of the fields", () => {
    const order = frame(`35=D|34=7|49=CLIENT|52=20261124-10:00:00.123|38=1|`);
    const end = offsetOf(order, "10=");
    expect(decode(order, withChecks({ requiredFields: "error" })).errors).toEqual([
      fault({ code: "RequiredTagMissing", reason: 1, offset: end, tag: 56, tagName: "TargetCompID", text: "required TargetCompID (56) is missing" }),
      fault({ code: "RequiredTagMissing", reason: 1, offset: end, tag: 11, tagName: "ClOrdID", text: "required ClOrdID (11) is missing" }),
      fault({ code: "RequiredTagMissing", reason: 1, offset: end, tag: 55, tagName: "Symbol", text: "required Symbol (55) is missing" }),
      fault({ code: "RequiredTagMissing", reason: 1, offset: end, tag: 54, tagName: "Side", text: "required Side (54) is missing" }),
    ]);
    const book = frame(`35=X|${HEADER}55=X|`);
    expect(decode(book, withChecks({ requiredFields: "error" })).errors).toEqual([
      fault({ code: "RequiredTagMissing", reason: 1, offset: offsetOf(book, "10="), tag: 268, tagName: "NoMDEntries", text: "required NoMDEntries (268) is missing" }),
    ]);
  });

  it("does not ask for the LENGTH of a DATA field as a field of its own", () => {
    const lengthRequired = createDictionary(dictionary.def);
    const Signed = defineMessage(lengthRequired, { name: "Signed", msgType: "S", category: "app", members: [{ tag: 95, required: true }, { tag: 96, required: true }] });
    const result = Signed.decode(frame(`35=S|${HEADER}95=2|96=ab|`));
    expect(result).toMatchObject({ ok: true, errors: [], message: { rawData: "ab" } });
  });

  describe("in every group entry", () => {
    // A group whose entries require a field besides the delimiter, nested two levels deep.
    const groups = createDictionary({ ...dictionary.def, fields: [...dictionary.def.fields, { tag: 525, name: "NestedPartyIDSource", type: "CHAR" }] });
    const Allocation = defineMessage(groups, {
      name: "Allocation",
      msgType: "J",
      category: "app",
      members: [
        {
          group: {
            name: "NoAllocs",
            counter: 78,
            members: [
              { tag: 79, required: true },
              { tag: 80, required: true },
              {
                group: {
                  name: "NoNestedPartyIDs",
                  counter: 539,
                  members: [
                    { tag: 524, required: true },
                    { tag: 525, required: true },
                  ],
                },
                required: false,
              },
            ],
          },
          required: true,
        },
      ],
    });
    const decodeAllocation = createMessageDecoder(groups, [Allocation]);

    it("names the entry in the path: NoAllocs[2], NoAllocs[3].NoNestedPartyIDs[2]", () => {
      const bytes = frame(`35=J|${HEADER}78=3|79=A|80=1|79=B|79=C|80=3|539=2|524=P|525=D|524=Q|`);
      const end = offsetOf(bytes, "10=");
      const result = decodeAllocation(bytes, withChecks({ requiredFields: "error" }));
      expect(result.errors).toEqual([
        fault({ code: "RequiredTagMissing", reason: 1, offset: end, tag: 80, tagName: "AllocQty", path: "NoAllocs[2]", text: "required AllocQty (80) is missing" }),
        fault({ code: "RequiredTagMissing", reason: 1, offset: end, tag: 525, tagName: "NestedPartyIDSource", path: "NoAllocs[3].NoNestedPartyIDs[2]", text: "required NestedPartyIDSource (525) is missing" }),
      ]);
      expect(result.ok).toBe(false);
    });

    it("warning level: reported, but the message is ok", () => {
      const result = decodeAllocation(frame(`35=J|${HEADER}78=1|79=A|`), withChecks({ requiredFields: "warning" }));
      expect(result.ok).toBe(true);
      expect(result.errors).toMatchObject([{ code: "RequiredTagMissing", severity: "warning", path: "NoAllocs[1]", tag: 80 }]);
    });
  });
});

describe("decode checks: ValueIncorrect", () => {
  it.each([
    { name: "CHAR", field: "54=3", tag: 54, tagName: "Side" },
    { name: "INT", field: "7928=5", tag: 7928, tagName: "SelfTradePrevention" },
    { name: "MULTIPLEVALUESTRING element", field: "18=P X", tag: 18, tagName: "ExecInst" },
    { name: "MULTIPLEVALUESTRING with an empty element", field: "18=P ", tag: 18, tagName: "ExecInst" },
    { name: "MULTIPLEVALUESTRING with a doubled space", field: "18=P  E", tag: 18, tagName: "ExecInst" },
  ])("$name: $field", ({ field, tag, tagName }) => {
    const body = tag === 54 ? ORDER.replace("54=1", field) : `${ORDER}${field}|`;
    const bytes = frame(body);
    const value = field.slice(field.indexOf("=") + 1);
    const expected = (severity: "error" | "warning") =>
      fault({ code: "ValueIncorrect", reason: 5, severity, offset: offsetOf(bytes, field), tag, tagName, text: `${JSON.stringify(value)} is not a valid ${tagName}` });
    expect(decode(bytes)).toMatchObject({ ok: true, errors: [] });
    expect(decode(bytes, withChecks({ enumValues: "error" }))).toMatchObject({ ok: false, errors: [expected("error")] });
    expect(decode(bytes, withChecks({ enumValues: "warning" }))).toMatchObject({ ok: true, errors: [expected("warning")] });
  });

  it("valid enumerated values pass, also several MULTIPLEVALUESTRING elements", () => {
    expect(decode(frame(`${ORDER}18=P E s|7928=2|`), withChecks({ enumValues: "error" }))).toMatchObject({ ok: true, errors: [] });
  });

  it("inside a group entry", () => {
    const bytes = frame(`35=X|${HEADER}55=X|268=2|269=0|269=7|`);
    expect(decode(bytes, withChecks({ enumValues: "error" })).errors).toEqual([
      fault({ code: "ValueIncorrect", reason: 5, offset: offsetOf(bytes, "269=7"), tag: 269, tagName: "MDEntryType", path: "NoMDEntries[2]", text: '"7" is not a valid MDEntryType' }),
    ]);
  });
});

describe("decode checks: tags the message does not define", () => {
  const bytes = frame(`${ORDER}4000=a|9999=b|270=1|`);
  const kept = [
    { tag: 4000, value: "a" },
    { tag: 9999, value: "b" },
    { tag: 270, value: "1" },
  ];

  it("are kept in unknownFields and not reported by default", () => {
    expect(decode(bytes)).toMatchObject({ ok: true, errors: [], message: { unknownFields: kept } });
  });

  it("UndefinedTag below 5000, UndefinedTag for user-defined tags, TagNotDefinedForMessageType: each with its own switch", () => {
    const undefinedTag = fault({ code: "UndefinedTag", reason: 3, offset: offsetOf(bytes, "4000="), tag: 4000, text: "tag 4000 is not defined by the dictionary" });
    const userDefined = fault({ code: "UndefinedTag", reason: 3, offset: offsetOf(bytes, "9999="), tag: 9999, text: "tag 9999 is not defined by the dictionary" });
    const notInMessage = fault({ code: "TagNotDefinedForMessageType", reason: 2, offset: offsetOf(bytes, "270="), tag: 270, tagName: "MDEntryPx", text: "MDEntryPx (270) is not defined for this message" });
    expect(decode(bytes, withChecks({ undefinedTags: "error" })).errors).toEqual([undefinedTag]);
    expect(decode(bytes, withChecks({ userDefinedTags: "error" })).errors).toEqual([userDefined]);
    expect(decode(bytes, withChecks({ tagsNotInMessage: "error" })).errors).toEqual([notInMessage]);
    const all = decode(bytes, withChecks({ undefinedTags: "error", userDefinedTags: "error", tagsNotInMessage: "error" }));
    expect(all).toMatchObject({ ok: false, errors: [undefinedTag, userDefined, notInMessage], message: { unknownFields: kept } });
  });

  it("at warning level they are reported and the message is ok", () => {
    const result = decode(bytes, withChecks({ undefinedTags: "warning", userDefinedTags: "warning", tagsNotInMessage: "warning" }));
    expect(result.ok).toBe(true);
    expect(result.errors.map((e) => [e.code, e.tag, e.severity])).toEqual([
      ["UndefinedTag", 4000, "warning"],
      ["UndefinedTag", 9999, "warning"],
      ["TagNotDefinedForMessageType", 270, "warning"],
    ]);
  });
});

describe("decode checks: all at warning level", () => {
  it("a message with only warnings is ok; structure errors stay errors", () => {
    const bytes = frame(`35=D|${HEADER}55=BTC/USD|54=9|38=1|4000=a|43=Y|`);
    const result = decode(bytes, { checks: allChecks("warning") });
    expect(result.ok).toBe(true);
    expect(result.errors.map((e) => [e.code, e.severity])).toEqual([
      ["ValueIncorrect", "warning"],
      ["UndefinedTag", "warning"],
      ["TagSpecifiedOutOfRequiredOrder", "warning"],
      ["RequiredTagMissing", "warning"],
    ]);
    // A value that cannot be represented is dropped and reported once: it is not also "missing".
    const broken = decode(frame(`${ORDER.replace("38=1", "38=x")}`), { checks: allChecks("warning") });
    expect(broken.ok).toBe(false);
    expect(broken.errors.map((e) => [e.code, e.tag, e.severity])).toEqual([["IncorrectDataFormat", 38, "error"]]);
  });

  it("emptyValues warning: the empty field is dropped, the message ok", () => {
    const result = decode(frame(`${ORDER}44=|`), withChecks({ emptyValues: "warning" }));
    expect(result).toMatchObject({ ok: true, errors: [{ code: "TagSpecifiedWithoutValue", severity: "warning", tag: 44 }] });
    expect(result.message).not.toHaveProperty("price");
    expect(decode(frame(`${ORDER}44=|`), withChecks({ emptyValues: "off" }))).toMatchObject({ ok: true, errors: [] });
  });

  it("structural checks are what decode uses without options", () => {
    const bytes = frame(`${ORDER}43=Y|`);
    expect(decode(bytes, { checks: structuralChecks })).toEqual(decode(bytes));
  });
});

describe("decode checks: secrets never appear in error text", () => {
  const secrets = createDictionary({
    beginString: "FIX.4.4",
    fields: [
      { tag: 554, name: "Password", type: "STRING", values: ["expected"] },
      { tag: 925, name: "NewPassword", type: "UTCTIMESTAMP" },
    ],
    header: [],
    trailer: [],
  });
  const Logon = defineMessage(secrets, {
    name: "Logon",
    msgType: "A",
    category: "admin",
    members: [
      { tag: 554, required: false },
      { tag: 925, required: false },
    ],
  });

  it("ValueIncorrect and IncorrectDataFormat redact the value of secret tags", () => {
    const bytes = frame(`35=A|554=hunter2-sig|925=hunter2-new|`);
    const result = createMessageDecoder(secrets, [Logon])(bytes, withChecks({ enumValues: "error" }));
    expect(result.errors).toEqual([
      fault({ code: "ValueIncorrect", reason: 5, offset: offsetOf(bytes, "554="), tag: 554, tagName: "Password", text: "*** is not a valid Password" }),
      fault({ code: "IncorrectDataFormat", reason: 6, offset: offsetOf(bytes, "925="), tag: 925, tagName: "NewPassword", text: "NewPassword is not a valid UTCTIMESTAMP: ***" }),
    ]);
    expect(JSON.stringify(result.errors)).not.toContain("hunter2");
  });
});
