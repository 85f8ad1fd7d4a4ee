/**
 * Message validation: the decoder's checks chosen by profile and switches, plus venue rules. One engine for the
 * generated Kraken validators and for any QuickFIX dictionary loaded at run time.
 */
import type { WireChecks, WireDecodeOptions } from "../codec/decode.js";
import type { Dictionary } from "../codec/dictionary.js";
import { fixError } from "../codec/errors.js";
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
  private readonly checks: WireChecks;

  constructor(
    private readonly protocol: Protocol<M>,
    private readonly options: ValidatorOptions = {},
  ) {
    this.switches = { ...defaultSwitches, ...options.switches };
    this.profile = options.profile ?? "kraken";
    this.rules = new RuleChecker(protocol.dictionary, protocol.rules ?? []);
    this.checks = wireChecks(this.switches);
  }

  validate(bytes: Uint8Array, direction?: Direction): Validation<M> {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const redacted = this.switches.ValidateLengthAndChecksum ? redactedSecretTag(buffer) : undefined;
    const result = this.protocol.decode(buffer, {
      validateLengthAndChecksum: this.switches.ValidateLengthAndChecksum && redacted === undefined,
      checks: this.checks,
    });
    const message = result.message as (Record<string, unknown> & { msgType?: string; header?: Record<string, unknown> }) | undefined;
    const sender = message?.header?.["senderCompID"];
    const fromKraken = direction === undefined ? typeof sender === "string" && sender.startsWith("KRAKEN") : direction === "fromKraken";
    const venue = this.options.venue ?? venueOf(message?.header);
    const errors = applyProfile(result.errors, this.profile, fromKraken);
    if (redacted !== undefined) errors.push(redactionNotice(buffer, redacted));
    if (message?.msgType !== undefined && !fromKraken) {
      errors.push(...this.rules.check(message.msgType, message, { venue, bytes: buffer }));
    }
    return { message: result.message, errors, ok: !errors.some((e) => e.severity === "error"), venue, fromKraken };
  }
}

/** The venue from whichever CompID is Kraken's: `KRAKEN-DRV-…` is Derivatives, other `KRAKEN-…` Spot. */
export function venueOf(header: Record<string, unknown> | undefined): Venue | undefined {
  return venueOfCompID(header?.["targetCompID"]) ?? venueOfCompID(header?.["senderCompID"]);
}

function venueOfCompID(compID: unknown): Venue | undefined {
  if (typeof compID !== "string" || !compID.startsWith("KRAKEN")) return undefined;
  return compID.startsWith("KRAKEN-DRV") ? "derivatives" : "spot";
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
