/** dictionary.ts: the runtime dictionary every generated codec is bound to. */
import { StructureKind, VariableDeclarationKind } from "ts-morph";
import { draft, type FileDraft } from "../draft.js";
import { docText } from "../jsdoc.js";
import { FIELDS_FILE } from "../members.js";
import type { EmitPlan } from "../plan.js";
import { accessorsName, HEADER_FILE, sectionAccessors } from "./header.js";

export const DICTIONARY_FILE = "dictionary.ts";

export function dictionaryFile(plan: EmitPlan): FileDraft {
  const file = draft(DICTIONARY_FILE);
  file.imports.runtime("createDictionary", "value");
  file.imports.local(FIELDS_FILE, "fields", "value");
  file.imports.local(HEADER_FILE, "headerMembers", "value");
  file.imports.local(HEADER_FILE, "trailerMembers", "value");
  const { beginString, version, source } = plan.model;
  // Named stores and loads for header and trailer objects, when the sections have members; the exports are
  // named after the DictionaryDef properties, so they are passed in shorthand.
  const accessors = (["Header", "Trailer"] as const)
    .filter((section) => sectionAccessors(plan, section) !== undefined)
    .map((section) => {
      file.imports.local(HEADER_FILE, accessorsName(section), "value");
      return `, ${accessorsName(section)}`;
    })
    .join("");
  file.blocks.push([
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [docText(`${source} (${version}) compiled for the runtime; sessions use BeginString ${beginString}.`)],
      declarations: [
        {
          name: "dictionary",
          initializer: `createDictionary({ beginString: ${JSON.stringify(beginString)}, fields, header: headerMembers, trailer: trailerMembers${accessors} })`,
        },
      ],
    },
  ]);
  return file;
}
