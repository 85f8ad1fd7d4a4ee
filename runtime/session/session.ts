/**
 * The FIX session state machine, one implementation for initiator and acceptor: logon, heartbeats and
 * TestRequest, MsgSeqNum checks with gap recovery, ResendRequest answers from the store, SequenceReset,
 * session-level Reject and BusinessMessageReject, Logout handshake. It runs over one socket at a time
 * (`attach`); the Initiator and Acceptor decide where sockets come from.
 *
 * Inbound frames are processed strictly one after another (store writes are async), and outbound messages are
 * written in MsgSeqNum order after the store recorded them (write-before-send).
 */
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { DecodedObject } from "../codec/decode.js";
import type { CompiledMessage, Dictionary } from "../codec/dictionary.js";
import { encodeWire } from "../codec/encode.js";
import type { FixError } from "../codec/errors.js";
import { FrameReader } from "../codec/framer.js";
import type { MessageCodec, MessageInit } from "../codec/types.js";
import { checkClockSkew } from "../kraken/clock-skew.js";
import type { RateAction } from "../kraken/throttle.js";
import { formatUtcTimestamp, parseUtcTimestamp } from "../codec/utc-timestamp.js";
import type { MessageStore } from "../store/message-store.js";
import { Validator } from "../validation/validator.js";
import { BusySpin, MAX_BUSY_SPIN_MS } from "./busy-spin.js";
import { systemClock } from "./clock.js";
import type { Clock } from "./clock.js";
import { createMessageChannel } from "./message-channel.js";
import type { MessageChannel } from "./message-channel.js";
import { MessageWriter } from "../transport/writer.js";
import { NotLoggedOnError, SessionError, ThrottledError } from "./errors.js";
import type { DisconnectInfo, SessionEvents, SessionOptions, SessionRole, SessionState } from "./session-types.js";
import { ADMIN_TYPES, planResend } from "./resend-plan.js";
import { isCodec } from "./types.js";
import type { AnyCodec, AppMessageOf, MessageMapOf, SessionHeader } from "./types.js";

/** Decoder codes that mean "not a usable message": FIX says to ignore such a message. */
const GARBLED_CODES: ReadonlySet<string> = new Set(["BodyLength", "CheckSum", "Garbled", "Truncated"]);

interface Waiting {
  readonly msgType: string;
  readonly body: object;
  readonly header: object;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: unknown) => void;
}

/** What each order-entry MsgType costs on Kraken's rate counter. */
const RATE_ACTIONS: ReadonlyMap<string, RateAction> = new Map<string, RateAction>([
  ["D", "add"],
  ["G", "amend"],
  ["F", "cancel"],
]);

type EventName<C> = keyof SessionEvents<C> | (keyof MessageMapOf<C> & string);
type Listener<C, K> = K extends keyof SessionEvents<C>
  ? (...args: SessionEvents<C>[K]) => void
  : K extends keyof MessageMapOf<C>
    ? (message: MessageMapOf<C>[K]) => void
    : never;

interface Inbound {
  readonly bytes: Buffer;
  readonly message: DecodedObject;
  readonly errors: readonly FixError[];
  readonly seq: number;
  /** A ResendRequest answered at once although it arrived ahead of a gap. */
  answered: boolean;
}

interface Link {
  readonly socket: Socket;
  /** Bounded writes: says when to wait for the socket to drain; refuses a write past its hard cap (8 MiB). */
  readonly writer: MessageWriter;
  readonly reader: FrameReader;
  readonly closed: Promise<DisconnectInfo>;
  resolveClosed: (info: DisconnectInfo) => void;
  ended: boolean;
  /** Writes are being gathered until the current batch of callbacks ends (see enqueueWrite). */
  corked: boolean;
  /** When the socket's queue went above its high-water mark and writes started waiting for drain. */
  drainingSince: number | undefined;
}

export class FixSession<C = Record<string, AnyCodec>> {
  readonly role: SessionRole;
  readonly senderCompID: string;
  readonly targetCompID: string;
  readonly store: MessageStore;
  private readonly options: SessionOptions<C>;
  private readonly dictionary: Dictionary;
  private readonly validator: Validator;
  private readonly clock: Clock;
  private readonly emitter = new EventEmitter();
  private readonly namesByType = new Map<string, string>();
  private readonly replay: ReadonlySet<string>;
  private readonly handled: ReadonlySet<string> | undefined;

  private currentState: SessionState = "disconnected";
  private link: Link | undefined;
  private inboundChain: Promise<void> = Promise.resolve();
  private outboundChain: Promise<void> = Promise.resolve();
  private heartBtIntMs: number;
  private lastSentAt = 0;
  private lastReceivedAt = 0;
  private testRequestAt: number | undefined;
  private testRequestCounter = 0;
  private tickTimer: unknown;
  private deadlineTimer: unknown;
  private readonly queue = new Map<number, Inbound>();
  /** Upper end of the ResendRequest we are waiting on, undefined when none. */
  private resendUntil: number | undefined;
  private resetRequested = false;
  /** Reading from the socket is paused until messages() consumers catch up. */
  private paused = false;
  private readonly waiting: Waiting[] = [];
  private readonly channels = new Set<MessageChannel<AppMessageOf<C>>>();
  private readonly spin: BusySpin;

