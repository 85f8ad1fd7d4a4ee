/**
 * The market-data half of the simulator's FIX face, for one MD session: SecurityListRequest (x) → SecurityList
 * (y), MarketDataRequest (V) → a W snapshot then X incrementals built from the engine's market-data events (or a
 * 35=Y reject), and TradingSessionStatusRequest (g) → TradingSessionStatus (h, always online). Like the trading
 * gateway it never touches sockets: it passes typed messages to `send`.
 *
 * Every X sent to a book subscription carries 5041, the checksum of the engine's top 10 levels per side after the
 * event — also for depths below 10, where the client cannot verify it (as on Kraken).
 */
import {
  MDReqRejReason,
  type Header,
  type MarketDataIncrementalRefresh,
  type MarketDataIncrementalRefreshMDEntry,
  type MarketDataRequest,
  type MarketDataRequestReject,
  type MarketDataSnapshotFullRefresh,
  type MarketDataSnapshotFullRefreshMDEntry,
  type SecurityList,
  type SecurityListRelatedSym,
  type SecurityListRequest,
  type TradingSessionStatus,
  type TradingSessionStatusRequest,
} from "../../../generated/kraken-fix44/index.js";
import { formatScaled } from "../../../runtime/codec/decimal.js";
import type { Decimal, Received } from "../../../runtime/codec/types.js";
import { bookChecksum } from "../../../runtime/marketdata/book-checksum.js";
import { formatUtcTimestamp } from "../../../runtime/codec/utc-timestamp.js";
import type { MarketDataEvent, MarketTrade } from "../engine/events.js";
import type { MatchingEngine } from "../engine/matching-engine.js";
import type { Instrument } from "../engine/order.js";
import { BookView, type BookEntry } from "./book-view.js";
import type { InboundMessage } from "./orders.js";

export type MarketDataOutbound =
  | SecurityList
  | MarketDataSnapshotFullRefresh
  | MarketDataIncrementalRefresh
  | MarketDataRequestReject
  | TradingSessionStatus;

/** What the SecurityList says about a symbol beyond what the engine knows (precisions, minimum quantity). */
export interface Listing {
  readonly symbol: string;
  /** 5022; default one unit of the price precision. */
  readonly tickSize?: Decimal;
  /** 5012 */
  readonly qtyMax?: Decimal;
  /** 5013 */
  readonly minimumCost?: Decimal;
  /** 5032; default 1 (online). */
  readonly assetPairStatus?: SecurityListRelatedSym["assetPairStatus"];
}

export interface MarketDataGatewayOptions {
  readonly engine: MatchingEngine;
  /** The symbols the venue lists, in SecurityList order; each must be an engine instrument. */
  readonly listings: readonly Listing[];
  readonly send: (message: MarketDataOutbound) => void;
}

/** Kraken's MarketDepth values; 0 is the full book, which Kraken caps at 1000 levels on L2. */
const SUPPORTED_DEPTHS: ReadonlySet<number> = new Set([0, 1, 10, 25, 100, 500, 1000]);
const FULL_BOOK_LEVELS = 1000;

interface Subscription {
  readonly mdReqID: string;
  readonly symbol: string;
  readonly instrument: Instrument;
  /** Undefined when the request asked for trades only. */
  readonly book: BookView | undefined;
  readonly trades: boolean;
}

