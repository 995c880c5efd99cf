#!/usr/bin/env bash
# Proves that packed packages work outside the monorepo: packs each named package, installs the
# tarballs alone into an empty directory (dependencies from the npm registry) and runs a smoke script
# there with plain `node`. Usage: verify-pack.sh <smoke-script.js> <package-dir>...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
smoke="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarballs=()
for dir in "$@"; do
  tarballs+=("$work/$(cd "$root/$dir" && npm pack --silent --pack-destination "$work" | tail -n 1)")
done
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --loglevel=error "${tarballs[@]}" >/dev/null
cp "$smoke" ./smoke.js
node smoke.js
