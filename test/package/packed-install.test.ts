/**
 * The package as an app gets it: `npm pack` (which builds dist/ via prepack), install the tarball into a fresh app
 * outside the repo (so nothing resolves through the repo's own node_modules), compile the app with its own strict
 * NodeNext tsconfig, run it, and regenerate typed code from an edited copy of the shipped dictionary with the
 * installed `kraken-fix` bin. Slow (pack + install + several tsc runs), so it runs once per CI run: the Node 24
 * re-run sets KRAKEN_FIX_SKIP_PACK=1.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../generator/helpers.js";

const run = promisify(execFile);
/** `npx --no -- <bin>`: only the app's installed bins, never a download; `--` keeps tsc's `-p` away from npx. */
const NPX = ["--no", "--"] as const;
const SETUP_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 240_000;
const STEP_TIMEOUT_MS = 120_000;

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  /** Kept apart: npm writes environment-dependent warnings there. */
  readonly stderr: string;
}

/** Runs a command to completion (killed after STEP_TIMEOUT_MS); a non-zero exit is returned, not thrown. */
async function exec(command: string, args: readonly string[], cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, timeout: STEP_TIMEOUT_MS, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Like exec, but a non-zero exit fails the test with the command's output; returns stdout. */
async function mustExec(command: string, args: readonly string[], cwd: string): Promise<string> {
  const outcome = await exec(command, args, cwd);
  if (outcome.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${outcome.code}:\n${outcome.stdout}${outcome.stderr}`);
  }
  return outcome.stdout;
}

async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(REPO, "node_modules", name, "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** Replaces the single occurrence of `from`; a dictionary that no longer matches must fail loudly, not silently. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one occurrence of ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * The app's edits to the shipped dictionary: a custom tag 20001 on NewOrderSingle, a new TimeInForce value, and
 * ExecInst removed from NewOrderSingle (it stays defined, and used by other messages).
 */
function editDictionary(xml: string): string {
  const start = xml.indexOf('<message name="NewOrderSingle"');
  const end = xml.indexOf("</message>", start);
  if (start < 0 || end < 0) throw new Error("NewOrderSingle not found in the dictionary");
  let order = xml.slice(start, end);
  order = replaceOnce(order, '<field name="ExecInst" required="N"/>', "");
  order += '  <field name="StrategyTag" required="N"/>\n    ';
  let edited = xml.slice(0, start) + order + xml.slice(end);
  edited = replaceOnce(
    edited,
    '<value enum="6" description="GOOD_TILL_DATE"/>',
    '<value enum="6" description="GOOD_TILL_DATE"/>\n      <value enum="7" description="AT_THE_CLOSE"/>',
  );
  return replaceOnce(edited, "</fields>", '  <field number="20001" name="StrategyTag" type="STRING"/>\n  </fields>');
}

const HEADER = `{ senderCompID: "APP", targetCompID: "KRAKEN", msgSeqNum: 2, sendingTime: "20250101-00:00:00.000" }`;

/** Uses only the package specifiers: the shipped generated code and the runtime's exported types and helpers. */
const PACKAGED_APP = `import { NewOrderSingle, OrdType, Side, TimeInForce, decodeMessage } from "kraken-fix/kraken-fix44";
import { formatFixError, type Decimal } from "kraken-fix/runtime";

const quantity: Decimal = "0.5";
const bytes = NewOrderSingle.encode(
  {
    clOrdID: "c-1",
    symbol: "BTC/USD",
    side: Side.Buy,
    orderQty: quantity,
    ordType: OrdType.Limit,
    price: "50000",
    timeInForce: TimeInForce.GoodTillCancel,
    transactTime: "20250101-00:00:00.000",
  },
  ${HEADER},
);
console.log(bytes.toString("latin1").replaceAll("\\x01", "|"));
const decoded = decodeMessage(bytes);
if (!decoded.ok) throw new Error(decoded.errors.map(formatFixError).join("; "));
if (decoded.message.msgType !== "D") throw new Error("expected a NewOrderSingle");
console.log(decoded.message.clOrdID, decoded.message.price, decoded.message.header.senderCompID);
`;

/** Uses the code the app generated from its edited dictionary: the new tag and the new enum value. */
const CUSTOM_APP = `import { NewOrderSingle, OrdType, Side, TimeInForce, decodeMessage } from "./fix/index.js";

const bytes = NewOrderSingle.encode(
  {
    clOrdID: "c-2",
    symbol: "BTC/USD",
    side: Side.Sell,
    orderQty: "1",
    ordType: OrdType.Limit,
    price: "60000",
    timeInForce: TimeInForce.AtTheClose,
    transactTime: "20250101-00:00:00.000",
    strategyTag: "alpha-7",
  },
  ${HEADER},
);
console.log(bytes.toString("latin1").replaceAll("\\x01", "|"));
const decoded = decodeMessage(bytes);
if (!decoded.ok || decoded.message.msgType !== "D") throw new Error("expected a NewOrderSingle");
console.log(decoded.message.strategyTag, decoded.message.timeInForce);
`;

/** Sets ExecInst, which the edited dictionary removed from NewOrderSingle: must not compile. */
const REMOVED_FIELD_APP = `import { NewOrderSingle, OrdType, Side, TimeInForce } from "../src/fix/index.js";

export const order = NewOrderSingle.create({
  clOrdID: "c-3",
  symbol: "BTC/USD",
  side: Side.Buy,
  orderQty: "1",
  ordType: OrdType.Market,
  timeInForce: TimeInForce.ImmediateOrCancel,
  transactTime: "20250101-00:00:00.000",
  execInst: ["f"],
});
`;

const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  types: ["node"],
  // The package's declarations must type-check too, not just the app.
  skipLibCheck: false,
};

describe.skipIf(process.env.KRAKEN_FIX_SKIP_PACK === "1")(
  "the packed kraken-fix in a fresh app",
  { timeout: TEST_TIMEOUT_MS },
  () => {
    let tmp: string;
    let app: string;
    let tarball: string;
    let generateOutput: string;

    beforeAll(async () => {
      tmp = await mkdtemp(join(tmpdir(), "kraken-fix-pack-"));
      await mustExec("npm", ["pack", "--pack-destination", tmp, "--loglevel=error"], REPO);
      const packed = (await readdir(tmp)).filter((name) => name.endsWith(".tgz"));
      expect(packed).toHaveLength(1);
      tarball = join(tmp, packed[0] ?? "");

      app = join(tmp, "app");
      await mkdir(join(app, "src"), { recursive: true });
      await mkdir(join(app, "bad"));
      await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
      await writeFile(
        join(app, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, rootDir: "src", outDir: "dist" }, include: ["src"] }),
      );
      await writeFile(
        join(app, "tsconfig.bad.json"),
        JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, noEmit: true }, include: ["bad"] }),
      );
      // The same compiler and Node types as the repo, so the install is served from the npm cache CI just filled.
      const typescript = await installedVersion("typescript");
      const nodeTypes = await installedVersion("@types/node");
      await mustExec(
        "npm",
        [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
          tarball,
          `typescript@${typescript}`,
          `@types/node@${nodeTypes}`,
        ],
        app,
      );

      const shipped = join(app, "node_modules/kraken-fix/dictionaries/kraken-fix44.xml");
      await writeFile(join(app, "my-kraken.xml"), editDictionary(await readFile(shipped, "utf8")));
      const generate = [...NPX, "kraken-fix", "generate", "--dict", "my-kraken.xml", "--out", "src/fix"];
      generateOutput = await mustExec("npx", generate, app);
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
    });

    it("ships the build, the dictionaries and the README, and no sources, tests or benchmarks", async () => {
      const listing = await mustExec("tar", ["-tzf", tarball], tmp);
      const files = listing.split("\n").filter((line) => line.length > 0);
      expect(files).toEqual(
        expect.arrayContaining([
          "package/package.json",
          "package/README.md",
          "package/dictionaries/kraken-fix44.xml",
          "package/dist/cli/main.js",
          "package/dist/runtime/index.js",
          "package/dist/runtime/index.d.ts",
          "package/dist/generated/kraken-fix44/index.js",
          "package/dist/generated/kraken-fix44/index.d.ts",
        ]),
      );
      const unexpected = files.filter(
        (file) =>
          !/^package\/(package\.json|README\.md|LICENSE[^/]*|dictionaries\/[^/]+)$/.test(file) &&
          !/^package\/dist\/(runtime|generated|generator|cli)\/.+\.(js|d\.ts)$/.test(file),
      );
      expect(unexpected).toEqual([]);
      const bin = await readFile(join(app, "node_modules/kraken-fix/dist/cli/main.js"), "utf8");
      expect(bin.startsWith("#!/usr/bin/env node\n")).toBe(true);
    });

    it("compiles an app against kraken-fix/kraken-fix44 and kraken-fix/runtime, which encodes and decodes", async () => {
      await writeFile(join(app, "src/main.ts"), PACKAGED_APP);
      await mustExec("npx", [...NPX, "tsc", "-p", "tsconfig.json"], app);
      const printed = await mustExec("node", ["dist/main.js"], app);
      expect(printed).toBe(
        "8=FIX.4.4|9=126|35=D|34=2|49=APP|52=20250101-00:00:00.000|56=KRAKEN|11=c-1|40=2|44=50000|38=0.5|54=1|" +
          "55=BTC/USD|59=1|60=20250101-00:00:00.000|10=157|\n" +
          "c-1 50000 APP\n",
      );
    });

    it("generates code from an edited dictionary that imports the installed runtime and carries the new tag and value", async () => {
      expect(generateOutput.trim()).toMatch(/^wrote \d+ files to src\/fix$/);
      const order = await readFile(join(app, "src/fix/messages/new-order-single.ts"), "utf8");
      expect(order).toContain('from "kraken-fix/runtime";');
      expect(order).not.toContain("execInst");

      await writeFile(join(app, "src/custom.ts"), CUSTOM_APP);
      await mustExec("npx", [...NPX, "tsc", "-p", "tsconfig.json"], app);
      const printed = await mustExec("node", ["dist/custom.js"], app);
      expect(printed).toBe(
        "8=FIX.4.4|9=138|35=D|34=2|49=APP|52=20250101-00:00:00.000|56=KRAKEN|11=c-2|40=2|44=60000|38=1|54=2|" +
          "55=BTC/USD|59=7|60=20250101-00:00:00.000|20001=alpha-7|10=226|\n" +
          "alpha-7 7\n",
      );
    });

    it("refuses to compile app code that sets a field the edited dictionary removed", async () => {
      await writeFile(join(app, "bad/removed.ts"), REMOVED_FIELD_APP);
      const outcome = await exec("npx", [...NPX, "tsc", "-p", "tsconfig.bad.json"], app);
      expect(outcome.code).not.toBe(0);
      const errors = outcome.stdout.split("\n").filter((line) => line.includes("error TS"));
      expect(errors).toEqual([
        expect.stringMatching(
          /^bad\/removed\.ts\(\d+,\d+\): error TS2353: .*'execInst' does not exist in type 'MessageInit<NewOrderSingle>'/,
        ),
      ]);
    });
  },
);
