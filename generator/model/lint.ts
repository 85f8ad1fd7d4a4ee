/**
 * Semantic checks on a dictionary model. Everything the emitter and the runtime rely on is proven here, so that a
 * broken dictionary fails with a clear list of problems instead of producing code that misbehaves on the wire.
 */
import { groupPropertyName, propertyName } from "../../runtime/codec/naming.js";
import { isMultiValueElement, isWellFormed, valueKind, ValueKind } from "../../runtime/codec/values.js";
import { DictionaryError } from "./errors.js";
import { FIELD_TYPES } from "./field-types.js";
import type { ComponentModel, DictionaryModel, FieldModel, GroupMemberModel, MemberModel } from "./types.js";

const CATEGORIES: ReadonlySet<string> = new Set(["admin", "app"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function lintDictionary(model: DictionaryModel): DictionaryError[] {
  const errors: DictionaryError[] = [];
  const report = (rule: DictionaryError["rule"], path: string, detail: string): void => {
    errors.push(new DictionaryError(rule, path, detail));
  };
  const fields = lintFields(model.fields, report);
  const components = indexComponents(model.components, report);
  const recursive = findRecursiveComponents(model.components, components, report);
  const context: MemberContext = { model, fields, components, recursive, report };

  lintLayout(model.header, "header", context);
  lintLayout(model.trailer, "trailer", context);
  lintMessages(model, context);
  for (const component of model.components) lintMembers(component.members, `component ${component.name}`, context);
  return errors;
}

type Report = (rule: DictionaryError["rule"], path: string, detail: string) => void;

interface MemberContext {
  readonly model: DictionaryModel;
  readonly fields: ReadonlyMap<string, FieldModel>;
  readonly components: ReadonlyMap<string, ComponentModel>;
  /** Components on a cycle: never flattened, so that checking them cannot loop. */
  readonly recursive: ReadonlySet<string>;
  readonly report: Report;
}

function lintFields(fields: readonly FieldModel[], report: Report): Map<string, FieldModel> {
  const byName = new Map<string, FieldModel>();
  const byTag = new Map<number, FieldModel>();
  for (const field of fields) {
    const path = `field ${field.name}`;
    lintName(field.name, path, report);
    const sameTag = byTag.get(field.tag);
    if (sameTag) report("duplicate-tag", path, `tag ${field.tag} is already used by field ${sameTag.name}`);
    else byTag.set(field.tag, field);
    const sameName = byName.get(field.name);
    if (sameName) report("duplicate-name", path, `name is already defined with tag ${sameName.tag}`);
    else byName.set(field.name, field);
    if (!FIELD_TYPES.has(field.type)) report("unknown-type", path, `type "${field.type}" is not a QuickFIX field type`);
    lintEnumValues(field, path, report);
  }
  return byName;
}

/** A listed value must be one the runtime accepts on the wire for the field's type (INT digits, one CHAR, Y/N, …). */
function lintEnumValues(field: FieldModel, path: string, report: Report): void {
  const kind = valueKind(field.type);
  const seen = new Set<string>();
  for (const { value } of field.values) {
    if (seen.has(value)) report("enum-value", path, `enum value "${value}" is listed twice`);
    seen.add(value);
    const bytes = Buffer.from(value, "latin1");
    // A multi-value field carries its values space-separated: one value cannot contain a space.
    const fits =
      kind === ValueKind.MultiValue ? isMultiValueElement(value) : isWellFormed(kind, bytes, 0, bytes.length);
    if (!fits) {
      report("enum-value", path, `enum value "${value}" does not fit type ${field.type}`);
    }
  }
}

function lintName(name: string, path: string, report: Report): void {
  if (!IDENTIFIER.test(name))
    report("invalid-name", path, "name must be letters, digits and _, not starting with a digit");
}

function indexComponents(components: readonly ComponentModel[], report: Report): Map<string, ComponentModel> {
  const byName = new Map<string, ComponentModel>();
  for (const component of components) {
    lintName(component.name, `component ${component.name}`, report);
    if (byName.has(component.name)) report("duplicate-name", `component ${component.name}`, "is defined twice");
    else byName.set(component.name, component);
  }
  return byName;
}

/** Depth-first search over component references (also those inside groups); reports each cycle once. */
function findRecursiveComponents(
  components: readonly ComponentModel[],
  byName: ReadonlyMap<string, ComponentModel>,
  report: Report,
): Set<string> {
  const recursive = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    const component = byName.get(name);
    if (component === undefined || done.has(name)) return;
    const onStack = stack.indexOf(name);
    if (onStack >= 0) {
      const cycle = stack.slice(onStack);
      for (const member of cycle) recursive.add(member);
      report("recursive-component", `component ${name}`, `includes itself (${[...cycle, name].join(" > ")})`);
      return;
    }
    stack.push(name);
    for (const ref of componentReferences(component.members)) visit(ref);
    stack.pop();
    done.add(name);
  };
  for (const component of components) visit(component.name);
  return recursive;
}

function* componentReferences(members: readonly MemberModel[]): Generator<string> {
  for (const member of members) {
    if (member.kind === "component") yield member.name;
    else if (member.kind === "group") yield* componentReferences(member.members);
  }
}

function lintMessages(model: DictionaryModel, context: MemberContext): void {
  const { report } = context;
  const names = new Set<string>();
  const byMsgType = new Map<string, string>();
  for (const message of model.messages) {
    const path = `message ${message.name}`;
    lintName(message.name, path, report);
    if (names.has(message.name)) report("duplicate-name", path, "is defined twice");
    names.add(message.name);
    if (message.msgType === undefined) {
      report("missing-msgtype", path, "has no msgtype attribute");
    } else {
      const other = byMsgType.get(message.msgType);
      if (other !== undefined)
        report("duplicate-msgtype", path, `msgtype "${message.msgType}" is already used by message ${other}`);
      else byMsgType.set(message.msgType, message.name);
    }
    if (!CATEGORIES.has(message.category)) {
      report("message-category", path, `msgcat "${message.category}" must be "admin" or "app"`);
    }
    lintLayout(message.members, path, context);
  }
}

/** A top-level member list (message, header, trailer): its own references, plus no tag twice once flattened. */
function lintLayout(members: readonly MemberModel[], path: string, context: MemberContext): void {
  lintMembers(members, path, context);
  lintDuplicateMembers(members, path, context);
}

/** References, group counters and nested groups of one member list; components are checked where defined. */
function lintMembers(members: readonly MemberModel[], path: string, context: MemberContext): void {
  const { fields, components, report } = context;
  for (const member of members) {
    if (member.kind === "field") {
      if (!fields.has(member.name))
        report("undefined-field", path, `field "${member.name}" is not defined in <fields>`);
    } else if (member.kind === "component") {
      if (!components.has(member.name)) {
        report("undefined-component", path, `component "${member.name}" is not defined in <components>`);
      }
    } else {
      lintGroup(member, `${path} > group ${member.name}`, context);
    }
  }
}

function lintGroup(group: GroupMemberModel, path: string, context: MemberContext): void {
  const { report } = context;
  const counter = context.fields.get(group.name);
  if (counter === undefined) {
    report("undefined-field", path, `counter field "${group.name}" is not defined in <fields>`);
  } else if (!isCounterType(counter, context.model)) {
    report("group-counter", path, `counter field "${group.name}" has type ${counter.type}, expected NUMINGROUP`);
  }
  if (group.members.length === 0) report("empty-group", path, "has no members");
  lintLayout(group.members, path, context);
}

/**
 * NUMINGROUP arrived in FIX 4.3; older QuickFIX dictionaries declare counters as INT (including FIX 4.2's
 * LinesOfText), and dialects keep doing so for their own `No…` counters.
 */
function isCounterType(field: FieldModel, model: DictionaryModel): boolean {
  if (field.type === "NUMINGROUP") return true;
  const predatesNumInGroup = model.major < 4 || (model.major === 4 && model.minor < 3);
  return field.type === "INT" && (predatesNumInGroup || /^No[A-Z0-9]/.test(field.name));
}

interface Occurrence {
  readonly kind: "field" | "group";
  readonly name: string;
  /** Components the member was reached through, outermost first. */
  readonly via: readonly string[];
}

/**
 * One layout must not hold a tag twice (the runtime could not tell the occurrences apart), nor two members whose
 * properties in the decoded object would have the same name.
 */
function lintDuplicateMembers(members: readonly MemberModel[], path: string, context: MemberContext): void {
  const byName = new Map<string, Occurrence>();
  const byProperty = new Map<string, Occurrence>();
  for (const occurrence of flatten(members, [], context)) {
    const first = byName.get(occurrence.name);
    if (first !== undefined) {
      const tag = context.fields.get(occurrence.name)?.tag;
      const label = tag === undefined ? `"${occurrence.name}"` : `"${occurrence.name}" (${tag})`;
      const origins =
        first.via.length + occurrence.via.length === 0 ? "" : `: ${origin(first)} and ${origin(occurrence)}`;
      context.report("duplicate-member", path, `field ${label} appears twice${origins}`);
      continue;
    }
    byName.set(occurrence.name, occurrence);
    const property = occurrence.kind === "group" ? groupPropertyName(occurrence.name) : propertyName(occurrence.name);
    const other = byProperty.get(property);
    if (other === undefined) byProperty.set(property, occurrence);
    else {
      const members = `${other.kind} "${other.name}" and ${occurrence.kind} "${occurrence.name}"`;
      context.report("property-clash", path, `${members} would both be property "${property}"`);
    }
  }
}

function origin(occurrence: Occurrence): string {
  return occurrence.via.length === 0 ? "directly" : `via component ${occurrence.via.join(" > ")}`;
}

/** The tags of a layout as the runtime sees it: components dissolved, a group counted by its counter. */
function* flatten(
  members: readonly MemberModel[],
  via: readonly string[],
  context: MemberContext,
): Generator<Occurrence> {
  for (const member of members) {
    if (member.kind !== "component") {
      yield { kind: member.kind, name: member.name, via };
      continue;
    }
    const component = context.components.get(member.name);
    if (component === undefined || context.recursive.has(member.name)) continue;
    yield* flatten(component.members, [...via, member.name], context);
  }
}
