/**
 * One connection attempt over node:net / node:tls, with Kraken's requirements as defaults: TLS 1.3, certificate
 * verification on, SNI set to the host name. The host name is resolved afresh on every attempt (Kraken's DNS
 * records have a 5-minute TTL and must not be pinned): we always hand the name, never an IP we resolved earlier,
 * to the socket, and Node performs the lookup per connect.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { TransportError } from "./errors.js";

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** Name for SNI and certificate verification. Default: host (none when host is an IP address). */
  readonly servername?: string;
}

export interface TlsSettings {
  /**
   * Trusted CA certificates (PEM). As in node:tls, this replaces the default public CA bundle — use it for a
   * private CA or a test certificate; leave it unset for Kraken.
   */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Lowest TLS version accepted. Default "TLSv1.3" (Kraken's Unified FIX requirement). */
  readonly minVersion?: "TLSv1.2" | "TLSv1.3";
  /**
   * Accept any server certificate. Only for UAT endpoints whose certificate does not verify: it removes all
   * protection against an attacker in the path. Never use it in production.
   */
  readonly insecureSkipVerify?: boolean;
}

export interface ConnectOptions {
  readonly endpoint: Endpoint;
  /** TLS settings (default: TLS with the defaults above), or `false` for plain TCP (local simulators, tests). */
  readonly tls?: TlsSettings | false;
  /** Time allowed for DNS + TCP + TLS handshake. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Host name resolver; default dns.lookup. Injectable to observe or steer resolution. */
  readonly lookup?: net.LookupFunction;
  readonly signal?: AbortSignal;
}

export interface Connection {
  /** A tls.TLSSocket unless `tls: false`. Attach an 'error' listener at once: connect() removes its own. */
  readonly socket: net.Socket;
  readonly endpoint: Endpoint;
  /** Negotiated TLS version ("TLSv1.3"), or null for plain TCP. */
  readonly protocol: string | null;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function connect(options: ConnectOptions): Promise<Connection> {
  const { endpoint, signal } = options;
  const where = `${endpoint.host}:${endpoint.port}`;
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (signal?.aborted) return Promise.reject(new TransportError("Aborted", `connect to ${where} aborted`));
  const settings = options.tls ?? {};
  const base = { host: endpoint.host, port: endpoint.port, ...(options.lookup ? { lookup: options.lookup } : {}) };
  const socket =
    settings === false
      ? net.connect(base)
      : tls.connect({
          ...base,
          servername: endpoint.servername ?? (net.isIP(endpoint.host) ? undefined : endpoint.host),
          minVersion: settings.minVersion ?? "TLSv1.3",
          rejectUnauthorized: settings.insecureSkipVerify !== true,
          ...(settings.ca ? { ca: settings.ca as string | Buffer | Array<string | Buffer> } : {}),
        });

  return new Promise((resolve, reject) => {
    let tcpConnected = false;
    const onTcpConnect = (): void => {
      tcpConnected = true;
    };
    const finish = (error?: TransportError): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("connect", onTcpConnect);
      socket.off(settings === false ? "connect" : "secureConnect", onReady);
      socket.off("error", onError);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolve({ socket, endpoint, protocol: settings === false ? null : (socket as tls.TLSSocket).getProtocol() });
      }
    };
    const onReady = (): void => finish();
    const onError = (error: NodeJS.ErrnoException & { reason?: unknown }): void => {
      // OpenSSL errors carry a multi-line message with internal addresses; their `reason` is the readable part.
      const text = typeof error.reason === "string" ? error.reason : error.message;
      const reason = error.code && !text.includes(error.code) ? `${text} (${error.code})` : text;
      finish(
        tcpConnected && settings !== false
          ? new TransportError("TlsFailed", `TLS handshake with ${where} failed: ${reason}`, { cause: error })
          : new TransportError("ConnectFailed", `connect to ${where} failed: ${reason}`, { cause: error }),
      );
    };
    const onAbort = (): void => finish(new TransportError("Aborted", `connect to ${where} aborted`));
    const timer = setTimeout(
      () => finish(new TransportError("ConnectTimeout", `connect to ${where} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on("connect", onTcpConnect);
    socket.once(settings === false ? "connect" : "secureConnect", onReady);
    socket.once("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
