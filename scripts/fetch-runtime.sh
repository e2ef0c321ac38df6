#!/usr/bin/env bash
# Prints the path of a Bun or Deno executable for Linux x64, fetched from the
# npm registry (Bun: @oven/bun-linux-x64, Deno: @deno/linux-x64-glibc) and
# cached under ~/.cache/vdso, like scripts/fetch-node.sh.
#   scripts/fetch-runtime.sh bun 1.4.5    -> ~/.cache/vdso/bun-1.4.5/package/bin/bun
#   scripts/fetch-runtime.sh deno 2.9.6
set -euo pipefail
runtime=${1:?usage: fetch-runtime.sh bun|deno VERSION}
version=${2:?usage: fetch-runtime.sh bun|deno VERSION}
case "$runtime" in
  bun) pkg="@oven/bun-linux-x64"; exe="package/bin/bun" ;;
  deno) pkg="@deno/linux-x64-glibc"; exe="package/deno" ;;
  *) echo "fetch-runtime: bun or deno, not '$runtime'" >&2; exit 2 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/vdso/$runtime-$version"
if [ ! -x "$dir/$exe" ]; then
  mkdir -p "$dir"
  tmp=$(mktemp -d "$dir.XXXXXX")
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && tar xzf ./*.tgz)
  chmod +x "$tmp/$exe"
  rm -rf "$dir/package"
  mv "$tmp/package" "$dir/package"
  rm -rf "$tmp"
fi
printf '%s\n' "$dir/$exe"
