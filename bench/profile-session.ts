/**
 * One session loopback measurement for `--cpu-prof`: the client side is this process, the acceptor child gets
 * `--cpu-prof` too, both profiles land in the directory given. See bench/README.md.
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=.tmp/prof bench/profile-session.ts --mode none --dir .tmp/prof
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SESSION_MODES, measureMode, underConditions } from "./session-loopback.js";

const { values } = parseArgs({ options: { mode: { type: "string", default: "always" }, dir: { type: "string", default: ".tmp/prof" }, ms: { type: "string", default: "5000" } } });
const mode = SESSION_MODES.find((m) => m.id === values.mode);
if (!mode) throw new Error(`--mode must be one of ${SESSION_MODES.map((m) => m.id).join(", ")}`);
const options = { throughputMs: Number(values.ms), window: 200, warmupRoundTrips: 2000, latencySamples: 5000, latencyMaxMs: 10_000 };
const profile = ["--cpu-prof", `--cpu-prof-dir=${resolve(values.dir)}`];
const result = await underConditions(mode, (conditions) => measureMode(mode, options, profile, conditions));
if (!result) throw new Error("--mode one-cpu needs taskset (Linux, util-linux); --mode cpu-latency a writable /dev/cpu_dma_latency");
console.log(JSON.stringify(result, null, 2));
