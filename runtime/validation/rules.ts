/**
 * The rule engine: checks RuleDefs against a decoded (or about to be encoded) message object. Errors use the
 * FixError type of the codec, with the rule's id in the text so a report can say which rule fired.
 */
import { compareDecimal, divideDecimal, isDecimal, quotientTest } from "../codec/decimal.js";
import type { Dictionary, Layout } from "../codec/dictionary.js";
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

/**
 * Where a rule finds a field: at `index` in the values the layout's generated `read` loaded, when the message type
 * has generated accessors; otherwise (index -1) under its property name.
 */
interface Slot {
  readonly index: number;
  readonly key: string;
}

function valueAt(message: Message, values: readonly unknown[], slot: Slot): unknown {
  return slot.index >= 0 ? values[slot.index] : message[slot.key];
}

/** One rule ready to run on one MsgType: the problem when it applies to the message and is broken, else undefined. */
type RuleCheck = (message: Message, values: readonly unknown[]) => Problem | undefined;

/** The rules of one MsgType on one venue, compiled, with the generated loads that read their fields. */
interface RuleSet {
  readonly rules: readonly { readonly def: RuleDef; readonly check: RuleCheck }[];
  /** The layout's generated `read` and its member count; undefined without generated accessors. */
  readonly read: ((source: Record<string, unknown>, values: unknown[]) => void) | undefined;
  readonly size: number;
}

const NO_VALUES: readonly unknown[] = [];

/** The rules of one MsgType, and their sets compiled per venue on first use (`none`: no venue known). */
interface MsgTypeRules {
  readonly defs: RuleDef[];
  spot?: RuleSet;
  derivatives?: RuleSet;
  none?: RuleSet;
}

export class RuleChecker {
  /**
   * Rules by MsgType, in file order, with one compiled set per venue: the venue-less rules and those of that
   * venue, chosen once instead of skipping the other venue's rules on every message. One Map lookup per message
   * (three cost ~30 ns a message, bench/README.md).
   */
  private readonly byMsgType = new Map<string, MsgTypeRules>();

  constructor(
    private readonly dictionary: Dictionary,
    readonly rules: readonly RuleDef[],
  ) {
    for (const def of rules) {
      if (def.check.kind === "minRatio") checkDivisor(def.id, def.check.divisor);
      for (const msgType of def.msgTypes) {
        const entry = this.byMsgType.get(msgType);
        if (entry === undefined) this.byMsgType.set(msgType, { defs: [def] });
        else entry.defs.push(def);
      }
    }
  }

