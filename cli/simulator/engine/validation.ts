/**
 * Checks a new order or an amend before it touches the book, and converts its decimals to integer units.
 * Texts follow Kraken's `E<Category>:<message>` style; where Kraken documents the message (unknown pair,
 * order minimum, invalid price precision, index unavailable, post only, unknown order) it is used as is.
 */
import { isDecimal, unitsAtScale } from "../../../runtime/codec/decimal.js";
import type { Instrument, Order, OrderTerms } from "./order.js";
import { isTriggerType } from "./triggers.js";
import {
  OrdType,
  SelfTradePrevention,
  Side,
  TimeInForce,
  TriggerReference,
  type AmendRequest,
  type NewOrderRequest,
  type RejectReason,
  type Rejection,
} from "./types.js";

/** Kraken: the iceberg's visible part must be at least 1/15 of OrderQty. */
const MIN_DISPLAY_FRACTION = 15n;

const limitPriceTypes: ReadonlySet<string> = new Set([OrdType.Limit, OrdType.StopLossLimit, OrdType.TakeProfitLimit]);

export function reject(reason: RejectReason, text: string): Rejection {
  return { ok: false, reason, text };
}

function invalidArgument(detail: string): Rejection {
  return reject("invalid-argument", `EGeneral:Invalid arguments:${detail}`);
}

function isOneOf<T extends string>(values: Record<string, T>, value: string): value is T {
  return Object.values(values).includes(value as T);
}

/**
 * Decimal text → units at `scale`. `sign` says which values are acceptable; undefined text is returned as
 * undefined for the caller to decide whether it was required.
 */
function parseUnits(
  text: string | undefined,
  scale: number,
  sign: "positive" | "any",
  onInvalid: () => Rejection,
  onTooPrecise: () => Rejection,
): bigint | undefined | Rejection {
  if (text === undefined) return undefined;
  if (!isDecimal(text)) return onInvalid();
  const units = unitsAtScale(text, scale);
  if (units === undefined) return onTooPrecise();
  if (sign === "positive" && units <= 0n) return onInvalid();
  return units;
}

function parseQuantity(
  text: string | undefined,
  instrument: Instrument,
  field: string,
): bigint | undefined | Rejection {
  const invalid = () => reject("invalid-quantity", `EGeneral:Invalid arguments:${field}`);
  return parseUnits(text, instrument.qtyPrecision, "positive", invalid, invalid);
}

