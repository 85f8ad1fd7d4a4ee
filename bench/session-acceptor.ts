/**
 * Child process of the session loopback measurement: our Acceptor with one FixSession (KRAKEN-TRD ↔ CLIENT) on a
 * durable FileStore, on 127.0.0.1 and a port the OS picks. Its application answers every NewOrderSingle with an
 * ExecutionReport acknowledging it (New). It prints `{"port":…,"fsync":…}` (the policy the store runs with) once
 * listening; on SIGTERM, or when its parent
 * goes away (stdin closes), it prints its CPU time since the logon (start-up left out), its peak RSS and exits.
 *
 *   session-acceptor.ts <store file> <default | fsync policy as JSON: "always" | "none" | {"everyMs":…,"everyRecords":…}> [busySpinMs]
 */
import * as kraken from "../generated/kraken-fix44/index.js";
import { Acceptor, FixSession } from "../runtime/session/index.js";
import { FileStore } from "../runtime/store/index.js";
import type { FsyncPolicy } from "../runtime/store/index.js";
import { ACCEPTOR_COMP_ID, INITIATOR_COMP_ID } from "./session-ids.js";

const [storePath, policyJson, busySpin = "0"] = process.argv.slice(2);
if (!storePath || !policyJson) throw new Error("usage: session-acceptor <store file> <fsync policy JSON> [busySpinMs]");

// "default" opens the store as an application that sets no policy would.
const store = await FileStore.open(storePath, policyJson === "default" ? {} : { fsync: JSON.parse(policyJson) as FsyncPolicy });
const session = new FixSession({
  role: "acceptor",
  protocol: kraken.protocol,
  codecs: kraken,
  senderCompID: ACCEPTOR_COMP_ID,
  targetCompID: INITIATOR_COMP_ID,
  store,
  busySpinMs: Number(busySpin),
});
let executions = 0;
let atLogon = process.resourceUsage();
session.once("logon", () => {
  atLogon = process.resourceUsage();
});
session.on("NewOrderSingle", (order) => {
  executions++;
  session
    .send(kraken.ExecutionReport, {
      orderID: `BENCH-${executions}`,
      clOrdID: order.clOrdID,
      execID: `E${executions}`,
      execType: "0",
      ordStatus: "0",
      symbol: order.symbol,
      side: order.side,
      ordType: order.ordType,
      orderQty: order.orderQty,
      ...(order.price === undefined ? {} : { price: order.price }),
      timeInForce: order.timeInForce,
      cumQty: "0",
      leavesQty: order.orderQty ?? "0",
      avgPx: "0",
      transactTime: order.transactTime,
    })
    // A failed send ends the measurement from the client's side (its ExecutionReport never comes).
    .catch(() => undefined);
});

const acceptor = new Acceptor({ protocol: kraken.protocol, sessions: [session] });
const port = await acceptor.listen(0, "127.0.0.1");
process.stdout.write(`${JSON.stringify({ port, fsync: store.fsync })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  session.disconnect("bench over");
  await acceptor.close();
  await store.close();
  const usage = process.resourceUsage();
  // resourceUsage: CPU times in microseconds, maxRSS in kilobytes (Linux, macOS).
  process.stdout.write(
    `${JSON.stringify({
      executions,
      cpuUserUs: usage.userCPUTime - atLogon.userCPUTime,
      cpuSystemUs: usage.systemCPUTime - atLogon.systemCPUTime,
      peakRssBytes: usage.maxRSS * 1024,
    })}\n`,
  );
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.resume();
