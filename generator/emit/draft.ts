import type { StatementStructures } from "ts-morph";
import { ImportSet } from "./imports.js";

/** A generated module before printing: what it imports and its declarations. */
export interface FileDraft {
  /** Relative to the output directory, e.g. `messages/new-order-single.ts`. */
  readonly path: string;
  readonly imports: ImportSet;
  /** Statements that belong together (an enum const and its type); a blank line separates blocks. */
  readonly blocks: StatementStructures[][];
}

export function draft(path: string): FileDraft {
  return { path, imports: new ImportSet(path), blocks: [] };
}