function parsePrice(
  text: string | undefined,
  instrument: Instrument,
  sign: "positive" | "any",
): bigint | undefined | Rejection {
  return parseUnits(
    text,
    instrument.pricePrecision,
    sign,
    () => reject("invalid-price", "EOrder:Invalid price"),
    () =>
      reject(
        "invalid-price",
        `EOrder:Invalid price:${instrument.symbol} price can only be specified up to ${instrument.pricePrecision} decimals.`,
      ),
  );
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** Checks the display quantity of an iceberg against its total quantity. */
function checkDisplayQty(displayQty: bigint, orderQty: bigint): Rejection | undefined {
  return displayQty > orderQty || displayQty * MIN_DISPLAY_FRACTION < orderQty
    ? invalidArgument("displayqty must be between 1/15 of the order quantity and the order quantity")
    : undefined;
}

/** Which of Price/StopPx an order type needs and how Price is read. */
function priceRules(ordType: OrdType): { price: "limit" | "offset" | "none"; stopPx: boolean } {
  return {
    price: limitPriceTypes.has(ordType) ? "limit" : ordType === OrdType.TrailingStopLimit ? "offset" : "none",
    stopPx: isTriggerType(ordType),
  };
}

/**
 * The order's terms in units, or why it is refused. Book-dependent checks (post-only, duplicate ClOrdID, index
 * availability) are the engine's.
 */
export function parseNewOrder(request: NewOrderRequest, instrument: Instrument, now: number): OrderTerms | Rejection {
  const timeInForce = request.timeInForce ?? TimeInForce.GoodTillCancel;
  const selfTradePrevention = request.selfTradePrevention ?? SelfTradePrevention.CancelNewest;
  const triggerReference = request.triggerReference ?? TriggerReference.Last;
  if (!isOneOf(Side, request.side)) return invalidArgument("side");
  if (!isOneOf(OrdType, request.ordType)) return invalidArgument("ordertype");
  if (!isOneOf(TimeInForce, timeInForce)) return invalidArgument("timeinforce");
  if (!isOneOf(SelfTradePrevention, selfTradePrevention)) return invalidArgument("selftradeprevention");
  if (!isOneOf(TriggerReference, triggerReference)) return invalidArgument("triggerreference");

  const rules = priceRules(request.ordType);
  const price = parsePrice(request.price, instrument, rules.price === "offset" ? "any" : "positive");
  if (isRejection(price)) return price;
  if (rules.price !== "none" && price === undefined) return invalidArgument("price");

  const quantities = parseOrderQty(request, instrument, rules.price === "limit" ? price : undefined);
  if (isRejection(quantities)) return quantities;
  const { orderQty, quoteBudget } = quantities;
  const stopPx = parsePrice(request.stopPx, instrument, "positive");
  if (isRejection(stopPx)) return stopPx;
  if (rules.stopPx && stopPx === undefined) return invalidArgument("stopPx");

  const displayQty = parseQuantity(request.displayQty, instrument, "displayqty");
  if (isRejection(displayQty)) return displayQty;
  if (displayQty !== undefined) {
    if (request.ordType !== OrdType.Limit) return invalidArgument("displayqty requires a limit order");
    const problem = checkDisplayQty(displayQty, orderQty);
    if (problem) return problem;
  }

  const postOnly = request.postOnly ?? false;
  if (postOnly && request.ordType !== OrdType.Limit) return invalidArgument("post only requires a limit order");

  const gtd = timeInForce === TimeInForce.GoodTillDate;
  if (gtd !== (request.expireTime !== undefined)) return invalidArgument("expiretm is required with GTD and only then");
  if (gtd && !((request.expireTime as number) > now)) return invalidArgument("expiretm must be in the future");
  const effectiveTime = request.effectiveTime;
  if (effectiveTime !== undefined && request.expireTime !== undefined && !(request.expireTime > effectiveTime)) {
    return invalidArgument("expiretm must be after starttm");
  }
  if (effectiveTime !== undefined && quoteBudget !== undefined) {
    return invalidArgument("viqc market orders cannot have a start time");
  }

  const tracksPosition = request.tracksPosition ?? false;
  const reduceOnly = request.reduceOnly ?? false;
  if (reduceOnly && !tracksPosition) return invalidArgument("reduce only needs a position (margin) order");

  return {
    side: request.side,
    ordType: request.ordType,
    orderQty,
    price: rules.price === "limit" ? price : undefined,
    limitOffset: rules.price === "offset" ? price : undefined,
    stopPx: rules.stopPx ? stopPx : undefined,
    displayQty,
    timeInForce,
    expireTime: request.expireTime,
    postOnly,
    selfTradePrevention,
    triggerReference,
    tracksPosition,
    reduceOnly,
    quoteBudget,
    effectiveTime,
  };
}

/**
 * OrderQty in base units, or for viqc (quote-currency OrderQty) the base units a limit order buys at its price.
 * A viqc market order cannot be converted yet: its quote amount comes back as `quoteBudget` with orderQty 0, for
 * the engine to convert against the book when the order executes.
 */
function parseOrderQty(
  request: NewOrderRequest,
  instrument: Instrument,
  price: bigint | undefined,
): { orderQty: bigint; quoteBudget: bigint | undefined } | Rejection {
  if (request.quoteQty !== true) {
    const orderQty = parseQuantity(request.orderQty, instrument, "volume");
    if (isRejection(orderQty)) return orderQty;
    if (orderQty === undefined) return reject("invalid-quantity", "EGeneral:Invalid arguments:volume");
    if (orderQty < instrument.qtyMin) return reject("order-minimum", "EOrder:Order minimum not met");
    return { orderQty, quoteBudget: undefined };
  }
  if (request.ordType !== OrdType.Market && request.ordType !== OrdType.Limit) {
    return invalidArgument("viqc requires a market or limit order");
  }
  if (request.displayQty !== undefined) return invalidArgument("viqc cannot be combined with displayqty");
  // Quote amounts are held at the scale of price × quantity, so the conversion below is exact integer division.
  const quote = parseUnits(
    request.orderQty,
    instrument.pricePrecision + instrument.qtyPrecision,
    "positive",
    () => reject("invalid-quantity", "EGeneral:Invalid arguments:volume"),
    () => reject("invalid-quantity", "EGeneral:Invalid arguments:volume"),
  );
  if (isRejection(quote)) return quote;
  if (quote === undefined) return reject("invalid-quantity", "EGeneral:Invalid arguments:volume");
  if (price === undefined) return { orderQty: 0n, quoteBudget: quote };
  const orderQty = quote / price;
  if (orderQty < instrument.qtyMin) return reject("order-minimum", "EOrder:Order minimum not met");
  return { orderQty, quoteBudget: undefined };
}

/** An amend's resulting terms, in units; fields not amended keep the order's current values. */
export interface AmendTerms {
  readonly orderQty: bigint;
  readonly price: bigint | undefined;
  readonly limitOffset: bigint | undefined;
  readonly stopPx: bigint;
  readonly displayQty: bigint | undefined;
}

/**
 * Checks an amend against the order it targets. Price is the limit price of limit orders (untriggered 4/T
 * included) or the offset of an untriggered V; StopPx can only move before the trigger; DisplayQty only on icebergs.
 */
export function parseAmend(request: AmendRequest, order: Order): AmendTerms | Rejection {
  const { instrument } = order;
  const orderQty = parseQuantity(request.orderQty, instrument, "volume");
  if (isRejection(orderQty)) return orderQty;
  if (orderQty === undefined || orderQty <= order.cumQty) {
    return reject("invalid-quantity", "EGeneral:Invalid arguments:volume must exceed the filled quantity");
  }
  if (orderQty < instrument.qtyMin) return reject("order-minimum", "EOrder:Order minimum not met");

  // A scheduled trigger order has not met its price either: its StopPx can still move.
  const untriggered =
    order.status === "untriggered" || (order.status === "scheduled" && isTriggerType(order.submittedOrdType));
  const rules = priceRules(untriggered ? order.submittedOrdType : order.ordType);
  const price = parsePrice(request.price, instrument, rules.price === "offset" ? "any" : "positive");
  if (isRejection(price)) return price;
  if (price !== undefined && rules.price === "none") return invalidArgument("price cannot be amended on this order");
  const stopPx = parsePrice(request.stopPx, instrument, "positive");
  if (isRejection(stopPx)) return stopPx;
  if (stopPx !== undefined && !untriggered) return invalidArgument("stopPx cannot be amended on this order");
  const displayQty = parseQuantity(request.displayQty, instrument, "displayqty");
  if (isRejection(displayQty)) return displayQty;
  if (displayQty !== undefined && order.displayQty === undefined) {
    return invalidArgument("displayqty requires an iceberg order");
  }
  const newDisplay = displayQty ?? order.displayQty;
  const problem = newDisplay === undefined ? undefined : checkDisplayQty(newDisplay, orderQty);
  if (problem) return problem;

  return {
    orderQty,
    price: rules.price === "limit" ? (price ?? order.price) : order.price,
    limitOffset: rules.price === "offset" ? (price ?? order.limitOffset) : order.limitOffset,
    stopPx: stopPx ?? order.stopPx,
    displayQty: newDisplay,
  };
}
