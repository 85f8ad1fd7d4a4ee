/** The FIX session layer: state machine, initiator, acceptor, Kraken logon hooks. */
export { FixSession } from "./session.js";
export type {
  SessionOptions,
  SessionRole,
  SessionState,
  SessionEvents,
  LogonContext,
  RejectEvent,
  DisconnectInfo,
  SentMessage,
} from "./session-types.js";
export { Initiator } from "./initiator.js";
export type { InitiatorOptions } from "./initiator.js";
export { Acceptor } from "./acceptor.js";
export type { AcceptorOptions } from "./acceptor.js";
export { krakenLogon, verifyKrakenLogon } from "./kraken-logon.js";
export type { KrakenLogonOptions, VerifyKrakenLogonOptions } from "./kraken-logon.js";
export { NotLoggedOnError, SessionError, ThrottledError } from "./errors.js";
export type { SessionErrorCode } from "./errors.js";
export { systemClock } from "./clock.js";
export type { Clock } from "./clock.js";
export type { AnyCodec, MessageMapOf, AppMessageOf, SessionHeader } from "./types.js";
export { OrderSync } from "./order-sync.js";
export { CPU_LATENCY_DEVICE, NO_CPU_LATENCY_BOUND, CpuLatencyError, canHoldCpuLatency, currentCpuLatency, holdCpuLatency } from "./cpu-latency.js";
export type { CpuLatencyHold } from "./cpu-latency.js";
export type { OrderSyncOptions, ReconcileResult } from "./order-sync.js";
