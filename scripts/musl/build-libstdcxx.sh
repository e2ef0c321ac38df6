#!/usr/bin/env bash
# Builds a libstdc++.so.6 for musl from Debian's own GCC libstdc++.a (built
# for glibc) and glibc-compat.c: Bun's musl build (npm: @oven/bun-linux-x64-musl)
# needs a libstdc++.so.6 and Debian has none for musl. Only for proving the
# package's musl prebuild in a real musl process (scripts/fetch-runtime.sh
# bun-musl); nothing the package ships uses it.
#   scripts/musl/build-libstdcxx.sh OUT_DIR     (apt: g++ musl musl-dev musl-tools)
set -euo pipefail
out=${1:?usage: build-libstdcxx.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
gcc_dir=$(dirname "$(g++ -print-libgcc-file-name)")
musl_lib=/usr/lib/x86_64-linux-musl
for f in "$gcc_dir/libstdc++.a" "$gcc_dir/crtbeginS.o" /lib/x86_64-linux-musl/libc.so "$musl_lib/crti.o"; do
  [ -e "$f" ] || { echo "build-libstdcxx: $f missing (apt-get install g++ musl musl-dev musl-tools)" >&2; exit 1; }
done
command -v musl-gcc >/dev/null || { echo "build-libstdcxx: musl-gcc missing (apt-get install musl-tools)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
musl-gcc -O2 -fPIC -c "$here/glibc-compat.c" -o "$tmp/glibc-compat.o"
# Linked by hand: g++'s driver would add glibc's crt files and libc.
g++ -shared -nostdlib -Wl,-soname,libstdc++.so.6 -Wl,-z,defs -o "$out/libstdc++.so.6" \
  "$musl_lib/crti.o" "$gcc_dir/crtbeginS.o" \
  -Wl,--whole-archive "$gcc_dir/libstdc++.a" -Wl,--no-whole-archive \
  "$tmp/glibc-compat.o" "$gcc_dir/libgcc_eh.a" "$gcc_dir/libgcc.a" \
  -L/lib/x86_64-linux-musl -lc "$gcc_dir/crtendS.o" "$musl_lib/crtn.o"
