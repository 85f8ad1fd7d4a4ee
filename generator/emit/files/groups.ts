/** groups/<entry>.ts: one entry of a repeating group as an interface, and the group's GroupDef. */
import { StructureKind, VariableDeclarationKind } from "ts-morph";
import { accessorsProperty } from "../accessors.js";
import { draft, type FileDraft } from "../draft.js";
import { docText } from "../jsdoc.js";
import { emitMembers, FIELDS_FILE } from "../members.js";
import type { EmitPlan, GroupPlan } from "../plan.js";

export function groupFile(group: GroupPlan, plan: EmitPlan): FileDraft {
  const file = draft(group.file);
  const { name } = group;
  const counter = plan.field(group.group.name);
  const members = emitMembers(group.group.members, plan, file.imports);
  file.imports.runtime("GroupDef", "type");
  file.imports.local(FIELDS_FILE, "Tag", "value");
  file.blocks.push(
    [
      {
        kind: StructureKind.Interface,
        isExported: true,
        name,
        docs: [
          docText(`One entry of repeating group ${counter.name} (${counter.tag}), in ${group.owners.join(", ")}.`),
        ],
        extends: members.extends,
        properties: members.properties,
      },
    ],
    [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [docText(`Repeating group ${counter.name}: counter tag and the members of each {@link ${name}} entry.`)],
        declarations: [
          {
            name,
            type: "GroupDef",
            initializer: `{ name: ${JSON.stringify(counter.name)}, counter: Tag.${counter.name}, members: ${members.descriptors}${accessorsProperty(group.group.members, plan, "entry")} }`,
          },
        ],
      },
    ],
  );
  return file;
}
