#!/usr/bin/env bash
# Prints the path of a Bun or Deno executable for Linux x64, fetched from the
# npm registry and cached under ~/.cache/vdso, like scripts/fetch-node.sh:
#   scripts/fetch-runtime.sh bun 1.4.5       @oven/bun-linux-x64        -> .../bun-1.4.5/package/bin/bun
#   scripts/fetch-runtime.sh deno 2.9.6      @deno/linux-x64-glibc      -> .../deno-2.9.6/package/deno
#   scripts/fetch-runtime.sh bun-musl 1.4.5  @oven/bun-linux-x64-musl   -> .../bun-musl-1.4.5/package/bin/bun
# bun-musl is a real musl process (Debian's musl loader, /lib/ld-musl-x86_64.so.1)
# with the libstdc++.so.6 it needs built by scripts/musl/build-libstdcxx.sh
# and found through its RUNPATH (patchelf), so nothing else sees that library.
# It needs apt: musl musl-dev musl-tools patchelf g++.
set -euo pipefail
runtime=${1:?usage: fetch-runtime.sh bun|deno|bun-musl VERSION}
version=${2:?usage: fetch-runtime.sh bun|deno|bun-musl VERSION}
here=$(cd "$(dirname "$0")" && pwd)
case "$runtime" in
  bun) pkg="@oven/bun-linux-x64"; exe="package/bin/bun" ;;
  deno) pkg="@deno/linux-x64-glibc"; exe="package/deno" ;;
  bun-musl) pkg="@oven/bun-linux-x64-musl"; exe="package/bin/bun" ;;
  *) echo "fetch-runtime: bun, deno or bun-musl, not '$runtime'" >&2; exit 2 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/vdso/$runtime-$version"
if [ ! -x "$dir/$exe" ]; then
  mkdir -p "$dir"
  tmp=$(mktemp -d "$dir.XXXXXX")
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && tar xzf ./*.tgz)
  chmod +x "$tmp/$exe"
  if [ "$runtime" = bun-musl ]; then
    [ -x /lib/ld-musl-x86_64.so.1 ] || { echo "fetch-runtime: /lib/ld-musl-x86_64.so.1 missing (apt-get install musl)" >&2; exit 1; }
    command -v patchelf >/dev/null || { echo "fetch-runtime: patchelf missing (apt-get install patchelf)" >&2; exit 1; }
    bash "$here/musl/build-libstdcxx.sh" "$tmp/package/lib" >&2
    patchelf --set-rpath '$ORIGIN/../lib' "$tmp/$exe"
  fi
  rm -rf "$dir/package"
  mv "$tmp/package" "$dir/package"
  rm -rf "$tmp"
fi
printf '%s\n' "$dir/$exe"
