/**
 * enums.ts: a const object and a same-named union type per field with listed values. Member names come from the
 * value descriptions; literals follow the field's runtime type (numbers for INT-like fields, strings otherwise).
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import { isNumericKind, valueKind } from "../../../runtime/codec/values.js";
import type { EnumValueModel, FieldModel } from "../../model/types.js";
import { draft, type FileDraft } from "../draft.js";
import { docText, fieldSummary, inlineDoc } from "../jsdoc.js";
import { ENUMS_FILE } from "../members.js";
import { humanize, memberName, NameAllocator } from "../naming.js";
import type { EmitPlan } from "../plan.js";

export function enumsFile(plan: EmitPlan): FileDraft {
  const file = draft(ENUMS_FILE);
  for (const field of plan.enumFields) {
    const name = plan.enumName(field);
    if (name !== undefined) file.blocks.push(enumStatements(field, name));
  }
  return file;
}

function enumStatements(field: FieldModel, name: string): StatementStructures[] {
  const numeric = isNumericKind(valueKind(field.type));
  const names = new NameAllocator();
  const members = field.values.map((value) => {
    const member = names.claim(...memberCandidates(value));
    const literal = numeric ? String(Number(value.value)) : JSON.stringify(value.value);
    return `${inlineDoc(valueDoc(value))}${member}: ${literal},`;
  });
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [docText(`${fieldSummary(field)}.`, field.description)],
      declarations: [{ name, initializer: `{\n${members.join("\n")}\n} as const` }],
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name,
      docs: [`A value of ${field.name} (${field.tag}).`],
      type: `(typeof ${name})[keyof typeof ${name}]`,
    },
  ];
}

/** From the description; a value without one is named after itself; on a clash the value is appended. */
function memberCandidates({ value, description }: EnumValueModel): [string, ...string[]] {
  const fromValue = memberName(value) || "Value";
  const base = memberName(description) || fromValue;
  return [base, `${base}_${fromValue.replace(/^_/, "")}`];
}

function valueDoc({ value, description }: EnumValueModel): string {
  const meaning = humanize(description);
  return meaning === "" || meaning === value ? `\`${value}\`` : `\`${value}\`: ${meaning}`;
}
