import { describe, expect, it } from "vitest";
import { DictionaryError, InvalidDictionaryError } from "../../generator/model/errors.js";
import { lintDictionary } from "../../generator/model/lint.js";
import { loadDictionary } from "../../generator/model/load.js";
import { readDictionary } from "../../generator/model/read.js";
import { dictionaryXml, type DictionaryParts } from "./xml.js";

/** `rule: message` of every lint error of a dictionary built from parts. */
function lint(parts: DictionaryParts): string[] {
  return lintDictionary(readDictionary(dictionaryXml(parts), "t.xml")).map(
    (error) => `${error.rule}: ${error.message}`,
  );
}

function message(body: string, attributes = 'name="NewOrderSingle" msgtype="D" msgcat="app"'): string {
  return `<message ${attributes}>${body}</message>`;
}

describe("lintDictionary", () => {
  it("accepts a consistent dictionary", () => {
    expect(
      lint({
        messages: message(`<field name="ClOrdID" required="Y"/><component name="Instrument" required="Y"/>
          <group name="NoAllocs" required="N"><field name="AllocAccount" required="Y"/></group>`),
        components: `<component name="Instrument"><field name="Symbol" required="Y"/></component>`,
      }),
    ).toEqual([]);
  });

  it("rejects a field that is not defined", () => {
    expect(lint({ messages: message(`<field name="Foo" required="Y"/>`) })).toEqual([
      'undefined-field: message NewOrderSingle: field "Foo" is not defined in <fields>',
    ]);
  });

  it("rejects a field undefined inside a nested group of a component", () => {
    expect(
      lint({
        components: `<component name="Allocs"><group name="NoAllocs"><field name="AllocAccount"/>
          <group name="NoAllocs2"><field name="Bar"/></group></group></component>`,
        fields: `<field number="9000" name="NoAllocs2" type="NUMINGROUP"/>`,
      }),
    ).toEqual([
      'undefined-field: component Allocs > group NoAllocs > group NoAllocs2: field "Bar" is not defined in <fields>',
    ]);
  });

  it("rejects a component that is not defined", () => {
    expect(lint({ header: `<component name="Hop" required="N"/>` })).toEqual([
      'undefined-component: header: component "Hop" is not defined in <components>',
    ]);
  });

  it("rejects a tag number used twice", () => {
    expect(lint({ fields: `<field number="11" name="ClOrdID2" type="STRING"/>` })).toEqual([
      "duplicate-tag: field ClOrdID2: tag 11 is already used by field ClOrdID",
    ]);
  });

  it("rejects a field, component or message name defined twice", () => {
    expect(
      lint({
        fields: `<field number="9001" name="ClOrdID" type="STRING"/>`,
        components: `<component name="C"><field name="Symbol"/></component><component name="C"><field name="Symbol"/></component>`,
        messages: message("", 'name="M" msgtype="U1" msgcat="app"') + message("", 'name="M" msgtype="U2" msgcat="app"'),
      }),
    ).toEqual([
      "duplicate-name: field ClOrdID: name is already defined with tag 11",
      "duplicate-name: component C: is defined twice",
      "duplicate-name: message M: is defined twice",
    ]);
  });

  it("rejects names that cannot become TypeScript identifiers", () => {
    expect(
      lint({
        fields: `<field number="9001" name="Bad-Name" type="STRING"/>`,
        components: `<component name="2Legs"><field name="Symbol"/></component>`,
        messages: message("", 'name="New Order" msgtype="U1" msgcat="app"'),
      }),
    ).toEqual([
      "invalid-name: field Bad-Name: name must be letters, digits and _, not starting with a digit",
      "invalid-name: component 2Legs: name must be letters, digits and _, not starting with a digit",
      "invalid-name: message New Order: name must be letters, digits and _, not starting with a digit",
    ]);
  });

  it("rejects a field type QuickFIX does not know", () => {
    expect(lint({ fields: `<field number="9001" name="Px" type="PRCIE"/>` })).toEqual([
      'unknown-type: field Px: type "PRCIE" is not a QuickFIX field type',
    ]);
  });

  it("rejects a group whose counter is not a NumInGroup field", () => {
    expect(
      lint({
        messages: message(`<group name="Symbol"><field name="ClOrdID"/></group>`),
      }),
    ).toEqual([
      'group-counter: message NewOrderSingle > group Symbol: counter field "Symbol" has type STRING, expected NUMINGROUP',
    ]);
  });

  it("rejects a group whose counter is not defined", () => {
    expect(lint({ messages: message(`<group name="NoLegs"><field name="ClOrdID"/></group>`) })).toEqual([
      'undefined-field: message NewOrderSingle > group NoLegs: counter field "NoLegs" is not defined in <fields>',
    ]);
  });

  it("accepts INT counters named No… (dialects) and any INT counter before FIX 4.3 (FIX 4.2's LinesOfText)", () => {
    const fields = `<field number="33" name="LinesOfText" type="INT"/><field number="9002" name="NoLegs" type="INT"/>`;
    const messages = message(`<group name="LinesOfText"><field name="ClOrdID"/></group>
      <group name="NoLegs"><field name="Symbol"/></group>`);
    expect(lint({ fields, messages })).toEqual([
      'group-counter: message NewOrderSingle > group LinesOfText: counter field "LinesOfText" has type INT, expected NUMINGROUP',
    ]);
    expect(lint({ fields, messages, root: 'major="4" minor="2"' })).toEqual([]);
  });

  it("rejects a group without members", () => {
    expect(lint({ messages: message(`<group name="NoAllocs" required="N"></group>`) })).toEqual([
      "empty-group: message NewOrderSingle > group NoAllocs: has no members",
    ]);
  });

  it("rejects recursive components, also through groups, once per cycle", () => {
    expect(
      lint({
        components: `<component name="A"><component name="B"/></component>
          <component name="B"><group name="NoAllocs"><component name="A"/></group></component>
          <component name="Self"><component name="Self"/></component>`,
        messages: message(`<component name="A" required="N"/>`),
      }),
    ).toEqual([
      "recursive-component: component A: includes itself (A > B > A)",
      "recursive-component: component Self: includes itself (Self > Self)",
    ]);
  });

  it("rejects enum values that do not fit the field's type", () => {
    expect(
      lint({
        fields: `<field number="9001" name="Qty" type="INT"><value enum="1"/><value enum="X" description="BAD"/></field>
          <field number="9002" name="Kind" type="CHAR"><value enum="10"/></field>
          <field number="9003" name="Flag" type="BOOLEAN"><value enum="Y"/><value enum="T"/></field>
          <field number="9004" name="Dup" type="STRING"><value enum="A"/><value enum="A"/></field>
          <field number="9005" name="Insts" type="MULTIPLEVALUESTRING"><value enum="A B"/></field>`,
      }),
    ).toEqual([
      'enum-value: field Qty: enum value "X" does not fit type INT',
      'enum-value: field Kind: enum value "10" does not fit type CHAR',
      'enum-value: field Flag: enum value "T" does not fit type BOOLEAN',
      'enum-value: field Dup: enum value "A" is listed twice',
      'enum-value: field Insts: enum value "A B" does not fit type MULTIPLEVALUESTRING',
    ]);
  });

  it("rejects a message without msgtype, a msgtype used twice and an unknown msgcat", () => {
    expect(
      lint({
        messages:
          message("", 'name="A" msgcat="app"') +
          message("", 'name="B" msgtype="D" msgcat="app"') +
          message("", 'name="C" msgtype="D" msgcat="app"') +
          message("", 'name="E" msgtype="U1" msgcat="session"'),
      }),
    ).toEqual([
      "missing-msgtype: message A: has no msgtype attribute",
      'duplicate-msgtype: message C: msgtype "D" is already used by message B',
      'message-category: message E: msgcat "session" must be "admin" or "app"',
    ]);
  });

  it("rejects a tag that appears twice in one layout once components are flattened", () => {
    expect(
      lint({
        components: `<component name="Instrument"><field name="Symbol"/></component>
          <component name="Outer"><component name="Instrument"/></component>`,
        messages: message(`<component name="Outer" required="N"/><field name="Symbol"/>
          <group name="NoAllocs"><field name="AllocAccount"/><field name="AllocAccount"/></group>`),
      }),
    ).toEqual([
      'duplicate-member: message NewOrderSingle > group NoAllocs: field "AllocAccount" (79) appears twice',
      'duplicate-member: message NewOrderSingle: field "Symbol" (55) appears twice: via component Outer > Instrument and directly',
    ]);
  });

  it("rejects two members that would become the same property", () => {
    expect(
      lint({
        fields: `<field number="9001" name="Allocs" type="STRING"/><field number="9002" name="SYMBOL" type="STRING"/>`,
        components: `<component name="Instrument"><field name="Symbol"/></component>`,
        messages: message(`<component name="Instrument"/><field name="SYMBOL"/>
          <group name="NoAllocs"><field name="AllocAccount"/></group><field name="Allocs"/>`),
      }),
    ).toEqual([
      'property-clash: message NewOrderSingle: field "Symbol" and field "SYMBOL" would both be property "symbol"',
      'property-clash: message NewOrderSingle: group "NoAllocs" and field "Allocs" would both be property "allocs"',
    ]);
  });
});

