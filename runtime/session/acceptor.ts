/**
 * Listens for FIX connections and hands each to the session its Logon names (by SenderCompID/TargetCompID).
 * Unknown CompIDs, a second connection for a connected session, or a connection that sends no message in time
 * are closed without an answer.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import type { AddressInfo } from "node:net";
import { FrameReader } from "../codec/framer.js";
import type { Protocol } from "../validation/validator.js";
import type { FixSession } from "./session.js";

export interface AcceptorOptions {
  readonly protocol: Protocol;
  readonly sessions: readonly FixSession<unknown>[];
  /** TLS key and certificate (PEM); without them the acceptor speaks plain TCP. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer; readonly minVersion?: "TLSv1.2" | "TLSv1.3" };
  /** Time for a new connection to send its first complete message. Default 10 s. */
  readonly firstMessageTimeoutMs?: number;
  /** Called for connections that are closed before reaching a session. */
  readonly onRefused?: (reason: string) => void;
}

export class Acceptor {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly options: AcceptorOptions) {
    const onSocket = (socket: net.Socket): void => this.onConnection(socket);
    this.server = options.tls
      ? tls.createServer({ key: options.tls.key, cert: options.tls.cert, minVersion: options.tls.minVersion ?? "TLSv1.3" }, onSocket)
      : net.createServer(onSocket);
  }

  /** Starts listening; port 0 picks a free port. Resolves with the bound port. */
  listen(port = 0, host = "127.0.0.1"): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening and closes every connection (sessions see a disconnect). */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => undefined);
    const reader = new FrameReader();
    const chunks: Buffer[] = [];
    const refuse = (reason: string): void => {
      cleanup();
      this.options.onRefused?.(reason);
      socket.destroy();
    };
    const timer = setTimeout(() => refuse("no message in time"), this.options.firstMessageTimeoutMs ?? 10_000);
    timer.unref();
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off("data", onData);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      const frame = reader.push(chunk).find((f) => f.type === "message");
      if (!frame) return;
      const header = this.options.protocol.decode(frame.bytes).message as { header?: Record<string, unknown> } | undefined;
      const sender = header?.header?.["senderCompID"];
      const target = header?.header?.["targetCompID"];
      const session = this.options.sessions.find((s) => s.targetCompID === sender && s.senderCompID === target);
      if (!session) return refuse(`no session for ${String(sender)}->${String(target)}`);
      if (session.state !== "disconnected") return refuse(`session ${String(target)}->${String(sender)} is already connected`);
      cleanup();
      session.attach(socket, Buffer.concat(chunks)).catch(() => undefined);
    };
    socket.on("data", onData);
  }
}
