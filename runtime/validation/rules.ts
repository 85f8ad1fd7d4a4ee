/**
 * The rule engine: checks RuleDefs against a decoded (or about to be encoded) message object. Errors use the
 * FixError type of the codec, with the rule's id in the text so a report can say which rule fired.
 */
import { divideDecimal, isBelowQuotient, isDecimal } from "../codec/decimal.js";
import type { Dictionary } from "../codec/dictionary.js";
import { fixError } from "../codec/errors.js";
import type { FixError, FixErrorCode } from "../codec/errors.js";
import { displayValue } from "../codec/secrets.js";
import { checkFormat } from "./formats.js";
import type { ConditionDef, RuleDef, Venue } from "./rule-def.js";

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

export class RuleChecker {
  /**
   * Rules by MsgType, then by the session's venue (undefined: no venue known): the venue-less rules and those of
   * that venue, in file order. Chosen once here instead of skipping the other venue's rules on every message.
   */
  private readonly byMsgType = new Map<string, Map<Venue | undefined, RuleDef[]>>();

  constructor(
    private readonly dictionary: Dictionary,
    readonly rules: readonly RuleDef[],
  ) {
    const lists = new Map<string, RuleDef[]>();
    for (const rule of rules) {
      for (const msgType of rule.msgTypes) {
        const list = lists.get(msgType) ?? [];
        list.push(rule);
        lists.set(msgType, list);
      }
    }
    for (const [msgType, list] of lists) {
      const byVenue = new Map<Venue | undefined, RuleDef[]>();
      for (const venue of new Set([undefined, ...list.map((rule) => rule.venue)])) {
        byVenue.set(venue, list.filter((rule) => rule.venue === undefined || rule.venue === venue));
      }
      this.byMsgType.set(msgType, byVenue);
    }
  }

  check(msgType: string, message: Readonly<Record<string, unknown>>, context: RuleContext): FixError[] {
    const byVenue = this.byMsgType.get(msgType);
    if (!byVenue) return [];
    // A venue none of this type's rules names gets the venue-less ones.
    const rules = byVenue.get(context.venue) ?? byVenue.get(undefined)!;
    const errors: FixError[] = [];
    for (const rule of rules) {
      if (rule.when && !this.holds(rule.when, message)) continue;
      if (rule.unless && this.holds(rule.unless, message)) continue;
      const problem = this.violation(rule, message);
      if (!problem) continue;
      const tag = problem.tag;
      errors.push(
        fixError({
          code: problem.code,
          tag,
          tagName: tag === undefined ? undefined : this.dictionary.field(tag)?.name,
          offset: tag === undefined || context.bytes === undefined ? 0 : offsetOfTag(context.bytes, tag),
          text: `${problem.text} [${rule.id}: ${rule.text}]`,
        }),
      );
    }
    return errors;
  }

  /** A field's name for error texts; an arrow property so that `tags.map(this.nameOf)` needs no closure per call. */
  private readonly nameOf = (tag: number): string => this.dictionary.field(tag)?.name ?? `tag ${tag}`;

  private key(tag: number): string {
    return this.dictionary.field(tag)?.key ?? String(tag);
  }

  /** The field's value as the decoder or the app left it; undefined when absent. */
  private valueOf(message: Readonly<Record<string, unknown>>, tag: number): unknown {
    return message[this.key(tag)];
  }

  /** The first value (first element of a multi-value field) as wire text. */
  private firstValue(message: Readonly<Record<string, unknown>>, tag: number): string | undefined {
    const value = this.valueOf(message, tag);
    if (value === undefined) return undefined;
    return Array.isArray(value) ? (value.length === 0 ? undefined : String(value[0])) : wireText(value);
  }

  /**
   * The first value of the field (every element of a multi-value field), as wire text, that is in `values`.
   * Loops instead of building an array of strings per check: rules run on every message (bench/README.md).
   */
  private valueIn(message: Readonly<Record<string, unknown>>, tag: number, values: readonly string[]): string | undefined {
    const value = this.valueOf(message, tag);
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

  private holds(condition: ConditionDef, message: Readonly<Record<string, unknown>>): boolean {
    return this.valueIn(message, condition.tag, condition.values) !== undefined;
  }

  private violation(
    rule: RuleDef,
    message: Readonly<Record<string, unknown>>,
  ): { code: FixErrorCode; tag: number | undefined; text: string } | undefined {
    const check = rule.check;
    // Methods, not closures made per call: under tsx every closure creation costs a `__name` call (bench/README.md).
    const name = this.nameOf;
    switch (check.kind) {
      case "require":
        return this.valueOf(message, check.tag) === undefined
          ? { code: "RequiredTagMissing", tag: check.tag, text: `${name(check.tag)} (${check.tag}) is required here` }
          : undefined;
      case "requireOneOf":
        return check.tags.every((tag) => this.valueOf(message, tag) === undefined)
          ? { code: "RequiredTagMissing", tag: check.tags[0], text: `one of ${check.tags.map(name).join(", ")} is required` }
          : undefined;
      case "forbid":
        return this.valueOf(message, check.tag) !== undefined
          ? { code: "TagNotDefinedForMessageType", tag: check.tag, text: `${name(check.tag)} (${check.tag}) is not allowed here` }
          : undefined;
      case "forbidValues": {
        const bad = this.valueIn(message, check.tag, check.values);
        return bad === undefined
          ? undefined
          : { code: "ValueIncorrect", tag: check.tag, text: `${name(check.tag)}=${bad} is not allowed here` };
      }
      case "requireValue": {
        return this.valueIn(message, check.tag, [check.value]) !== undefined
          ? undefined
          : { code: "ValueIncorrect", tag: check.tag, text: `${name(check.tag)} must include ${check.value}` };
      }
      case "forbidMessage":
        return { code: "RuleViolation", tag: undefined, text: "this message type is not supported here" };
      case "minRatio": {
        const value = this.firstValue(message, check.tag);
        const other = this.firstValue(message, check.other);
        if (value === undefined || other === undefined || !isDecimal(value) || !isDecimal(other)) return undefined;
        return isBelowQuotient(value, other, check.divisor)
          ? {
              code: "ValueIncorrect",
              tag: check.tag,
              // The quotient is only needed for the text, rounded to 12 decimals there.
              text: `${name(check.tag)} ${value} is below ${name(check.other)}/${check.divisor} = ${divideDecimal(other, check.divisor, 12)}`,
            }
          : undefined;
      }
      case "format": {
        const value = this.firstValue(message, check.tag);
        if (value === undefined) return undefined;
        const problem = checkFormat(check.format, value);
        return problem === undefined
          ? undefined
          : { code: "ValueIncorrect", tag: check.tag, text: `${name(check.tag)} ${displayValue(check.tag, value)} ${problem}` };
      }
    }
  }
}

/** A decoded value as it was on the wire: BOOLEAN as Y/N, numbers as digits. */
function wireText(value: unknown): string {
  return typeof value === "boolean" ? (value ? "Y" : "N") : String(value);
}
