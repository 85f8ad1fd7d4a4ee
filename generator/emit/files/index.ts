/** index.ts: re-exports every module, the `Message` union, the codec list and a decoder for any message type. */
import { StructureKind, VariableDeclarationKind } from "ts-morph";
import { draft, type FileDraft } from "../draft.js";
import { relativeSpecifier } from "../imports.js";
import type { EmitPlan } from "../plan.js";
import { DICTIONARY_FILE } from "./dictionary.js";
import { HEADER_FILE } from "./header.js";
import { RULES_FILE } from "./rules.js";

export const INDEX_FILE = "index.ts";

/** @param modules every other generated module, in output order */
export function indexFile(plan: EmitPlan, modules: readonly string[]): FileDraft {
  const file = draft(INDEX_FILE);
  const names = plan.messages.map((message) => message.name);
  for (const message of plan.messages) file.imports.local(message.file, message.name, "value");
  file.imports.local(DICTIONARY_FILE, "dictionary", "value");
  file.imports.local(HEADER_FILE, "Header", "type");
  file.imports.runtime("createMessageDecoder", "value");
  file.imports.local(RULES_FILE, "rules", "value");
  file.imports.runtime("Received", "type");
  file.imports.runtime("Protocol", "type");
  file.blocks.push(
    modules.map((module) => ({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: relativeSpecifier(INDEX_FILE, module),
    })),
    [
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: "Message",
        docs: ["Any message of the dictionary; narrow it with `switch (message.msgType)`."],
        type: names.length === 0 ? "never" : names.join(" | "),
      },
    ],
    [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ["The codec of every message type."],
        declarations: [{ name: "messages", initializer: `[${names.join(", ")}] as const` }],
      },
    ],
    [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ["Decodes one framed message of any type into its typed object, with the header it arrived with."],
        declarations: [
          {
            name: "decodeMessage",
            initializer: `createMessageDecoder<Received<Message, Header>>(dictionary, messages)`,
          },
        ],
      },
    ],
    [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: ["Everything `new Validator(protocol)` needs: the dictionary, the decoder and the venue rules."],
        declarations: [
          {
            name: "protocol",
            type: "Protocol<Received<Message, Header>>",
            initializer: `{ dictionary, decode: decodeMessage, rules }`,
          },
        ],
      },
    ],
  );
  return file;
}
