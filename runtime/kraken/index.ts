/** Kraken-specific session helpers: logon signature, ClOrdIDs, endpoints, rate counter, rollover, clock skew. */
export { createLogonSigner, logonSignatureInput, NonceSource, CredentialError } from "./signature.js";
export type { LogonSignatureFields, LogonSigner } from "./signature.js";
export {
  SpotClOrdIdGenerator,
  CombUuidGenerator,
  epochMicros,
  isNumericClOrdID,
  isUuidV4,
  isSpotClOrdID,
  isDerivativesClOrdID,
  combUuidTime,
  clOrdIDProblem,
  SPOT_CLORDID_MAX_DIGITS,
} from "./clordid.js";
export type { ClOrdIdCheckOptions } from "./clordid.js";
export {
  KRAKEN_HOSTS,
  LEGACY_KRAKEN_HOSTS,
  SESSION_PRESETS,
  sessionPreset,
  krakenEndpoint,
  venueOfTargetCompID,
} from "./presets.js";
export type {
  Venue,
  SessionKind,
  KrakenEnvironment,
  SessionPreset,
  KrakenEndpoint,
  KrakenEndpointOptions,
} from "./presets.js";
export { KRAKEN_RATE_TIERS, RateCounter } from "./throttle.js";
export type { RateTier, RateAction, RateCounterOptions } from "./throttle.js";
export {
  KRAKEN_ROLLOVER,
  nextRollover,
  rolloverWindow,
  inRolloverWindow,
  rolloverBetween,
  checkRolloverPolicy,
} from "./rollover.js";
export type { RolloverPolicy, RolloverWindow } from "./rollover.js";
export { checkClockSkew, DEFAULT_SKEW_THRESHOLDS } from "./clock-skew.js";
export type { ClockSkew, SkewThresholds } from "./clock-skew.js";
export {
  KrakenLogonVerifier,
  INVALID_CREDENTIALS,
  NONCE_MISSING,
  NONCE_NOT_INCREASING,
  NONCE_OUT_OF_WINDOW,
} from "./logon-verifier.js";
export type { LogonKey, LogonVerifierOptions, LogonVerdict, SignedLogon } from "./logon-verifier.js";
