/**
 * Test harness for the session layer: a hand-driven clock, bounded waits, our sessions over real loopback
 * sockets, and a raw peer that writes exactly the bytes a test wants (gaps, duplicates, garbage).
 */
import * as net from "node:net";
import { FrameReader } from "../../runtime/codec/framer.js";
import { checksum, formatChecksum } from "../../runtime/codec/checksum.js";
import { MemoryStore } from "../../runtime/store/memory-store.js";
import type { MessageStore } from "../../runtime/store/message-store.js";
import { formatUtcTimestamp } from "../../runtime/codec/utc-timestamp.js";
import { Acceptor, FixSession } from "../../runtime/session/index.js";
import type { Clock, SessionOptions } from "../../runtime/session/index.js";
import * as kraken from "../../generated/kraken-fix44/index.js";
import type { Header, Message } from "../../generated/kraken-fix44/index.js";

export type KrakenCodecs = typeof kraken;
export { kraken };

export const CLIENT = "CLIENT";
export const GATEWAY = "KRAKEN-TRD";
export const API_KEY = "APIKEY";
/** base64("secret"), as in the signature test vector and the interop acceptor's example settings. */
export const API_SECRET = "c2VjcmV0";

/** Timers fire only when the test advances time; `now` starts at a fixed instant far from any rollover. */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in time order (timers they set fire too if due). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.current = Math.max(this.current, due[1].at);
      due[1].callback();
    }
    this.current = target;
  }
}

/** Resolves when `check` returns a value other than undefined/false; fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export type SessionOverrides = Partial<SessionOptions<KrakenCodecs>>;

export function createSession(role: "initiator" | "acceptor", overrides: SessionOverrides = {}): FixSession<KrakenCodecs> {
  return new FixSession<KrakenCodecs>({
    role,
    protocol: kraken.protocol,
    codecs: kraken,
    senderCompID: role === "initiator" ? CLIENT : GATEWAY,
    targetCompID: role === "initiator" ? GATEWAY : CLIENT,
    store: new MemoryStore(),
    heartBtInt: 30,
    ...overrides,
  });
}

/** Everything a test opens, closed in afterEach. */
export class Resources {
  private readonly closers: Array<() => Promise<void> | void> = [];

  add(close: () => Promise<void> | void): void {
    this.closers.push(close);
  }

  async closeAll(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close();
  }
}

export async function startAcceptor(resources: Resources, sessions: FixSession<KrakenCodecs>[], tls?: { key: string; cert: string }): Promise<number> {
  const acceptor = new Acceptor({ protocol: kraken.protocol, sessions, ...(tls ? { tls } : {}) });
  const port = await acceptor.listen(0);
  resources.add(async () => {
    for (const session of sessions) session.disconnect("test over");
    await acceptor.close();
  });
  return port;
}

export type Decoded = kraken.Message & { header: Header };

/** A FIX peer under the test's full control: writes given bytes, records what it receives. */
export class RawPeer {
  readonly received: Decoded[] = [];
  closed = false;
  private readonly reader = new FrameReader();
  private seq = 1;

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      for (const frame of this.reader.push(chunk)) {
        if (frame.type !== "message") continue;
        const result = kraken.decodeMessage(frame.bytes);
        if (result.message) this.received.push(result.message as Decoded);
      }
    });
    socket.on("close", () => {
      this.closed = true;
    });
    socket.on("error", () => undefined);
  }

  static async connect(resources: Resources, port: number): Promise<RawPeer> {
    const socket = net.connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const peer = new RawPeer(socket);
    resources.add(() => {
      socket.destroy();
    });
    return peer;
  }

  header(overrides: Partial<Header> = {}): Header {
    return { msgSeqNum: this.seq++, senderCompID: CLIENT, targetCompID: GATEWAY, sendingTime: formatUtcTimestamp(Date.now()), ...overrides };
  }

  /** Sets the MsgSeqNum the next `header()` uses. */
  set nextSeq(seq: number) {
    this.seq = seq;
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async logon(): Promise<void> {
    this.write(kraken.Logon.encode({ encryptMethod: 0, heartBtInt: 30 }, this.header()));
    await waitFor(() => this.received.find((m) => m.msgType === "A"), "Logon answer");
  }

  /** The first received message of a type after `from` messages. */
  async expect<T extends Message["msgType"]>(msgType: T, what: string, from = 0): Promise<Extract<Decoded, { msgType: T }>> {
    return (await waitFor(() => this.received.slice(from).find((m) => m.msgType === msgType), what)) as Extract<Decoded, { msgType: T }>;
  }

  of<T extends Message["msgType"]>(msgType: T): Extract<Decoded, { msgType: T }>[] {
    return this.received.filter((m) => m.msgType === msgType) as Extract<Decoded, { msgType: T }>[];
  }
}

/** A message from `|`-separated fields after 9 (35=… first), with BodyLength and CheckSum computed. */
export function rawMessage(body: string, beginString = "FIX.4.4"): Buffer {
  const bodyBytes = Buffer.from(body.replaceAll("|", "\x01"), "latin1");
  const head = Buffer.from(`8=${beginString}\x019=${bodyBytes.length}\x01`, "latin1");
  const all = Buffer.concat([head, bodyBytes]);
  return Buffer.concat([all, Buffer.from(`10=${formatChecksum(checksum(all, 0, all.length))}\x01`, "latin1")]);
}

let clOrdCounter = 1_000;
/** A Spot NewOrderSingle that passes Kraken's rules. */
export function order(overrides: Partial<kraken.NewOrderSingle> = {}): Omit<kraken.NewOrderSingle, "msgType"> {
  return {
    clOrdID: String(++clOrdCounter),
    symbol: "BTC/USD",
    side: "1",
    ordType: "2",
    price: "50000.5",
    orderQty: "0.01",
    timeInForce: "1",
    transactTime: formatUtcTimestamp(Date.now()),
    ...overrides,
  } as Omit<kraken.NewOrderSingle, "msgType">;
}

export type { MessageStore };

/** The ExecutionReport (New) acknowledging `order`, as a venue sends it. */
export function newAck(order: kraken.NewOrderSingle): Omit<kraken.ExecutionReport, "msgType"> {
  return {
    clOrdID: order.clOrdID,
    orderID: "O-1",
    execID: "E-1",
    execType: "0",
    ordStatus: "0",
    symbol: order.symbol,
    side: order.side,
    ordType: order.ordType,
    timeInForce: "1",
    orderQty: order.orderQty,
    leavesQty: order.orderQty,
    cumQty: "0",
  } as Omit<kraken.ExecutionReport, "msgType">;
}
