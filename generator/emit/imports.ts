/** Collects what a generated module imports and prints it as sorted, deterministic import declarations. */
import { posix } from "node:path";
import { StructureKind, type ImportDeclarationStructure } from "ts-morph";
import { byCodeUnits } from "../order.js";
import type { RuntimeSymbol } from "./runtime-symbols.js";

type Usage = "type" | "value";

export class ImportSet {
  private readonly runtimeNames = new Map<string, Usage>();
  private readonly localNames = new Map<string, Map<string, Usage>>();

  /** @param fromFile path of the importing module relative to the output directory */
  constructor(readonly fromFile: string) {}

  runtime(name: RuntimeSymbol, usage: Usage): void {
    add(this.runtimeNames, name, usage);
  }

  /** A name from another generated module (`file` relative to the output directory). */
  local(file: string, name: string, usage: Usage): void {
    if (file === this.fromFile) return;
    const names = this.localNames.get(file) ?? new Map<string, Usage>();
    add(names, name, usage);
    this.localNames.set(file, names);
  }

  /** Runtime import first, then generated modules by path. */
  declarations(runtimeSpecifier: string): ImportDeclarationStructure[] {
    const local = [...this.localNames]
      .map(([file, names]) => [relativeSpecifier(this.fromFile, file), names] as const)
      .sort(([a], [b]) => byCodeUnits(a, b));
    return [[runtimeSpecifier, this.runtimeNames] as const, ...local]
      .filter(([, names]) => names.size > 0)
      .map(([specifier, names]) => declaration(specifier, names));
  }
}

function add(names: Map<string, Usage>, name: string, usage: Usage): void {
  // A name used as a value also serves as a type; only ever upgrade.
  if (names.get(name) !== "value") names.set(name, usage);
}

function declaration(moduleSpecifier: string, names: ReadonlyMap<string, Usage>): ImportDeclarationStructure {
  const sorted = [...names].sort(([a], [b]) => byCodeUnits(a, b));
  const typeOnly = sorted.every(([, usage]) => usage === "type");
  return {
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier,
    isTypeOnly: typeOnly,
    namedImports: sorted.map(([name, usage]) => ({ name, isTypeOnly: !typeOnly && usage === "type" })),
  };
}

/** `messages/a.ts` importing `fields.ts` → `../fields.js` (NodeNext resolution wants the emitted extension). */
export function relativeSpecifier(fromFile: string, toFile: string): string {
  const relative = posix.relative(posix.dirname(fromFile), toFile).replace(/\.ts$/, ".js");
  return relative.startsWith(".") ? relative : `./${relative}`;
}
