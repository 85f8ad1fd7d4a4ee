/**
 * Connecting to Kraken UAT (Spot trading) with credentials from environment variables — the README's example,
 * kept here so that it is type-checked. Run: KRAKEN_SENDER_COMP_ID=… KRAKEN_API_KEY=… KRAKEN_API_SECRET=… npx tsx examples/kraken-uat.ts
 */
import * as kraken from "../generated/kraken-fix44/index.js";
import {
  FileSessionLog, FileStore, FixSession, Initiator, OrderSync, OrderTracker, SpotClOrdIdGenerator, formatUtcTimestamp,
  krakenEndpoint, krakenLogon,
} from "../runtime/index.js";

const { KRAKEN_SENDER_COMP_ID, KRAKEN_API_KEY, KRAKEN_API_SECRET } = process.env;
if (!KRAKEN_SENDER_COMP_ID || !KRAKEN_API_KEY || !KRAKEN_API_SECRET) {
  throw new Error("set KRAKEN_SENDER_COMP_ID, KRAKEN_API_KEY and KRAKEN_API_SECRET");
}

// UAT host colo-london.vip-fix.uat.kraken.com, port 4001, TargetCompID KRAKEN-TRD; pass { host } for another host.
const endpoint = krakenEndpoint({ venue: "spot", kind: "trading", environment: "uat" });
const store = await FileStore.open(`./fix-data/${KRAKEN_SENDER_COMP_ID}-${endpoint.targetCompID}.store`);
const log = await FileSessionLog.open({
  directory: "./fix-data/logs",
  session: { beginString: "FIX.4.4", senderCompID: KRAKEN_SENDER_COMP_ID, targetCompID: endpoint.targetCompID },
  secrets: [KRAKEN_API_SECRET],
});

const session = new FixSession({
  role: "initiator",
  protocol: kraken.protocol,
  codecs: kraken, // types session.on("ExecutionReport", …) and session.send(kraken.NewOrderSingle, …)
  senderCompID: KRAKEN_SENDER_COMP_ID,
  targetCompID: endpoint.targetCompID,
  store,
  log,
  heartBtInt: 30,
  logonFields: krakenLogon({ apiKey: KRAKEN_API_KEY, apiSecret: KRAKEN_API_SECRET, cancelOrdersOnDisconnect: 1 }),
});
session.on("ExecutionReport", (report) => console.log(report.clOrdID, report.execType, report.ordStatus, report.cumQty));
session.on("reject", (reject) => console.warn(`${reject.direction} reject of seq ${reject.refSeqNum}: ${reject.text}`));
session.on("rollover", () => console.log("daily rollover: sequence numbers reset; resubscribe here"));
// Orders the peer asked for again are gap-filled, not replayed: decide yourself whether to send them again.
session.on("notResent", (message) => console.warn(`not delivered: ${message.msgType} ${String(message.body["clOrdID"])}`));

// After every reconnect or rollover, ask for the state of the orders still believed open.
const orders = new OrderSync(session, { tracker: new OrderTracker({ feeModel: "cumulative" }), orderStatusRequest: kraken.OrderStatusRequest });
const reconcile = async () => {
  const { answered, refused, unanswered, notAsked } = await orders.reconcile();
  console.log(`reconciled: ${answered.length} answered, ${refused.length} refused, ${unanswered.length + notAsked.length} unknown`);
};
const initiator = new Initiator({ session, connector: { endpoints: [{ host: endpoint.host, port: endpoint.port }] }, reconcile });
await initiator.start(); // resolves once logged on

const seq = await session.send(kraken.NewOrderSingle, {
  clOrdID: new SpotClOrdIdGenerator().next(),
  symbol: "BTC/USD",
  side: kraken.Side.Buy,
  ordType: kraken.OrdType.Limit,
  price: "10000.0",
  orderQty: "0.0001",
  timeInForce: kraken.TimeInForce.GoodTillCancel,
  transactTime: formatUtcTimestamp(Date.now()),
});
console.log(`NewOrderSingle sent with MsgSeqNum ${seq}`);
process.once("SIGINT", () => void initiator.stop().then(() => Promise.all([log.close(), store.close()])));
