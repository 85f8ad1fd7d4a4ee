import { describe, expect, it } from "vitest";
import { humanize, kebabCase, memberName, NameAllocator, singular } from "../../generator/emit/naming.js";
import { runtimeSpecifierResolver } from "../../generator/runtime-import.js";

describe("generated names", () => {
  it("turns declaration names into kebab-case file names, keeping acronyms whole", () => {
    expect(kebabCase("NewOrderSingle")).toBe("new-order-single");
    expect(kebabCase("MDEntry")).toBe("md-entry");
    expect(kebabCase("IOI")).toBe("ioi");
    expect(kebabCase("PartyIDs")).toBe("party-ids");
    expect(kebabCase("SecAltIDGrp")).toBe("sec-alt-id-grp");
    expect(kebabCase("NestedParties2")).toBe("nested-parties2");
    expect(kebabCase("MarketDataIncrementalRefreshMDEntry")).toBe("market-data-incremental-refresh-md-entry");
  });

  it("turns value descriptions into PascalCase enum members", () => {
    expect(memberName("GOOD_TILL_CANCEL")).toBe("GoodTillCancel");
    expect(memberName("post only")).toBe("PostOnly");
    expect(memberName("MarketPeg")).toBe("MarketPeg");
    expect(memberName("3RD_PARTY")).toBe("_3rdParty");
    expect(memberName("4")).toBe("_4");
    expect(memberName("--")).toBe("");
  });

  it("names group entries by the singular of the counter's base name", () => {
    expect(singular("MDEntries")).toBe("MDEntry");
    expect(singular("Allocs")).toBe("Alloc");
    expect(singular("MiscFees")).toBe("MiscFee");
    expect(singular("PartyIDs")).toBe("PartyID");
    expect(singular("Capacities")).toBe("Capacity");
    expect(singular("Addresses")).toBe("Address");
    expect(singular("RelatedSym")).toBe("RelatedSym");
    expect(singular("SecurityAltID")).toBe("SecurityAltID");
    expect(singular("Status")).toBe("Status");
  });

  it("humanizes UPPER_SNAKE descriptions and keeps prose", () => {
    expect(humanize("GOOD_TILL_CANCEL")).toBe("Good till cancel");
    expect(humanize("Kraken: post only")).toBe("Kraken: post only");
  });

  it("hands out each name once, in the order asked", () => {
    const names = new NameAllocator(["Tag"]);
    expect(names.claim("Tag", "TagEntry")).toBe("TagEntry");
    expect(names.claim("Side", "SideEntry")).toBe("Side");
    expect(names.claim("Side", "SideEntry")).toBe("SideEntry");
    expect(names.claim("Side", "SideEntry")).toBe("SideEntry2");
    const files = new NameAllocator([], true);
    expect(files.claim("md-entry")).toBe("md-entry");
    expect(files.claim("MD-Entry")).toBe("MD-Entry2");
  });
});

describe("runtimeSpecifierResolver", () => {
  const cwd = "/repo";

  it("imports the runtime relatively when given a path", () => {
    const resolve = runtimeSpecifierResolver("./runtime/index.js", "generated/kraken-fix44", cwd);
    expect(resolve("fields.ts")).toBe("../../runtime/index.js");
    expect(resolve("messages/new-order-single.ts")).toBe("../../../runtime/index.js");
  });

  it("maps a .ts path to .js and a folder to its index.js", () => {
    expect(runtimeSpecifierResolver("./runtime/index.ts", "out", cwd)("index.ts")).toBe("../runtime/index.js");
    expect(runtimeSpecifierResolver("/repo/runtime", "/repo/out", cwd)("groups/x.ts")).toBe("../../runtime/index.js");
    expect(runtimeSpecifierResolver("./out/rt.js", "out", cwd)("index.ts")).toBe("./rt.js");
  });

  it("uses a package specifier verbatim", () => {
    const resolve = runtimeSpecifierResolver("kraken-fix/runtime", "generated/kraken-fix44", cwd);
    expect(resolve("fields.ts")).toBe("kraken-fix/runtime");
    expect(resolve("messages/logon.ts")).toBe("kraken-fix/runtime");
  });
});
