/**
 * The validate command's live heap stays ~17 MB whatever the size of the log, yet its peak RSS grew with the log:
 * with a heap limit of 2 GB or more (Node's default on 64-bit machines) V8 lets the old generation grow to 4× its
 * live size before a full collection, and it takes a long log to get there. Capping that growth at 2× keeps the
 * peak flat at no measured cost in speed (bench/README.md, round 8).
 */
import { setFlagsFromString } from "node:v8";

export const HEAP_GROWTH_FLAG = "--heap-growing-percent=100";

/**
 * Sets V8's heap growth to {@link HEAP_GROWTH_FLAG} unless the user chose a growth of their own on Node's command
 * line (`node --heap-growing-percent=N`). V8 reads the flag each time it sizes the heap after a full collection, so
 * setting it after start-up takes effect. Returns whether it was set.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some(isHeapGrowthFlag)) return false;
  setFlagsFromString(HEAP_GROWTH_FLAG);
  return true;
}

/** V8 accepts its flags with `-` or `_` between words. */
function isHeapGrowthFlag(argument: string): boolean {
  return argument.replaceAll("_", "-").startsWith("--heap-growing-percent");
}
