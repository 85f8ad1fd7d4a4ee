/** messages/<name>.ts: the message interface (discriminated on msgType) and its same-named codec. */
import { StructureKind, VariableDeclarationKind } from "ts-morph";
import { accessorsProperty } from "../accessors.js";
import { draft, type FileDraft } from "../draft.js";
import { docText } from "../jsdoc.js";
import { emitMembers } from "../members.js";
import type { EmitPlan, MessagePlan } from "../plan.js";
import { DICTIONARY_FILE } from "./dictionary.js";
import { HEADER_FILE } from "./header.js";

export function messageFile(message: MessagePlan, plan: EmitPlan): FileDraft {
  const file = draft(message.file);
  const { name } = message;
  const model = message.message;
  const msgType = JSON.stringify(message.msgType);
  const members = emitMembers(model.members, plan, file.imports);
  file.imports.runtime("defineMessage", "value");
  file.imports.runtime("MessageCodec", "type");
  file.imports.runtime("MessageExtras", "type");
  file.imports.local(DICTIONARY_FILE, "dictionary", "value");
  file.imports.local(HEADER_FILE, "Header", "type");
  const kind = message.category === "admin" ? "session-level (admin)" : "application";
  file.blocks.push(
    [
      {
        kind: StructureKind.Interface,
        isExported: true,
        name,
        docs: [docText(`${model.name} (35=${model.msgType}), ${kind} message.`, model.description)],
        extends: [...members.extends, "MessageExtras"],
        properties: [
          { name: "msgType", isReadonly: true, type: msgType, docs: [`MsgType (35): always ${msgType}.`] },
          ...members.properties,
        ],
      },
    ],
    [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [docText(`Creates, encodes, decodes and validates {@link ${name}} messages.`)],
        declarations: [
          {
            name,
            type: `MessageCodec<${name}, Header>`,
            initializer: `defineMessage<${name}, Header>(dictionary, { name: ${JSON.stringify(model.name)}, msgType: ${msgType}, category: "${message.category}", members: ${members.descriptors}${accessorsProperty(model.members, plan, "section")} })`,
          },
        ],
      },
    ],
  );
  return file;
}
