/**
 * The two string costs the decode and encode profiles are dominated by, measured on the bench messages' own
 * values:  npx tsx bench/string-io.ts
 *   decode side: a latin1Slice (a call into C++) per value, against one latin1Slice of the whole message and a
 *                `substring` (a JS builtin) per value;
 *   encode side: latin1Write per value, against a charCodeAt loop writing the bytes.
 * Both pairs produce identical strings / bytes (checked before timing).
 */
import "../runtime/codec/latin1.js";
import { FieldOffsets, FloorMode, scanFields } from "./floors.js";
import { measureInterleaved, pairedRatio } from "./harness.js";
import { benchMessages } from "./messages.js";

const timing = { runs: 15, runMs: 50, warmupMs: 300 };
const scratch = Buffer.allocUnsafe(4096);

function perValue(ns: number, values: number): string {
  return `${Math.round(ns).toLocaleString("en-US")} ns/message, ${(ns / values).toFixed(1)} ns/value`;
}

for (const message of benchMessages) {
  const bytes = message.bytes;
  const offsets = new FieldOffsets();
  const n = scanFields(bytes, offsets, FloorMode.Offsets);
  const starts = offsets.starts.slice(0, n);
  const ends = offsets.ends.slice(0, n);
  const values: string[] = new Array<string>(n);

  const slicePerValue = () => {
    for (let f = 0; f < n; f++) values[f] = bytes.latin1Slice(starts[f]!, ends[f]!);
    return values;
  };
  const wholeThenSubstring = () => {
    const whole = bytes.latin1Slice(0, bytes.length);
    for (let f = 0; f < n; f++) values[f] = whole.substring(starts[f]!, ends[f]!);
    return values;
  };
  const texts = [...slicePerValue()];
  if (wholeThenSubstring().some((v, i) => v !== texts[i])) throw new Error("substring values differ from latin1Slice values");

  const writeNative = () => {
    let pos = 0;
    for (const text of texts) pos += scratch.latin1Write(text, pos);
    return pos;
  };
  const writeLoop = () => {
    let pos = 0;
    for (const text of texts) for (let i = 0; i < text.length; i++) scratch[pos++] = text.charCodeAt(i);
    return pos;
  };
  const native = Buffer.from(scratch.subarray(0, writeNative()));
  if (!native.equals(scratch.subarray(0, writeLoop()))) throw new Error("charCodeAt loop wrote different bytes");

  const timings = measureInterleaved(
    [
      { id: "decode: latin1Slice per value", op: slicePerValue },
      { id: "decode: whole latin1 + substring", op: wholeThenSubstring },
      { id: "encode: latin1Write per value", op: writeNative },
      { id: "encode: charCodeAt loop", op: writeLoop },
    ],
    timing,
  );
  console.log(`${message.id} (${n} values, ${bytes.length} B)`);
  for (const [id, result] of timings) console.log(`  ${id.padEnd(34)} ${perValue(result.medianNs, n)}  (min ${Math.round(result.minNs)})`);
  const speedup = (slow: string, fast: string) => {
    const ratio = pairedRatio(timings.get(slow)!, [timings.get(fast)!]);
    return `${ratio.median.toFixed(1)}× (${ratio.min.toFixed(1)}–${ratio.max.toFixed(1)})`;
  };
  console.log(`  substring instead of latin1Slice: ${speedup("decode: latin1Slice per value", "decode: whole latin1 + substring")}`);
  console.log(`  charCodeAt loop instead of latin1Write: ${speedup("encode: latin1Write per value", "encode: charCodeAt loop")}`);
}
