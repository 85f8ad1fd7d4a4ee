/**
 * Reads a rules file (`<dictionary>.rules.json`) and resolves field names to tags against a dictionary model.
 * Every problem is collected and reported with the rule's id, like the dictionary lint.
 */
import { existsSync, readFileSync } from "node:fs";
import type { ConditionDef, RuleCheckDef, RuleDef, Venue } from "../../runtime/validation/rule-def.js";
import { FORMAT_NAMES } from "../../runtime/validation/formats.js";
import type { DictionaryModel } from "./types.js";

export class InvalidRulesError extends Error {
  override readonly name = "InvalidRulesError";
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${source}: ${problems.length === 1 ? "1 error" : `${problems.length} errors`}\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
}

/** `dictionaries/kraken-fix44.xml` → `dictionaries/kraken-fix44.rules.json`. */
export function rulesPathFor(dictionaryPath: string): string {
  return dictionaryPath.replace(/\.xml$/i, "") + ".rules.json";
}

/** The rules beside a dictionary, or none when it has no rules file. */
export function loadRulesFor(dictionaryPath: string, model: DictionaryModel): RuleDef[] {
  const path = rulesPathFor(dictionaryPath);
  return existsSync(path) ? readRules(readFileSync(path, "utf8"), path, model) : [];
}

interface ConditionJson {
  readonly field?: unknown;
  readonly in?: unknown;
}

type RuleJson = Readonly<Record<string, unknown>>;

const CHECK_KEYS = [
  "require",
  "requireOneOf",
  "forbid",
  "forbidValues",
  "requireValue",
  "forbidMessage",
  "minRatio",
  "format",
] as const;

export function readRules(jsonText: string, source: string, model: DictionaryModel): RuleDef[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (error) {
    throw new InvalidRulesError(source, [`not valid JSON: ${(error as Error).message}`]);
  }
  const list = (parsed as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new InvalidRulesError(source, ['expected an object with a "rules" array']);

  const problems: string[] = [];
  const tags = new Map(model.fields.map((field) => [field.name, field.tag]));
  const msgTypes = new Set(model.messages.map((message) => message.msgType));
  const ids = new Set<string>();
  const rules: RuleDef[] = [];

  list.forEach((raw: RuleJson, index) => {
    const id = typeof raw?.["id"] === "string" ? raw["id"] : `#${index + 1}`;
    const problem = (text: string) => problems.push(`rule ${id}: ${text}`);
    if (ids.has(id)) problem("duplicate id");
    ids.add(id);
    const tag = (name: unknown): number => {
      const found = typeof name === "string" ? tags.get(name) : undefined;
      if (found === undefined) problem(`field ${JSON.stringify(name)} is not defined in the dictionary`);
      return found ?? 0;
    };
    const strings = (value: unknown, what: string): string[] => {
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
      problem(`${what} must be an array of strings`);
      return [];
    };
    const condition = (value: unknown): ConditionDef | undefined => {
      if (value === undefined) return undefined;
      const c = value as ConditionJson;
      return { tag: tag(c.field), values: strings(c.in, "condition.in") };
    };

    const messages = strings(raw["messages"], "messages");
    for (const msgType of messages)
      if (!msgTypes.has(msgType)) problem(`message type ${msgType} is not in the dictionary`);
    const venue = raw["venue"];
    if (venue !== undefined && venue !== "spot" && venue !== "derivatives")
      problem(`venue must be "spot" or "derivatives"`);
    if (typeof raw["text"] !== "string") problem('needs a "text"');

    const present = CHECK_KEYS.filter((key) => raw[key] !== undefined);
    if (present.length !== 1) {
      problem(`needs exactly one check of ${CHECK_KEYS.join(", ")}; found ${present.length}`);
      return;
    }
    const check = resolveCheck(present[0]!, raw, tag, strings, problem);
    rules.push({
      id,
      text: String(raw["text"]),
      msgTypes: messages,
      ...(venue === undefined ? {} : { venue: venue as Venue }),
      ...(raw["when"] === undefined ? {} : { when: condition(raw["when"])! }),
      ...(raw["unless"] === undefined ? {} : { unless: condition(raw["unless"])! }),
      check,
    });
  });
  if (problems.length > 0) throw new InvalidRulesError(source, problems);
  return rules;
}

function resolveCheck(
  key: (typeof CHECK_KEYS)[number],
  raw: RuleJson,
  tag: (name: unknown) => number,
  strings: (value: unknown, what: string) => string[],
  problem: (text: string) => void,
): RuleCheckDef {
  const value = raw[key] as Record<string, unknown>;
  switch (key) {
    case "require":
      return { kind: "require", tag: tag(value) };
    case "forbid":
      return { kind: "forbid", tag: tag(value) };
    case "requireOneOf":
      return { kind: "requireOneOf", tags: strings(value, "requireOneOf").map(tag) };
    case "forbidValues":
      return { kind: "forbidValues", tag: tag(value["field"]), values: strings(value["in"], "forbidValues.in") };
    case "requireValue":
      if (typeof value["value"] !== "string") problem("requireValue.value must be a string");
      return { kind: "requireValue", tag: tag(value["field"]), value: String(value["value"]) };
    case "forbidMessage":
      if (value !== (true as unknown)) problem("forbidMessage must be true");
      return { kind: "forbidMessage" };
    case "minRatio":
      if (typeof value["divisor"] !== "string" || !/^\d+(\.\d+)?$/.test(value["divisor"]) || /^0+(\.0+)?$/.test(value["divisor"]))
        problem("minRatio.divisor must be a non-zero decimal string");
      return { kind: "minRatio", tag: tag(value["field"]), other: tag(value["of"]), divisor: String(value["divisor"]) };
    case "format":
      if (!FORMAT_NAMES.includes(String(value["format"])))
        problem(`unknown format ${JSON.stringify(value["format"])}; known: ${FORMAT_NAMES.join(", ")}`);
      return { kind: "format", tag: tag(value["field"]), format: String(value["format"]) };
  }
}
