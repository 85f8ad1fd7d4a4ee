/** header.ts: the standard header and trailer as interfaces, and their member lists for the dictionary. */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import { FRAMING_TAGS } from "../../model/to-descriptors.js";
import type { MemberModel } from "../../model/types.js";
import { draft, type FileDraft } from "../draft.js";
import { docText } from "../jsdoc.js";
import { emitMembers } from "../members.js";
import type { EmitPlan } from "../plan.js";

export const HEADER_FILE = "header.ts";

export function headerFile(plan: EmitPlan): FileDraft {
  const file = draft(HEADER_FILE);
  file.imports.runtime("MemberDef", "type");
  const section = (
    name: "Header" | "Trailer",
    members: readonly MemberModel[],
    doc: string,
  ): StatementStructures[][] => {
    // BeginString, BodyLength, MsgType and CheckSum belong to the codec, not to the application.
    const emitted = emitMembers(
      members.filter((member) => member.kind !== "field" || !FRAMING_TAGS.has(plan.field(member.name).tag)),
      plan,
      file.imports,
    );
    return [
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
  };
  file.blocks.push(
    ...section(
      "Header",
      plan.model.header,
      "Standard header fields after BeginString (8), BodyLength (9) and MsgType (35), which the codec writes itself.",
    ),
    ...section(
      "Trailer",
      plan.model.trailer,
      "Standard trailer fields before CheckSum (10), which the codec writes itself.",
    ),
  );
  return file;
}
