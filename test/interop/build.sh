#!/usr/bin/env bash
# Builds the QuickFIX C++ interop acceptor into test/interop/build/ (gitignored).
# Needs: g++ pkg-config libquickfix-dev (Debian: apt-get install -y g++ pkg-config libquickfix-dev openssl).
# -std=gnu++14: QuickFIX 1.15.1 headers use dynamic exception specifications, which C++17 rejects.
# HAVE_SSL=1: the headers guard the SSL acceptor with it; Debian's library is built with OpenSSL.
# No HAVE_STD_UNIQUE_PTR: the Debian library was built with std::auto_ptr as its SmartPtr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build"
mkdir -p "$out"
if [ "$out/acceptor" -nt "$here/acceptor.cpp" ] && [ "$out/acceptor" -nt "$here/build.sh" ]; then
  echo "acceptor is up to date: $out/acceptor"
  exit 0
fi
# shellcheck disable=SC2046 # pkg-config output is a list of flags
g++ -std=gnu++14 -O2 -Wall -Wno-deprecated -Wno-deprecated-declarations -DHAVE_SSL=1 \
  $(pkg-config --cflags quickfix) \
  -o "$out/acceptor.tmp" "$here/acceptor.cpp" \
  $(pkg-config --libs quickfix) -lssl -lcrypto -lpthread
mv "$out/acceptor.tmp" "$out/acceptor"
echo "built $out/acceptor"
