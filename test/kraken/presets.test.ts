import { describe, expect, it } from "vitest";
import {
  KRAKEN_HOSTS,
  krakenEndpoint,
  LEGACY_KRAKEN_HOSTS,
  SESSION_PRESETS,
  sessionPreset,
  venueOfTargetCompID,
} from "../../runtime/kraken/presets.js";

describe("Kraken session presets", () => {
  it("maps every venue × kind to Kraken's TargetCompID and port", () => {
    const table = SESSION_PRESETS.map(
      (p) => `${p.venue}/${p.kind} ${p.targetCompID}:${p.port} ${p.signedLogon ? "signed" : "-"}`,
    );
    expect(table.sort()).toEqual([
      "derivatives/md-l2 KRAKEN-DRV-MD:4002 -",
      "derivatives/md-l3 KRAKEN-DRV-MD:4004 -",
      "derivatives/trading KRAKEN-DRV-TRD:4003 signed",
      "spot/md-l2 KRAKEN-MD:4000 -",
      "spot/md-l3 KRAKEN-MD:4005 -",
      "spot/trading KRAKEN-TRD:4001 signed",
    ]);
    expect(sessionPreset("derivatives", "trading").port).toBe(4003);
  });

  it("builds endpoints from the documented hosts or an override", () => {
    expect(krakenEndpoint({ venue: "spot", kind: "trading" })).toEqual({
      venue: "spot",
      kind: "trading",
      targetCompID: "KRAKEN-TRD",
      port: 4001,
      signedLogon: true,
      host: "colo-london.vip-fix.kraken.com",
    });
    expect(krakenEndpoint({ venue: "spot", kind: "md-l3", environment: "uat" }).host).toBe(
      "colo-london.vip-fix.uat.kraken.com",
    );
    expect(krakenEndpoint({ venue: "derivatives", kind: "md-l2", host: LEGACY_KRAKEN_HOSTS.uat })).toMatchObject({
      host: "fix.uat.kraken.com",
      port: 4002,
    });
    expect(KRAKEN_HOSTS.production).toBe("colo-london.vip-fix.kraken.com");
  });

  it("derives the venue from the TargetCompID", () => {
    expect(venueOfTargetCompID("KRAKEN-TRD")).toBe("spot");
    expect(venueOfTargetCompID("KRAKEN-MD")).toBe("spot");
    expect(venueOfTargetCompID("KRAKEN-DRV-TRD")).toBe("derivatives");
    expect(venueOfTargetCompID("KRAKEN-DRV-MD")).toBe("derivatives");
    expect(venueOfTargetCompID("KRAKEN-PERPS-TRD")).toBeUndefined();
    expect(venueOfTargetCompID("kraken-trd")).toBeUndefined();
  });
});