describe("readDictionary structure errors", () => {
  const readError = (xml: string): string => {
    try {
      readDictionary(xml, "t.xml");
    } catch (error) {
      if (error instanceof DictionaryError) return `${error.rule}: ${error.message}`;
      throw error;
    }
    throw new Error("expected a DictionaryError");
  };

  it("names line and column of XML that is not well-formed", () => {
    expect(readError(`<fix major="4" minor="4">\n  <fields>\n</fix>`)).toBe(
      "xml-syntax: line 3, column 1: Expected closing tag 'fields' (opened in line 2, col 3) instead of closing tag 'fix'.",
    );
  });

  it("rejects an empty document", () => {
    expect(readError("")).toBe("xml-syntax: line 1: Start tag expected.");
  });

  it("rejects a document that is not a QuickFIX dictionary", () => {
    expect(readError(`<dictionary/>`)).toBe("structure: document: root element is <dictionary>, expected <fix>");
    expect(readError(`<fix minor="4"/>`)).toBe("structure: fix: <fix> has no major attribute");
    expect(readError(`<fix major="4" minor="4"><feilds/></fix>`)).toBe("structure: fix: unexpected element <feilds>");
  });

  it("rejects unknown elements and bad attributes on members and fields", () => {
    expect(readError(dictionaryXml({ messages: message(`<feild name="ClOrdID"/>`) }))).toBe(
      "structure: message NewOrderSingle: unexpected element <feild>",
    );
    expect(readError(dictionaryXml({ messages: message(`<field name="ClOrdID" required="yes"/>`) }))).toBe(
      'structure: message NewOrderSingle > field ClOrdID: attribute required="yes" must be "Y" or "N"',
    );
    expect(readError(dictionaryXml({ messages: message(`<field required="Y"/>`) }))).toBe(
      "structure: message NewOrderSingle: <field> has no name attribute",
    );
    expect(readError(dictionaryXml({ fields: `<field name="Px" number="x44" type="PRICE"/>` }))).toBe(
      'structure: field Px: attribute number="x44" is not a non-negative integer',
    );
    expect(readError(dictionaryXml({ fields: `<field name="Px" number="0" type="PRICE"/>` }))).toBe(
      "structure: field Px: tag number 0 is not a valid FIX tag",
    );
    expect(readError(dictionaryXml({ fields: `<field name="Px" number="44"/>` }))).toBe(
      "structure: field Px: <field> has no type attribute",
    );
    expect(
      readError(dictionaryXml({ fields: `<field name="Side" number="54" type="CHAR"><val enum="1"/></field>` })),
    ).toBe("structure: field Side: unexpected element <val>");
  });
});

