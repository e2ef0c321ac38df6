#!/usr/bin/env bash
# Rebuilds prebuilds/: the Node-API addon for linux-x64 (glibc), and for
# linux-arm64 with Debian's cross compiler (apt: g++-aarch64-linux-gnu), each
# with a manifest of its sources. Run it after any change to native/ or
# binding.gyp and commit the result: test/package-prebuilds.test.js fails while
# a committed prebuild no longer matches the sources.
# Verify the arm64 binary with scripts/check-arm64.sh (qemu-user).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v aarch64-linux-gnu-g++ >/dev/null || {
  echo "prebuild.sh: aarch64-linux-gnu-g++ not found (apt-get install g++-aarch64-linux-gnu)" >&2
  exit 1
}

rm -rf prebuilds
npx prebuildify --napi --strip --tag-libc
node scripts/prebuild-manifest.js prebuilds/linux-x64/*.node "${CXX:-c++}"

CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ \
  npx prebuildify --napi --strip --strip-bin aarch64-linux-gnu-strip --tag-libc --arch arm64
node scripts/prebuild-manifest.js prebuilds/linux-arm64/*.node aarch64-linux-gnu-g++

# prebuildify leaves its last (arm64) build in build/: put the host build back.
npx node-gyp rebuild >/dev/null
