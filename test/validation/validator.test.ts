import { describe, expect, it } from "vitest";
import { loadProtocol } from "../../cli/commands/protocol.js";
import { protocol } from "../../generated/kraken-fix44/index.js";
import type { FixError } from "../../runtime/codec/errors.js";
import { Validator, venueOf, type ValidatorOptions } from "../../runtime/validation/index.js";
import { framed, VECTORS } from "./vectors.js";

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

describe("Validator on logs with redacted secrets", () => {
  it("does not report our own redaction of 554 as a corrupt message, and says integrity was not checked", async () => {
    const { Logon, protocol } = await import("../../generated/kraken-fix44/index.js");
    const { Validator } = await import("../../runtime/validation/validator.js");
    const sent = Logon.encode(
      { encryptMethod: 0, heartBtInt: 30, username: "KEY", password: "c2lnbmF0dXJl", nonce: "1732442400000" },
      { msgSeqNum: 1, senderCompID: "CLIENT", targetCompID: "KRAKEN-TRD", sendingTime: "20261124-10:00:00.000" },
    );
    const logged = Buffer.from(sent.toString("latin1").replace("554=c2lnbmF0dXJl", "554=***"), "latin1");
    const validator = new Validator(protocol);
    expect(validator.validate(sent).errors).toEqual([]);
    const result = validator.validate(logged);
    expect(result.ok).toBe(true);
    expect(result.errors.map((e) => [e.code, e.severity, e.tag])).toEqual([["CheckSum", "warning", 554]]);
    // A corrupt message that merely contains a redacted secret elsewhere is not what this covers: a real
    // CheckSum error in a message without redaction is still an error.
    const corrupt = Buffer.from(sent.toString("latin1").replace("553=KEY", "553=KEZ"), "latin1");
    expect(validator.validate(corrupt).errors.map((e) => e.code)).toEqual(["CheckSum"]);
  });
});

describe("redactedSecretTag", () => {
  it("finds only a whole redacted field of a secret tag, and prefers the earlier tag of SECRET_TAGS", async () => {
    const { redactedSecretTag } = await import("../../runtime/codec/secrets.js");
    const wire = (text: string) => Buffer.from(text.replaceAll("|", "\x01"), "latin1");
    expect(redactedSecretTag(wire("8=FIX.4.4|9=5|35=A|554=***|10=000|"))).toBe(554);
    // Not secrets, not a whole field, not a tag as written: nothing was redacted.
    expect(redactedSecretTag(wire("8=FIX.4.4|9=5|35=A|58=***|10=000|"))).toBeUndefined();
    expect(redactedSecretTag(wire("8=FIX.4.4|9=5|35=A|58=x554=***|10=000|"))).toBeUndefined();
    expect(redactedSecretTag(wire("8=FIX.4.4|9=5|35=A|0554=***|10=000|"))).toBeUndefined();
    expect(redactedSecretTag(wire("8=FIX.4.4|9=5|35=A|554=****|10=000|"))).toBeUndefined();
    // Two redactions: SECRET_TAGS lists 554 before 96, whatever the wire order.
    expect(redactedSecretTag(wire("8=FIX.4.4|9=5|35=A|95=3|96=***|554=***|10=000|"))).toBe(554);
    expect(redactedSecretTag(wire("8=FIX.4.4|9=5|35=A|58=***|925=***|10=000|"))).toBe(925);
  });
});

describe("venueOf: the venue from whichever CompID is Kraken's", () => {
  it.each([
    ["KRAKEN-TRD", "CLIENT01", "spot"],
    ["KRAKEN", "CLIENT01", "spot"],
    ["KRAKEN-DR", "CLIENT01", "spot"],
    ["KRAKEN-DRV", "CLIENT01", "derivatives"],
    ["KRAKEN-DRV-TRD", "CLIENT01", "derivatives"],
    ["CLIENT01", "KRAKEN-DRV-MD", "derivatives"],
    ["CLIENT01", "KRAKEN-MD", "spot"],
    ["KRAKE", "CLIENT01", undefined],
    ["kraken-trd", "CLIENT01", undefined],
    ["XKRAKEN-TRD", "CLIENT01", undefined],
    ["KRAKEX-DRV", "CLIENT01", undefined],
    ["", "", undefined],
  ])("target %j, sender %j → %s", (targetCompID, senderCompID, venue) => {
    expect(venueOf({ targetCompID, senderCompID })).toBe(venue);
  });

  it("is undefined without a header or with CompIDs that are not strings", () => {
    expect(venueOf(undefined)).toBeUndefined();
    expect(venueOf({ targetCompID: 7, senderCompID: null })).toBeUndefined();
  });
});

describe("Validator: venue and direction from each message's CompIDs", () => {
  it("follows them from one message to the next through one validator", () => {
    const validator = new Validator(protocol);
    const heartbeat = (sender: string, target: string) => bytes(framed(`35=0|49=${sender}|56=${target}|34=2|52=20261124-10:00:00.000|`));
    const pairs = [
      ["CLIENT1", "KRAKEN-TRD"],
      ["CLIENT1", "KRAKEN-TRD"],
      ["CLIENT1", "KRAKEN-DRV-TRD"],
      ["CLIENT1", "KRAKEN-TRD"],
      ["KRAKEN-DRV-TRD", "CLIENT1"],
      ["CLIENT1", "OTHER"],
      ["KRAKEN-TRD", "CLIENT1"],
      ["CLIENT2", "CLIENT1"],
    ];
    const seen = pairs.map(([sender, target]) => {
      const result = validator.validate(heartbeat(sender!, target!));
      return [result.venue, result.fromKraken];
    });
    expect(seen).toEqual([
      ["spot", false],
      ["spot", false],
      ["derivatives", false],
      ["spot", false],
      ["derivatives", true],
      [undefined, false],
      ["spot", true],
      [undefined, false],
    ]);
  });
});