export class MarketDataGateway {
  readonly #engine: MatchingEngine;
  readonly #send: (message: MarketDataOutbound) => void;
  readonly #listings: readonly {
    readonly listing: Listing;
    readonly instrument: Instrument;
  }[];
  /** Live subscriptions by MDReqID (one request may name several symbols). */
  readonly #subscriptions = new Map<string, Subscription[]>();
  readonly #onMarketData = (event: MarketDataEvent): void => this.#publish(event);
  #securityListCount = 0;

  /** Throws RangeError for a listing the engine does not trade. */
  constructor(options: MarketDataGatewayOptions) {
    this.#engine = options.engine;
    this.#send = options.send;
    this.#listings = options.listings.map((listing) => {
      const instrument = options.engine.instrument(listing.symbol);
      if (!instrument) throw new RangeError(`${listing.symbol}: listed but not an engine instrument`);
      return { listing, instrument };
    });
    this.#engine.on("market-data", this.#onMarketData);
  }

  /** Stops listening to the engine and forgets every subscription (Kraken drops them on disconnect). */
  dispose(): void {
    this.#engine.off("market-data", this.#onMarketData);
    this.#subscriptions.clear();
  }

  /** Handles one decoded application message. Returns false for a type it does not handle. */
  handle(message: InboundMessage): boolean {
    switch (message.msgType) {
      case "x":
        this.#securityList(message);
        return true;
      case "V":
        this.#marketDataRequest(message);
        return true;
      case "g":
        this.#tradingSessionStatus(message);
        return true;
      default:
        return false;
    }
  }

  #securityList(request: Received<SecurityListRequest, Header>): void {
    // Type 0 asks for one symbol; 1 (by security type) and 4 (all) get the whole list: the simulator lists only spot.
    const selected =
      request.securityListRequestType === 0
        ? this.#listings.filter(({ listing }) => listing.symbol === request.symbol)
        : this.#listings;
    this.#send({
      msgType: "y",
      securityReqID: request.securityReqID,
      securityResponseID: `SL${++this.#securityListCount}`,
      securityRequestResult: selected.length > 0 ? 0 : 2,
      totNoRelatedSym: selected.length,
      lastFragment: true,
      relatedSym: selected.map(({ listing, instrument }) => relatedSym(listing, instrument)),
    });
  }

  #marketDataRequest(request: Received<MarketDataRequest, Header>): void {
    const { mdReqID } = request;
    if (request.subscriptionRequestType === "2") {
      // Kraken documents no answer to an unsubscribe, and none for an unknown MDReqID either.
      this.#subscriptions.delete(mdReqID);
      return;
    }
    const refusal = this.#refusal(request);
    if (refusal) {
      this.#send({
        msgType: "Y",
        mdReqID,
        mdReqRejReason: refusal.reason,
        text: refusal.text,
      });
      return;
    }
    const types = new Set(request.mdEntryTypes.map((entry) => entry.mdEntryType));
    const wantsBook = types.has("0");
    const depth = request.marketDepth === 0 ? FULL_BOOK_LEVELS : request.marketDepth;
    const subscriptions: Subscription[] = [];
    for (const { symbol } of request.relatedSym) {
      // #refusal checked every symbol, so the engine knows it.
      const instrument = this.#engine.instrument(symbol) as Instrument;
      const levels = this.#engine.levels(symbol) ?? { bids: [], asks: [] };
      const book = wantsBook ? new BookView(levels, depth) : undefined;
      subscriptions.push({
        mdReqID,
        symbol,
        instrument,
        book,
        trades: types.has("2"),
      });
      // Trades are sent only in X, so a trades-only request gets an empty snapshot.
      this.#send({
        msgType: "W",
        mdReqID,
        symbol,
        mdEntries: book ? book.snapshot().map(snapshotEntry) : [],
      });
    }
    this.#subscriptions.set(mdReqID, subscriptions);
  }

  /** The first rule the request breaks, in the order Kraken's reasons are listed, or undefined. */
  #refusal(request: MarketDataRequest): { reason: MDReqRejReason; text: string } | undefined {
    if (this.#subscriptions.has(request.mdReqID)) {
      return {
        reason: MDReqRejReason.DuplicateMdreqid,
        text: `MDReqID ${request.mdReqID} is already subscribed`,
      };
    }
    const unknown = request.relatedSym.find(({ symbol }) => !this.#engine.instrument(symbol));
    if (unknown)
      return {
        reason: MDReqRejReason.UnknownSymbol,
        text: `Unknown symbol ${unknown.symbol}`,
      };
    if (request.subscriptionRequestType === "0") {
      return {
        reason: MDReqRejReason.UnsupportedSubscriptionrequesttype,
        text: "Snapshot-only requests are not supported: use 263=1",
      };
    }
    if (!SUPPORTED_DEPTHS.has(request.marketDepth)) {
      return {
        reason: MDReqRejReason.UnsupportedMarketdepth,
        text: `Unsupported MarketDepth ${request.marketDepth}`,
      };
    }
    const types = new Set(request.mdEntryTypes.map((entry) => entry.mdEntryType));
    if (types.has("0") !== types.has("1")) {
      return {
        reason: MDReqRejReason.UnsupportedMdentrytype,
        text: "Bids and offers must be requested together",
      };
    }
    if (request.aggregatedBook === false) {
      return {
        reason: MDReqRejReason.Level3NotAvailable,
        text: "Level 3 data is not available on this session",
      };
    }
    return undefined;
  }

  #tradingSessionStatus(request: Received<TradingSessionStatusRequest, Header>): void {
    this.#send({
      msgType: "h",
      tradSesReqID: request.tradSesReqID,
      tradingSessionID: request.tradingSessionID,
      tradSesStatus: 2,
    });
  }

  #publish(event: MarketDataEvent): void {
    for (const subscriptions of this.#subscriptions.values()) {
      for (const subscription of subscriptions) {
        if (subscription.symbol === event.symbol) this.#publishTo(subscription, event);
      }
    }
  }

  #publishTo(subscription: Subscription, event: MarketDataEvent): void {
    const entries: MarketDataIncrementalRefreshMDEntry[] = subscription.book
      ? subscription.book.apply(event.levels)
      : [];
    if (subscription.trades) entries.push(...event.trades.map(tradeEntry));
    if (entries.length === 0) return;
    const message: MarketDataIncrementalRefresh = {
      msgType: "X",
      symbol: subscription.symbol,
      mdReqID: subscription.mdReqID,
      mdEntries: entries,
    };
    if (subscription.book) {
      const checksum = bookChecksum(event.top.asks, event.top.bids, subscription.instrument);
      // The engine holds values at the instrument's precisions, so the checksum is never lossy.
      if (checksum.ok) message.checksumOrderBook = String(checksum.checksum);
    }
    this.#send(message);
  }
}

