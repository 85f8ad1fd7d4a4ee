/** The opt-in busy-spin idle strategy: the window on its own (a clock we move), then in a session over TCP. */
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BusySpin } from "../../runtime/session/busy-spin.js";
import { SessionError } from "../../runtime/session/index.js";
import { createSession, kraken, newAck, order, Resources, startAcceptor, waitFor } from "./harness.js";

const resources = new Resources();
afterEach(() => resources.closeAll());

/** Lets the event loop take `n` turns. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await nextTurn();
}

describe("BusySpin", () => {
  it("keeps turning from each touch until its window has passed, then stops", async () => {
    let now = 1000;
    const spin = new BusySpin(5, () => now);
    expect(spin.spinning).toBe(false);
    spin.touch();
    await turns(3);
    expect(spin.spinning).toBe(true);
    now = 1004;
    spin.touch(); // renews: the window now ends at 1009
    now = 1006;
    await turns(3);
    expect(spin.spinning).toBe(true);
    now = 1009;
    await turns(3);
    expect(spin.spinning).toBe(false);
  });

  it("stops at the next turn when told to, and never starts with a window of 0", async () => {
    const spin = new BusySpin(60_000);
    spin.touch();
    await turns(2);
    expect(spin.spinning).toBe(true);
    spin.stop();
    await turns(2);
    expect(spin.spinning).toBe(false);
    const off = new BusySpin(0);
    off.touch();
    expect(off.spinning).toBe(false);
  });
});

describe("session with busySpinMs", () => {
  it("refuses a window that is not a number of milliseconds from 0 to 100", () => {
    for (const busySpinMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, 100.5, 1000]) {
      expect(() => createSession("initiator", { busySpinMs })).toThrow(
        new SessionError("InvalidOption", `busySpinMs must be a number of milliseconds from 0 to 100, got ${busySpinMs}`),
      );
    }
    for (const busySpinMs of [0, 0.25, 100]) expect(() => createSession("initiator", { busySpinMs })).not.toThrow();
  });

  it("trades as usual, keeps the event loop busy after traffic and lets it sleep once the connection is gone", async () => {
    const acceptor = createSession("acceptor");
    const failures: unknown[] = [];
    acceptor.on("NewOrderSingle", (message) => {
      acceptor.send(kraken.ExecutionReport, newAck(message)).catch((error: unknown) => failures.push(error));
    });
    const port = await startAcceptor(resources, [acceptor]);
    const initiator = createSession("initiator", { busySpinMs: 100 });
    const socket = net.connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    resources.add(() => {
      socket.destroy();
    });
    const closed = initiator.attach(socket);
    await initiator.logon();
    await waitFor(() => initiator.loggedOn, "logon");
    const reports: string[] = [];
    initiator.on("ExecutionReport", (report) => reports.push(report.clOrdID ?? ""));
    await initiator.send(kraken.NewOrderSingle, order({ clOrdID: "1700000000123" }));
    await waitFor(() => reports.length === 1, "the ExecutionReport");
    expect(reports).toEqual(["1700000000123"]);
    expect(failures).toEqual([]);

    // Within the window the loop never waits in the kernel: it is busy nearly all the time.
    const busy = await utilizationOver(50);
    expect(busy).toBeGreaterThan(0.9);
    initiator.disconnect("test over");
    await closed;
    await turns(2);
    // With the connection gone the spinning stops and the loop sleeps while nothing happens.
    const idle = await utilizationOver(50);
    expect(idle).toBeLessThan(0.5);
  });
});

/** Event-loop utilisation (0: asleep the whole time, 1: never waited) over the next `ms`. */
async function utilizationOver(ms: number): Promise<number> {
  const start = performance.eventLoopUtilization();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return performance.eventLoopUtilization(start).utilization;
}
