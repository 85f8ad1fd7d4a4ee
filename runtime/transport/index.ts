/** TCP/TLS connections with Kraken's defaults, reconnection with failover and backoff, bounded writes. */
export { connect, DEFAULT_CONNECT_TIMEOUT_MS } from "./connect.js";
export type { Connection, ConnectOptions, Endpoint, TlsSettings } from "./connect.js";
export { Connector } from "./connector.js";
export type { ConnectorOptions, AttemptFailure } from "./connector.js";
export { backoffDelay, backoffCeiling, checkBackoffPolicy, DEFAULT_BACKOFF } from "./backoff.js";
export type { BackoffPolicy } from "./backoff.js";
export { MessageWriter } from "./writer.js";
export type { MessageWriterOptions } from "./writer.js";
export { TransportError } from "./errors.js";
export type { TransportErrorCode } from "./errors.js";
