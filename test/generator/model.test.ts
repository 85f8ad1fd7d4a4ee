import { describe, expect, it } from "vitest";
import { readDictionary } from "../../generator/model/read.js";
import { toDictionaryDef } from "../../generator/model/to-descriptors.js";
import { dictionaryXml } from "./xml.js";

describe("readDictionary", () => {
  it("reads a field with its tag, type, description and enum values", () => {
    const model = readDictionary(
      dictionaryXml({
        fields: `<field number="54" name="Side" type="CHAR" description="Order side.">
          <value enum="1" description="BUY"/><value enum="2"/></field>`,
      }),
      "t.xml",
    );
    expect(model.fields.find((field) => field.name === "Side")).toEqual({
      tag: 54,
      name: "Side",
      type: "CHAR",
      description: "Order side.",
      values: [
        { value: "1", description: "BUY" },
        { value: "2", description: "" },
      ],
    });
    expect(model.fields.find((field) => field.name === "ClOrdID")).toMatchObject({
      description: undefined,
      values: [],
    });
  });

  it("reads a component with its members in order", () => {
    const model = readDictionary(
      dictionaryXml({
        components: `<component name="Instrument" description="What is traded.">
          <field name="Symbol" required="Y"/><component name="Other" required="N"/></component>`,
      }),
      "t.xml",
    );
    expect(model.components).toEqual([
      {
        name: "Instrument",
        description: "What is traded.",
        members: [
          { kind: "field", name: "Symbol", required: true },
          { kind: "component", name: "Other", required: false },
        ],
      },
    ]);
  });

  it("reads nested groups inline, keeping fields, groups and components interleaved", () => {
    const model = readDictionary(
      dictionaryXml({
        messages: `<message name="M" msgtype="U1" msgcat="app">
          <group name="NoAllocs" required="Y">
            <field name="AllocAccount" required="Y"/>
            <group name="NoInner"><field name="Symbol" required="N"/></group>
            <component name="C" required="N"/>
          </group>
          <field name="ClOrdID" required="N"/>
        </message>`,
      }),
      "t.xml",
    );
    expect(model.messages[0]?.members).toEqual([
      {
        kind: "group",
        name: "NoAllocs",
        required: true,
        members: [
          { kind: "field", name: "AllocAccount", required: true },
          {
            kind: "group",
            name: "NoInner",
            required: false,
            members: [{ kind: "field", name: "Symbol", required: false }],
          },
          { kind: "component", name: "C", required: false },
        ],
      },
      { kind: "field", name: "ClOrdID", required: false },
    ]);
  });

  it("reads header, trailer and the BeginString of a FIX 4 dictionary", () => {
    const model = readDictionary(
      dictionaryXml({
        header: `<field name="BeginString" required="Y"/><field name="SenderCompID" required="Y"/>`,
        trailer: `<field name="CheckSum" required="Y"/>`,
      }),
      "t.xml",
    );
    expect(model).toMatchObject({ source: "t.xml", beginString: "FIX.4.4", version: "FIX.4.4", major: 4, minor: 4 });
    expect(model.header).toEqual([
      { kind: "field", name: "BeginString", required: true },
      { kind: "field", name: "SenderCompID", required: true },
    ]);
    expect(model.trailer).toEqual([{ kind: "field", name: "CheckSum", required: true }]);
  });

  it("gives FIX 5 dictionaries BeginString FIXT.1.1 and accepts their empty header and trailer", () => {
    const fix50 = readDictionary(
      `<fix type="FIX" major="5" minor="0" servicepack="2"><header/><trailer/><messages/><components/><fields/></fix>`,
      "FIX50SP2.xml",
    );
    expect(fix50).toMatchObject({ beginString: "FIXT.1.1", version: "FIX.5.0SP2", header: [], trailer: [] });
    const fixt = readDictionary(`<fix type="FIXT" major="1" minor="1"><fields/></fix>`, "FIXT11.xml");
    expect(fixt).toMatchObject({ beginString: "FIXT.1.1", version: "FIXT.1.1", messages: [], components: [] });
  });

  it("reads a message's name, msgtype, category and description", () => {
    const model = readDictionary(
      dictionaryXml({
        messages: `<message name="NewOrderSingle" msgtype="D" msgcat="app" description="Places an order.">
            <field name="ClOrdID" required="Y"/></message>
          <message name="NoType" msgcat="admin"/>`,
      }),
      "t.xml",
    );
    expect(model.messages).toEqual([
      {
        name: "NewOrderSingle",
        msgType: "D",
        category: "app",
        description: "Places an order.",
        members: [{ kind: "field", name: "ClOrdID", required: true }],
      },
      { name: "NoType", msgType: undefined, category: "admin", description: undefined, members: [] },
    ]);
  });
});

describe("toDictionaryDef", () => {
  const model = readDictionary(
    dictionaryXml({
      header: `<field name="BeginString" required="Y"/><field name="BodyLength" required="Y"/>
        <field name="MsgType" required="Y"/><field name="SenderCompID" required="Y"/>`,
      trailer: `<field name="CheckSum" required="Y"/>`,
      components: `<component name="Instrument"><field name="Symbol" required="Y"/></component>`,
      messages: `<message name="A1" msgtype="U1" msgcat="admin"><component name="Instrument" required="Y"/></message>
        <message name="A2" msgtype="U2" msgcat="app">
          <component name="Instrument" required="N"/>
          <group name="NoAllocs" required="N"><field name="AllocAccount" required="Y"/></group>
        </message>`,
      fields: `<field number="54" name="Side" type="CHAR"><value enum="1" description="BUY"/></field>`,
    }),
    "t.xml",
  );
  const { dictionary, messages } = toDictionaryDef(model);

  it("leaves BeginString, BodyLength, MsgType and CheckSum to the codec", () => {
    expect(dictionary.beginString).toBe("FIX.4.4");
    expect(dictionary.header).toEqual([{ tag: 49, required: true }]);
    expect(dictionary.trailer).toEqual([]);
  });

  it("lists every field by tag, with values only where the dictionary has them", () => {
    expect(dictionary.fields.map((field) => field.tag)).toEqual([8, 9, 10, 11, 35, 49, 54, 55, 78, 79]);
    expect(dictionary.fields.find((field) => field.tag === 54)).toEqual({
      tag: 54,
      name: "Side",
      type: "CHAR",
      values: ["1"],
    });
    expect(dictionary.fields.find((field) => field.tag === 11)).toEqual({ tag: 11, name: "ClOrdID", type: "STRING" });
  });

  it("keeps components as references to one shared ComponentDef, and groups inline", () => {
    const [a1, a2] = messages;
    expect(a1).toEqual({
      name: "A1",
      msgType: "U1",
      category: "admin",
      members: [{ component: { name: "Instrument", members: [{ tag: 55, required: true }] }, required: true }],
    });
    expect(a2?.members[1]).toEqual({
      group: { name: "NoAllocs", counter: 78, members: [{ tag: 79, required: true }] },
      required: false,
    });
    const component = (index: number) => (messages[index]?.members[0] as { component: object }).component;
    expect(component(0)).toBe(component(1));
  });

  it("refuses a model that was not linted", () => {
    const unlinted = readDictionary(
      dictionaryXml({ messages: `<message name="M" msgtype="U1" msgcat="app"><field name="Nope"/></message>` }),
      "t.xml",
    );
    expect(() => toDictionaryDef(unlinted)).toThrow(
      "field Nope is not defined: lint the dictionary before converting it",
    );
  });
});
