/** `kraken-fix generate`: regenerate (or, with --check, verify) typed code from a dictionary. */
import { relative } from "node:path";
import { generate, OutputOutOfDateError } from "../../generator/generate.js";
import { InvalidDictionaryError } from "../../generator/model/errors.js";
import { ForeignFileError } from "../../generator/output-dir.js";

export interface GenerateCommandOptions {
  readonly dict: string;
  readonly out: string;
  readonly runtimeImport: string;
  readonly check?: boolean;
}

/** Returns the exit code: 0 done, 1 a problem the user fixes (dictionary, stale output, foreign files, paths). */
export async function runGenerate(options: GenerateCommandOptions): Promise<number> {
  try {
    const result = await generate({ ...options, check: options.check ?? false });
    const out = relative(process.cwd(), result.outDir) || ".";
    console.log(options.check ? `${out} is up to date (${result.files.length} files)` : `wrote ${result.files.length} files to ${out}`);
    return 0;
  } catch (error) {
    if (!isUserError(error)) throw error;
    console.error(error.message);
    return 1;
  }
}

function isUserError(error: unknown): error is Error {
  return (
    error instanceof InvalidDictionaryError ||
    error instanceof OutputOutOfDateError ||
    error instanceof ForeignFileError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === "ENOENT")
  );
}
