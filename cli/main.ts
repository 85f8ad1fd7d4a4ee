#!/usr/bin/env node
/**
 * The `kraken-fix` command. Each command lives in its own module and is imported only when it runs, so that
 * `validate` never loads ts-morph or prettier, and `generate` never loads the session runtime.
 */
import { Command } from "commander";

const program = new Command()
  .name("kraken-fix")
  .description("Typed FIX 4.4 toolkit for Kraken: generate code from a dictionary, validate and decode captured logs")
  .showHelpAfterError();

program
  .command("generate")
  .description("Generate typed TypeScript messages from a QuickFIX XML dictionary")
  .requiredOption("-d, --dict <xml>", "QuickFIX XML dictionary")
  .requiredOption("-o, --out <dir>", "output directory (its old generated files are replaced)")
  .option("--runtime-import <specifier>", "how generated code imports the runtime: a package specifier or a path", "kraken-fix/runtime")
  .option("--check", "do not write: fail when <dir> differs from what would be generated")
  .addHelpText("after", "\nExamples:\n  kraken-fix generate --dict my-kraken.xml --out src/fix\n  kraken-fix generate --dict my-kraken.xml --out src/fix --check")
  .action(async (options: { dict: string; out: string; runtimeImport: string; check?: boolean }) => {
    const { runGenerate } = await import("./commands/generate.js");
    process.exitCode = await runGenerate(options);
  });

await program.parseAsync(process.argv);
