/**
 * A decode-only loop to profile:  node --import tsx --cpu-prof --cpu-prof-dir=bench/results bench/profile-decode.ts
 * Decodes each bench message with its generated codec for `--seconds` (default 5) and prints ns/message, so the
 * profile and the number come from the same code path the bench measures as `kraken-fix Codec.decode`.
 */
import { parseArgs } from "node:util";
import { consume } from "./harness.js";
import { krakenOps, createValidator } from "./kraken.js";
import { benchMessages } from "./messages.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    op: { type: "string", default: "decode" },
    message: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const validator = createValidator();
const chosen = benchMessages.filter((m) => values.message === undefined || m.id === values.message);
if (chosen.length === 0) throw new Error(`--message must be one of ${benchMessages.map((m) => m.id).join(", ")}`);
const ops = chosen.map((m) => {
  const kraken = krakenOps(m.msgType, m.bytes, validator);
  const op = values.op === "validate" ? kraken.validate : values.op === "encode" ? kraken.encode : kraken.decodeTyped;
  return { id: m.id, op };
});

const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
const counts = new Map<string, { n: number; ns: number }>();
while (process.hrtime.bigint() < deadline) {
  for (const { id, op } of ops) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) consume(op());
    const entry = counts.get(id) ?? { n: 0, ns: 0 };
    entry.n += 1000;
    entry.ns += Number(process.hrtime.bigint() - start);
    counts.set(id, entry);
  }
}
for (const [id, { n, ns }] of counts) console.log(`${values.op} ${id}: ${Math.round(ns / n)} ns/message over ${n} messages`);
