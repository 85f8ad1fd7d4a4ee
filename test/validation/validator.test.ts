import { describe, expect, it } from "vitest";
import { loadProtocol } from "../../cli/commands/protocol.js";
import { protocol } from "../../generated/kraken-fix44/index.js";
import type { FixError } from "../../runtime/codec/errors.js";
import { Validator, type ValidatorOptions } from "../../runtime/validation/index.js";
import { VECTORS } from "./vectors.js";

const bytes = (raw: string) => Buffer.from(raw, "latin1");
const codes = (errors: readonly FixError[]) =>
  errors.filter((e) => e.severity === "error").map((e) => `${e.code}/${e.reason ?? "-"}/${e.tag ?? "-"}`);

function check(raw: string, options: ValidatorOptions = {}) {
  return new Validator(protocol, options).validate(bytes(raw));
}

describe("Validator on Kraken messages: one vector per reason code", () => {
  for (const vector of VECTORS) {
    it(vector.name, () => {
      expect(codes(check(vector.raw).errors)).toEqual(vector.errors);
    });
  }
});

describe("generated protocol and --dict give identical results", async () => {
  const fromXml = await loadProtocol("dictionaries/kraken-fix44.xml");
  it("has the same rules", () => {
    expect(fromXml.protocol.rules).toEqual(protocol.rules);
  });
  for (const vector of VECTORS) {
    it(vector.name, () => {
      const generated = new Validator(protocol).validate(bytes(vector.raw));
      const loaded = new Validator(fromXml.protocol).validate(bytes(vector.raw));
      expect(loaded.errors).toEqual(generated.errors);
      expect(loaded.message).toEqual(generated.message);
    });
  }
});
