#!/usr/bin/env bash
# The published package, installed the way users install it, with no compiler:
#  1. npm pack (runs prepare: the addon, tsc, the bundles), served by a local
#     registry (scripts/pack-check/registry.js) with its dependencies, and
#     installed with npm (11: script approval) into a fresh project with every
#     C/C++ compiler, make, cmake and ninja hidden from PATH: no install script
#     of vdso is run or listed for approval, nothing is built, and the prebuild
#     loads;
#  2. a CommonJS script, an ES module script, and tsc --noEmit on a .cts and a
#     .mts consumer against the shipped types with TypeScript 5.9 and 7,
#     module nodenext and moduleResolution bundler, @types/node installed and
#     no `types` setting; `npx vdso --json` and `npx vdso`;
#  3. the fallbacks: VDSO_BACKEND=js, and a corrupt prebuild at load (the JS
#     backend), where `vdso info` names the command that builds the addon from
#     source; that command, run with the compilers back, gives the native addon;
#  4. the tarball's contents (scripts/pack-check/tarball.js): every relative
#     link of README.md and docs/*.md names a file in it, and every file in it
#     is loaded, built or linked by something.
# Needs the npm registry (or npm's cache) for the dependencies, and for
# node-gyp (npx) in step 3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vdso-pack-check.XXXXXX")
registry_pid=
trap '[ -z "$registry_pid" ] || kill "$registry_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
say() { printf 'pack-check: %s\n' "$*"; }
fail() { printf 'pack-check: FAILED: %s\n' "$*" >&2; exit 1; }
full_path=$PATH

cd "$root"
packed=$(npm pack --pack-destination "$work" --silent | tail -n 1) || fail "npm pack"
tarball="$work/$packed"
version=$(node -p 'require("./package.json").version')
say "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

