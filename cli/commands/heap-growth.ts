/**
 * The validate command's live heap stays ~17 MB whatever the size of the log, yet its peak RSS grew with the log:
 * with an old generation of 2 GB or more (Node's default on 64-bit machines with 8 GB of memory or more) V8 lets
 * it grow to 4× its live size before a full collection, and it takes a long log to get there. Capping that growth
 * at 2× keeps the peak flat at no measured cost in speed (bench/README.md, round 8).
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";

const HEAP_GROWTH_FLAG = "--heap-growing-percent=100";

/**
 * Below this heap limit V8 grows the old generation by 1.3–2× of its own choosing (and by less under memory
 * pressure, which the flag would override): the cap would gain nothing there, or cost. The limit includes the
 * young generation, so this is an old generation of ~2,000 MB (Node 20) or ~1,850 MB (Node 24), where V8's own
 * factor is already ~1.9–2.
 */
const LARGE_HEAP_LIMIT = 2 * 1024 ** 3;

/**
 * Sets V8's heap growth to {@link HEAP_GROWTH_FLAG} when the heap limit lets V8 grow by 4× and the user chose no
 * growth of their own on Node's command line (`node --heap-growing-percent=N`). V8 reads the flag each time it
 * sizes the heap after a full collection, so setting it after start-up takes effect. Returns whether it was set.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  heapLimit: number = getHeapStatistics().heap_size_limit,
): boolean {
  if (heapLimit < LARGE_HEAP_LIMIT || execArgv.some(isHeapGrowthFlag)) return false;
  setFlagsFromString(HEAP_GROWTH_FLAG);
  return true;
}

/** V8 takes its flags with one dash or two, and `-` or `_` between words. */
function isHeapGrowthFlag(argument: string): boolean {
  const flag = argument.replaceAll("_", "-");
  return flag.startsWith("--heap-growing-percent") || flag.startsWith("-heap-growing-percent");
}
