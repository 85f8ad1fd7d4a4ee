/**
 * The rule engine: checks RuleDefs against a decoded (or about to be encoded) message object. Errors use the
 * FixError type of the codec, with the rule's id in the text so a report can say which rule fired.
 */
import { divideDecimal, isBelowQuotient } from "../codec/decimal.js";
import type { Dictionary } from "../codec/dictionary.js";
import { fixError } from "../codec/errors.js";
import type { FixError, FixErrorCode } from "../codec/errors.js";
import { displayValue } from "../codec/secrets.js";
import { formatCheck } from "./formats.js";
import type { ConditionDef, RuleCheckDef, RuleDef, Venue } from "./rule-def.js";

export interface RuleContext {
  /** The session's venue; rules for the other venue are skipped, venue-less rules always apply. */
  readonly venue: Venue | undefined;
  /** The message's wire bytes, to give each error the offset of its tag; absent (offset 0) for outbound objects. */
  readonly bytes?: Buffer;
}

/** Byte offset of the field `tag=` in a message, 0 when it is not there. */
export function offsetOfTag(bytes: Buffer, tag: number): number {
  const at = bytes.indexOf(`\x01${tag}=`);
  return at < 0 ? 0 : at + 1;
}

/** What a broken rule reports, before the rule's id and text are added. */
interface Problem {
  readonly code: FixErrorCode;
  readonly tag: number | undefined;
  readonly text: string;
}

type Message = Readonly<Record<string, unknown>>;

/** One rule ready to run: its conditions and check with field keys resolved, so a message costs property loads. */
interface CompiledRule {
  readonly def: RuleDef;
  /** The problem when the rule applies to the message and is broken, else undefined. */
  readonly problem: (message: Message) => Problem | undefined;
}

export class RuleChecker {
  /**
   * Rules by MsgType, then by the session's venue (undefined: no venue known): the venue-less rules and those of
   * that venue, in file order. Chosen once here instead of skipping the other venue's rules on every message.
   */
  private readonly byMsgType = new Map<string, Map<Venue | undefined, CompiledRule[]>>();

  constructor(
    private readonly dictionary: Dictionary,
    readonly rules: readonly RuleDef[],
  ) {
    const lists = new Map<string, CompiledRule[]>();
    for (const def of rules) {
      const rule = { def, problem: this.compile(def) };
      for (const msgType of def.msgTypes) {
        const list = lists.get(msgType) ?? [];
        list.push(rule);
        lists.set(msgType, list);
      }
    }
    for (const [msgType, list] of lists) {
      const byVenue = new Map<Venue | undefined, CompiledRule[]>();
      for (const venue of new Set([undefined, ...list.map((rule) => rule.def.venue)])) {
        byVenue.set(venue, list.filter((rule) => rule.def.venue === undefined || rule.def.venue === venue));
      }
      this.byMsgType.set(msgType, byVenue);
    }
  }

  /** The errors of the broken rules, appended to `errors` (the validator's list) when given. */
  check(msgType: string, message: Message, context: RuleContext, errors: FixError[] = []): FixError[] {
    const byVenue = this.byMsgType.get(msgType);
    if (!byVenue) return errors;
    // A venue none of this type's rules names gets the venue-less ones.
    const rules = byVenue.get(context.venue) ?? byVenue.get(undefined)!;
    for (const rule of rules) {
      const problem = rule.problem(message);
      if (problem === undefined) continue;
      const tag = problem.tag;
      errors.push(
        fixError({
          code: problem.code,
          tag,
          tagName: tag === undefined ? undefined : this.dictionary.field(tag)?.name,
          offset: tag === undefined || context.bytes === undefined ? 0 : offsetOfTag(context.bytes, tag),
          text: `${problem.text} [${rule.def.id}: ${rule.def.text}]`,
        }),
      );
    }
    return errors;
  }

  /** A field's name for error texts. */
  private name(tag: number): string {
    return this.dictionary.field(tag)?.name ?? `tag ${tag}`;
  }

  /** The property a decoded message (or an app's object) holds the field under. */
  private key(tag: number): string {
    return this.dictionary.field(tag)?.key ?? String(tag);
  }

