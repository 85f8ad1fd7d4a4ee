/** components/<name>.ts: the component's interface and its ComponentDef (flattened into owners by the runtime). */
import { StructureKind, VariableDeclarationKind } from "ts-morph";
import { draft, type FileDraft } from "../draft.js";
import { docText } from "../jsdoc.js";
import { emitMembers } from "../members.js";
import type { ComponentPlan, EmitPlan } from "../plan.js";

export function componentFile(component: ComponentPlan, plan: EmitPlan): FileDraft {
  const file = draft(component.file);
  const { name } = component;
  const members = emitMembers(component.component.members, plan, file.imports);
  file.imports.runtime("ComponentDef", "type");
  file.blocks.push(
    [
      {
        kind: StructureKind.Interface,
        isExported: true,
        name,
        docs: [
          docText(
            `Component ${component.component.name}: its fields appear directly in each owner.`,
            component.component.description,
          ),
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
        docs: [docText(`Members of {@link ${name}}, in wire order.`)],
        declarations: [
          {
            name,
            type: "ComponentDef",
            initializer: `{ name: ${JSON.stringify(component.component.name)}, members: ${members.descriptors} }`,
          },
        ],
      },
    ],
  );
  return file;
}