function relatedSym(listing: Listing, instrument: Instrument): SecurityListRelatedSym {
  const qtyMin = formatScaled({
    units: instrument.qtyMin,
    scale: instrument.qtyPrecision,
  });
  return {
    symbol: listing.symbol,
    minTradeVol: qtyMin,
    qtyPrecision: instrument.qtyPrecision,
    qtyMin,
    ...(listing.qtyMax !== undefined && { qtyMax: listing.qtyMax }),
    ...(listing.minimumCost !== undefined && {
      minimumCost: listing.minimumCost,
    }),
    pricePrecision: instrument.pricePrecision,
    tickSize: listing.tickSize ?? formatScaled({ units: 1n, scale: instrument.pricePrecision }),
    assetPairStatus: listing.assetPairStatus ?? 1,
  };
}

/** W entries carry no 279. */
function snapshotEntry(entry: BookEntry): MarketDataSnapshotFullRefreshMDEntry {
  return {
    mdEntryType: entry.mdEntryType,
    mdEntryPx: entry.mdEntryPx,
    mdEntrySize: entry.mdEntrySize,
  };
}

function tradeEntry(trade: MarketTrade): MarketDataIncrementalRefreshMDEntry {
  return {
    mdUpdateAction: "0",
    mdEntryType: "2",
    mdEntryID: trade.tradeID,
    mdEntryPx: trade.price,
    mdEntrySize: trade.size,
    // 273 is UTCTimeOnly: the time part of the UTCTimestamp.
    mdEntryTime: formatUtcTimestamp(trade.time).slice(9),
    ordType: trade.ordType,
    aggressorSide: trade.aggressorSide,
  };
}
