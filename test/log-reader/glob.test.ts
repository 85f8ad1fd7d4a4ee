import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandGlob, isGlobPattern, matchSegment } from "../../runtime/log-reader/index.js";

describe("matchSegment", () => {
  it.each([
    ["*.log", "fix.log", true],
    ["*.log", "fix.log.gz", false],
    ["*.log*", "fix.log.gz", true],
    ["fix-?.log", "fix-1.log", true],
    ["fix-?.log", "fix-12.log", false],
    ["*-*-*.log", "a-b-c.log", true],
    ["*-*-*.log", "a-b.log", false],
    ["a*b*c", "aXbYbZc", true],
    ["a*b*c", "aXbYbZ", false],
    ["*", "", true],
    ["*", ".hidden", false],
    [".*", ".hidden", true],
    ["?hidden", ".hidden", false],
  ])("%s against %s is %s", (pattern, name, expected) => {
    expect(matchSegment(pattern, name)).toBe(expected);
  });

  it("isGlobPattern looks for * and ? only", () => {
    expect([
      isGlobPattern("a/*.log"),
      isGlobPattern("a?.log"),
      isGlobPattern("a[1].log"),
      isGlobPattern("a.log"),
    ]).toEqual([true, true, false, false]);
  });
});

describe("expandGlob", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kraken-fix-glob-"));
    for (const path of ["x/a.log", "x/b.log", "x/y/c.log", "x/y/z/d.log", "x/.h/e.log", "w/f.log"]) {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), "");
    }
    await mkdir(join(dir, "x/dir.log"));
    await symlink(join(dir, "x"), join(dir, "x/y/loop"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["x/*.log", ["x/a.log", "x/b.log"]],
    ["x/?.log", ["x/a.log", "x/b.log"]],
    ["*/*.log", ["w/f.log", "x/a.log", "x/b.log"]],
    ["x/**/*.log", ["x/a.log", "x/b.log", "x/y/c.log", "x/y/z/d.log"]],
    ["x/**", ["x/a.log", "x/b.log", "x/y/c.log", "x/y/z/d.log"]],
    ["**/d.log", ["x/y/z/d.log"]],
    ["x/y/**/d.log", ["x/y/z/d.log"]],
    ["./x/*.log", ["x/a.log", "x/b.log"]],
    ["x/.h/*.log", ["x/.h/e.log"]],
    ["x\\*.log", ["x/a.log", "x/b.log"]],
    ["nope/*.log", []],
  ])("%s", async (pattern, expected) => {
    expect(await expandGlob(pattern, dir)).toEqual(expected);
  });
});