  constructor(options: SessionOptions<C>) {
    this.options = options;
    this.role = options.role;
    this.senderCompID = options.senderCompID;
    this.targetCompID = options.targetCompID;
    this.store = options.store;
    this.dictionary = options.protocol.dictionary;
    this.validator = new Validator(options.protocol, options.validation);
    this.clock = options.clock ?? systemClock;
    const heartBtInt = options.heartBtInt ?? 30;
    if (!Number.isInteger(heartBtInt) || heartBtInt < 1) {
      throw new SessionError("InvalidOption", `heartBtInt must be a whole number of seconds ≥ 1, got ${heartBtInt}`);
    }
    this.heartBtIntMs = heartBtInt * 1000;
    const busySpinMs = options.busySpinMs ?? 0;
    // The bound catches seconds given for milliseconds: 5 would spin a core for 5 s after every heartbeat.
    if (!(Number.isFinite(busySpinMs) && busySpinMs >= 0 && busySpinMs <= MAX_BUSY_SPIN_MS)) {
      throw new SessionError("InvalidOption", `busySpinMs must be a number of milliseconds from 0 to ${MAX_BUSY_SPIN_MS}, got ${busySpinMs}`);
    }
    this.spin = new BusySpin(busySpinMs);
    for (const name of ["maxQueuedMessages", "messageBufferLimit", "resendChunkSize"] as const) {
      const value = options[name];
      const least = name === "resendChunkSize" ? 0 : 1;
      if (value !== undefined && !(Number.isInteger(value) && value >= least)) {
        throw new SessionError("InvalidOption", `${name} must be a whole number ≥ ${least}, got ${value}`);
      }
    }
    for (const value of Object.values(options.codecs as object)) {
      if (isCodec(value)) this.namesByType.set(value.msgType, value.name);
    }
    this.replay = new Set(options.replayMsgTypes ?? []);
    this.handled = options.handledMsgTypes ? new Set(options.handledMsgTypes) : undefined;
    // An EventEmitter throws on an unhandled "error": a session error must not crash the app that ignores it.
    this.emitter.on("error", () => undefined);
  }

  get state(): SessionState {
    return this.currentState;
  }

  get loggedOn(): boolean {
    return this.currentState === "loggedOn";
  }

