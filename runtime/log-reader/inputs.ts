/** Turns command-line style inputs (paths, glob patterns, `-`) into the list of sources to read. */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { expandGlob, isGlobPattern } from "./glob.js";

export type LogInput =
  /** `path` as given or matched (for reports); `absolutePath` is what is opened. */
  | { readonly kind: "file"; readonly path: string; readonly absolutePath: string; readonly size: number }
  | { readonly kind: "stdin"; readonly path: "-" };

export type LogInputErrorCode =
  "NO_INPUTS" | "NOT_FOUND" | "NOT_A_FILE" | "NO_MATCH" | "STDIN_TWICE" | "READ_FAILED" | "GZIP";

/** A problem with an input: it names the input as given and says what is wrong. */
export class LogInputError extends Error {
  override readonly name = "LogInputError";
  constructor(
    readonly code: LogInputErrorCode,
    readonly input: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Resolves inputs in order: `-` is stdin (at most once), a pattern with `*` or `?` is expanded (it must match at
 * least one file), anything else must be an existing file. A file reached twice is read once.
 */
export async function resolveLogInputs(inputs: readonly string[], cwd: string = process.cwd()): Promise<LogInput[]> {
  if (inputs.length === 0) throw new LogInputError("NO_INPUTS", "", "no log inputs given");
  const resolved: LogInput[] = [];
  const seen = new Set<string>();
  let stdinSeen = false;
  for (const input of inputs) {
    if (input === "-") {
      if (stdinSeen) throw new LogInputError("STDIN_TWICE", input, "stdin (-) can be read only once");
      stdinSeen = true;
      resolved.push({ kind: "stdin", path: "-" });
      continue;
    }
    const paths = isGlobPattern(input) ? await expandGlob(input, cwd) : [input];
    if (paths.length === 0) throw new LogInputError("NO_MATCH", input, `no file matches ${input}`);
    for (const path of paths) {
      const absolute = resolve(cwd, path);
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      resolved.push({ kind: "file", path, absolutePath: absolute, size: await fileSize(input, absolute, path) });
    }
  }
  return resolved;
}

async function fileSize(input: string, absolute: string, path: string): Promise<number> {
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    if (isErrnoCode(error, "ENOENT")) throw new LogInputError("NOT_FOUND", input, `no such file: ${path}`);
    throw new LogInputError("READ_FAILED", input, `cannot read ${path}: ${errorMessage(error)}`, { cause: error });
  }
  if (info.isDirectory()) {
    throw new LogInputError("NOT_A_FILE", input, `${path} is a directory (use a pattern such as ${path}/*.log)`);
  }
  if (!info.isFile()) throw new LogInputError("NOT_A_FILE", input, `${path} is not a regular file`);
  return info.size;
}

export function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
