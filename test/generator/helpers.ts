/**
 * Shared by the generator tests: temp folders inside the repo (so node_modules and package.json apply), reading
 * a generated tree back, and type-checking it with the repo's compiler options.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { byCodeUnits } from "../../generator/order.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** A fresh folder under `.tmp/` (git-ignored); remove it with `rm(dir, { recursive: true })`. */
export async function makeTempDir(prefix: string): Promise<string> {
  await mkdir(join(REPO, ".tmp"), { recursive: true });
  return mkdtemp(join(REPO, ".tmp", `${prefix}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file under `dir` by `/`-separated relative path, with its text. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split(sep).join("/"), await readFile(path, "utf8"));
  }
  return new Map([...files].sort(([a], [b]) => byCodeUnits(a, b)));
}

/** Type errors in the `.ts` files under `dir`, checked with the repo's tsconfig options, as `file(line): text`. */
export async function typeErrors(dir: string): Promise<string[]> {
  const config = ts.readConfigFile(join(REPO, "tsconfig.json"), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  const rootNames = [...(await readTree(dir)).keys()]
    .filter((path) => path.endsWith(".ts"))
    .map((path) => join(dir, path));
  const program = ts.createProgram({
    rootNames,
    options: { ...parsed.options, noEmit: true, declaration: false, sourceMap: false },
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (diagnostic.file === undefined || diagnostic.start === undefined) return text;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${relative(REPO, diagnostic.file.fileName)}(${line + 1}): ${text}`;
  });
}
