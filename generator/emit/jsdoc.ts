/** Documentation text taken from the dictionary. */
import type { FieldModel } from "../model/types.js";

/** Comment text per line; with the deepest indentation used (2) and ` * `, lines stay within prettier's 120. */
const TEXT_WIDTH = 110;

/**
 * Joins the non-empty parts into one comment body, word-wrapped to TEXT_WIDTH (prettier leaves comments alone).
 * `*\/` inside dictionary text must not end the comment.
 */
export function docText(...parts: readonly (string | undefined)[]): string {
  const text = parts
    .filter((part): part is string => part !== undefined && part.length > 0)
    .join(" ")
    .replaceAll("*/", "*\\/");
  return wrap(text).join("\n");
}

function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > TEXT_WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** `ClOrdID (11), STRING` */
export function fieldSummary(field: FieldModel): string {
  return `${field.name} (${field.tag}), ${field.type}`;
}

export function presence(required: boolean): string {
  return required ? "required" : "optional";
}

/** A JSDoc comment for a member inside an object literal (ts-morph documents declarations only). */
export function inlineDoc(...parts: readonly (string | undefined)[]): string {
  const lines = docText(...parts).split("\n");
  return lines.length === 1 ? `/** ${lines[0]} */\n` : `/**\n${lines.map((line) => ` * ${line}\n`).join("")} */\n`;
}
