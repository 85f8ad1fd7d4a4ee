/**
 * `npm run bench` runs the bench as tsc output (what an app runs: the package ships compiled JavaScript, and tsx's
 * on-the-fly transform changes the numbers, see bench/README.md); `npx tsx bench/run.ts` and the smoke test run it
 * through tsx. The child processes it starts (the session acceptor, the stream validator, the validate command)
 * run the same way as the bench itself.
 */
import { fileURLToPath } from "node:url";

const compiled = import.meta.url.endsWith(".js");

/** The module at `relativePath` (no extension) next to the module whose `import.meta.url` is `from`. */
export function siblingScript(from: string, relativePath: string): string {
  return fileURLToPath(new URL(`${relativePath}${compiled ? ".js" : ".ts"}`, from));
}

/** Node options a child needs to run a sibling script: tsx's loader for TypeScript sources, none for tsc output. */
export const childNodeOptions: readonly string[] = compiled ? [] : ["--import", "tsx"];

/** How the bench ran, for the results file. */
export const benchBuild = compiled ? "tsc output (node)" : "TypeScript through tsx";
