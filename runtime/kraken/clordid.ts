/**
 * ClOrdID (11) generators and checks for Kraken's two venues.
 *
 * - Spot: an ever-increasing positive integer of at most 18 digits. We use the epoch-microsecond clock, so the
 *   sequence also keeps increasing across restarts without persisting anything (provided the wall clock does not
 *   go back by more than the downtime; pass `after` to continue from a saved high-water mark).
 * - Derivatives: a COMB UUID — a version-4 UUID whose first 48 bits (the first two groups) are the time in 10 µs
 *   units since the Unix epoch, so Kraken can check freshness. Spot accepts these too.
 */
import { randomBytes as cryptoRandomBytes } from "node:crypto";
import type { Venue } from "./presets.js";

export const SPOT_CLORDID_MAX_DIGITS = 18;

/** Epoch microseconds from the high-resolution clock (anchored to the wall clock when the process started). */
export function epochMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

export class SpotClOrdIdGenerator {
  private last: number;

  /**
   * @param nowMicros epoch-microsecond clock (injectable for tests)
   * @param after the last ClOrdID issued before (e.g. by a previous run); the next one will be greater
   */
  constructor(
    private readonly nowMicros: () => number = epochMicros,
    after?: string,
  ) {
    if (after !== undefined && !isNumericClOrdID(after)) {
      throw new RangeError(
        `after must be a numeric Spot ClOrdID of 1–${SPOT_CLORDID_MAX_DIGITS} digits, got "${after}"`,
      );
    }
    this.last = after === undefined ? 0 : Number(after);
    if (!Number.isSafeInteger(this.last)) throw new RangeError(`after is beyond 2^53, got "${after}"`);
  }

  next(): string {
    const id = Math.max(this.last + 1, Math.floor(this.nowMicros()));
    // 2^53 has 16 digits, so a safe integer always fits Kraken's 18-character limit.
    if (!Number.isSafeInteger(id)) throw new RangeError(`ClOrdID clock overflowed 2^53 (${id})`);
    this.last = id;
    return String(id);
  }
}

/** 48 bits of 10 µs units covers dates until about year 2059. */
const COMB_TICKS_LIMIT = 2 ** 48;
const HEX = "0123456789abcdef";

export class CombUuidGenerator {
  private lastTicks = 0;

  /**
   * @param nowMicros epoch-microsecond clock
   * @param randomBytes source of the 10 random bytes per UUID (injectable for tests)
   */
  constructor(
    private readonly nowMicros: () => number = epochMicros,
    private readonly randomBytes: (size: number) => Uint8Array = cryptoRandomBytes,
  ) {}

  next(): string {
    // Never let the time prefix go backwards, so IDs stay time-ordered across a clock step.
    const ticks = Math.max(this.lastTicks, Math.floor(this.nowMicros() / 10));
    if (ticks >= COMB_TICKS_LIMIT || ticks < 0) throw new RangeError(`clock value does not fit 48 bits of 10 µs units`);
    this.lastTicks = ticks;
    const bytes = new Uint8Array(16);
    let t = ticks;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = t % 256;
      t = Math.floor(t / 256);
    }
    bytes.set(this.randomBytes(10).subarray(0, 10), 6);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
    let text = "";
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) text += "-";
      text += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!;
    }
    return text;
  }
}

/** A positive integer without leading zeros, at most 18 digits. */
export function isNumericClOrdID(text: string): boolean {
  if (text.length === 0 || text.length > SPOT_CLORDID_MAX_DIGITS || text.charCodeAt(0) === 48) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Lower-case or upper-case `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`. */
export function isUuidV4(text: string): boolean {
  if (text.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (hexValue(c) < 0) return false;
  }
  return text[14] === "4" && hexValue(text.charCodeAt(19)) >= 8 && hexValue(text.charCodeAt(19)) <= 11;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The time encoded in a COMB UUID, as epoch milliseconds (0.01 ms resolution); undefined if not a UUID v4. */
export function combUuidTime(text: string): number | undefined {
  if (!isUuidV4(text)) return undefined;
  const ticks = Number.parseInt(text.slice(0, 8) + text.slice(9, 13), 16);
  return ticks / 100;
}

/** Spot takes an increasing integer or a timestamp-first UUID v4. */
export function isSpotClOrdID(text: string): boolean {
  return isNumericClOrdID(text) || isUuidV4(text);
}

/** Derivatives require a COMB UUID. */
export function isDerivativesClOrdID(text: string): boolean {
  return isUuidV4(text);
}

export interface ClOrdIdCheckOptions {
  /** Local clock in epoch ms, to check the UUID time prefix. Omit to skip the freshness check. */
  readonly nowMs?: number;
  /**
   * Largest accepted distance between the UUID time and nowMs. Default 120 s: a third-party production report of
   * Kraken's window ("ClOrdID invalid value (timestamp is out of date)"), not documented by Kraken.
   */
  readonly maxAgeMs?: number;
}

/** Why a ClOrdID would be refused on `venue`, or undefined when it looks acceptable. */
export function clOrdIDProblem(venue: Venue, text: string, options: ClOrdIdCheckOptions = {}): string | undefined {
  const uuid = isUuidV4(text);
  if (venue === "derivatives" && !uuid) return "Derivatives ClOrdID must be a COMB UUID (version 4, time-first)";
  if (venue === "spot" && !uuid && !isNumericClOrdID(text)) {
    return `Spot ClOrdID must be a positive integer of at most ${SPOT_CLORDID_MAX_DIGITS} digits or a COMB UUID`;
  }
  if (uuid && options.nowMs !== undefined) {
    const skew = combUuidTime(text)! - options.nowMs;
    const limit = options.maxAgeMs ?? 120_000;
    if (Math.abs(skew) > limit) {
      return `ClOrdID time prefix is ${Math.round(skew / 1000)} s from the local clock (limit ±${limit / 1000} s)`;
    }
  }
  return undefined;
}
