/**
 * Turns a linted model into the runtime's descriptors. Generated code embeds the same structure as source text;
 * `--dict` builds it at run time from here, so both paths feed one runtime.
 */
import type { ComponentDef, DictionaryDef, FieldDef, MemberDef, MessageDef } from "../../runtime/codec/descriptor.js";
import type { ComponentModel, DictionaryModel, FieldModel, MemberModel } from "./types.js";

/** BeginString, BodyLength, MsgType and CheckSum: the codec writes and checks these itself. */
export const FRAMING_TAGS: ReadonlySet<number> = new Set([8, 9, 35, 10]);

export interface DictionaryDescriptors {
  readonly dictionary: DictionaryDef;
  readonly messages: readonly MessageDef[];
}

/** Expects a model that `lintDictionary` found no errors in; throws on names it cannot resolve. */
export function toDictionaryDef(model: DictionaryModel): DictionaryDescriptors {
  const resolver = new Resolver(model);
  return {
    dictionary: {
      beginString: model.beginString,
      fields: [...model.fields].sort((a, b) => a.tag - b.tag).map(fieldDef),
      header: resolver.members(model.header).filter(isNotFraming),
      trailer: resolver.members(model.trailer).filter(isNotFraming),
    },
    messages: model.messages.map((message): MessageDef => ({
      name: message.name,
      msgType: resolver.expect(message.msgType, `message ${message.name} has no msgtype`),
      category: message.category === "admin" ? "admin" : "app",
      members: resolver.members(message.members),
    })),
  };
}

export function fieldDef(field: FieldModel): FieldDef {
  const def = { tag: field.tag, name: field.name, type: field.type };
  return field.values.length === 0 ? def : { ...def, values: field.values.map((value) => value.value) };
}

function isNotFraming(member: MemberDef): boolean {
  return !("tag" in member && FRAMING_TAGS.has(member.tag));
}

class Resolver {
  private readonly fields: ReadonlyMap<string, FieldModel>;
  private readonly components: ReadonlyMap<string, ComponentModel>;
  /** One ComponentDef object per component, shared by every owner, as generated code shares one const. */
  private readonly componentDefs = new Map<string, ComponentDef>();

  constructor(model: DictionaryModel) {
    this.fields = new Map(model.fields.map((field) => [field.name, field]));
    this.components = new Map(model.components.map((component) => [component.name, component]));
  }

  members(members: readonly MemberModel[]): MemberDef[] {
    return members.map((member): MemberDef => {
      switch (member.kind) {
        case "field":
          return { tag: this.tag(member.name), required: member.required };
        case "component":
          return { component: this.component(member.name), required: member.required };
        case "group":
          return {
            group: { name: member.name, counter: this.tag(member.name), members: this.members(member.members) },
            required: member.required,
          };
      }
    });
  }

  expect<T>(value: T | undefined, problem: string): T {
    if (value === undefined) throw new Error(`${problem}: lint the dictionary before converting it`);
    return value;
  }

  private tag(name: string): number {
    return this.expect(this.fields.get(name), `field ${name} is not defined`).tag;
  }

  private component(name: string): ComponentDef {
    const known = this.componentDefs.get(name);
    if (known) return known;
    const model = this.expect(this.components.get(name), `component ${name} is not defined`);
    const def: ComponentDef = { name, members: this.members(model.members) };
    this.componentDefs.set(name, def);
    return def;
  }
}
