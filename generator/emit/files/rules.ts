/**
 * rules.ts: the venue rules of the rules file beside the dictionary, already resolved to tags, so that a
 * generated package validates exactly as `--dict` does at run time (both feed the same RuleDef[] to Validator).
 */
import { StructureKind, VariableDeclarationKind } from "ts-morph";
import type { RuleDef } from "../../../runtime/validation/rule-def.js";
import { draft, type FileDraft } from "../draft.js";

export const RULES_FILE = "rules.ts";

export function rulesFile(rules: readonly RuleDef[]): FileDraft {
  const file = draft(RULES_FILE);
  file.imports.runtime("RuleDef", "type");
  file.blocks.push([
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["Venue rules from the dictionary's rules file (none when it has no rules file), checked by Validator."],
      // JSON is valid TypeScript for these plain data objects; prettier lays it out.
      declarations: [{ name: "rules", type: "readonly RuleDef[]", initializer: JSON.stringify(rules) }],
    },
  ]);
  return file;
}