# The registry: the tarball, its dependencies, and the consumer's @types/node.
registry_dir="$work/registry"
mkdir "$registry_dir"
cp "$tarball" "$registry_dir/"
deps=$(node -p '
  const p = require("./package.json");
  const undici = require(require.resolve("undici-types/package.json", { paths: [require.resolve("@types/node/package.json")] })).version;
  [...Object.entries(p.dependencies), ["@types/node", p.devDependencies["@types/node"]], ["undici-types", undici]].map(([n, v]) => `${n}@${v}`).join(" ")')
# shellcheck disable=SC2086
npm pack --pack-destination "$registry_dir" --silent $deps > /dev/null || fail "npm pack $deps"
node "$root/scripts/pack-check/registry.js" "$registry_dir" > "$work/registry.url" &
registry_pid=$!
for _ in $(seq 50); do [ -s "$work/registry.url" ] && break; sleep 0.1; done
registry=$(cat "$work/registry.url")
[ -n "$registry" ] || fail "the local registry did not start"
say "local registry at $registry: vdso@$version and $deps"

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
say "compilers hidden: $(command -v node) and npm $(npm --version) remain, no cc/g++/make/cmake"

app="$work/app"
mkdir "$app"
cd "$app"
printf '{ "name": "vdso-consumer", "version": "1.0.0", "private": true }\n' > package.json
npm install --registry "$registry" --no-audit --no-fund --foreground-scripts "vdso@$version" "@types/node@$(node -p 'require(process.argv[1]).devDependencies["@types/node"]' "$root/package.json")" \
  > install.log 2>&1 || { cat install.log >&2; fail "npm install of the tarball"; }
[ ! -e node_modules/vdso/build ] || { cat install.log >&2; fail "the install built from source"; }
[ "$(node -p 'require("vdso/package.json").version')" = "$version" ] || fail "vdso@$version is not what was installed"
if grep -i 'install-scripts\|allowScripts\|install script' install.log | grep -q 'vdso'; then
  cat install.log >&2
  fail "npm lists an install script of vdso for approval"
fi
npm install-scripts ls --registry "$registry" > scripts-ls.log 2>&1 || true
! grep -q 'vdso' scripts-ls.log || { cat scripts-ls.log >&2; fail "npm install-scripts ls names vdso"; }
say "installed from the registry with npm $(npm --version): nothing built, no install script of vdso listed or run"
# Again from the lockfile, as a consumer's CI does: npm ci reads the package
# from package-lock.json, which does not record "gypfile" (npm 11), so a
# binding.gyp at the package's root would be built here whatever it says.
rm -rf node_modules
npm ci --registry "$registry" --no-audit --no-fund --foreground-scripts > ci.log 2>&1 || { cat ci.log >&2; fail "npm ci"; }
[ ! -e node_modules/vdso/build ] || { cat ci.log >&2; fail "npm ci built the addon"; }
! grep -i 'install-scripts\|allowScripts' ci.log | grep -q 'vdso' || { cat ci.log >&2; fail "npm ci lists an install script of vdso"; }
say "npm ci from the lockfile: nothing built, no install script of vdso listed"

# Control: the same tarball as a file: dependency is a source npm may build, so
# npm lists its prepare script: the checks above would have seen a listed script.
control="$work/control"
mkdir "$control"
(cd "$control" && printf '{ "name": "c", "version": "1.0.0", "private": true }\n' > package.json &&
  npm install --registry "$registry" --no-audit --no-fund "$tarball" > install.log 2>&1) || { cat "$control/install.log" >&2; fail "control install"; }
grep -q "vdso@$version (prepare" "$control/install.log" || { cat "$control/install.log" >&2; fail "control: npm listed no script of a file: tarball"; }
say "control: from a file: tarball npm lists vdso's prepare (never run for a tarball), as from the registry it does not"

tuple=$(node -p 'process.platform + "-" + process.arch')
if [ -d "node_modules/vdso/prebuilds/$tuple" ]; then expected=native; else expected=js; fi
cp "$root"/scripts/pack-check/consumer.* .

EXPECT_BACKEND=$expected node consumer.cjs
EXPECT_BACKEND=$expected node consumer.mjs

# TypeScript 7 lives in a project of its own (its tsc bin would shadow 5.9's in the root).
ts7="$root/test/fixtures/typescript-7/node_modules/typescript/bin/tsc"
[ -e "$ts7" ] || npm --prefix "$root/test/fixtures/typescript-7" install --no-audit --no-fund --silent || fail "installing TypeScript 7"
for tsc in "$root/node_modules/typescript/bin/tsc" "$ts7"; do
  for setting in nodenext bundler; do
    case $setting in
      nodenext) options='"module": "nodenext"' ;;
      bundler) options='"module": "preserve", "moduleResolution": "bundler"' ;;
    esac
    # No "types": TypeScript 7 then loads no @types package unless the declarations ask.
    printf '{ "compilerOptions": { %s, "target": "ES2022", "strict": true, "noEmit": true, "skipLibCheck": false }, "files": ["consumer.cts", "consumer.mts"] }\n' \
      "$options" > tsconfig.json
    node "$tsc" -p . || fail "$(node "$tsc" --version), $setting: tsc --noEmit against the shipped types"
    say "$(node "$tsc" --version), $setting: consumer.cts and consumer.mts type-check"
  done
done

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
  EXPECT_BACKEND=js node consumer.mjs
  VDSO_BACKEND=js npx --no-install vdso > /dev/null || fail "npx vdso on the JS backend"
  # vdso info gives the one command that builds the addon here; run it with the compilers back.
  build=$(npx --no-install vdso --json | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).buildFromSource')
  npx --no-install vdso | grep -qF "$build" || fail "vdso info does not show the build command ($build)"
  case $build in "npx --yes node-gyp rebuild -C $app/node_modules/vdso/dist") ;; *) fail "unexpected build command: $build" ;; esac
  say "corrupt prebuild: JS backend; vdso info says: $build"
  PATH=$full_path bash -c "$build" > build.log 2>&1 || { cat build.log >&2; fail "$build"; }
  EXPECT_BACKEND=native EXPECT_BUILT=1 EXPECT_REASON='^built from source: ' node consumer.cjs
  say "that command, with g++, make and python3 on PATH, built the addon, and it loads"
fi

# Last, the contents: every link of the documents resolves inside the tarball, every file is used.
mkdir "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked" --strip-components=1
say "tarball: $(find "$work/unpacked" -type f | wc -l) files"
node "$root/scripts/pack-check/tarball.js" "$work/unpacked" || fail "the tarball's contents (above)"
say "tarball: every README.md and docs/*.md link resolves inside it, every file is loaded, built or linked"
say "all checks passed"
