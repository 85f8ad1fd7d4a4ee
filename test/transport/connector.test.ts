import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from "../../runtime/transport/backoff.js";
import { Connector } from "../../runtime/transport/connector.js";
import type { AttemptFailure } from "../../runtime/transport/connector.js";
import { TransportError } from "../../runtime/transport/errors.js";

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

async function listeningPort(): Promise<number> {
  const server = net.createServer((socket) => socket.on("error", () => {}));
  cleanup.push(() => server.close());
  server.on("connection", (socket) => cleanup.push(() => socket.destroy()));
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
}

async function refusedPort(): Promise<number> {
  const server = net.createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)),
  );
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("backoff", () => {
  it("grows exponentially up to the cap, with full jitter below the ceiling", () => {
    expect(Array.from({ length: 8 }, (_, n) => backoffCeiling(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    for (let n = 0; n < 12; n++) {
      expect(backoffDelay(n, DEFAULT_BACKOFF, () => 0)).toBe(0);
      expect(backoffDelay(n, DEFAULT_BACKOFF, () => 0.999999)).toBe(backoffCeiling(n) - 1);
      const d = backoffDelay(n);
      expect(d >= 0 && d < backoffCeiling(n)).toBe(true);
    }
    expect(backoffDelay(3, { initialMs: 100, maxMs: 250, multiplier: 3 }, () => 0.5)).toBe(125);
  });

  it("refuses an impossible policy", () => {
    expect(() => backoffDelay(0, { initialMs: 0, maxMs: 10, multiplier: 2 })).toThrow(
      new RangeError(
        'backoff needs 0 < initialMs ≤ maxMs and multiplier ≥ 1, got {"initialMs":0,"maxMs":10,"multiplier":2}',
      ),
    );
    expect(
      () => new Connector({ endpoints: [{ host: "a", port: 1 }], backoff: { initialMs: 10, maxMs: 5, multiplier: 2 } }),
    ).toThrow('backoff needs 0 < initialMs ≤ maxMs and multiplier ≥ 1, got {"initialMs":10,"maxMs":5,"multiplier":2}');
    expect(() => new Connector({ endpoints: [] })).toThrow(new RangeError("Connector needs at least one endpoint"));
  });
});

describe("Connector", () => {
  it("fails over to the second endpoint when the first refuses, without waiting", async () => {
    const [down, up] = [await refusedPort(), await listeningPort()];
    const failures: AttemptFailure[] = [];
    const sleeps: number[] = [];
    const connector = new Connector({
      endpoints: [
        { host: "127.0.0.1", port: down },
        { host: "127.0.0.1", port: up },
      ],
      tls: false,
      sleep: async (ms) => void sleeps.push(ms),
      onAttemptFailed: (failure) => failures.push(failure),
    });
    const connection = await connector.connect();
    cleanup.push(() => connection.socket.destroy());
    expect(connection.endpoint.port).toBe(up);
    expect(connector.attempts).toBe(2);
    expect(sleeps).toEqual([]);
    expect(failures.map((f) => [f.attempt, f.endpoint.port, f.error.code])).toEqual([[0, down, "ConnectFailed"]]);
  });

  it("backs off between full rounds and gives up after maxAttempts", async () => {
    const [a, b] = [await refusedPort(), await refusedPort()];
    const sleeps: number[] = [];
    const connector = new Connector({
      endpoints: [
        { host: "127.0.0.1", port: a },
        { host: "127.0.0.1", port: b },
      ],
      tls: false,
      backoff: { initialMs: 100, maxMs: 1000, multiplier: 2 },
      maxAttempts: 7,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const error = await connector.connect().then(
      () => undefined,
      (e: unknown) => e as TransportError,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error?.code).toBe("AttemptsExhausted");
    expect(error?.message).toBe(
      `no connection after 7 attempts; last: connect to 127.0.0.1:${a} failed: connect ECONNREFUSED 127.0.0.1:${a}`,
    );
    // Rounds: [a b] wait [a b] wait [a b] wait [a] — half of each ceiling 100, 200, 400.
    expect(sleeps).toEqual([50, 100, 200]);
    // The count carries into the next call, which continues the round-robin and the backoff...
    const again = await connector.connect().catch((e: unknown) => e as TransportError);
    expect((again as TransportError).code).toBe("AttemptsExhausted");
    expect(sleeps).toEqual([50, 100, 200, 400, 500, 500]);
    // ...until the session declares itself healthy.
    connector.resetBackoff();
    expect(connector.attempts).toBe(0);
  });

  it("waits a real (jittered) delay between rounds with the default sleep, and can be aborted while waiting", async () => {
    const port = await refusedPort();
    const connector = new Connector({
      endpoints: [{ host: "127.0.0.1", port }],
      tls: false,
      backoff: { initialMs: 60_000, maxMs: 60_000, multiplier: 1 },
      random: () => 0.99,
    });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);
    const error = await connector.connect(controller.signal).catch((e: unknown) => e as TransportError);
    expect([(error as TransportError).code, (error as TransportError).message]).toEqual([
      "Aborted",
      `reconnect to 127.0.0.1:${port} aborted`,
    ]);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(5000);
    expect(connector.attempts).toBe(1);
  });

  it("starts again from the first endpoint after resetBackoff", async () => {
    const [first, second] = [await listeningPort(), await listeningPort()];
    const connector = new Connector({
      endpoints: [
        { host: "127.0.0.1", port: first },
        { host: "127.0.0.1", port: second },
      ],
      tls: false,
    });
    const ports: number[] = [];
    for (const reset of [false, true, false]) {
      if (reset) connector.resetBackoff();
      const connection = await connector.connect();
      connection.socket.destroy();
      ports.push(connection.endpoint.port);
    }
    expect(ports).toEqual([first, first, second]);
  });
});
