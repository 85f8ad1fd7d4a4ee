/** Reads QuickFIX XML into the dictionary model. Checks only shape here; meaning is checked by `lintDictionary`. */
import { DictionaryError } from "./errors.js";
import type {
  ComponentModel,
  DictionaryModel,
  EnumValueModel,
  FieldModel,
  MemberModel,
  MessageModel,
} from "./types.js";
import { parseXml, type XmlElement } from "./xml.js";

const SECTIONS = ["header", "trailer", "messages", "components", "fields"] as const;

export function readDictionary(xmlText: string, sourceName: string): DictionaryModel {
  const root = parseXml(xmlText);
  if (root.tag !== "fix")
    throw new DictionaryError("structure", "document", `root element is <${root.tag}>, expected <fix>`);
  for (const child of root.children) {
    if (!(SECTIONS as readonly string[]).includes(child.tag)) {
      throw new DictionaryError("structure", "fix", `unexpected element <${child.tag}>`);
    }
  }
  const section = (tag: (typeof SECTIONS)[number]): readonly XmlElement[] =>
    root.children.find((child) => child.tag === tag)?.children ?? [];
  const version = readVersion(root);
  return {
    source: sourceName,
    ...version,
    header: readMembers(section("header"), "header"),
    trailer: readMembers(section("trailer"), "trailer"),
    messages: section("messages").map(readMessage),
    components: section("components").map(readComponent),
    fields: section("fields").map(readField),
  };
}

type Version = Pick<DictionaryModel, "beginString" | "version" | "major" | "minor">;

function readVersion(root: XmlElement): Version {
  const major = readInteger(root, "major", "fix");
  const minor = readInteger(root, "minor", "fix");
  const type = root.attributes.get("type") ?? "FIX";
  const servicePack = root.attributes.has("servicepack") ? readInteger(root, "servicepack", "fix") : 0;
  const version = `${type}.${major}.${minor}${servicePack > 0 ? `SP${servicePack}` : ""}`;
  // FIX 5 application messages travel in FIXT.1.1 sessions; the session protocol is what BeginString names.
  const beginString = type === "FIXT" || major >= 5 ? "FIXT.1.1" : `FIX.${major}.${minor}`;
  return { beginString, version, major, minor };
}

function readField(element: XmlElement): FieldModel {
  expectTag(element, "field", "fields");
  const name = required(element, "name", "fields");
  const path = `field ${name}`;
  const tag = readInteger(element, "number", path);
  if (tag === 0) throw new DictionaryError("structure", path, "tag number 0 is not a valid FIX tag");
  return {
    tag,
    name,
    type: required(element, "type", path),
    description: element.attributes.get("description"),
    values: element.children.map((child) => readValue(child, path)),
  };
}

function readValue(element: XmlElement, fieldPath: string): EnumValueModel {
  expectTag(element, "value", fieldPath);
  return { value: required(element, "enum", fieldPath), description: element.attributes.get("description") ?? "" };
}

function readMessage(element: XmlElement): MessageModel {
  expectTag(element, "message", "messages");
  const name = required(element, "name", "messages");
  const path = `message ${name}`;
  return {
    name,
    msgType: element.attributes.get("msgtype"),
    category: element.attributes.get("msgcat") ?? "",
    description: element.attributes.get("description"),
    members: readMembers(element.children, path),
  };
}

function readComponent(element: XmlElement): ComponentModel {
  expectTag(element, "component", "components");
  const name = required(element, "name", "components");
  return {
    name,
    description: element.attributes.get("description"),
    members: readMembers(element.children, `component ${name}`),
  };
}

function readMembers(elements: readonly XmlElement[], ownerPath: string): MemberModel[] {
  return elements.map((element): MemberModel => {
    const name = required(element, "name", ownerPath);
    const isRequired = readRequired(element, `${ownerPath} > ${element.tag} ${name}`);
    switch (element.tag) {
      case "field":
        return { kind: "field", name, required: isRequired };
      case "component":
        return { kind: "component", name, required: isRequired };
      case "group":
        return {
          kind: "group",
          name,
          required: isRequired,
          members: readMembers(element.children, `${ownerPath} > group ${name}`),
        };
      default:
        throw new DictionaryError("structure", ownerPath, `unexpected element <${element.tag}>`);
    }
  });
}

/** QuickFIX treats a missing `required` as "N"; anything but Y or N is a typo worth reporting. */
function readRequired(element: XmlElement, path: string): boolean {
  const value = element.attributes.get("required") ?? "N";
  if (value !== "Y" && value !== "N") {
    throw new DictionaryError("structure", path, `attribute required="${value}" must be "Y" or "N"`);
  }
  return value === "Y";
}

function expectTag(element: XmlElement, tag: string, path: string): void {
  if (element.tag !== tag) throw new DictionaryError("structure", path, `unexpected element <${element.tag}>`);
}

function required(element: XmlElement, attribute: string, path: string): string {
  const value = element.attributes.get(attribute);
  if (value === undefined || value === "") {
    throw new DictionaryError("structure", path, `<${element.tag}> has no ${attribute} attribute`);
  }
  return value;
}

function readInteger(element: XmlElement, attribute: string, path: string): number {
  const text = required(element, attribute, path);
  if (!/^\d+$/.test(text)) {
    throw new DictionaryError("structure", path, `attribute ${attribute}="${text}" is not a non-negative integer`);
  }
  return Number(text);
}
