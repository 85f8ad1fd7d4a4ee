/**
 * Generality: the generator on the standard QuickFIX dictionaries shipped with jspurefix. Their known defects are
 * asserted (the lint must find them), then patched the way later FIX versions fixed them, and the generated
 * package must type-check.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/generate.js";
import { lintDictionary } from "../../generator/model/lint.js";
import { readDictionary } from "../../generator/model/read.js";
import { makeTempDir, removeDir, REPO, typeErrors } from "./helpers.js";

const DATA = join(REPO, "node_modules/jspurefix/data");

let tmp: string;

beforeAll(async () => {
  tmp = await makeTempDir("standard");
});

afterAll(async () => {
  await removeDir(tmp);
});

async function lintMessages(file: string): Promise<string[]> {
  const model = readDictionary(await readFile(join(DATA, file), "utf8"), file);
  return lintDictionary(model).map((error) => error.message);
}

/** Writes `xml` as `name` in the temp folder, generates from it and returns the type errors of the output. */
async function generateAndTypeCheck(name: string, xml: string): Promise<string[]> {
  const dict = join(tmp, `${name}.xml`);
  const out = join(tmp, name);
  await writeFile(dict, xml);
  await generate({ dict, out, runtimeImport: "./runtime/index.js", cwd: REPO });
  return typeErrors(out);
}

function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0) throw new Error(`${search} not found`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

describe("FIX 4.4", () => {
  it("finds QuickFIX FIX44.xml's multi-character values on CHAR fields", async () => {
    expect(await lintMessages("FIX44.xml")).toEqual([
      'field MiscFeeType: enum value "10" does not fit type CHAR',
      'field MiscFeeType: enum value "11" does not fit type CHAR',
      'field MiscFeeType: enum value "12" does not fit type CHAR',
      'field MassCancelRejectReason: enum value "99" does not fit type CHAR',
    ]);
  });

  it(
    "generates a package that type-checks once those fields are STRING (as in FIX 5.0)",
    { timeout: 90_000 },
    async () => {
      let xml = await readFile(join(DATA, "FIX44.xml"), "utf8");
      xml = replaceOnce(xml, "name='MiscFeeType' type='CHAR'", "name='MiscFeeType' type='STRING'");
      xml = replaceOnce(
        xml,
        "name='MassCancelRejectReason' type='CHAR'",
        "name='MassCancelRejectReason' type='STRING'",
      );
      expect(await generateAndTypeCheck("FIX44", xml)).toEqual([]);
    },
  );
});

describe("FIX 4.2 and FIX 5.0SP2", { timeout: 240_000 }, () => {
  it("generates FIX 4.2 (INT counters, LinesOfText) as it is, and the package type-checks", async () => {
    expect(await lintMessages("FIX42.xml")).toEqual([]);
    expect(await generateAndTypeCheck("FIX42", await readFile(join(DATA, "FIX42.xml"), "utf8"))).toEqual([]);
  });

  it("finds Currency twice (Instrument and owner) in 57 FIX 5.0SP2 layouts; without it in Instrument the package type-checks", async () => {
    const errors = await lintMessages("FIX50SP2.xml");
    expect(errors).toHaveLength(57);
    const twice =
      / field "Currency" \(15\) appears twice: (via component Instrument and directly|directly and via component Instrument)$/;
    expect(errors.filter((error) => !twice.test(error))).toEqual([]);
    const xml = await readFile(join(DATA, "FIX50SP2.xml"), "utf8");
    const instrument = xml.indexOf("<component name='Instrument'>");
    const currency = xml.indexOf("<field name='Currency' required='N' />", instrument);
    const patched = xml.slice(0, currency) + xml.slice(currency + "<field name='Currency' required='N' />".length);
    expect(await generateAndTypeCheck("FIX50SP2", patched)).toEqual([]);
  });
});
