/**
 * Where each Kraken Unified FIX session lives: TargetCompID and port per venue and session kind, and the hosts
 * per environment. Market-data sessions authenticate by SenderCompID alone; trading sessions also sign the Logon
 * (see signature.ts). Derivatives SenderCompIDs carry a `_DRV` suffix assigned by Kraken at onboarding.
 */

export type Venue = "spot" | "derivatives";
/** `md-l2`: aggregated book and trades; `md-l3`: order-by-order book. */
export type SessionKind = "trading" | "md-l2" | "md-l3";
export type KrakenEnvironment = "production" | "uat";

/**
 * Default hosts, from Kraken's Unified FIX reference. Kraken hands out the hostname at onboarding, so treat these
 * as defaults to override. The FIX introduction guide names older hosts, kept in LEGACY_KRAKEN_HOSTS.
 * DNS records have a 5-minute TTL: resolve at every connect (transport/connect.ts does).
 */
export const KRAKEN_HOSTS: Readonly<Record<KrakenEnvironment, string>> = {
  production: "colo-london.vip-fix.kraken.com",
  uat: "colo-london.vip-fix.uat.kraken.com",
};

export const LEGACY_KRAKEN_HOSTS: Readonly<Record<KrakenEnvironment, string>> = {
  production: "fix.kraken.com",
  uat: "fix.uat.kraken.com",
};

export interface SessionPreset {
  readonly venue: Venue;
  readonly kind: SessionKind;
  readonly targetCompID: string;
  readonly port: number;
  /** Whether the Logon carries 553/554/5025 (trading sessions only). */
  readonly signedLogon: boolean;
}

export const SESSION_PRESETS: readonly SessionPreset[] = [
  { venue: "spot", kind: "md-l2", targetCompID: "KRAKEN-MD", port: 4000, signedLogon: false },
  { venue: "spot", kind: "trading", targetCompID: "KRAKEN-TRD", port: 4001, signedLogon: true },
  { venue: "derivatives", kind: "md-l2", targetCompID: "KRAKEN-DRV-MD", port: 4002, signedLogon: false },
  { venue: "derivatives", kind: "trading", targetCompID: "KRAKEN-DRV-TRD", port: 4003, signedLogon: true },
  { venue: "derivatives", kind: "md-l3", targetCompID: "KRAKEN-DRV-MD", port: 4004, signedLogon: false },
  { venue: "spot", kind: "md-l3", targetCompID: "KRAKEN-MD", port: 4005, signedLogon: false },
];

export function sessionPreset(venue: Venue, kind: SessionKind): SessionPreset {
  // Every venue × kind pair is in the table, so find() cannot miss for typed input.
  return SESSION_PRESETS.find((p) => p.venue === venue && p.kind === kind)!;
}

export interface KrakenEndpointOptions {
  readonly venue: Venue;
  readonly kind: SessionKind;
  /** Default "production". */
  readonly environment?: KrakenEnvironment;
  /** Overrides the environment's default host (use the one Kraken gave you at onboarding). */
  readonly host?: string;
}

export interface KrakenEndpoint extends SessionPreset {
  readonly host: string;
}

export function krakenEndpoint(options: KrakenEndpointOptions): KrakenEndpoint {
  const host = options.host ?? KRAKEN_HOSTS[options.environment ?? "production"];
  return { ...sessionPreset(options.venue, options.kind), host };
}

/** The venue a Kraken TargetCompID belongs to; undefined for a CompID that is not Kraken's. */
export function venueOfTargetCompID(targetCompID: string): Venue | undefined {
  return SESSION_PRESETS.find((p) => p.targetCompID === targetCompID)?.venue;
}
