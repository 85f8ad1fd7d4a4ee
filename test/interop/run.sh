#!/usr/bin/env bash
# Runs the QuickFIX interop tests (test/interop/vitest.config.ts). QuickFIX 1.15.1 cannot bind to 127.0.0.1 only:
# it listens on every interface. Where this machine allows it (root, util-linux `unshare`, iproute2 `ip`), the
# tests and the acceptor they start run inside a private network namespace whose only interface is loopback, so
# nothing but the test can reach the acceptor. Elsewhere they run as they are, on a fresh port, with a warning.
# NODE picks the Node binary (CI runs the suite again on Node 24); extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
run=("${NODE:-node}" node_modules/vitest/vitest.mjs run --config test/interop/vitest.config.ts "$@")
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && command -v ip >/dev/null && unshare -n true 2>/dev/null; then
  echo "interop: running inside a private network namespace (unshare -n, loopback only)"
  export KRAKEN_FIX_NETNS=isolated
  exec unshare -n -- sh -c 'ip link set lo up && exec "$@"' sh "${run[@]}"
fi
echo "interop: no private network namespace here (needs root, unshare and ip): QuickFIX listens on all interfaces while the tests run" >&2
exec "${run[@]}"
