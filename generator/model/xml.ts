/**
 * A minimal element tree over fast-xml-parser's ordered output. Order matters in a FIX dictionary: the members of a
 * message are listed in wire order, with fields, components and groups interleaved.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DictionaryError } from "./errors.js";

export interface XmlElement {
  readonly tag: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
}

const ATTRIBUTES_KEY = ":@";
const TEXT_KEY = "#text";

/** Parses XML text into its root element; not well-formed XML is a DictionaryError naming line and column. */
export function parseXml(text: string): XmlElement {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    // fast-xml-parser leaves the column out when the document ends before any element.
    const where = typeof col === "number" ? `line ${line}, column ${col}` : `line ${line}`;
    throw new DictionaryError("xml-syntax", where, msg);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const roots = toElements(parser.parse(text));
  const root = roots[0];
  if (root === undefined) throw new DictionaryError("structure", "document", "no root element");
  return root;
}

function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const elements: XmlElement[] = [];
  for (const node of nodes as unknown[]) {
    if (typeof node !== "object" || node === null) continue;
    const entries = Object.entries(node);
    const element = entries.find(([key]) => key !== ATTRIBUTES_KEY && key !== TEXT_KEY);
    if (element === undefined) continue;
    const attributes = new Map<string, string>();
    const rawAttributes: unknown = (node as Record<string, unknown>)[ATTRIBUTES_KEY];
    if (typeof rawAttributes === "object" && rawAttributes !== null) {
      for (const [name, value] of Object.entries(rawAttributes)) attributes.set(name, String(value));
    }
    elements.push({ tag: element[0], attributes, children: toElements(element[1]) });
  }
  return elements;
}
