import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TransportError } from "../../runtime/transport/errors.js";
import { MessageWriter } from "../../runtime/transport/writer.js";

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

/** A loopback pair whose server side starts paused (not reading), so the client's queue can fill up. */
async function pair(): Promise<{ client: net.Socket; server: net.Socket; received: () => number }> {
  let total = 0;
  const listener = net.createServer();
  cleanup.push(() => listener.close());
  const port = await new Promise<number>((resolve) =>
    listener.listen(0, "127.0.0.1", () => resolve((listener.address() as net.AddressInfo).port)),
  );
  const accepted = new Promise<net.Socket>((resolve) => listener.once("connection", resolve));
  const client = net.connect(port, "127.0.0.1");
  client.on("error", () => {});
  cleanup.push(() => client.destroy());
  const server = await accepted;
  cleanup.push(() => server.destroy());
  server.pause();
  server.on("data", (chunk: Buffer) => (total += chunk.length));
  return { client, server, received: () => total };
}

describe("MessageWriter", () => {
  it("signals back-pressure, refuses to exceed its cap, and drains once the peer reads", async () => {
    const { client, server, received } = await pair();
    const writer = new MessageWriter(client, { maxBufferedBytes: 1 << 20 });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let accepted = 0;
    let sawBackPressure = false;
    let full: unknown;
    // Kernel socket buffers absorb a few MB first; 1 GB is a bound that must never be reached.
    while (accepted < 1 << 30) {
      try {
        if (!writer.write(chunk)) sawBackPressure = true;
        accepted += chunk.length;
      } catch (error) {
        full = error;
        break;
      }
      if (accepted % (1 << 20) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sawBackPressure).toBe(true);
    expect(full).toBeInstanceOf(TransportError);
    const queued = writer.bufferedBytes;
    expect((full as TransportError).code).toBe("WriteQueueFull");
    expect((full as TransportError).message).toBe(
      `cannot write 65536 bytes: ${queued} bytes are already waiting and the limit is 1048576 (peer not reading?)`,
    );
    expect(queued + chunk.length).toBeGreaterThan(1 << 20);

    const drained = writer.drain();
    server.resume();
    await drained;
    expect(writer.bufferedBytes).toBeLessThan(client.writableHighWaterMark);
    // Nothing that was accepted is lost: the peer receives every byte.
    await new Promise<void>((resolve) => {
      const check = () => (received() >= accepted ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(received()).toBe(accepted);
  });

  it("drain resolves at once when nothing is queued", async () => {
    const { client } = await pair();
    const writer = new MessageWriter(client);
    expect(writer.write(Buffer.from("8=FIX.4.4\x01"))).toBe(true);
    await writer.drain();
  });

  it("refuses writes after close, and rejects a pending drain when the connection closes", async () => {
    const { client } = await pair();
    const writer = new MessageWriter(client, { maxBufferedBytes: 64 << 20 });
    while (writer.write(Buffer.alloc(256 * 1024))) {
      /* fill until back-pressure */
    }
    const drained = writer.drain();
    client.destroy();
    await expect(drained).rejects.toThrow(
      new TransportError("NotWritable", "the connection closed before its write queue drained"),
    );
    expect(() => writer.write(Buffer.from("x"))).toThrow(
      new TransportError("NotWritable", "cannot write: the connection is closed"),
    );
  });
});
