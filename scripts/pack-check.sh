#!/usr/bin/env bash
# The published package, installed the way users install it, with no compiler:
#  1. npm pack (runs prepare: tsc), then npm install the tarball into a fresh
#     project with every C/C++ compiler, make, cmake and ninja hidden from PATH;
#  2. a CommonJS script, an ES module script, tsc --noEmit on a .cts and a .mts
#     consumer against the shipped types, `npx vdso --json` and `npx vdso`;
#  3. the fallbacks: VDSO_BACKEND=js, a corrupt prebuild at load, and
#     `npm rebuild` with the prebuild corrupt and no compiler (the install must
#     still succeed, on the JS backend).
# Needs the npm registry (or npm's cache) for the two runtime dependencies.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vdso-pack-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
say() { printf 'pack-check: %s\n' "$*"; }
fail() { printf 'pack-check: FAILED: %s\n' "$*" >&2; exit 1; }

cd "$root"
packed=$(npm pack --pack-destination "$work" --silent | tail -n 1) || fail "npm pack"
tarball="$work/$packed"
say "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

# A PATH with everything except the tools that could build the addon.
nocc="$work/bin"
mkdir "$nocc"
IFS=: read -ra path_dirs <<< "$PATH"
for dir in "${path_dirs[@]}"; do
  [ -d "$dir" ] || continue
  for tool in "$dir"/*; do
    name=${tool##*/}
    { [ -x "$tool" ] && [ ! -d "$tool" ] && [ ! -e "$nocc/$name" ]; } || continue
    case "$name" in
      cc|c++|cpp|gcc|g++|clang|clang++|make|gmake|cmake|ninja|ld|ld.*|as) continue ;;
      gcc-[0-9]*|g++-[0-9]*|cpp-[0-9]*|clang-[0-9]*|clang++-[0-9]*) continue ;;
      *-cc|*-c++|*-cpp|*-gcc|*-g++|*-gcc-[0-9]*|*-g++-[0-9]*|*-cpp-[0-9]*|*-ld|*-ld.*|*-as) continue ;;
    esac
    ln -s "$tool" "$nocc/$name"
  done
done
export PATH="$nocc"
for tool in cc c++ gcc g++ clang make cmake; do
  ! command -v "$tool" >/dev/null || fail "$tool is still on PATH"
done
say "compilers hidden: $(command -v node) and npm remain, no cc/g++/make/cmake"

app="$work/app"
mkdir "$app"
cd "$app"
printf '{ "name": "vdso-consumer", "version": "1.0.0", "private": true }\n' > package.json
npm install --no-audit --no-fund --prefer-offline --foreground-scripts "$tarball" > install.log 2>&1 \
  || { cat install.log >&2; fail "npm install of the tarball"; }
[ ! -e node_modules/vdso/build ] || { cat install.log >&2; fail "the install built from source although a prebuild fits"; }
say "installed without building"

tuple=$(node -p 'process.platform + "-" + process.arch')
if [ -d "node_modules/vdso/prebuilds/$tuple" ]; then expected=native; else expected=js; fi
cp "$root"/scripts/pack-check/consumer.* .

EXPECT_BACKEND=$expected node consumer.cjs
EXPECT_BACKEND=$expected node consumer.mjs

cat > tsconfig.json <<EOF
{
  "compilerOptions": {
    "module": "node16", "moduleResolution": "node16", "target": "ES2022", "strict": true,
    "noEmit": true, "skipLibCheck": false, "types": ["node"], "typeRoots": ["$root/node_modules/@types"]
  },
  "files": ["consumer.cts", "consumer.mts"]
}
EOF
node "$root/node_modules/typescript/bin/tsc" -p . || fail "tsc --noEmit against the shipped types"
say "tsc --noEmit: consumer.cts and consumer.mts type-check against the shipped declarations"

npx --no-install vdso --json > info.json || fail "npx vdso --json"
node -e '
  const info = JSON.parse(require("fs").readFileSync("info.json", "utf8"));
  const path = info.backend.clock_gettime.path;
  const ok = process.argv[1] === "js" ? path === "js" : path === "vdso" || path === "syscall";
  if (typeof info.present !== "boolean" || !ok) { console.error(info); process.exit(1); }
  console.log(`pack-check: npx vdso --json: present=${info.present}, clock_gettime via ${path}`);
' "$expected"
npx --no-install vdso > info.txt || fail "npx vdso"

# Fallbacks in the installed package.
VDSO_BACKEND=js EXPECT_BACKEND=js EXPECT_REASON='^VDSO_BACKEND=js$' node consumer.cjs
if [ "$expected" = native ]; then
  for f in node_modules/vdso/prebuilds/"$tuple"/*.node; do printf 'not an ELF file' > "$f"; done
  EXPECT_BACKEND=js EXPECT_REASON='did not load' node consumer.cjs
  VDSO_BACKEND=js npx --no-install vdso > /dev/null || fail "npx vdso on the JS backend"
  npm rebuild vdso --foreground-scripts > rebuild.log 2>&1 || { cat rebuild.log >&2; fail "npm rebuild without a compiler must still succeed"; }
  grep -q 'will use its pure-JS backend' rebuild.log || { cat rebuild.log >&2; fail "npm rebuild did not explain the fallback"; }
  say "npm rebuild with a corrupt prebuild and no compiler: exit 0, JS backend announced"
  EXPECT_BACKEND=js node consumer.mjs
fi
say "all checks passed"
