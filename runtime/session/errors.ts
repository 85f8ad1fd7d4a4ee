/** Typed errors of the session layer. Messages never quote secrets (554 or API secrets). */

/** `send()` was called while the session is not logged on: nothing was sent and no MsgSeqNum was used. */
export class NotLoggedOnError extends Error {
  override readonly name = "NotLoggedOnError";
  constructor(readonly msgType: string, readonly state: string) {
    super(`cannot send MsgType ${msgType}: the session is ${state}, not logged on`);
  }
}

export type SessionErrorCode = "AlreadyConnected" | "Disconnected" | "InvalidOption";

export class SessionError extends Error {
  override readonly name = "SessionError";
  constructor(readonly code: SessionErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** `send()` refused by the session's optional RateCounter: sending now would exceed Kraken's rate limit. */
export class ThrottledError extends Error {
  override readonly name = "ThrottledError";
  constructor(readonly msgType: string, readonly waitMs: number) {
    super(`MsgType ${msgType} not sent: the rate counter is full; retry in ${waitMs} ms`);
  }
}
