/** Where generated files import the runtime from: a package specifier, or a path turned into relative imports. */
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/**
 * `kraken-fix/runtime` (a package specifier) is used verbatim. A path (`./runtime/index.js`, `../x`, `/abs`) is
 * resolved from `cwd` and imported relatively from each file, e.g. `../../runtime/index.js` from
 * `generated/kraken-fix44/fields.ts`. A `.ts` path becomes `.js` (NodeNext); a path without extension is a folder
 * whose `index.js` is meant.
 */
export function runtimeSpecifierResolver(
  runtimeImport: string,
  outDir: string,
  cwd: string,
): (fromFile: string) => string {
  if (!isPathSpecifier(runtimeImport)) return () => runtimeImport;
  const target = entryModule(resolve(cwd, runtimeImport));
  const out = resolve(cwd, outDir);
  return (fromFile) => {
    const specifier = relative(dirname(join(out, fromFile)), target)
      .split(sep)
      .join("/");
    return specifier.startsWith(".") ? specifier : `./${specifier}`;
  };
}

function isPathSpecifier(specifier: string): boolean {
  return specifier === "." || specifier === ".." || /^\.\.?[\\/]/.test(specifier) || isAbsolute(specifier);
}

function entryModule(path: string): string {
  if (/\.[cm]?js$/.test(path)) return path;
  if (/\.[cm]?ts$/.test(path)) return path.replace(/ts$/, "js");
  return join(path, "index.js");
}
