/** Prints drafts with ts-morph and formats them with prettier, so that output is the same bytes on every run. */
import * as prettier from "prettier";
import { Project, type WriterFunction } from "ts-morph";
import type { FileDraft } from "./draft.js";

export interface RenderOptions {
  /** First lines of every file (provenance and lint opt-out). */
  readonly banner: string;
  /** Import specifier of the runtime as seen from a generated file (path relative to the output directory). */
  readonly runtimeSpecifier: (fromFile: string) => string;
}

const blankLine: WriterFunction = (writer) => writer.blankLineIfLastNot();

/** Formatting is pinned here rather than read from a config file, so a user's prettierrc cannot change output. */
const PRETTIER_OPTIONS: prettier.Options = { parser: "typescript", printWidth: 120 };

export async function renderFile(project: Project, file: FileDraft, options: RenderOptions): Promise<string> {
  const source = project.createSourceFile(
    file.path,
    {
      statements: [
        ...file.imports.declarations(options.runtimeSpecifier(file.path)),
        ...file.blocks.flatMap((block) => [blankLine, ...block]),
      ],
    },
    { overwrite: true },
  );
  const text = source.getFullText();
  project.removeSourceFile(source);
  return prettier.format(`${options.banner}\n${text}`, PRETTIER_OPTIONS);
}

export function createRenderProject(): Project {
  return new Project({ useInMemoryFileSystem: true });
}
