#!/usr/bin/env bash
# The API, selftest, hot-path, getrandom, fallback, argument and package suites
# under Bun and Deno, which load the same Node-API addon and run node:test
# files (`bun test FILE`, `deno test -A FILE`). Every skip is printed with its
# reason; one result line per runtime. Needs dist/ and the addon built.
# A musl runtime (its interpreter is ld-musl, e.g. fetch-runtime.sh bun-musl)
# runs them in a copy of the tree without build/, so that it loads the musl
# prebuild, and the result line names the addon it loaded.
#   scripts/runtime-suites.sh RUNTIME_EXE...      (each named bun or deno)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || { echo "usage: runtime-suites.sh RUNTIME_EXE..." >&2; exit 2; }
suites=(api selftest hot-path coarse-clock coarse-clock-proof smoke random-api random-selftest fallback-clocks fallback-suite
  args-matrix args-properties package-api package-exports package-loader)
files=()
for s in "${suites[@]}"; do files+=("./test/$s.test.js"); done
log=$(mktemp -d "${TMPDIR:-/tmp}/vdso-runtimes.XXXXXX")
trap 'rm -rf "$log"' EXIT
failed=0
results=()

for exe in "$@"; do
  name=$(basename "$exe")
  libc=glibc
  readelf -l "$exe" 2>/dev/null | grep -q 'interpreter: .*ld-musl' && libc=musl
  tree=$root
  if [ "$libc" = musl ]; then
    tree="$log/tree-$name-musl"
    mkdir -p "$tree"
    for entry in "$root"/* "$root"/.[!.]*; do
      case "${entry##*/}" in build|node_modules|.git) ;; *) cp -a "$entry" "$tree/" ;; esac
    done
    ln -s "$root/node_modules" "$tree/node_modules"
  fi
  cd "$tree"
  # Which addon loaded and what serves clock_gettime, from a script file: Deno's
  # eval is ESM only, so the same CommonJS file runs everywhere (deno run -A).
  printf '%s\n' 'const v = require(process.argv[2]);' \
    'console.log(`${v.loaded.path ?? v.loaded.reason}\t${v.backend.clock_gettime.path}`);' > "$log/which.cjs"
  if [ "$name" = deno ]; then found=$("$exe" run -A "$log/which.cjs" "$tree" 2>&1 || true)
  else found=$("$exe" "$log/which.cjs" "$tree" 2>&1 || true); fi
  addon=${found%%$'\t'*} served=${found##*$'\t'}
  label="$name $("$exe" --version | head -1 | sed 's/^deno //; s/ (.*//') ($libc; addon ${addon#"$tree"/}, clock_gettime via $served)"
  status=0
  case "$name" in
    bun)
      # One process per file, as `bun test` runs them; its summary lines per file.
      "$exe" test "${files[@]}" > "$log/out.txt" 2>&1 || status=$?
      pass=$(sed -n 's/^ *\([0-9][0-9]*\) pass$/\1/p' "$log/out.txt" | tail -1)
      fail=$(sed -n 's/^ *\([0-9][0-9]*\) fail$/\1/p' "$log/out.txt" | tail -1)
      skip=$(sed -n 's/^ *\([0-9][0-9]*\) skip$/\1/p' "$log/out.txt" | tail -1)
      grep -E '^\(skip\)' "$log/out.txt" | sed "s/^/  $name: /" || true
      if [ "$status" -ne 0 ] || [ "${fail:-1}" != 0 ]; then
        # Bun prints a failure's error (and the code around it) before its (fail) line.
        grep -E '^\(fail\)|^error:|^[A-Za-z]*Error( \[[A-Z_]+\])?: ' -B3 -A3 "$log/out.txt" | head -80 >&2 || tail -40 "$log/out.txt" >&2
        results+=("$label: FAIL (${pass:-?} passed, ${fail:-?} failed)"); failed=1
      else
        results+=("$label: PASS (${pass} passed, ${skip:-0} skipped)")
      fi ;;
    deno)
      # --no-check runs the CommonJS test files as they are (no TypeScript checking of JS).
      NO_COLOR=1 "$exe" test -A --no-check "${files[@]}" > "$log/out.txt" 2>&1 || status=$?
      summary=$(grep -E '^(ok|FAILED) \| ' "$log/out.txt" | tail -1)
      grep -E ' \.\.\. ignored' "$log/out.txt" | sed "s/^/  $name: /" || true
      if [ "$status" -ne 0 ]; then
        grep -E 'FAILED|=> ' -A6 "$log/out.txt" | head -60 >&2 || tail -40 "$log/out.txt" >&2
        results+=("$label: FAIL ($summary)"); failed=1
      else
        results+=("$label: PASS ($summary)")
      fi ;;
    *) echo "runtime-suites: $exe is neither bun nor deno" >&2; failed=1 ;;
  esac
  # A musl runtime must have loaded the musl build (never the glibc one) and use the vDSO.
  if [ "$libc" = musl ] && { [[ "$addon" != *.musl.node ]] || [ "$served" != vdso ]; }; then
    results+=("$label: FAIL (the musl process did not load a musl addon)"); failed=1
  fi
done

printf 'runtime-suites: %s\n' "${results[@]}"
exit "$failed"