  /** The rule's check behind its `when` and `unless` conditions. */
  private compile(rule: RuleDef): CompiledRule["problem"] {
    const check = this.compileCheck(rule.check);
    const when = rule.when === undefined ? undefined : this.compileCondition(rule.when);
    const unless = rule.unless === undefined ? undefined : this.compileCondition(rule.unless);
    if (when === undefined && unless === undefined) return check;
    return (message) => ((when === undefined || when(message)) && (unless === undefined || !unless(message)) ? check(message) : undefined);
  }

  private compileCondition(condition: ConditionDef): (message: Message) => boolean {
    const key = this.key(condition.tag);
    const values = condition.values;
    return (message) => valueIn(message[key], values) !== undefined;
  }

  private compileCheck(check: RuleCheckDef): CompiledRule["problem"] {
    switch (check.kind) {
      case "require": {
        const key = this.key(check.tag);
        const problem: Problem = { code: "RequiredTagMissing", tag: check.tag, text: `${this.name(check.tag)} (${check.tag}) is required here` };
        return (message) => (message[key] === undefined ? problem : undefined);
      }
      case "requireOneOf": {
        const keys = check.tags.map((tag) => this.key(tag));
        const problem: Problem = {
          code: "RequiredTagMissing",
          tag: check.tags[0],
          text: `one of ${check.tags.map((tag) => this.name(tag)).join(", ")} is required`,
        };
        return (message) => (keys.every((key) => message[key] === undefined) ? problem : undefined);
      }
      case "forbid": {
        const key = this.key(check.tag);
        const problem: Problem = { code: "TagNotDefinedForMessageType", tag: check.tag, text: `${this.name(check.tag)} (${check.tag}) is not allowed here` };
        return (message) => (message[key] === undefined ? undefined : problem);
      }
      case "forbidValues": {
        const key = this.key(check.tag);
        const name = this.name(check.tag);
        return (message) => {
          const bad = valueIn(message[key], check.values);
          return bad === undefined ? undefined : { code: "ValueIncorrect", tag: check.tag, text: `${name}=${bad} is not allowed here` };
        };
      }
      case "requireValue": {
        const key = this.key(check.tag);
        const values = [check.value];
        const problem: Problem = { code: "ValueIncorrect", tag: check.tag, text: `${this.name(check.tag)} must include ${check.value}` };
        return (message) => (valueIn(message[key], values) === undefined ? problem : undefined);
      }
      case "forbidMessage": {
        const problem: Problem = { code: "RuleViolation", tag: undefined, text: "this message type is not supported here" };
        return () => problem;
      }
      case "minRatio": {
        const key = this.key(check.tag);
        const otherKey = this.key(check.other);
        const name = this.name(check.tag);
        const otherName = this.name(check.other);
        return (message) => {
          const value = firstValue(message[key]);
          const other = firstValue(message[otherKey]);
          if (value === undefined || other === undefined || isBelowQuotient(value, other, check.divisor) !== true) return undefined;
          // The quotient is only needed for the text, rounded to 12 decimals there.
          const quotient = divideDecimal(other, check.divisor, 12);
          return { code: "ValueIncorrect", tag: check.tag, text: `${name} ${value} is below ${otherName}/${check.divisor} = ${quotient}` };
        };
      }
      case "format": {
        const key = this.key(check.tag);
        const name = this.name(check.tag);
        const format = formatCheck(check.format);
        return (message) => {
          const value = firstValue(message[key]);
          const problem = value === undefined ? undefined : format(value);
          return problem === undefined ? undefined : { code: "ValueIncorrect", tag: check.tag, text: `${name} ${displayValue(check.tag, value!)} ${problem}` };
        };
      }
    }
  }
}

/** The first value (first element of a multi-value field) as wire text; undefined when absent. */
function firstValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value.length === 0 ? undefined : String(value[0])) : wireText(value);
}

/**
 * The value (any element of a multi-value field), as wire text, when it is one of `values`; undefined otherwise.
 * Loops instead of building an array of strings per check: rules run on every message (bench/README.md).
 */
function valueIn(value: unknown, values: readonly string[]): string | undefined {
  if (typeof value === "string") return values.includes(value) ? value : undefined;
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    const text = wireText(value);
    return values.includes(text) ? text : undefined;
  }
  for (const element of value) {
    const text = String(element);
    if (values.includes(text)) return text;
  }
  return undefined;
}

/** A decoded value as it was on the wire: BOOLEAN as Y/N, numbers as digits. */
function wireText(value: unknown): string {
  return typeof value === "boolean" ? (value ? "Y" : "N") : String(value);
}
