/**
 * Child process of the session loopback measurement's floor: a TCP server on 127.0.0.1 (port chosen by the OS)
 * that writes back every chunk it reads, with Nagle off as the sessions have it. Prints `{"port":…}` once
 * listening; exits on SIGTERM or when its parent goes away (stdin closes).
 */
import { createServer } from "node:net";

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("data", (chunk) => socket.write(chunk));
  socket.on("error", () => socket.destroy());
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the echo server has no TCP port");
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
const stop = (): void => process.exit(0);
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
