/**
 * Named value shapes that rules can require. The names are what rules files use; the checks live with the
 * code that generates such values (runtime/kraken/clordid.ts), so generator and validator cannot drift apart.
 */
import { clOrdIDProblem } from "../kraken/clordid.js";

/** Returns why `value` does not have the shape, or undefined when it does. */
type FormatCheck = (value: string) => string | undefined;

const formats: Readonly<Record<string, FormatCheck>> = {
  "kraken-spot-clordid": (value) => clOrdIDProblem("spot", value),
  "kraken-comb-uuid": (value) => clOrdIDProblem("derivatives", value),
};

export const FORMAT_NAMES: readonly string[] = Object.keys(formats);

export function checkFormat(format: string, value: string): string | undefined {
  return formatCheck(format)(value);
}

/** The check of a named shape, looked up once (a rule checks every message). */
export function formatCheck(format: string): FormatCheck {
  return formats[format] ?? (() => `cannot be checked: unknown format "${format}"`);
}
