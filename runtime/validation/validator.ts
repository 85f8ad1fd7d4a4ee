/**
 * Message validation: the decoder's checks chosen by profile and switches, plus venue rules. One engine for the
 * generated Kraken validators and for any QuickFIX dictionary loaded at run time.
 */
import type { WireChecks, WireDecodeOptions } from "../codec/decode.js";
import type { Dictionary } from "../codec/dictionary.js";
import { fixError } from "../codec/errors.js";
import { isError } from "../codec/message.js";
import type { FixError } from "../codec/errors.js";
import { redactedSecretTag } from "../codec/secrets.js";
import type { DecodeResult } from "../codec/types.js";
import { applyProfile, defaultSwitches, wireChecks } from "./options.js";
import type { Profile, ValidationSwitches } from "./options.js";
import type { RuleDef, Venue } from "./rule-def.js";
import { offsetOfTag, RuleChecker } from "./rules.js";

/** What a validator needs from a dictionary: generated code exports these, `--dict` builds them. */
export interface Protocol<M = unknown> {
  readonly dictionary: Dictionary;
  readonly decode: (bytes: Uint8Array, options?: WireDecodeOptions) => DecodeResult<M>;
  readonly rules?: readonly RuleDef[];
}

export interface ValidatorOptions {
  readonly profile?: Profile;
  readonly switches?: Partial<ValidationSwitches>;
  /** Fixed venue; otherwise taken from each message's Kraken CompID. */
  readonly venue?: Venue;
}

/** Who sent the message: decides the `kraken` profile's leniency. Undefined: Kraken's CompIDs start with KRAKEN. */
export type Direction = "fromKraken" | "toKraken";

export interface Validation<M> {
  readonly message: M | undefined;
  readonly errors: readonly FixError[];
  readonly ok: boolean;
  readonly venue: Venue | undefined;
  readonly fromKraken: boolean;
}

export class Validator<M = unknown> {
  private readonly switches: ValidationSwitches;
  private readonly profile: Profile;
  private readonly rules: RuleChecker;
  /** Decode options made once: with BodyLength and CheckSum checked as the switch says, and without. */
  private readonly decodeOptions: WireDecodeOptions;
  private readonly redactedOptions: WireDecodeOptions;

  constructor(
    private readonly protocol: Protocol<M>,
    private readonly options: ValidatorOptions = {},
  ) {
    this.switches = { ...defaultSwitches, ...options.switches };
    this.profile = options.profile ?? "kraken";
    this.rules = new RuleChecker(protocol.dictionary, protocol.rules ?? []);
    const checks: WireChecks = wireChecks(this.switches);
    this.decodeOptions = { validateLengthAndChecksum: this.switches.ValidateLengthAndChecksum, checks };
    this.redactedOptions = { validateLengthAndChecksum: false, checks };
  }

  validate(bytes: Uint8Array, direction?: Direction): Validation<M> {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let result = this.protocol.decode(buffer, this.decodeOptions);
    // Only a message that fails a check can be one whose secret our log redacted: looking for a redaction then,
    // not in every message, keeps that search off the path of clean messages (bench/README.md). A redacted message
    // whose BodyLength and CheckSum still match (its logger framed it again) has nothing to explain: no notice.
    const redacted = this.decodeOptions.validateLengthAndChecksum && result.errors.length > 0 ? redactedSecretTag(buffer) : undefined;
    if (redacted !== undefined) result = this.protocol.decode(buffer, this.redactedOptions);
    const message = result.message as (Record<string, unknown> & { msgType?: string; header?: Record<string, unknown> }) | undefined;
    const header = message?.header;
    const senderVenue = venueOfCompID(header?.["senderCompID"]);
    const fromKraken = direction === undefined ? senderVenue !== undefined : direction === "fromKraken";
    const venue = this.options.venue ?? venueOfCompID(header?.["targetCompID"]) ?? senderVenue;
    const errors = applyProfile(result.errors, this.profile, fromKraken);
    if (redacted !== undefined) errors.push(redactionNotice(buffer, redacted));
    if (message?.msgType !== undefined && !fromKraken) {
      this.rules.check(message.msgType, message, { venue, bytes: buffer }, errors);
    }
    return { message: result.message, errors, ok: !errors.some(isError), venue, fromKraken };
  }
}

/** The venue from whichever CompID is Kraken's: `KRAKEN-DRV-…` is Derivatives, other `KRAKEN-…` Spot. */
export function venueOf(header: Record<string, unknown> | undefined): Venue | undefined {
  return venueOfCompID(header?.["targetCompID"]) ?? venueOfCompID(header?.["senderCompID"]);
}

function venueOfCompID(compID: unknown): Venue | undefined {
  if (typeof compID !== "string" || !startsWithKraken(compID)) return undefined;
  return hasDrvAt6(compID) ? "derivatives" : "spot";
}

// "KRAKEN" and "-DRV" compared one character code at a time, unrolled: this runs twice per validated message,
// right after a decode, and there a loop over the letters cost about twice these comparisons (bench/README.md).

/** `KRAKEN…` */
function startsWithKraken(id: string): boolean {
  return (
    id.length >= 6 &&
    id.charCodeAt(0) === 75 &&
    id.charCodeAt(1) === 82 &&
    id.charCodeAt(2) === 65 &&
    id.charCodeAt(3) === 75 &&
    id.charCodeAt(4) === 69 &&
    id.charCodeAt(5) === 78
  );
}

/** `KRAKEN-DRV…` once startsWithKraken holds. */
function hasDrvAt6(id: string): boolean {
  return id.length >= 10 && id.charCodeAt(6) === 45 && id.charCodeAt(7) === 68 && id.charCodeAt(8) === 82 && id.charCodeAt(9) === 86;
}

/** Says that integrity was not checked, instead of reporting our own log's redaction as a corrupt message. */
function redactionNotice(bytes: Buffer, tag: number): FixError {
  return fixError({
    code: "CheckSum",
    severity: "warning",
    tag,
    offset: offsetOfTag(bytes, tag),
    text: `BodyLength and CheckSum not verified: the log redacted tag ${tag}, so the bytes differ from those sent`,
  });
}
