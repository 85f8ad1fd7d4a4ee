/**
 * The rule engine: checks RuleDefs against a decoded (or about to be encoded) message object. Errors use the
 * FixError type of the codec, with the rule's id in the text so a report can say which rule fired.
 */
import { divideDecimal, isDecimal, parseDecimal } from "../codec/decimal.js";
import type { Dictionary } from "../codec/dictionary.js";
import { fixError } from "../codec/errors.js";
import type { FixError, FixErrorCode } from "../codec/errors.js";
import { displayValue } from "../codec/secrets.js";
import { checkFormat } from "./formats.js";
import type { ConditionDef, RuleDef, Venue } from "./rule-def.js";

export interface RuleContext {
  /** The session's venue; rules for the other venue are skipped, venue-less rules always apply. */
  readonly venue: Venue | undefined;
  /** Finds the byte offset of a tag in the message (0 when unknown, e.g. for outbound objects). */
  readonly offsetOf?: (tag: number) => number;
}

export class RuleChecker {
  private readonly byMsgType = new Map<string, RuleDef[]>();

  constructor(
    private readonly dictionary: Dictionary,
    readonly rules: readonly RuleDef[],
  ) {
    for (const rule of rules) {
      for (const msgType of rule.msgTypes) {
        const list = this.byMsgType.get(msgType) ?? [];
        list.push(rule);
        this.byMsgType.set(msgType, list);
      }
    }
  }

  check(msgType: string, message: Readonly<Record<string, unknown>>, context: RuleContext): FixError[] {
    const rules = this.byMsgType.get(msgType);
    if (!rules) return [];
    const errors: FixError[] = [];
    for (const rule of rules) {
      if (rule.venue !== undefined && rule.venue !== context.venue) continue;
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
          offset: tag === undefined ? 0 : (context.offsetOf?.(tag) ?? 0),
          text: `${problem.text} [${rule.id}: ${rule.text}]`,
        }),
      );
    }
    return errors;
  }

  private key(tag: number): string {
    return this.dictionary.field(tag)?.key ?? String(tag);
  }

  /** Values of a field as wire strings: one for plain fields, every element for multi-value fields. */
  private values(message: Readonly<Record<string, unknown>>, tag: number): string[] | undefined {
    const value = message[this.key(tag)];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map(String) : [typeof value === "boolean" ? (value ? "Y" : "N") : String(value)];
  }

  private holds(condition: ConditionDef, message: Readonly<Record<string, unknown>>): boolean {
    const values = this.values(message, condition.tag);
    return values !== undefined && values.some((v) => condition.values.includes(v));
  }

  private violation(
    rule: RuleDef,
    message: Readonly<Record<string, unknown>>,
  ): { code: FixErrorCode; tag: number | undefined; text: string } | undefined {
    const check = rule.check;
    const name = (tag: number) => this.dictionary.field(tag)?.name ?? `tag ${tag}`;
    switch (check.kind) {
      case "require":
        return this.values(message, check.tag) === undefined
          ? { code: "RequiredTagMissing", tag: check.tag, text: `${name(check.tag)} (${check.tag}) is required here` }
          : undefined;
      case "requireOneOf":
        return check.tags.every((tag) => this.values(message, tag) === undefined)
          ? { code: "RequiredTagMissing", tag: check.tags[0], text: `one of ${check.tags.map(name).join(", ")} is required` }
          : undefined;
      case "forbid":
        return this.values(message, check.tag) !== undefined
          ? { code: "TagNotDefinedForMessageType", tag: check.tag, text: `${name(check.tag)} (${check.tag}) is not allowed here` }
          : undefined;
      case "forbidValues": {
        const bad = this.values(message, check.tag)?.find((v) => check.values.includes(v));
        return bad === undefined
          ? undefined
          : { code: "ValueIncorrect", tag: check.tag, text: `${name(check.tag)}=${bad} is not allowed here` };
      }
      case "requireValue": {
        const values = this.values(message, check.tag);
        return values?.includes(check.value)
          ? undefined
          : { code: "ValueIncorrect", tag: check.tag, text: `${name(check.tag)} must include ${check.value}` };
      }
      case "forbidMessage":
        return { code: "RuleViolation", tag: undefined, text: "this message type is not supported here" };
      case "minRatio": {
        const value = this.values(message, check.tag)?.[0];
        const other = this.values(message, check.other)?.[0];
        if (value === undefined || other === undefined || !isDecimal(value) || !isDecimal(other)) return undefined;
        return isBelowRatio(value, other, check.divisor)
          ? {
              code: "ValueIncorrect",
              tag: check.tag,
              // The quotient is only needed for the text, rounded to 12 decimals there.
              text: `${name(check.tag)} ${value} is below ${name(check.other)}/${check.divisor} = ${divideDecimal(other, check.divisor, 12)}`,
            }
          : undefined;
      }
      case "format": {
        const value = this.values(message, check.tag)?.[0];
        if (value === undefined) return undefined;
        const problem = checkFormat(check.format, value);
        return problem === undefined
          ? undefined
          : { code: "ValueIncorrect", tag: check.tag, text: `${name(check.tag)} ${displayValue(check.tag, value)} ${problem}` };
      }
    }
  }
}

/**
 * `value < other / divisor`, decided exactly as `value × divisor < other` (reversed for a negative divisor) on
 * scaled bigints: no division, no rounding and no decimal string made and parsed again, which made this one
 * rule cost more than decoding the message (bench/README.md). Throws the RangeError a division would for a
 * zero divisor.
 */
function isBelowRatio(value: string, other: string, divisor: string): boolean {
  const v = parseDecimal(value);
  const o = parseDecimal(other);
  const d = parseDecimal(divisor);
  if (d.units === 0n) throw new RangeError(`division by zero: ${other} / ${divisor}`);
  // value × divisor has scale v.scale + d.scale; bring both sides to the larger scale, then compare integers.
  const productScale = v.scale + d.scale;
  const scale = Math.max(productScale, o.scale);
  const product = v.units * d.units * 10n ** BigInt(scale - productScale);
  const bound = o.units * 10n ** BigInt(scale - o.scale);
  return d.units > 0n ? product < bound : product > bound;
}