  /** The errors of the broken rules, appended to `errors` (the validator's list) when given. */
  check(msgType: string, message: Message, context: RuleContext, errors: FixError[] = []): FixError[] {
    const entry = this.byMsgType.get(msgType);
    // Types without rules return here, before compiling anything: MsgTypes on the wire are the peer's (or a log's)
    // choice, so only the dictionary's rules decide what is kept.
    if (entry === undefined) return errors;
    const venue = context.venue;
    const set = (venue === "spot" ? entry.spot : venue === "derivatives" ? entry.derivatives : entry.none) ?? this.ruleSet(msgType, entry, venue);
    if (set.rules.length === 0) return errors;
    // One call of generated named loads instead of a keyed load per rule: keyed loads with ever-changing keys
    // missed V8's lookup cache after a decode and cost ~170 ns a NewOrderSingle (bench/README.md). A fresh array
    // each time: a kept one would hold the message's values (a Password too) until the next check.
    let values = NO_VALUES;
    if (set.read !== undefined) {
      const loaded = new Array<unknown>(set.size);
      set.read(message, loaded);
      values = loaded;
    }
    for (const rule of set.rules) {
      const problem = rule.check(message, values);
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

  /** Compiles the set of a MsgType (one that has rules) and venue met for the first time. */
  private ruleSet(msgType: string, entry: MsgTypeRules, venue: Venue | undefined): RuleSet {
    const defs = entry.defs.filter((def) => def.venue === undefined || def.venue === venue);
    // The message type is compiled by now when the message was decoded; an app's object of a type not used yet
    // gets property loads.
    const layout = this.dictionary.messages.get(msgType)?.layout;
    const read = layout?.accessors?.read;
    const load = (tag: number): Slot => this.slot(layout, read !== undefined, tag);
    const set = { rules: defs.map((def) => ({ def, check: this.compile(def, load) })), read, size: layout?.members.length ?? 0 };
    entry[venue ?? "none"] = set;
    return set;
  }

  /**
   * Where field `tag` is read: by member index from the generated loads when the layout has them, else by the
   * member's property name (a group counter's is the group's, `allocs`, on both paths).
   */
  private slot(layout: Layout | undefined, generated: boolean, tag: number): Slot {
    const field = this.dictionary.field(tag);
    const member = layout !== undefined && field !== undefined ? layout.memberById[field.id] : undefined;
    return { index: generated && member !== undefined ? member.index : -1, key: member?.key ?? field?.key ?? String(tag) };
  }

  /** A field's name for error texts. */
  private name(tag: number): string {
    return this.dictionary.field(tag)?.name ?? `tag ${tag}`;
  }

  /** The rule's check behind its `when` and `unless` conditions. */
  private compile(rule: RuleDef, load: (tag: number) => Slot): RuleCheck {
    const check = this.compileCheck(rule.check, load);
    const when = rule.when === undefined ? undefined : compileCondition(rule.when, load);
    const unless = rule.unless === undefined ? undefined : compileCondition(rule.unless, load);
    if (when === undefined && unless === undefined) return check;
    return (message, values) =>
      (when === undefined || when(message, values)) && (unless === undefined || !unless(message, values)) ? check(message, values) : undefined;
  }

  private compileCheck(check: RuleCheckDef, load: (tag: number) => Slot): RuleCheck {
    switch (check.kind) {
      case "require": {
        const field = load(check.tag);
        const problem: Problem = { code: "RequiredTagMissing", tag: check.tag, text: `${this.name(check.tag)} (${check.tag}) is required here` };
        return (message, values) => (valueAt(message, values, field) === undefined ? problem : undefined);
      }
      case "requireOneOf": {
        const fields = check.tags.map(load);
        const problem: Problem = {
          code: "RequiredTagMissing",
          tag: check.tags[0],
          text: `one of ${check.tags.map((tag) => this.name(tag)).join(", ")} is required`,
        };
        return (message, values) => (fields.every((field) => valueAt(message, values, field) === undefined) ? problem : undefined);
      }
      case "forbid": {
        const field = load(check.tag);
        const problem: Problem = { code: "TagNotDefinedForMessageType", tag: check.tag, text: `${this.name(check.tag)} (${check.tag}) is not allowed here` };
        return (message, values) => (valueAt(message, values, field) === undefined ? undefined : problem);
      }
      case "forbidValues": {
        const field = load(check.tag);
        const name = this.name(check.tag);
        return (message, values) => {
          const bad = valueIn(valueAt(message, values, field), check.values);
          return bad === undefined ? undefined : { code: "ValueIncorrect", tag: check.tag, text: `${name}=${bad} is not allowed here` };
        };
      }
      case "requireValue": {
        const field = load(check.tag);
        const required = [check.value];
        const problem: Problem = { code: "ValueIncorrect", tag: check.tag, text: `${this.name(check.tag)} must include ${check.value}` };
        return (message, values) => (valueIn(valueAt(message, values, field), required) === undefined ? problem : undefined);
      }
      case "forbidMessage": {
        const problem: Problem = { code: "RuleViolation", tag: undefined, text: "this message type is not supported here" };
        return () => problem;
      }
      case "minRatio": {
        const field = load(check.tag);
        const otherField = load(check.other);
        const name = this.name(check.tag);
        const otherName = this.name(check.other);
        // Undefined for a value that is not a decimal: the decoder never stores one; an app's object may hold one,
        // and then there is nothing to compare.
        const isBelow = quotientTest(check.divisor);
        return (message, values) => {
          const value = firstValue(valueAt(message, values, field));
          const other = firstValue(valueAt(message, values, otherField));
          if (value === undefined || other === undefined || isBelow(value, other) !== true) return undefined;
          // The quotient is only needed for the text, rounded to 12 decimals there.
          const quotient = divideDecimal(other, check.divisor, 12);
          return { code: "ValueIncorrect", tag: check.tag, text: `${name} ${value} is below ${otherName}/${check.divisor} = ${quotient}` };
        };
      }
      case "format": {
        const field = load(check.tag);
        const name = this.name(check.tag);
        const format = formatCheck(check.format);
        return (message, values) => {
          const value = firstValue(valueAt(message, values, field));
          const problem = value === undefined ? undefined : format(value);
          return problem === undefined ? undefined : { code: "ValueIncorrect", tag: check.tag, text: `${name} ${displayValue(check.tag, value!)} ${problem}` };
        };
      }
    }
  }
}

/** A minRatio rule's divisor must be a non-zero decimal: said once, when the rules are loaded. */
function checkDivisor(ruleId: string, divisor: string): void {
  if (!isDecimal(divisor) || compareDecimal(divisor, "0") === 0) {
    throw new RangeError(`rule ${ruleId}: the divisor must be a non-zero decimal, got ${JSON.stringify(divisor)}`);
  }
}

/** Holds when the field is present with one of the condition's values. */
function compileCondition(condition: ConditionDef, load: (tag: number) => Slot): (message: Message, values: readonly unknown[]) => boolean {
  const field = load(condition.tag);
  const wanted = condition.values;
  return (message, values) => valueIn(valueAt(message, values, field), wanted) !== undefined;
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
