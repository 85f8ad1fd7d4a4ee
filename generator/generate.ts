/**
 * `generate`: dictionary XML → linted model → TypeScript package in `out`. With `check`, nothing is written and
 * the call fails when `out` is not exactly what generation would produce (CI's guard against hand edits and
 * forgotten regeneration).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { loadDictionary } from "./model/load.js";
import { loadRulesFor } from "./model/rules.js";
import { compareOutput, replaceOutput, type OutputDifference } from "./output-dir.js";
import { runtimeSpecifierResolver } from "./runtime-import.js";

export interface GenerateOptions {
  /** QuickFIX XML dictionary. */
  readonly dict: string;
  /** Output folder; replaced as a whole. */
  readonly out: string;
  /**
   * How generated files import the runtime: a package specifier used verbatim (`kraken-fix/runtime`) or a path
   * starting with `./`, `../` or `/`, resolved from `cwd` (`./runtime/index.js`) and imported relatively.
   */
  readonly runtimeImport: string;
  /** Compare instead of writing; throws OutputOutOfDateError listing the differences. */
  readonly check?: boolean;
  /** Base for relative `dict`, `out` and `runtimeImport`; default `process.cwd()`. */
  readonly cwd?: string;
}

export interface GenerateResult {
  readonly outDir: string;
  /** Generated paths relative to `outDir`. */
  readonly files: readonly string[];
}

export class OutputOutOfDateError extends Error {
  override readonly name = "OutputOutOfDateError";

  constructor(
    readonly outDir: string,
    readonly differences: readonly OutputDifference[],
  ) {
    super(
      `${outDir} is not up to date with its dictionary (run npm run generate):\n` +
        differences.map((difference) => `  ${difference.kind} ${difference.path}`).join("\n"),
    );
  }
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const dictPath = resolve(cwd, options.dict);
  const outDir = resolve(cwd, options.out);
  const xml = await readFile(dictPath);
  const sourceName = basename(dictPath);
  const model = loadDictionary(xml.toString("utf8"), sourceName);
  // ts-morph and prettier load only here: the CLI's other commands never pay for them.
  const { emitDictionary } = await import("./emit/index.js");
  const files = await emitDictionary(model, {
    sourceName,
    sourceSha256: createHash("sha256").update(xml).digest("hex"),
    runtimeSpecifier: runtimeSpecifierResolver(options.runtimeImport, outDir, cwd),
    rules: loadRulesFor(dictPath, model),
  });
  if (options.check) {
    const differences = await compareOutput(outDir, files);
    if (differences.length > 0) throw new OutputOutOfDateError(outDir, differences);
  } else {
    await replaceOutput(outDir, files);
  }
  return { outDir, files: files.map((file) => file.path) };
}
