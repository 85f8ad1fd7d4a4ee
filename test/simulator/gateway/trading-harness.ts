/**
 * Shared set-up for the trading-gateway tests: an engine on a manual clock, two accounts (alice, bob) each behind a
 * TradingGateway of the chosen venue, and every outbound message taken over the wire and back (wire.ts), so a
 * test fails on any message that would not decode cleanly.
 */
import { ManualClock } from "../../../cli/simulator/engine/clock.js";
import { combStyleOrderID } from "../../../cli/simulator/engine/ids.js";
import { MatchingEngine } from "../../../cli/simulator/engine/matching-engine.js";
import type { InstrumentSpec } from "../../../cli/simulator/engine/types.js";
import { TradingGateway, type TradingGatewayOptions } from "../../../cli/simulator/gateway/orders.js";
import type { ExecutionReport, Header, Message, NewOrderSingle } from "../../../generated/kraken-fix44/index.js";
import type { Received } from "../../../runtime/codec/types.js";
import { CombUuidGenerator } from "../../../runtime/kraken/clordid.js";
import type { Venue } from "../../../runtime/kraken/presets.js";
import { header, inbound, roundTrip } from "./wire.js";

export const START = 1_700_000_000_000;
export const TIME = "20231114-22:13:20.000";
export const BTC = { symbol: "BTC/USD", pricePrecision: 1, qtyPrecision: 2 } as const;
export const ETH = { symbol: "ETH/USD", pricePrecision: 2, qtyPrecision: 3 } as const;
export const PF_XBTUSD = { symbol: "PF_XBTUSD", pricePrecision: 0, qtyPrecision: 4 } as const;

export interface Sent {
  readonly session: string;
  readonly message: Received<Message, Header>;
}

export interface TradingSetupOptions extends Partial<TradingGatewayOptions> {
  /** Default spot (BTC/USD and ETH/USD, Pending New acks); derivatives trade PF_XBTUSD with New-only acks. */
  readonly venue?: Venue;
}

export function setup(options: TradingSetupOptions = {}) {
  const venue = options.venue ?? "spot";
  const clock = new ManualClock(START);
  const instruments: readonly InstrumentSpec[] = venue === "spot" ? [BTC, ETH] : [PF_XBTUSD];
  // As the simulator sets its derivatives engine up: New-only acks and COMB UUID OrderIDs.
  const engine = new MatchingEngine({
    instruments,
    clock,
    acknowledgement: venue === "spot" ? "pending-new" : "new",
    ...(venue === "derivatives" && { orderID: combStyleOrderID }),
  });
  const sent: Sent[] = [];
  // Every outbound message goes over the wire and back: the test fails on any decode error.
  const send = (session: string, message: Message) => sent.push({ session, message: roundTrip(message) });
  const alice = new TradingGateway({ engine, account: "alice", venue, clock, send, ...options });
  // Bob shares the fee schedule so that maker fees show up on his reports.
  const bob = new TradingGateway({ engine, account: "bob", venue, clock, send, fees: options.fees });
  let clOrdID = 0;
  // Spot takes increasing integers; derivatives need COMB UUIDs whose time is the engine clock's.
  const uuids = new CombUuidGenerator(() => clock.now() * 1000);
  const nextClOrdID = () => (venue === "spot" ? String(++clOrdID) : uuids.next());
  function order(init: Partial<NewOrderSingle> = {}, head?: Header): Received<NewOrderSingle, Header> {
    return inbound<NewOrderSingle>(
      {
        msgType: "D",
        clOrdID: nextClOrdID(),
        symbol: instruments[0]?.symbol ?? "",
        side: "1",
        ordType: "2",
        orderQty: "1",
        price: "100",
        timeInForce: "1",
        transactTime: TIME,
        ...(venue === "derivatives" && { execInst: ["s"] }),
        ...init,
      },
      head ?? header(venue === "derivatives" ? { senderCompID: "CLIENT_DRV", targetCompID: "KRAKEN-DRV-TRD" } : {}),
    );
  }
  /** Messages sent since the last call. */
  let seen = 0;
  const drain = (): Sent[] => sent.slice(seen, (seen = sent.length));
  return { clock, engine, alice, bob, order, nextClOrdID, drain };
}

export function reports(sent: readonly Sent[]): Received<ExecutionReport, Header>[] {
  return sent.map(({ message }) => {
    if (message.msgType !== "8") throw new Error(`expected 35=8, got 35=${message.msgType}`);
    return message;
  });
}
