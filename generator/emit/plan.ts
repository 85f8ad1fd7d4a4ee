/**
 * Decides every exported name and file name before any code is written, so that names are unique across the
 * whole generated package (index.ts re-exports everything) and depend only on the dictionary.
 */
import { groupBaseName } from "../../runtime/codec/naming.js";
import { valueKind, ValueKind } from "../../runtime/codec/values.js";
import type {
  ComponentModel,
  DictionaryModel,
  FieldModel,
  GroupMemberModel,
  MemberModel,
  MessageModel,
} from "../model/types.js";
import { kebabCase, NameAllocator, singular } from "./naming.js";
import { RUNTIME_SYMBOLS, TYPESCRIPT_GLOBALS } from "./runtime-symbols.js";

/** Names index.ts, fields.ts, header.ts, dictionary.ts and rules.ts export. */
export const FIXED_EXPORTS = [
  "Tag",
  "fields",
  "Header",
  "Trailer",
  "headerMembers",
  "trailerMembers",
  "headerAccessors",
  "trailerAccessors",
  "dictionary",
  "Message",
  "messages",
  "decodeMessage",
  "rules",
  "protocol",
] as const;

/** A declaration with its own module: the interface and the same-named descriptor or codec const. */
export interface Declaration {
  readonly name: string;
  /** Output path relative to the output directory, e.g. `messages/new-order-single.ts`. */
  readonly file: string;
}

export interface MessagePlan extends Declaration {
  readonly message: MessageModel;
  readonly msgType: string;
  readonly category: "admin" | "app";
}

export interface ComponentPlan extends Declaration {
  readonly component: ComponentModel;
}

export interface GroupPlan extends Declaration {
  /** One occurrence standing for all that share its structure. */
  readonly group: GroupMemberModel;
  /** Messages, components, Header or Trailer the group appears in (nested groups: their outer owner). */
  readonly owners: readonly string[];
}

export interface EmitPlan {
  readonly model: DictionaryModel;
  field(name: string): FieldModel;
  component(name: string): ComponentPlan;
  readonly components: readonly ComponentPlan[];
  readonly messages: readonly MessagePlan[];
  /** Enum name of a field, when the field gets an enum (values listed and not BOOLEAN). */
  enumName(field: FieldModel): string | undefined;
  readonly enumFields: readonly FieldModel[];
  group(group: GroupMemberModel): GroupPlan;
  readonly groups: readonly GroupPlan[];
}

export function planOutput(model: DictionaryModel): EmitPlan {
  const exported = new NameAllocator([...FIXED_EXPORTS, ...RUNTIME_SYMBOLS, ...TYPESCRIPT_GLOBALS]);
  const messageFiles = new FileNames("messages");
  const messages = model.messages.map((message): MessagePlan => {
    const name = exported.claim(message.name, `${message.name}Message`);
    const msgType = expectDefined(message.msgType, `msgtype of message ${message.name}`);
    const category = message.category === "admin" ? "admin" : "app";
    return { name, file: messageFiles.claim(name), message, msgType, category };
  });
  const componentFiles = new FileNames("components");
  const components = model.components.map((component): ComponentPlan => {
    const name = exported.claim(component.name, `${component.name}Component`);
    return { name, file: componentFiles.claim(name), component };
  });
  const sortedFields = [...model.fields].sort((a, b) => a.tag - b.tag);
  const enumFields = sortedFields.filter(
    (field) => field.values.length > 0 && valueKind(field.type) !== ValueKind.Boolean,
  );
  const enumNames = new Map(enumFields.map((field) => [field.name, exported.claim(field.name, `${field.name}Value`)]));
  const groups = planGroups(model, exported);

  const fieldsByName = new Map(model.fields.map((field) => [field.name, field]));
  const componentsByName = new Map(components.map((plan) => [plan.component.name, plan]));
  return {
    model,
    field: (name) => expectDefined(fieldsByName.get(name), `field ${name}`),
    component: (name) => expectDefined(componentsByName.get(name), `component ${name}`),
    components,
    messages,
    enumName: (field) => enumNames.get(field.name),
    enumFields,
    group: (group) => expectDefined(groups.byStructure.get(structureKey(group)), `group ${group.name}`),
    groups: groups.list,
  };
}

interface Occurrence {
  readonly group: GroupMemberModel;
  readonly owner: string;
  readonly key: string;
}

/**
 * A group name whose structure is the same everywhere gets one shared declaration named after its entries
 * (`NoAllocs` → `Alloc`). When structures differ, each is named after the first element that uses it
 * (`MarketDataIncrementalRefreshMDEntry`).
 */
function planGroups(
  model: DictionaryModel,
  exported: NameAllocator,
): { list: GroupPlan[]; byStructure: Map<string, GroupPlan> } {
  const occurrences: Occurrence[] = [];
  const collect = (members: readonly MemberModel[], owner: string): void => {
    for (const member of members) {
      if (member.kind !== "group") continue;
      occurrences.push({ group: member, owner, key: structureKey(member) });
      collect(member.members, owner);
    }
  };
  collect(model.header, "Header");
  collect(model.trailer, "Trailer");
  for (const message of model.messages) collect(message.members, message.name);
  for (const component of model.components) collect(component.members, component.name);

  const structuresByName = new Map<string, Set<string>>();
  for (const { group, key } of occurrences) {
    const keys = structuresByName.get(group.name) ?? new Set<string>();
    keys.add(key);
    structuresByName.set(group.name, keys);
  }
  const files = new FileNames("groups");
  const list: GroupPlan[] = [];
  const byStructure = new Map<string, GroupPlan>();
  const ownersByStructure = new Map<string, string[]>();
  for (const { group, owner, key } of occurrences) {
    const owners = ownersByStructure.get(key);
    if (owners) {
      if (!owners.includes(owner)) owners.push(owner);
      continue;
    }
    const entry = singular(groupBaseName(group.name));
    const shared = structuresByName.get(group.name)?.size === 1;
    const base = shared ? entry : `${owner}${entry}`;
    const name = exported.claim(base, `${base}Entry`);
    const structureOwners = [owner];
    const plan: GroupPlan = { name, file: files.claim(name), group, owners: structureOwners };
    ownersByStructure.set(key, structureOwners);
    list.push(plan);
    byStructure.set(key, plan);
  }
  return { list, byStructure };
}

/** Kebab-case module names in one folder, unique even on case-insensitive file systems. */
class FileNames {
  private readonly names = new NameAllocator([], true);

  constructor(private readonly dir: string) {}

  claim(declarationName: string): string {
    return `${this.dir}/${this.names.claim(kebabCase(declarationName))}.ts`;
  }
}

const structureKeys = new WeakMap<GroupMemberModel, string>();

/** Identity of a group's structure: counter, members in order, their required flags, nested groups. */
function structureKey(group: GroupMemberModel): string {
  let key = structureKeys.get(group);
  if (key === undefined) {
    key = JSON.stringify([group.name, group.members.map(memberKey)]);
    structureKeys.set(group, key);
  }
  return key;
}

function memberKey(member: MemberModel): unknown {
  return member.kind === "group"
    ? [member.kind, member.required, structureKey(member)]
    : [member.kind, member.name, member.required];
}

function expectDefined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not in the dictionary: lint it before generating code`);
  return value;
}
