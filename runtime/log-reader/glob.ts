/**
 * A minimal glob for log paths: `*` and `?` within one path segment, `**` as a whole segment for any depth.
 * Node 20 has no fs.glob, and shells on Windows do not expand patterns, so the reader expands them itself.
 * Hidden names (leading `.`) match only a segment that itself starts with `.`, as in POSIX shells.
 */
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

export function isGlobPattern(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/**
 * Files matching `pattern`, relative to `cwd` when the pattern is relative (paths keep the pattern's own form:
 * `logs/*.log` gives `logs/a.log`). Sorted by path as a shell sorts them (by code unit, so the order does not
 * depend on the locale); directories that cannot be read are skipped. Symbolic links to directories are not
 * followed by `**` (they may form cycles).
 */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const normalized = pattern.replaceAll("\\", "/");
  const absolute = normalized.startsWith("/");
  const segments = normalized.split("/").filter((segment) => segment !== "" && segment !== ".");
  const firstMagic = segments.findIndex(isGlobPattern);
  const base = segments.slice(0, firstMagic < 0 ? segments.length : firstMagic).join("/");
  const start = absolute ? `/${base}` : base;
  const found: string[] = [];
  await walk(start, segments.slice(firstMagic < 0 ? segments.length : firstMagic), cwd, found);
  return [...new Set(found)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function walk(path: string, rest: readonly string[], cwd: string, found: string[]): Promise<void> {
  const [segment, ...after] = rest;
  if (segment === undefined) {
    if (await isFile(resolve(cwd, path || "."))) found.push(path);
    return;
  }
  if (!isGlobPattern(segment)) {
    await walk(joinPath(path, segment), after, cwd, found);
    return;
  }
  const entries = await listDirectory(resolve(cwd, path || "."));
  if (segment === "**") {
    await walk(path, after, cwd, found); // `**` matching no directory at all
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = joinPath(path, entry.name);
      if (entry.isDirectory()) await walk(child, rest, cwd, found);
      else if (after.length === 0) await walk(child, after, cwd, found);
    }
    return;
  }
  for (const entry of entries) {
    if (matchSegment(segment, entry.name)) await walk(joinPath(path, entry.name), after, cwd, found);
  }
}

/** `*` matches any run of characters, `?` exactly one; the whole name must match. */
export function matchSegment(pattern: string, name: string): boolean {
  if (name.startsWith(".") && !pattern.startsWith(".")) return false;
  let p = 0;
  let n = 0;
  let star = -1; // position of the last `*` seen, to backtrack to
  let starName = 0; // where in `name` that `*` started matching
  while (n < name.length) {
    const c = pattern[p];
    if (c === "?" || (c !== undefined && c !== "*" && c === name[n])) {
      p++;
      n++;
    } else if (c === "*") {
      star = p++;
      starName = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++starName;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

async function listDirectory(path: string) {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch {
    return []; // not a directory, gone, or unreadable: nothing under it matches
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function joinPath(base: string, name: string): string {
  return base === "" ? name : base === "/" ? `/${name}` : join(base, name);
}
