/**
 * Floors: the least work any tag=value decoder must do, measured in the same process as the contenders so the
 * ratios are against this machine at this moment. `offsets` finds every field (tag, value start, value end)
 * without creating a single JS value. The two string floors also turn every value into a string, which a decoder
 * producing JS objects cannot avoid, in the two ways Node offers: a latin1 slice of the Buffer per value (a call
 * into C++ each), or one latin1 string of the whole message and a `substring` per value (a JS builtin). The
 * cheaper of the two is the floor a typed decode is held to.
 */
import "../runtime/codec/latin1.js";

const SOH = 1;
const EQUALS = 61;
/** Larger than any bench message's field count. */
const MAX_FIELDS = 1024;

export const FloorMode = { Offsets: 0, SlicePerValue: 1, WholeThenSubstring: 2 } as const;
export type FloorMode = (typeof FloorMode)[keyof typeof FloorMode];

export class FieldOffsets {
  readonly tags = new Int32Array(MAX_FIELDS);
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  readonly values: string[] = new Array<string>(MAX_FIELDS).fill("");
  count = 0;
}

/**
 * One pass over the bytes recording where every field is and, unless `mode` is Offsets, storing each value as a
 * string. Returns the field count. Assumes well-formed input: it is a floor, not a parser.
 */
export function scanFields(b: Buffer, out: FieldOffsets, mode: FloorMode): number {
  const { tags, starts, ends, values } = out;
  const length = b.length;
  const whole = mode === FloorMode.WholeThenSubstring ? b.latin1Slice(0, length) : "";
  let n = 0;
  let i = 0;
  while (i < length) {
    let tag = 0;
    let c = b[i]!;
    while (c !== EQUALS) {
      tag = tag * 10 + (c - 48);
      c = b[++i]!;
    }
    const start = ++i;
    while (b[i] !== SOH) i++;
    tags[n] = tag;
    starts[n] = start;
    ends[n] = i;
    if (mode === FloorMode.SlicePerValue) values[n] = b.latin1Slice(start, i);
    else if (mode === FloorMode.WholeThenSubstring) values[n] = whole.substring(start, i);
    n++;
    i++;
  }
  out.count = n;
  return n;
}
