/** Command-line values shared by `validate` and `decode`, checked into typed options or a usage error. */
import type { Venue } from "../../runtime/kraken/presets.js";
import { parseSwitch, type Profile, type ValidationSwitches } from "../../runtime/validation/options.js";

/** Wrong command-line usage or an option's file that cannot be read: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseProfile(value: string): Profile {
  if (value === "kraken" || value === "strict") return value;
  throw new UsageError(`--profile must be kraken or strict, got "${value}"`);
}

export function parseVenue(value: string | undefined): Venue | undefined {
  if (value === undefined || value === "spot" || value === "derivatives") return value;
  throw new UsageError(`--venue must be spot or derivatives, got "${value}"`);
}

export function parseSwitches(values: readonly string[]): Partial<ValidationSwitches> {
  const switches: Partial<Record<keyof ValidationSwitches, boolean>> = {};
  for (const text of values) {
    try {
      const [name, on] = parseSwitch(text);
      switches[name] = on;
    } catch (error) {
      throw new UsageError(`--switch ${text}: ${(error as Error).message}`);
    }
  }
  return switches;
}

export function parseCount(option: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`${option} needs a whole number, got "${value}"`);
  return n;
}

