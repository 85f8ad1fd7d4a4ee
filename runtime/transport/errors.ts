/** Typed transport failures. Messages name the endpoint (host:port) and the OS/TLS reason; never any payload. */

export type TransportErrorCode =
  "ConnectTimeout" | "ConnectFailed" | "TlsFailed" | "Aborted" | "AttemptsExhausted" | "WriteQueueFull" | "NotWritable";

export class TransportError extends Error {
  override readonly name = "TransportError";

  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
