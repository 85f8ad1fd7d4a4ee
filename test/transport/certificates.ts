/**
 * Test PKI made at test time with the openssl CLI: a CA, a server certificate it signed for localhost and
 * 127.0.0.1, and an unrelated self-signed certificate. Nothing secret is committed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPki {
  readonly directory: string;
  readonly caCert: string;
  readonly serverKey: string;
  readonly serverCert: string;
  /** Paths of the same, for programs that read files (the QuickFIX acceptor). */
  readonly files: { readonly caCert: string; readonly serverKey: string; readonly serverCert: string };
  remove(): void;
}

/** RSA, not EC: QuickFIX C++ 1.15.1's SSL acceptor fails to load an EC key ("Unable to configure client certificate"). */
const KEY = ["-newkey", "rsa:2048", "-nodes"];

export function createTestPki(): TestPki {
  const directory = mkdtempSync(join(tmpdir(), "kfx-pki-"));
  const path = (name: string) => join(directory, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: directory, stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    ...KEY,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=kraken-fix test CA",
  );
  openssl("req", ...KEY, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
  writeFileSync(
    path("server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
  );
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.crt",
    "-days",
    "2",
    "-extfile",
    "server.ext",
  );
  const files = { caCert: path("ca.crt"), serverKey: path("server.key"), serverCert: path("server.crt") };
  return {
    directory,
    caCert: readFileSync(files.caCert, "latin1"),
    serverKey: readFileSync(files.serverKey, "latin1"),
    serverCert: readFileSync(files.serverCert, "latin1"),
    files,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
