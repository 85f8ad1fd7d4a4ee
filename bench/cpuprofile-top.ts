/**
 * The functions with the most self time in a `.cpuprofile` (what `node --cpu-prof` writes), with their share of
 * all samples, file and line: `npx tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]`.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const [file, countText] = process.argv.slice(2);
if (!file) throw new Error("usage: cpuprofile-top <file.cpuprofile> [count]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfSamples = new Map<string, number>();
for (const id of profile.samples) {
  const frame = nodes.get(id)?.callFrame;
  if (!frame) continue;
  const where = frame.url.startsWith("file:") ? relative(process.cwd(), fileURLToPath(frame.url)) : frame.url;
  const key = `${frame.functionName || "(anonymous)"}  ${where}${where ? `:${frame.lineNumber + 1}` : ""}`;
  selfSamples.set(key, (selfSamples.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
for (const [key, count] of [...selfSamples].sort((a, b) => b[1] - a[1]).slice(0, Number(countText ?? 30))) {
  console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
