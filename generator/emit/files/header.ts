/** header.ts: the standard header and trailer as interfaces, and their member lists for the dictionary. */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import { FRAMING_TAGS } from "../../model/to-descriptors.js";
import type { MemberModel } from "../../model/types.js";
import { emitAccessors } from "../accessors.js";
import { draft, type FileDraft } from "../draft.js";
import { docText } from "../jsdoc.js";
import { emitMembers } from "../members.js";
import type { EmitPlan } from "../plan.js";

export const HEADER_FILE = "header.ts";

type Section = "Header" | "Trailer";

/** `headerAccessors` / `trailerAccessors`, exported when the section has members (`sectionAccessors`). */
export function accessorsName(section: Section): string {
  return `${section.toLowerCase()}Accessors`;
}

/** The section's members the application sees: BeginString, BodyLength, MsgType and CheckSum belong to the codec. */
function sectionMembers(plan: EmitPlan, section: Section): readonly MemberModel[] {
  const members = section === "Header" ? plan.model.header : plan.model.trailer;
  return members.filter((member) => member.kind !== "field" || !FRAMING_TAGS.has(plan.field(member.name).tag));
}

/** The section's `LayoutAccessors` literal; undefined when it has no members (and header.ts exports none). */
export function sectionAccessors(plan: EmitPlan, section: Section): string | undefined {
  return emitAccessors(sectionMembers(plan, section), plan, section === "Header" ? "section" : "none");
}

export function headerFile(plan: EmitPlan): FileDraft {
  const file = draft(HEADER_FILE);
  file.imports.runtime("MemberDef", "type");
  const section = (name: Section, doc: string): StatementStructures[][] => {
    const emitted = emitMembers(sectionMembers(plan, name), plan, file.imports);
    const accessors = sectionAccessors(plan, name);
    const blocks: StatementStructures[][] = [
      [
        {
          kind: StructureKind.Interface,
          isExported: true,
          name,
          docs: [docText(doc)],
          extends: emitted.extends,
          properties: emitted.properties,
        },
      ],
      [
        {
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          docs: [docText(`Members of {@link ${name}} in wire order.`)],
          declarations: [
            { name: `${name.toLowerCase()}Members`, type: "readonly MemberDef[]", initializer: emitted.descriptors },
          ],
        },
      ],
    ];
    if (accessors !== undefined) {
      file.imports.runtime("LayoutAccessors", "type");
      blocks.push([
        {
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          docs: [docText(`Named property stores and loads for {@link ${name}} objects, by member index.`)],
          declarations: [{ name: accessorsName(name), type: "LayoutAccessors", initializer: accessors }],
        },
      ]);
    }
    return blocks;
  };
  file.blocks.push(
    ...section(
      "Header",
      "Standard header fields after BeginString (8), BodyLength (9) and MsgType (35), which the codec writes itself.",
    ),
    ...section("Trailer", "Standard trailer fields before CheckSum (10), which the codec writes itself."),
  );
  return file;
}
