/** Typed errors of the session layer. Messages never quote secrets (554 or API secrets). */

/** `send()` was called while the session is not logged on: nothing was sent and no MsgSeqNum was used. */
export class NotLoggedOnError extends Error {
  override readonly name = "NotLoggedOnError";
  constructor(readonly msgType: string, readonly state: string) {
    super(`cannot send MsgType ${msgType}: the session is ${state}, not logged on`);
  }
}

export type SessionErrorCode = "AlreadyConnected" | "LogonRejected" | "Disconnected" | "Stopped" | "InvalidOption";

export class SessionError extends Error {
  override readonly name = "SessionError";
  constructor(readonly code: SessionErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
