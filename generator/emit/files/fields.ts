/** fields.ts: `Tag` (name → number) and the FieldDef list the runtime dictionary is built from. */
import { StructureKind, VariableDeclarationKind } from "ts-morph";
import { fieldDef } from "../../model/to-descriptors.js";
import type { FieldModel } from "../../model/types.js";
import { draft, type FileDraft } from "../draft.js";
import { docText, inlineDoc } from "../jsdoc.js";
import { FIELDS_FILE } from "../members.js";
import type { EmitPlan } from "../plan.js";

export function fieldsFile(plan: EmitPlan): FileDraft {
  const file = draft(FIELDS_FILE);
  const fields = [...plan.model.fields].sort((a, b) => a.tag - b.tag);
  const tags = fields.map((field) => `${inlineDoc(`${field.type}.`, field.description)}${field.name}: ${field.tag},`);
  file.imports.runtime("FieldDef", "type");
  file.blocks.push(
    [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`Tag numbers by field name, e.g. \`Tag.ClOrdID\` is 11.`],
        declarations: [{ name: "Tag", initializer: `{\n${tags.join("\n")}\n} as const` }],
      },
    ],
    [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [docText(`Every field of ${plan.model.source}, by tag: name, QuickFIX type and the values it allows.`)],
        declarations: [
          {
            name: "fields",
            type: "readonly FieldDef[]",
            initializer: `[\n${fields.map((field) => `${fieldLiteral(field)},`).join("\n")}\n]`,
          },
        ],
      },
    ],
  );
  return file;
}

function fieldLiteral(field: FieldModel): string {
  const def = fieldDef(field);
  const values = def.values === undefined ? "" : `, values: ${JSON.stringify(def.values)}`;
  return `{ tag: ${def.tag}, name: ${JSON.stringify(def.name)}, type: ${JSON.stringify(def.type)}${values} }`;
}
