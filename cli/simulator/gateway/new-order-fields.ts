/**
 * Reads a decoded NewOrderSingle (35=D) the way the venue it arrived on does: which fields that venue accepts,
 * what ExecInst, Leverage (5001), ValidUntilTime (62), ExpireTime (126) and EffectiveTime (168) mean for the
 * engine, and which currency the order's fees are reported in. The result is the engine request, or the refusal
 * the gateway sends instead.
 *
 * Derivatives refuse the Spot-only fields (dialect notes §9) and require ExecInst s. Kraken does not document how;
 * the notes place FIX field-level validation failures on orders in a session-level Reject (§3.4). These are venue
 * rules of the dictionary (generated rules.ts: 1138, 5001, 7928, 126, 168, TimeInForce 6, OrdType V, ExecInst
 * v/f/q and s), which the session layer checks before a message reaches the gateway.
 */
import type { NewOrderSingle } from "../../../generated/kraken-fix44/index.js";
import type { Venue } from "../../../runtime/kraken/presets.js";
import { parseUtcTimestamp } from "../../../runtime/codec/utc-timestamp.js";
import type { NewOrderRequest, SelfTradePrevention, TriggerReference } from "../engine/types.js";

/** How Kraken reports an order's fee (notes: execution-report-notes §3.2). */
export interface FeePreference {
  /** ExecInst f: base currency; q: quote currency. Spot default: base for sells, quote for buys. */
  readonly currency: "base" | "quote";
  /** ExecInst s (single fee): 137 is the fee of each fill alone instead of the order's running total. */
  readonly perTrade: boolean;
}

export interface TranslatedOrder {
  readonly request: NewOrderRequest;
  readonly fees: FeePreference;
}

/** A refusal before the engine, sent as a BusinessMessageReject (35=j, 380=0); field-level refusals are the venue rules'. */
export interface FieldRefusal {
  readonly kind: "business";
  readonly text: string;
}

export interface OrderContext {
  readonly venue: Venue;
  readonly account: string;
  readonly session: string;
  /** Epoch milliseconds: ValidUntilTime is checked against it. */
  readonly now: number;
}

/** ValidUntilTime must lie this far ahead of the order's arrival (dialect notes §3.6: 2–60 s). */
const VALID_UNTIL_MIN_MS = 2_000;
const VALID_UNTIL_MAX_MS = 60_000;

export function translateNewOrder(message: NewOrderSingle, context: OrderContext): TranslatedOrder | FieldRefusal {
  const derivatives = context.venue === "derivatives";
  const execInst = new Set<string>(message.execInst ?? []);
  if (execInst.has("f") && execInst.has("q")) {
    return business("EGeneral:Invalid arguments:ExecInst f and q are exclusive fee currencies");
  }
  const validUntil = checkValidUntil(message.validUntilTime, context.now);
  if (validUntil) return validUntil;
  const expireTime = optionalTimestamp(message.expireTime);
  if (expireTime === null) return business("EGeneral:Invalid arguments:expiretm");
  const effectiveTime = optionalTimestamp(message.effectiveTime);
  if (effectiveTime === null) return business("EGeneral:Invalid arguments:starttm");

  const request: NewOrderRequest = {
    account: context.account,
    session: context.session,
    clOrdID: message.clOrdID,
    symbol: message.symbol,
    side: message.side,
    ordType: message.ordType,
    orderQty: message.orderQty,
    timeInForce: message.timeInForce,
    postOnly: execInst.has("P"),
    reduceOnly: execInst.has("E"),
    quoteQty: execInst.has("v"),
    // Spot positions are margin positions (5001=1); every derivatives order trades a position.
    tracksPosition: derivatives || message.leverage === "1",
    ...(message.price !== undefined && { price: message.price }),
    ...(message.stopPx !== undefined && { stopPx: message.stopPx }),
    ...(message.displayQty !== undefined && { displayQty: message.displayQty }),
    ...(expireTime !== undefined && { expireTime }),
    ...(effectiveTime !== undefined && { effectiveTime }),
    ...(message.selfTradePrevention !== undefined && {
      selfTradePrevention: String(message.selfTradePrevention) as SelfTradePrevention,
    }),
    ...(message.discretionInst !== undefined && {
      triggerReference: message.discretionInst as TriggerReference,
    }),
  };
  const currency = execInst.has("f")
    ? "base"
    : execInst.has("q")
      ? "quote"
      : defaultFeeCurrency(context.venue, message.side);
  return { request, fees: { currency, perTrade: execInst.has("s") } };
}

/** Kraken Spot's default (nos: f is the default for sells, q for buys); derivatives fees are in the quote currency. */
export function defaultFeeCurrency(venue: Venue, side: string): "base" | "quote" {
  return venue === "spot" && side === "2" ? "base" : "quote";
}

/**
 * The order must arrive before ValidUntilTime and that time must lie 2–60 s ahead. A late order gets Kraken's
 * engine text for an elapsed deadline (notes: execution-report-notes §6.2, `EService:Deadline elapsed`).
 */
export function checkValidUntil(text: string | undefined, now: number): FieldRefusal | undefined {
  if (text === undefined) return undefined;
  const validUntil = parseUtcTimestamp(text);
  if (validUntil === undefined) return business("EGeneral:Invalid arguments:validuntiltime");
  if (now > validUntil) return business("EService:Deadline elapsed");
  const ahead = validUntil - now;
  if (ahead < VALID_UNTIL_MIN_MS || ahead > VALID_UNTIL_MAX_MS) {
    return business("EGeneral:Invalid arguments:validuntiltime must be 2 to 60 seconds ahead");
  }
  return undefined;
}

/** Epoch ms, undefined when absent, null when the text is not a timestamp. */
function optionalTimestamp(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  return parseUtcTimestamp(text) ?? null;
}

function business(text: string): FieldRefusal {
  return { kind: "business", text };
}
