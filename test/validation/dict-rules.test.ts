/** `--dict X.xml` uses the rules file beside X (and none when there is none); a broken rules file is refused. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProtocol } from "../../cli/commands/protocol.js";
import { InvalidRulesError } from "../../generator/model/rules.js";
import { Validator } from "../../runtime/validation/index.js";
import { newOrder } from "../cli/messages.js";
import { runCli } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "kraken-fix-dict-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dictionaryWith(name: string, rules?: string): string {
  const path = join(dir, `${name}.xml`);
  copyFileSync("dictionaries/kraken-fix44.xml", path);
  if (rules !== undefined) writeFileSync(join(dir, `${name}.rules.json`), rules);
  return path;
}

const order = Buffer.from(newOrder(2, "1700000000001"), "latin1");

describe("rules beside a --dict dictionary", () => {
  it("a rules file of its own is used", async () => {
    const rules = JSON.stringify({ rules: [{ id: "need-text", text: "ExecInst (18) is required", messages: ["D"], require: "ExecInst" }] });
    const { protocol } = await loadProtocol(dictionaryWith("custom", rules));
    expect(protocol.rules?.map((r) => r.id)).toEqual(["need-text"]);
    const { errors } = new Validator(protocol).validate(order);
    expect(errors.map((e) => e.text)).toEqual(["ExecInst (18) is required here [need-text: ExecInst (18) is required]"]);
  });
  it("no rules file: no rules", async () => {
    const { protocol } = await loadProtocol(dictionaryWith("bare"));
    expect(protocol.rules).toEqual([]);
    expect(new Validator(protocol).validate(order).errors).toEqual([]);
  });
  it("a rules file naming an unknown field is refused with every problem", async () => {
    const path = dictionaryWith("broken", JSON.stringify({ rules: [{ id: "x", text: "t", messages: ["D"], require: "NoSuchField" }] }));
    await expect(loadProtocol(path)).rejects.toThrow(InvalidRulesError);
    const result = await runCli(["validate", "--dict", path, "-"], "");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`kraken-fix: ${join(dir, "broken.rules.json")}: 1 error\n  rule x: field "NoSuchField" is not defined in the dictionary\n`);
  });

  it("a ratio rule dividing by zero is refused when the rules file is read", async () => {
    const rule = { id: "z", text: "t", messages: ["D"], minRatio: { field: "DisplayQty", of: "OrderQty", divisor: "0.00" } };
    const path = dictionaryWith("zero", JSON.stringify({ rules: [rule] }));
    await expect(loadProtocol(path)).rejects.toThrow(InvalidRulesError);
    const result = await runCli(["validate", "--dict", path, "-"], "");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`kraken-fix: ${join(dir, "zero.rules.json")}: 1 error\n  rule z: minRatio.divisor must be a non-zero decimal string\n`);
  });
});
