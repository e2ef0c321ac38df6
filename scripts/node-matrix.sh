#!/usr/bin/env bash
# The core suites on other Node versions, each twice: against the committed
# prebuild (a copy of the checkout with no build/), and against an addon built
# from source with that Node's own headers (node-gyp, npm_config_nodedir).
# Every run forces VDSO_BACKEND=native, checks which addon file loaded, and
# fails on any warning in the build. One result line per Node and addon.
#
#   scripts/node-matrix.sh NODE_DIR...     (a Node install: bin/node, include/node)
#   scripts/node-matrix.sh "$(scripts/fetch-node.sh 22)" /usr
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || { echo "usage: node-matrix.sh NODE_DIR..." >&2; exit 2; }
[ -f "$root/dist/index.js" ] || { echo "node-matrix: build dist/ first (npm run build:ts)" >&2; exit 2; }
npm --prefix "$root/test/fixtures/otel3" install --no-audit --no-fund --silent
npm --prefix "$root/test/fixtures/typescript-7" install --no-audit --no-fund --silent

suites=(api selftest dlvsym strace hot-path coarse-clock coarse-clock-proof random-api random-selftest random-threads otel-spans
  package-api package-exports package-loader package-prebuilds package-scripts package-types
  hostile-js hostile-properties hostile-images env-per-environment cli-output-errors)
work=$(mktemp -d "${TMPDIR:-/tmp}/vdso-matrix.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=()
failed=0

# The checkout as CI has it (tracked and new files, dist/), node_modules shared.
copy() {
  mkdir -p "$1"
  (cd "$root" && git ls-files --cached --others --exclude-standard -z | tar --null -cf - -T - dist) | tar -xf - -C "$1"
  ln -s "$root/node_modules" "$1/node_modules"
  ln -s "$root/test/fixtures/otel3/node_modules" "$1/test/fixtures/otel3/node_modules"
  ln -s "$root/test/fixtures/typescript-7/node_modules" "$1/test/fixtures/typescript-7/node_modules"
}

# run_suites LABEL DIR EXPECTED_ADDON_PREFIX
run_suites() {
  local label=$1 dir=$2 expect=$3
  local loaded
  loaded=$(cd "$dir" && VDSO_BACKEND=native node -p 'require(".").loaded.path') || { results+=("$label: FAIL (the package does not load)"); failed=1; return; }
  case "$loaded" in
    "$expect"*) ;;
    *) results+=("$label: FAIL (loaded $loaded, expected $expect...)"); failed=1; return ;;
  esac
  local files=() s
  for s in "${suites[@]}"; do files+=("test/$s.test.js"); done
  local log="$work/$label.tap"
  local status=0
  (cd "$dir" && VDSO_BACKEND=native node --test --test-reporter=tap "${files[@]}") > "$log" 2>&1 || status=$?
  local pass fail skip
  pass=$(sed -n 's/^# pass //p' "$log"); fail=$(sed -n 's/^# fail //p' "$log"); skip=$(sed -n 's/^# skipped //p' "$log")
  if [ "$status" -ne 0 ] || [ "${fail:-1}" != 0 ]; then
    grep -B2 -A30 '^not ok' "$log" | head -80 >&2 || tail -40 "$log" >&2
    results+=("$label: FAIL ($pass passed, $fail failed; addon ${loaded#"$dir/"})"); failed=1
  else
    results+=("$label: PASS ($pass passed, $skip skipped; addon ${loaded#"$dir/"})")
  fi
  grep '# SKIP' "$log" | sed "s/^/  $label: /" >&2 || true
}

for nodedir in "$@"; do
  nodedir=$(cd "$nodedir" && pwd)
  export PATH="$nodedir/bin:$PATH"
  version=$(node -p process.version)
  tuple=$(node -p 'process.platform + "-" + process.arch')
  printf '\n=== Node %s (%s)\n' "$version" "$nodedir/bin/node"

  prebuilt="$work/$version-prebuild"
  copy "$prebuilt"
  run_suites "Node $version, committed prebuild" "$prebuilt" "$prebuilt/prebuilds/$tuple/"

  built="$work/$version-source"
  copy "$built"
  # npm's own config may name another Node's headers (nodedir=/usr): this one wins.
  if ! (cd "$built" && npm_config_nodedir="$nodedir" CXXFLAGS="${CXXFLAGS:-} -Werror" node node_modules/node-gyp/bin/node-gyp.js rebuild) > "$work/build.log" 2>&1; then
    tail -30 "$work/build.log" >&2
    results+=("Node $version, built from source: FAIL (node-gyp rebuild)"); failed=1
    continue
  fi
  headers=$(node -e 'const c = require("fs").readFileSync(process.argv[1], "utf8"); process.stdout.write(/"nodedir": "([^"]+)"/.exec(c)[1])' "$built/build/config.gypi")
  if [ "$headers" != "$nodedir" ]; then
    results+=("Node $version, built from source: FAIL (built against $headers, not $nodedir)"); failed=1
    continue
  fi
  if grep -E 'Warning|warning:|deprecat' "$work/build.log" >&2; then
    results+=("Node $version, built from source: FAIL (the build printed a warning)"); failed=1
    continue
  fi
  run_suites "Node $version, built from source" "$built" "$built/build/Release/"
done

printf '\n'
printf 'node-matrix: %s\n' "${results[@]}"
exit "$failed"
