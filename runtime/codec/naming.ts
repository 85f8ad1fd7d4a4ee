/**
 * Property names derived from FIX names. Shared by the generator (interfaces) and the runtime (decoded objects),
 * so both always agree.
 */

/** `ClOrdID` → `clOrdID`, `MDReqID` → `mdReqID`, `HeartBtInt` → `heartBtInt`, `ID` → `id`. */
export function propertyName(fixName: string): string {
  let upper = 0;
  while (upper < fixName.length && isUpper(fixName.charCodeAt(upper))) upper++;
  if (upper === 0) return fixName;
  if (upper === fixName.length) return fixName.toLowerCase();
  // Keep the last capital of a leading acronym: it starts the next word (MDReqID → md + ReqID).
  const cut = upper === 1 ? 1 : upper - 1;
  return fixName.slice(0, cut).toLowerCase() + fixName.slice(cut);
}

/** Property holding a repeating group: `NoMDEntries` → `mdEntries`, `NoAllocs` → `allocs`. */
export function groupPropertyName(counterName: string): string {
  return propertyName(groupBaseName(counterName));
}

/** The counter's name without its `No` prefix: `NoMDEntries` → `MDEntries`. */
export function groupBaseName(counterName: string): string {
  return /^No[A-Z0-9]/.test(counterName) ? counterName.slice(2) : counterName;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}