describe("loadDictionary", () => {
  it("returns the model of a clean dictionary", () => {
    expect(loadDictionary(dictionaryXml(), "t.xml").fields).toHaveLength(9);
  });

  it("throws InvalidDictionaryError listing every problem with its rule", () => {
    const xml = dictionaryXml({ messages: message(`<field name="Foo"/><component name="Bar"/>`) });
    expect(() => loadDictionary(xml, "t.xml")).toThrow(
      new InvalidDictionaryError("t.xml", [
        new DictionaryError("undefined-field", "message NewOrderSingle", 'field "Foo" is not defined in <fields>'),
        new DictionaryError(
          "undefined-component",
          "message NewOrderSingle",
          'component "Bar" is not defined in <components>',
        ),
      ]),
    );
    expect(() => loadDictionary(xml, "t.xml")).toThrow(
      "t.xml: 2 errors\n" +
        '  message NewOrderSingle: field "Foo" is not defined in <fields> [undefined-field]\n' +
        '  message NewOrderSingle: component "Bar" is not defined in <components> [undefined-component]',
    );
  });

  it("reports a reading error the same way", () => {
    expect(() => loadDictionary("<fix", "t.xml")).toThrow(
      /^t\.xml: 1 error\n {2}line 1, column \d+: .+ \[xml-syntax\]$/,
    );
  });
});