  /** Session events and application messages by name: `on("ExecutionReport", (report) => …)`. */
  on<K extends EventName<C>>(name: K, listener: Listener<C, K>): this {
    this.emitter.on(name, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends EventName<C>>(name: K, listener: Listener<C, K>): this {
    this.emitter.off(name, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends EventName<C>>(name: K, listener: Listener<C, K>): this {
    this.emitter.once(name, listener as (...args: unknown[]) => void);
    return this;
  }

  /**
   * Application messages in MsgSeqNum order, from now on, until the iterator is returned. Messages arriving
   * while the consumer is busy are buffered; past `messageBufferLimit` the session stops reading the socket
   * until the consumer catches up, so nothing is dropped and memory stays bounded.
   */
  messages(): AsyncIterableIterator<AppMessageOf<C>> {
    const channel = createMessageChannel<AppMessageOf<C>>({
      onClose: () => {
        this.channels.delete(channel);
        this.resumeReadingIfCaughtUp();
      },
      onPull: () => this.resumeReadingIfCaughtUp(),
    });
    this.channels.add(channel);
    return channel.iterator;
  }

  /**
   * Sends an application message; resolves with its MsgSeqNum once it is in the store and handed to the socket.
   * While not logged on it rejects with NotLoggedOnError and uses no MsgSeqNum: an order must not wait silently
   * for a reconnect and go out later at a stale price. With a `throttle`, an order action that would exceed the
   * rate counter rejects with ThrottledError (nothing sent).
   */
  send<M extends { readonly msgType: string }, H>(
    codec: MessageCodec<M, H>,
    body: MessageInit<M>,
    /** Optional header fields (SenderSubID …); the session fills 34, 49, 52 and 56 itself. */
    header: Partial<H> = {},
  ): Promise<number> {
    if (this.currentState !== "loggedOn") return this.waitForLogon(codec.msgType, body, header);
    const action = RATE_ACTIONS.get(codec.msgType);
    const throttle = this.options.throttle;
    if (throttle && action && !throttle.tryConsume(action)) {
      return Promise.reject(new ThrottledError(codec.msgType, throttle.waitTime(action)));
    }
    return this.sendMessage(codec.msgType, body, header);
  }

  /** Rejects every message waiting for a logon (queueWhileDisconnected) with NotLoggedOnError. */
  dropQueued(): void {
    for (const entry of this.waiting.splice(0)) entry.reject(new NotLoggedOnError(entry.msgType, this.currentState));
  }

  private waitForLogon(msgType: string, body: object, header: object): Promise<number> {
    const policy = this.options.queueWhileDisconnected;
    if (!policy || !policy.msgTypes.includes(msgType) || this.waiting.length >= (policy.maxMessages ?? 100)) {
      return Promise.reject(new NotLoggedOnError(msgType, this.currentState));
    }
    return new Promise((resolve, reject) => this.waiting.push({ msgType, body, header, resolve, reject }));
  }

  /** Sends what waited for the logon, in the order it was given. */
  private flushWaiting(): void {
    for (const entry of this.waiting.splice(0)) this.sendMessage(entry.msgType, entry.body, entry.header).then(entry.resolve, entry.reject);
  }

  /**
   * Runs the session over a connected socket until it closes. `initial` holds bytes already read from it (the
   * acceptor reads the first Logon to pick the session). An initiator then calls `logon()`.
   */
  attach(socket: Socket, initial?: Buffer): Promise<DisconnectInfo> {
    if (this.link && !this.link.ended) {
      socket.destroy();
      return Promise.reject(new SessionError("AlreadyConnected", `session ${this.id} is already connected`));
    }
    let resolveClosed: (info: DisconnectInfo) => void = () => undefined;
    const closed = new Promise<DisconnectInfo>((resolve) => {
      resolveClosed = resolve;
    });
    const link: Link = { socket, writer: new MessageWriter(socket), reader: new FrameReader(), closed, resolveClosed, ended: false, corked: false, drainingSince: undefined };
    this.link = link;
    this.queue.clear();
    this.resendUntil = undefined;
    this.paused = false;
    this.testRequestAt = undefined;
    this.lastReceivedAt = this.lastSentAt = this.clock.now();
    // Small, latency-sensitive messages: no Nagle delay (writes of one turn are coalesced by corking instead).
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(link, chunk));
    socket.on("error", (error) => this.event(`socket error: ${error.message}`));
    socket.on("close", () => this.closeLink(link, "connection closed by peer", false));
    this.event(`connected (${this.role})`);
    if (this.role === "acceptor") {
      this.setState("awaitingLogon");
      this.startDeadline(this.options.logonTimeoutMs ?? 10_000, "no Logon received in time");
    }
    if (initial && initial.length > 0) this.receive(link, initial);
    return closed;
  }

  /** Initiator: sends the Logon (141=Y when `reset` or resetOnLogon); the "logon" event follows its answer. */
  async logon(options: { readonly reset?: boolean } = {}): Promise<void> {
    if (!this.link || this.link.ended) throw new SessionError("Disconnected", `session ${this.id} has no connection`);
    const reset = options.reset === true || this.options.resetOnLogon === true;
    if (reset) await this.store.reset();
    this.resetRequested = reset;
    this.setState("logonSent");
    this.startDeadline(this.options.logonTimeoutMs ?? 10_000, "no answer to our Logon in time");
    await this.sendLogon(reset);
  }

  /** Sends Logout and waits for the peer's Logout (or the timeout), then closes the connection. */
  async logout(text?: string): Promise<DisconnectInfo> {
    const link = this.link;
    if (!link || link.ended) return { reason: "not connected", clean: true };
    if (this.currentState === "loggedOn") {
      this.setState("logoutSent");
      this.startDeadline(this.options.logoutTimeoutMs ?? 10_000, "no Logout answer in time");
      await this.sendAdmin("5", text === undefined ? {} : { text }).catch((error: unknown) => this.fail(error));
    } else if (this.currentState !== "logoutSent") {
      this.closeLink(link, "closed before logon", true);
    }
    return link.closed;
  }

  /** For the Initiator: reports connection lifecycle events that happen outside the state machine. */
  announce<K extends "rollover" | "reconnect">(name: K, ...args: SessionEvents<C>[K]): void {
    this.event(`${name}: ${JSON.stringify(args[0])}`);
    this.emitter.emit(name, ...args);
  }

  /** Closes the connection at once, without a Logout. */
  disconnect(reason = "disconnected locally"): void {
    if (this.link) this.closeLink(this.link, reason, false);
  }

  /** Resolves when the current connection closes. */
  closed(): Promise<DisconnectInfo> {
    return this.link ? this.link.closed : Promise.resolve({ reason: "not connected", clean: true });
  }

  private get id(): string {
    return `${this.senderCompID}->${this.targetCompID}`;
  }

  private setState(state: SessionState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emitter.emit("state", state);
  }

  private event(text: string): void {
    this.options.log?.event(text);
  }

  private fail(error: unknown): void {
    const value = error instanceof Error ? error : new Error(String(error));
    this.event(`error: ${value.message}`);
    this.emitter.emit("error", value);
  }

  // ---- inbound -------------------------------------------------------------------------------------------

  private receive(link: Link, chunk: Buffer): void {
    if (link.ended) return;
    this.spin.touch();
    for (const frame of link.reader.push(chunk)) {
      if (frame.type === "garbage") {
        this.garbled(frame.reason, frame.length);
        continue;
      }
      // Copy: the framer's buffer is reused, and processing is asynchronous.
      const bytes = Buffer.from(frame.bytes);
      this.inboundChain = this.inboundChain
        .then(() => (link.ended ? undefined : this.onFrame(link, bytes)))
        .catch((error: unknown) => {
          this.fail(error);
          this.closeLink(link, `internal error: ${error instanceof Error ? error.message : String(error)}`, false);
        });
    }
  }

  private garbled(reason: string, length: number): void {
    this.event(`garbled message ignored (${length} bytes): ${reason}`);
    this.emitter.emit("garbled", { reason, length });
  }

  private async onFrame(link: Link, bytes: Buffer): Promise<void> {
    this.lastReceivedAt = this.clock.now();
    this.testRequestAt = undefined;
    this.options.log?.incoming(bytes);
    const validation = this.validator.validate(bytes);
    const message = validation.message as DecodedObject | undefined;
    const garbled = validation.errors.find((e) => e.severity === "error" && GARBLED_CODES.has(e.code));
    if (!message || garbled) {
      this.garbled(garbled?.text ?? validation.errors[0]?.text ?? "undecodable message", bytes.length);
      return;
    }
    if (validation.errors.some((e) => e.code === "BeginString")) {
      await this.logoutAndClose(link, `BeginString must be ${this.dictionary.beginString}`);
      return;
    }
    const seq = message.header["msgSeqNum"];
    if (typeof seq !== "number") {
      await this.logoutAndClose(link, "MsgSeqNum (34) is missing");
      return;
    }
    const errors = validation.errors.filter((e) => e.severity === "error");
    const inbound: Inbound = { bytes, message, errors, seq, answered: false };

    if (this.currentState === "awaitingLogon" || this.currentState === "logonSent") {
      if (message.msgType === "5") {
        const text = typeof message["text"] === "string" ? message["text"] : "";
        this.event(`Logout instead of Logon${text ? `: ${text}` : ""}`);
        this.closeLink(link, text ? `peer logged out: ${text}` : "peer logged out", false);
        return;
      }
      if (message.msgType !== "A") {
        await this.logoutAndClose(link, `first message must be Logon, got MsgType ${message.msgType}`);
        return;
      }
      await this.onLogon(link, inbound);
      return;
    }
    if (!(await this.checkHeader(link, inbound))) return;
    await this.sequenced(link, inbound);
  }

  /** CompIDs, SendingTime and PossDup rules; false when the message was refused (and maybe the session ended). */
  private async checkHeader(link: Link, inbound: Inbound): Promise<boolean> {
    const { header } = inbound.message;
    if (header["senderCompID"] !== this.targetCompID || header["targetCompID"] !== this.senderCompID) {
      await this.sendReject(inbound, 9, undefined, "CompID problem");
      await this.logoutAndClose(link, "CompID problem");
      return false;
    }
    const sendingTime = typeof header["sendingTime"] === "string" ? header["sendingTime"] : "";
    const skew = checkClockSkew(sendingTime, this.clock.now(), this.options.skewThresholds);
    if (skew.level !== "ok") this.emitter.emit("clockSkew", skew);
    const maxLatency = this.options.maxLatencyMs ?? 120_000;
    if (maxLatency > 0 && skew.level !== "invalid" && Math.abs(skew.skewMs) > maxLatency && header["possDupFlag"] !== true) {
      await this.sendReject(inbound, 10, 52, "SendingTime accuracy problem");
      await this.logoutAndClose(link, "SendingTime accuracy problem");
      return false;
    }
    if (header["possDupFlag"] === true && inbound.message.msgType !== "4") {
      const orig = header["origSendingTime"];
      if (typeof orig !== "string") {
        await this.consume(link, inbound, () => this.sendReject(inbound, 1, 122, "Required tag missing: OrigSendingTime"));
        return false;
      }
      const origMs = parseUtcTimestamp(orig);
      const sentMs = parseUtcTimestamp(sendingTime);
      if (origMs !== undefined && sentMs !== undefined && origMs > sentMs) {
        await this.consume(link, inbound, () => this.sendReject(inbound, 10, 122, "OrigSendingTime is after SendingTime"));
        return false;
      }
    }
    return true;
  }

  /** Handles a message when its MsgSeqNum is due; consumes the number even when the message is rejected. */
  private async consume(link: Link, inbound: Inbound, handle: () => Promise<void>): Promise<void> {
    const expected = this.store.nextTargetSeqNum;
    if (inbound.seq > expected) {
      await this.queueAhead(link, inbound);
      return;
    }
    if (inbound.seq < expected) return;
    await handle();
    this.advance(expected + 1);
  }

  private async sequenced(link: Link, inbound: Inbound): Promise<void> {
    const { message, seq } = inbound;
    if (message.msgType === "4" && message["gapFillFlag"] !== true) {
      await this.onSequenceReset(inbound);
      return;
    }
    const expected = this.store.nextTargetSeqNum;
    if (seq > expected) {
      if (message.msgType === "2") {
        // Answer at once: the peer may be waiting for our resend before it fills our gap.
        inbound.answered = true;
        await this.onResendRequest(inbound);
      }
      await this.queueAhead(link, inbound);
      return;
    }
    if (seq < expected) {
      if (message.header["possDupFlag"] === true) {
        this.event(`duplicate MsgSeqNum ${seq} (PossDup) ignored`);
        return;
      }
      await this.logoutAndClose(link, `MsgSeqNum too low, expecting ${expected} but received ${seq}`);
      return;
    }
    await this.process(link, inbound);
    await this.drainQueue(link);
  }

  private async queueAhead(link: Link, inbound: Inbound): Promise<void> {
    const expected = this.store.nextTargetSeqNum;
    if (this.queue.size >= (this.options.maxQueuedMessages ?? 100_000)) {
      // Nothing is lost: none of the queued messages was processed, so the peer resends them after the reconnect.
      await this.logoutAndClose(link, `more than ${this.queue.size} messages queued behind MsgSeqNum ${expected}`);
      return;
    }
    if (!this.queue.has(inbound.seq)) this.queue.set(inbound.seq, inbound);
    this.event(`MsgSeqNum ${inbound.seq} ahead of expected ${expected}: queued`);
    if (this.resendUntil === undefined) await this.requestResend(expected, inbound.seq);
  }

  /**
   * Asks for exactly the missing numbers, begin..firstAhead−1 (at most resendChunkSize of them): asking for "all"
   * (EndSeqNo=0) would let the peer gap-fill over a message we already hold in the queue, and lose it.
   */
  private async requestResend(begin: number, firstAhead: number): Promise<void> {
    const chunk = this.options.resendChunkSize ?? 2500;
    const end = chunk > 0 ? Math.min(firstAhead - 1, begin + chunk - 1) : firstAhead - 1;
    this.resendUntil = end;
    await this.sendAdmin("2", { beginSeqNo: begin, endSeqNo: end });
  }

  /** Processes queued messages that became due; asks for the next chunk when a chunked resend completed. */
  private async drainQueue(link: Link): Promise<void> {
    for (;;) {
      const expected = this.store.nextTargetSeqNum;
      for (const seq of this.queue.keys()) if (seq < expected) this.queue.delete(seq);
      const next = this.queue.get(expected);
      if (!next || link.ended) break;
      this.queue.delete(expected);
      await this.process(link, next);
    }
    const expected = this.store.nextTargetSeqNum;
    if (this.resendUntil === undefined || expected <= this.resendUntil) return;
    this.resendUntil = undefined;
    // The requested range is complete; a message still queued means another gap (or the next chunk).
    if (this.queue.size > 0) await this.requestResend(expected, Math.min(...this.queue.keys()));
  }

  /** A due message: validation rejects, then dispatch by MsgType; always consumes its MsgSeqNum. */
  private async process(link: Link, inbound: Inbound): Promise<void> {
    const { message, seq } = inbound;
    let next = seq + 1;
    const unsupported = !ADMIN_TYPES.has(message.msgType) && this.isUnsupported(message.msgType, inbound.errors);
    const fieldError = inbound.errors.find((e) => e.code !== "InvalidMsgType");
    if (unsupported) {
      await this.sendAdmin("j", {
        refSeqNum: seq,
        refMsgType: message.msgType,
        businessRejectReason: 3,
        text: `Unsupported Message Type ${message.msgType}`,
      });
      this.emitter.emit("reject", { direction: "sent", msgType: "j", refSeqNum: seq, reason: 3, text: "Unsupported Message Type" });
    } else if (fieldError) {
      await this.sendReject(inbound, fieldError.reason ?? 99, fieldError.tag, fieldError.text);
    } else if (message.msgType === "4") {
      next = await this.onGapFill(inbound);
    } else {
      await this.dispatch(link, inbound);
    }
    this.advance(Math.max(next, this.store.nextTargetSeqNum));
  }

  private isUnsupported(msgType: string, errors: readonly FixError[]): boolean {
    if (errors.some((e) => e.code === "InvalidMsgType")) return true;
    // A BusinessMessageReject is never answered with another one.
    return this.handled !== undefined && msgType !== "j" && !this.handled.has(msgType);
  }

  /**
   * Moves the expected MsgSeqNum on. The store takes the new number at once and writes in order, so its record
   * is on disk before anything this message makes us send; not waiting for it lets the next message be read
   * without one fdatasync per message under fsync "always". A power loss before such records land only means
   * those messages are asked for again (they come back PossDup). A write failure still ends the session.
   */
  private advance(next: number): void {
    if (next === this.store.nextTargetSeqNum) return;
    const link = this.link;
    this.store.setNextTargetSeqNum(next).catch((error: unknown) => {
      this.fail(error);
      if (link) this.closeLink(link, `message store failed: ${error instanceof Error ? error.message : String(error)}`, false);
    });
  }

  private async dispatch(link: Link, inbound: Inbound): Promise<void> {
    const { message } = inbound;
    switch (message.msgType) {
      case "0":
        return;
      case "1":
        await this.sendAdmin("0", { testReqID: message["testReqID"] });
        return;
      case "2":
        if (!inbound.answered) await this.onResendRequest(inbound);
        return;
      case "3":
        this.emitter.emit("reject", {
          direction: "received",
          msgType: "3",
          refSeqNum: Number(message["refSeqNum"]),
          reason: typeof message["sessionRejectReason"] === "number" ? message["sessionRejectReason"] : undefined,
          text: typeof message["text"] === "string" ? message["text"] : "",
        });
        return;
      case "5":
        await this.onLogout(link, message);
        return;
      case "A":
        this.event("Logon received while logged on: ignored");
        return;
      default:
        this.deliver(message);
    }
  }

  private deliver(message: DecodedObject): void {
    if (message.msgType === "j") {
      this.emitter.emit("reject", {
        direction: "received",
        msgType: "j",
        refSeqNum: Number(message["refSeqNum"]),
        reason: typeof message["businessRejectReason"] === "number" ? message["businessRejectReason"] : undefined,
        text: typeof message["text"] === "string" ? message["text"] : "",
      });
    }
    const app = message as unknown as AppMessageOf<C>;
    const name = this.namesByType.get(message.msgType);
    if (name !== undefined) this.emitter.emit(name, app);
    this.emitter.emit("message", app);
    const limit = this.options.messageBufferLimit ?? 10_000;
    for (const channel of this.channels) {
      channel.push(app);
      if (channel.size >= limit) this.pauseReading();
    }
  }

  /** Bytes handed to the socket that it has not passed to the OS yet (0 when not connected). */
  get writeQueueBytes(): number {
    return this.link && !this.link.ended ? this.link.writer.bufferedBytes : 0;
  }

  /** Whether the session stopped reading from the socket because a messages() consumer fell behind. */
  get readingPaused(): boolean {
    return this.paused;
  }

  private pauseReading(): void {
    if (this.paused || !this.link || this.link.ended) return;
    this.paused = true;
    this.link.socket.pause();
    this.event("a messages() consumer is behind: reading paused");
  }

  private resumeReadingIfCaughtUp(): void {
    if (!this.paused) return;
    const low = (this.options.messageBufferLimit ?? 10_000) / 2;
    for (const channel of this.channels) if (channel.size > low) return;
    this.paused = false;
    // The peer was not silent: we were not listening.
    this.lastReceivedAt = this.clock.now();
    this.testRequestAt = undefined;
    if (this.link && !this.link.ended) this.link.socket.resume();
    this.event("reading resumed");
  }

  // ---- logon / logout ------------------------------------------------------------------------------------

  private async onLogon(link: Link, inbound: Inbound): Promise<void> {
    const { message } = inbound;
    const { header } = message;
    if (header["senderCompID"] !== this.targetCompID || header["targetCompID"] !== this.senderCompID) {
      await this.logoutAndClose(link, "Logon with wrong CompIDs");
      return;
    }
    if (inbound.errors.length > 0) {
      await this.logoutAndClose(link, `invalid Logon: ${inbound.errors[0]!.text}`);
      return;
    }
    const reset = message["resetSeqNumFlag"] === true;
    if (this.role === "acceptor") {
      const refusal = this.options.verifyLogon?.(message);
      if (refusal !== undefined) {
        this.event(`Logon refused: ${refusal}`);
        await this.logoutAndClose(link, refusal);
        return;
      }
      const heartBtInt = message["heartBtInt"];
      if (typeof heartBtInt === "number" && heartBtInt > 0) this.heartBtIntMs = heartBtInt * 1000;
      if (reset) await this.store.reset();
      await this.sendLogon(reset);
    } else if (reset && !this.resetRequested) {
      // The acceptor reset on its own initiative: follow it.
      await this.store.reset();
    }
    this.resetRequested = false;
    this.clearDeadline();
    this.setState("loggedOn");
    this.startTicking();
    this.event(`logged on${reset ? " (sequence numbers reset)" : ""}`);
    this.emitter.emit("logon", { resetSeqNum: reset, heartBtInt: this.heartBtIntMs / 1000 });
    this.flushWaiting();
    const expected = this.store.nextTargetSeqNum;
    if (inbound.seq < expected) {
      await this.logoutAndClose(link, `MsgSeqNum too low, expecting ${expected} but received ${inbound.seq}`);
    } else if (inbound.seq > expected) {
      await this.requestResend(expected, inbound.seq);
      // The Logon itself counts as received only when the gap before it is filled: queue a no-op in its place.
      this.queue.set(inbound.seq, { ...inbound, message: { ...message, msgType: "0" } });
    } else {
      this.advance(expected + 1);
    }
  }

  private async onLogout(link: Link, message: DecodedObject): Promise<void> {
    const text = typeof message["text"] === "string" ? message["text"] : "";
    this.event(`Logout received${text ? `: ${text}` : ""}`);
    if (this.currentState !== "logoutSent") await this.sendAdmin("5", {});
    this.closeLink(link, text ? `peer logged out: ${text}` : "peer logged out", true);
  }

  /** Sends Logout and closes; does not wait longer than logoutTimeoutMs for the Logout to be written. */
  private async logoutAndClose(link: Link, text: string): Promise<void> {
    this.event(`logging out: ${text}`);
    let timer: unknown;
    const deadline = new Promise<void>((resolve) => (timer = this.clock.setTimeout(resolve, this.options.logoutTimeoutMs ?? 10_000)));
    try {
      await Promise.race([this.sendAdmin("5", { text }), deadline]);
    } catch (error) {
      this.fail(error);
    } finally {
      this.clock.clearTimeout(timer);
    }
    this.closeLink(link, text, false);
  }

  private async sendLogon(reset: boolean): Promise<void> {
    const msgSeqNum = this.store.nextSenderSeqNum;
    const extra =
      this.options.logonFields?.({ msgSeqNum, senderCompID: this.senderCompID, targetCompID: this.targetCompID, resetSeqNumFlag: reset }) ?? {};
    await this.sendAdmin("A", {
      encryptMethod: 0,
      heartBtInt: this.heartBtIntMs / 1000,
      ...(reset ? { resetSeqNumFlag: true } : {}),
      ...extra,
    });
  }

  // ---- resend --------------------------------------------------------------------------------------------

  private async onResendRequest(inbound: Inbound): Promise<void> {
    const begin = Number(inbound.message["beginSeqNo"]);
    const requestedEnd = Number(inbound.message["endSeqNo"]);
    const lastSent = this.store.nextSenderSeqNum - 1;
    const end = requestedEnd === 0 || requestedEnd > lastSent ? lastSent : requestedEnd;
    this.event(`ResendRequest ${begin}..${requestedEnd}: answering ${begin}..${end}`);
    if (!(begin >= 1) || begin > end) return;
    const stored = (await this.store.getRange(begin, end)).map(({ seqNum, message }) => ({
      seqNum,
      message: this.options.protocol.decode(message).message as DecodedObject | undefined,
    }));
    const plan = planResend(begin, end, stored, this.replay);
    // Reported first: the decision not to resend is final even if the connection drops while answering.
    for (const message of plan.notResent) this.emitter.emit("notResent", message);
    for (const step of plan.steps) {
      if (step.kind === "gapFill") await this.writeResent("4", { gapFillFlag: true, newSeqNo: step.newSeqNo }, step.seqNum, this.timestamp());
      else await this.writeResent(step.msgType, step.body, step.seqNum, step.origSendingTime);
    }
  }

  /** A retransmission: PossDupFlag=Y, OrigSendingTime, fresh SendingTime, its old MsgSeqNum; not stored again. */
  private writeResent(msgType: string, body: object, seq: number, origSendingTime: string): Promise<void> {
    const header: SessionHeader = { ...this.header(seq), possDupFlag: true, origSendingTime };
    const bytes = encodeWire(this.dictionary, this.compiled(msgType), body, header);
    return this.enqueueWrite(Promise.resolve(), bytes, msgType);
  }

  private async onSequenceReset(inbound: Inbound): Promise<void> {
    const newSeqNo = Number(inbound.message["newSeqNo"]);
    const expected = this.store.nextTargetSeqNum;
    if (!(newSeqNo >= 1)) {
      await this.sendReject(inbound, 5, 36, "NewSeqNo is not a MsgSeqNum");
      return;
    }
    if (newSeqNo < expected) {
      await this.sendReject(inbound, 5, 36, `NewSeqNo ${newSeqNo} is below the expected MsgSeqNum ${expected}`);
      return;
    }
    this.event(`SequenceReset-Reset: next expected MsgSeqNum ${expected} → ${newSeqNo}`);
    await this.store.setNextTargetSeqNum(newSeqNo);
    if (this.link) await this.drainQueue(this.link);
  }

  /** SequenceReset-GapFill when due: returns the next expected MsgSeqNum. */
  private async onGapFill(inbound: Inbound): Promise<number> {
    const newSeqNo = Number(inbound.message["newSeqNo"]);
    if (!(newSeqNo > inbound.seq)) {
      await this.sendReject(inbound, 5, 36, `NewSeqNo ${newSeqNo} must be above MsgSeqNum ${inbound.seq}`);
      return inbound.seq + 1;
    }
    return newSeqNo;
  }

  // ---- outbound ------------------------------------------------------------------------------------------

  private async sendReject(inbound: Inbound, reason: number, refTagID: number | undefined, text: string): Promise<void> {
    await this.sendAdmin("3", {
      refSeqNum: inbound.seq,
      ...(refTagID === undefined ? {} : { refTagID }),
      refMsgType: inbound.message.msgType,
      sessionRejectReason: reason,
      text,
    });
    this.emitter.emit("reject", { direction: "sent", msgType: "3", refSeqNum: inbound.seq, reason, text });
  }

  private sendAdmin(msgType: string, body: Record<string, unknown>): Promise<number> {
    return this.sendMessage(msgType, body, {});
  }

  private compiled(msgType: string): CompiledMessage {
    const compiled = this.dictionary.messages.get(msgType);
    if (!compiled) throw new SessionError("InvalidOption", `the dictionary has no MsgType ${msgType} (pass its codecs to the session)`);
    return compiled;
  }

  private header(msgSeqNum: number): SessionHeader {
    return { msgSeqNum, senderCompID: this.senderCompID, targetCompID: this.targetCompID, sendingTime: this.timestamp() };
  }

  private timestamp(): string {
    return formatUtcTimestamp(this.clock.now());
  }

  /**
   * Encodes with the next MsgSeqNum, records it in the store, then writes: the number is taken synchronously so
   * concurrent sends cannot share it, and writes follow in MsgSeqNum order.
   */
  private sendMessage(msgType: string, body: object, extraHeader: object): Promise<number> {
    const link = this.link;
    if (!link || link.ended) return Promise.reject(new NotLoggedOnError(msgType, "disconnected"));
    const seq = this.store.nextSenderSeqNum;
    const bytes = encodeWire(this.dictionary, this.compiled(msgType), body, { ...extraHeader, ...this.header(seq) });
    const stored = this.store.append(seq, bytes);
    const written = this.enqueueWrite(stored, bytes, msgType);
    if (ADMIN_TYPES.has(msgType)) return written.then(() => seq);
    // A copy taken now: the app may reuse its object for the next send before this one is written.
    const sent = { seqNum: seq, msgType, body: { ...(body as Record<string, unknown>) } };
    return written.then(() => {
      this.emitter.emit("sent", sent);
      return seq;
    });
  }

  /**
   * Writes after `before` (the store record) and after every earlier write; resolves once the socket took the
   * bytes. Above the socket's high-water mark the *next* write waits for drain, so memory follows the peer's pace
   * while a send that went out is never reported as failed.
   */
  private enqueueWrite(before: Promise<void>, bytes: Buffer, msgType: string): Promise<void> {
    const link = this.link;
    let mustDrain = false;
    const written = this.outboundChain.then(
      () => before,
      () => before,
    ).then(() => {
      if (!link || link.ended || !link.socket.writable) throw new NotLoggedOnError(msgType, "disconnected");
      if (!link.corked) {
        // Messages written in the same turn (a burst of sends, a resend) leave in one writev instead of one
        // syscall each; uncorked as soon as the current callbacks and promise jobs have run.
        link.corked = true;
        link.socket.cork();
        process.nextTick(() => {
          link.corked = false;
          link.socket.uncork();
        });
      }
      try {
        mustDrain = !link.writer.write(bytes);
      } catch (error) {
        // Only a single message larger than the cap gets here (writes wait for drain well before it): what is not
        // written is in the store, and a later connection recovers it.
        this.closeLink(link, error instanceof Error ? error.message : String(error), false);
        throw error;
      }
      this.lastSentAt = this.clock.now();
      this.spin.touch();
      this.options.log?.outgoing(bytes);
    });
    this.outboundChain = written.then(() => (mustDrain && link ? this.waitForDrain(link) : undefined)).catch(() => undefined);
    return written;
  }

  private async waitForDrain(link: Link): Promise<void> {
    link.drainingSince = this.clock.now();
    try {
      await link.writer.drain();
    } finally {
      link.drainingSince = undefined;
    }
  }

  // ---- timers --------------------------------------------------------------------------------------------

  private startTicking(): void {
    this.stopTicking();
    const period = Math.min(1000, this.heartBtIntMs / 4);
    const tick = (): void => {
      this.tickTimer = this.clock.setTimeout(tick, period);
      this.onTick();
    };
    this.tickTimer = this.clock.setTimeout(tick, period);
  }

  private stopTicking(): void {
    if (this.tickTimer !== undefined) this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
  }

  private onTick(): void {
    const link = this.link;
    if (!link || link.ended || (this.currentState !== "loggedOn" && this.currentState !== "logoutSent")) return;
    const now = this.clock.now();
    const silence = this.heartBtIntMs * (this.options.testRequestFactor ?? 1.2);
    const report = (error: unknown): void => this.fail(error);
    if (link.drainingSince !== undefined) {
      // Our writes wait for the peer to read: queueing heartbeats behind them would only pile up numbers.
      if (now - link.drainingSince >= silence) this.closeLink(link, "peer not reading: our writes have waited too long", false);
      return;
    }
    if (this.paused) {
      // Not reading: the peer's silence cannot be judged, but our heartbeats keep going.
      if (now - this.lastSentAt >= this.heartBtIntMs) this.sendAdmin("0", {}).catch(report);
      return;
    }
    if (this.testRequestAt !== undefined && now - this.testRequestAt >= silence) {
      this.event("no answer to TestRequest: disconnecting");
      this.closeLink(link, "peer silent after TestRequest", false);
      return;
    }
    if (this.testRequestAt === undefined && now - this.lastReceivedAt >= silence) {
      this.testRequestAt = now;
      this.sendAdmin("1", { testReqID: `TEST-${++this.testRequestCounter}` }).catch(report);
      return;
    }
    if (now - this.lastSentAt >= this.heartBtIntMs) this.sendAdmin("0", {}).catch(report);
  }

  private startDeadline(ms: number, reason: string): void {
    this.clearDeadline();
    const link = this.link;
    this.deadlineTimer = this.clock.setTimeout(() => {
      if (link && !link.ended) {
        this.event(reason);
        this.closeLink(link, reason, false);
      }
    }, ms);
  }

  private clearDeadline(): void {
    if (this.deadlineTimer !== undefined) this.clock.clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
  }

  private closeLink(link: Link, reason: string, clean: boolean): void {
    if (link.ended) return;
    link.ended = true;
    this.spin.stop();
    const wasLoggedOn = this.currentState === "loggedOn" || this.currentState === "logoutSent";
    this.stopTicking();
    this.clearDeadline();
    // end() lets a Logout we just queued reach the peer; destroy() follows for a peer that never closes.
    link.socket.end();
    // Real time, not the session clock: a test clock that stands still must not leak the socket.
    setTimeout(() => link.socket.destroy(), 1000).unref();
    this.setState("disconnected");
    this.event(`disconnected: ${reason}`);
    const info = { reason, clean };
    if (wasLoggedOn) this.emitter.emit("logout", info);
    link.resolveClosed(info);
  }
}
