#!/usr/bin/env node
/**
 * The `kraken-fix` command. Each command lives in its own module and is imported only when it runs, so that
 * `validate` never loads ts-morph or prettier, and `generate` never loads the session runtime.
 */
import { Command } from "commander";
import { limitHeapGrowth } from "./commands/heap-growth.js";

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

program
  .command("validate")
  .description("Validate every FIX message in logs (files, glob patterns, .gz, - for stdin) and check sequences and orders across them")
  .argument("<inputs...>", "log files, glob patterns (quote them) or - for stdin")
  .option("-p, --profile <profile>", "strict (QuickFIX) or kraken (unknown tags/enums from Kraken are warnings)", "kraken")
  .option("-s, --switch <Name=Y|N>", "QuickFIX validation switch, repeatable (e.g. AllowUnknownMsgFields=Y)", collectOption, [])
  .option("--venue <venue>", "spot or derivatives (default: from each message's KRAKEN CompID)")
  .option("-d, --dict <xml>", "validate with this QuickFIX XML dictionary (and the .rules.json beside it) instead of the built-in Kraken one")
  .option("--max-errors <n>", "list at most n problems (all are counted in the summary)", "1000")
  .option("-f, --format <format>", "text, json (one document) or ndjson (one problem per line, then the summary)", "text")
  .option("--no-checks", "skip the cross-log checks (sequence numbers, resends, heartbeats, orders)")
  .addHelpText(
    "after",
    "\nExit status: 0 no errors (warnings allowed), 1 problems found, 2 bad usage or unreadable input.\n" +
      "\nExamples:\n  kraken-fix validate logs/FIX.4.4-CLIENT-KRAKEN-TRD.messages.log\n" +
      "  kraken-fix validate 'logs/*.log.gz' --profile strict --switch AllowUnknownMsgFields=Y\n" +
      "  zcat capture.gz | kraken-fix validate - --venue derivatives --format ndjson\n" +
      "  kraken-fix validate session.log --dict my-kraken.xml --max-errors 20",
  )
  .action(async (inputs: string[], options: ValidateOptions) => {
    limitHeapGrowth(); // keeps the peak flat however long the log (heap-growth.ts)
    const { runValidate } = await import("./commands/validate.js");
    process.exitCode = await runValidate(inputs, options);
  });

program
  .command("decode")
  .description("Print FIX messages from logs with tag names, enum meanings and indented groups, or as typed JSON")
  .argument("<inputs...>", "log files, glob patterns (quote them) or - for stdin")
  .option("--json", "one JSON object per message and line (decimals as strings)")
  .option("-t, --type <types>", "only these MsgTypes, comma-separated (e.g. D,8)")
  .option("--tag <tag=value>", "only messages with this field value, repeatable (e.g. 11=1700000000001)", collectOption, [])
  .option("-d, --dict <xml>", "decode with this QuickFIX XML dictionary instead of the built-in Kraken one")
  .addHelpText(
    "after",
    "\nExamples:\n  kraken-fix decode session.log\n  kraken-fix decode 'logs/*.log' --type D,8 --tag 11=1700000000001\n" +
      "  cat capture.log | kraken-fix decode - --json | jq .clOrdID",
  )
  .action(async (inputs: string[], options: DecodeOptions) => {
    const { runDecode } = await import("./commands/decode.js");
    process.exitCode = await runDecode(inputs, options);
  });

program
  .command("simulate")
  .description("Run a local Kraken FIX venue (trading + market data over a synthetic market) until Ctrl-C")
  .option("--port <port>", "trading port (0 picks a free one)", "4001")
  .option("--md-port <port>", "market-data port (0 picks a free one)", "4000")
  .option("--drv-port <port>", "derivatives trading port, KRAKEN-DRV-TRD (0 picks a free one)", "4003")
  .option("--drv-md-port <port>", "derivatives market-data port, KRAKEN-DRV-MD (0 picks a free one)", "4002")
  .option("--tls", "TLS 1.3 with a self-signed certificate made by the openssl command")
  .option("--seed <n>", "seed of the synthetic market (same seed, same walk)", "1")
  .option("--log-dir <dir>", "write session logs (QuickFIX FileLog layout) here")
  .addHelpText("after", "\nExamples:\n  kraken-fix simulate\n  kraken-fix simulate --tls --seed 7 --log-dir sim-logs")
  .action(async (options: { port: string; mdPort: string; drvPort: string; drvMdPort: string; tls?: boolean; seed: string; logDir?: string }) => {
    const { runSimulate } = await import("./commands/simulate.js");
    process.exitCode = await runSimulate(options);
  });

await program.parseAsync(process.argv);

interface ValidateOptions {
  profile: string;
  switch: string[];
  venue?: string;
  dict?: string;
  maxErrors: string;
  format: string;
  checks: boolean;
}

interface DecodeOptions {
  json?: boolean;
  type?: string;
  tag: string[];
  dict?: string;
}

/** Repeatable options collect into a list (kept here so the CLI entry loads no command module up front). */
function collectOption(value: string, previous: string[]): string[] {
  return [...previous, value];
}
