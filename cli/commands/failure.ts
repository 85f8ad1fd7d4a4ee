/**
 * Errors a command reports as exit code 2 (the user fixes the command line, an input or the dictionary) rather
 * than as a crash. Anything else is a bug and is rethrown with its stack.
 */
import { InvalidDictionaryError } from "../../generator/model/errors.js";
import { InvalidRulesError } from "../../generator/model/rules.js";
import { LogInputError } from "../../runtime/log-reader/inputs.js";
import { UsageError } from "./options.js";

export const EXIT_USAGE = 2;

export function commandFailure(error: unknown): number {
  if (
    error instanceof UsageError ||
    error instanceof LogInputError ||
    error instanceof InvalidDictionaryError ||
    error instanceof InvalidRulesError
  ) {
    process.stderr.write(`kraken-fix: ${error.message}\n`);
    return EXIT_USAGE;
  }
  throw error;
}
