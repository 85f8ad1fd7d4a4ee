/**
 * A layout's `LayoutAccessors` (runtime/codec/descriptor.ts) as an object literal: a `switch` with one named
 * property store per member for the decoder, and one named load per member for the encoder. The codec's own
 * `target[key]` is one keyed access for every field of every message, which V8 turns megamorphic; these
 * accesses each see one layout's objects.
 */
import { groupPropertyName, propertyName } from "../../runtime/codec/naming.js";
import type { MemberModel } from "../model/types.js";
import { isDataLengthPair } from "./members.js";
import type { EmitPlan } from "./plan.js";

/** Said above every emitted accessors object. */
const ACCESSORS_COMMENT =
  "Named property stores and loads for the codec, by member index (components flattened, in wire order).";

/**
 * `{ keys: [...], store(target, index, value) { switch (index) { … } }, read(source, values) { … } }` for the
 * layout the runtime compiles from `members`: components flattened into their owner, in order, as
 * `createDictionary` does. A LENGTH field that frames the DATA field after it is a member (it has a key) but no
 * property, so it is neither stored nor read. Undefined for a layout without members: nothing to store or read.
 */
export function emitAccessors(members: readonly MemberModel[], plan: EmitPlan): string | undefined {
  const flat = flatten(members, plan, []);
  if (flat.length === 0) return undefined;
  const keys: string[] = [];
  const stores: string[] = [];
  const reads: string[] = [];
  flat.forEach((member, index) => {
    const key = member.kind === "group" ? groupPropertyName(member.name) : propertyName(member.name);
    keys.push(JSON.stringify(key));
    if (isDataLengthPair(member, flat[index + 1], plan)) return;
    stores.push(`case ${index}: target.${key} = value; return;`);
    reads.push(`values[${index}] = source.${key};`);
  });
  return [
    "{",
    `keys: [${keys.join(", ")}],`,
    `store(target, index, value) { switch (index) { ${stores.join(" ")} } },`,
    `read(source, values) { ${reads.join(" ")} },`,
    "}",
  ].join("\n");
}

function flatten(members: readonly MemberModel[], plan: EmitPlan, out: MemberModel[]): MemberModel[] {
  for (const member of members) {
    if (member.kind === "component") flatten(plan.component(member.name).component.members, plan, out);
    else out.push(member);
  }
  return out;
}

/**
 * `, accessors: {…}` for a message or group descriptor, with a comment saying what it is for; empty when the
 * layout has no members.
 */
export function accessorsProperty(members: readonly MemberModel[], plan: EmitPlan): string {
  const accessors = emitAccessors(members, plan);
  if (accessors === undefined) return "";
  return `,\n// ${ACCESSORS_COMMENT}\naccessors: ${accessors}`;
}
