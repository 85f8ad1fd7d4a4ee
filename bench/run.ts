/**
 * `npm run bench`: kraken-fix against jspurefix 5.11.4, fixparser 2.9.5 and byte-loop floors, on the same
 * Kraken messages, in one process; then the session runtime over loopback TCP (acceptor in a child process) and
 * the validate CLI as a child process. Prints tables and writes everything to bench/results/<timestamp>.json.
 *
 *   npm run bench                      full run (15 interleaved runs, ~50 ms per case each, 200 MB stream,
 *                                      5 s of session throughput and up to 20,000 round trips per fsync policy)
 *   npm run bench -- --quick           smoke run: tiny N, 1 MB stream, 0.3 s session (numbers meaningless)
 *   BENCH_QUICK=1 npm run bench        the same
 *   --runs=<n> --run-ms=<ms> --stream-mb=<MB> (0 skips it) --session-ms=<ms> (0 skips it) --results-dir=<dir>
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release } from "node:os";
import { join, relative } from "node:path";
import { casesFor } from "./cases.js";
import type { CaseId } from "./case-ids.js";
import { collectFindings } from "./correctness.js";
import { measureInterleaved } from "./harness.js";
import { createValidator } from "./kraken.js";
import { benchMessages } from "./messages.js";
import { parseBenchOptions } from "./options.js";
import { computeRatios } from "./ratios.js";
import { encodeSizeTable, findingsTable, ratioTable, sessionTable, streamTable, targetTable, timingTable, validateCliTable } from "./report.js";
import type { CaseResult } from "./report.js";
import { measureSessionLoopback } from "./session-loopback.js";
import { measureStreamValidation } from "./stream-validate.js";
import { computeTargets } from "./targets.js";
import { measureValidateCli, validateCliSizes } from "./validate-cli.js";
import { benchBuild } from "./child-script.js";

/** What issue 6 asks for that this run cannot measure, and why. */
const NOT_MEASURED: readonly { readonly what: string; readonly why: string }[] = [];

const { quick, timing, streamMb, session: sessionOptions, resultsDir } = parseBenchOptions(process.argv.slice(2), process.env);

const startedAt = new Date();
const environment = {
  node: process.version,
  platform: `${platform()} ${release()}`,
  cpu: cpus()[0]?.model ?? "unknown",
  cpuCount: cpus().length,
  loadAverageAtStart: loadavg(),
  build: benchBuild,
};
console.log(`kraken-fix bench ${quick ? "(quick: shape only, numbers meaningless) " : ""}— ${environment.build}, node ${environment.node}, ${environment.cpuCount}× ${environment.cpu}, load ${environment.loadAverageAtStart.map((l) => l.toFixed(2)).join(" ")}`);
console.log(`${timing.runs} runs per case, ${timing.fixedIterations ?? `~${timing.runMs} ms of`} iterations per run\n`);

const findings = await collectFindings(benchMessages);
const validator = createValidator();
const results: CaseResult[] = [];
for (const message of benchMessages) {
  const defs = await casesFor(message, validator);
  const timings = measureInterleaved(defs, timing);
  for (const def of defs) {
    const timed = timings.get(def.id);
    if (!timed) throw new Error(`no timing for ${def.id}`);
    results.push({ id: def.id, label: def.label, message: message.id, ...timed, ...(def.outputBytes === undefined ? {} : { outputBytes: def.outputBytes }) });
  }
}

const timingOf = (message: string, id: CaseId): CaseResult => {
  const result = results.find((r) => r.message === message && r.id === id);
  if (!result) throw new Error(`no result for ${id} on ${message}`);
  return result;
};
const ratios = computeRatios(benchMessages.map((m) => m.id), timingOf);
const stream = streamMb > 0 ? await measureStreamValidation(benchMessages, streamMb) : undefined;
const validateCli = streamMb > 0 ? await measureValidateCli(validateCliSizes(streamMb)) : undefined;
const session = sessionOptions ? await measureSessionLoopback(sessionOptions) : undefined;
const targets = computeTargets(session, validateCli);

console.log(timingTable(benchMessages, results));
console.log();
console.log(ratioTable(benchMessages, ratios));
console.log();
console.log(encodeSizeTable(benchMessages, results));
console.log();
if (validateCli) {
  console.log(validateCliTable(validateCli));
  console.log();
}
if (stream) {
  console.log(streamTable(stream));
  console.log();
}
if (session) {
  console.log(sessionTable(session));
  console.log();
}
if (targets.length > 0) {
  console.log(targetTable(targets));
  console.log();
}
console.log(findingsTable(findings));
console.log();
if (NOT_MEASURED.length > 0) {
  console.log("not measured:");
  for (const item of NOT_MEASURED) console.log(`  ${item.what}: ${item.why}`);
}

const report = {
  schema: "kraken-fix-bench/1",
  startedAt: startedAt.toISOString(),
  quick,
  options: { ...timing, streamMb, session: sessionOptions ?? null },
  environment,
  messages: benchMessages.map((m) => ({ id: m.id, name: m.name, msgType: m.msgType, note: m.note, bytes: m.bytes.length, fields: m.fieldCount, wire: m.bytes.toString("latin1").replaceAll("\x01", "|") })),
  cases: results,
  ratios,
  stream: stream ?? null,
  validateCli: validateCli ?? null,
  session: session ?? null,
  targets,
  correctness: findings,
  notMeasured: NOT_MEASURED,
};
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `${startedAt.toISOString().replaceAll(":", "-").replace(".", "-")}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nresults: ${relative(process.cwd(), file) || file}`);
