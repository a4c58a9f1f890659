#!/usr/bin/env bash
# Builds (once, cached in tests/pstest/.build/) and runs Google's in-memory Pub/Sub fake, pstest.
#
#   tests/pstest/start.sh [PORT]      build if needed, then serve on 127.0.0.1:PORT (0 or none = any free port);
#                                     prints "PSTEST_ADDR=host:port" when ready; stops on SIGTERM or stdin EOF
#   tests/pstest/start.sh --build-only
#
# Needs only Debian packages, no network: golang-go and golang-google-cloud-dev (sources under /usr/share/gocode,
# built in GOPATH mode). Exits 3 with a clear message when they are missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/.build"
bin="$out/pstest"
gocode="${PSTEST_GOPATH:-/usr/share/gocode}"

build() {
  if ! command -v go >/dev/null 2>&1; then
    echo "pstest: 'go' not found. Run scripts/test-services-setup.sh (or apt-get install -y golang-go golang-google-cloud-dev)" >&2
    exit 3
  fi
  if [ ! -d "$gocode/src/cloud.google.com/go/pubsub/pstest" ]; then
    echo "pstest: $gocode/src/cloud.google.com/go/pubsub/pstest missing. Run scripts/test-services-setup.sh (or apt-get install -y golang-google-cloud-dev)" >&2
    exit 3
  fi
  mkdir -p "$out"
  echo "pstest: building $bin" >&2
  # GOPATH mode against Debian's packaged sources: no modules, no proxy, no network.
  (cd "$here" && env GOPATH="$gocode" GO111MODULE=off GOFLAGS= GOPROXY=off GOTOOLCHAIN=local \
    GOCACHE="$out/gocache" CGO_ENABLED=0 go build -o "$bin.tmp.$$" main.go) >&2
  mv -f "$bin.tmp.$$" "$bin"
}

if [ ! -x "$bin" ] || [ "$here/main.go" -nt "$bin" ]; then
  build
fi

if [ "${1:-}" = "--build-only" ]; then
  exit 0
fi

exec "$bin" -port "${1:-${PSTEST_PORT:-0}}"
