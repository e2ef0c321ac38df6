#!/usr/bin/env bash
# The API, selftest, hot-path, getrandom, fallback, argument and package suites
# under Bun and Deno, which load the same Node-API addon and run node:test
# files (`bun test FILE`, `deno test -A FILE`). Every skip is printed with its
# reason; one result line per runtime. Needs dist/ and the addon built.
#   scripts/runtime-suites.sh BUN_EXE DENO_EXE
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bun=${1:?usage: runtime-suites.sh BUN_EXE DENO_EXE}
deno=${2:?usage: runtime-suites.sh BUN_EXE DENO_EXE}
suites=(api selftest hot-path coarse-clock smoke random-api random-selftest fallback-clocks fallback-suite
  args-matrix args-properties package-api package-exports package-loader)
files=()
for s in "${suites[@]}"; do files+=("./test/$s.test.js"); done
log=$(mktemp -d "${TMPDIR:-/tmp}/vdso-runtimes.XXXXXX")
trap 'rm -rf "$log"' EXIT
cd "$root"
failed=0
results=()

# Bun: one process per file, as `bun test` runs them; its summary lines per file.
status=0
"$bun" test "${files[@]}" > "$log/bun.txt" 2>&1 || status=$?
pass=$(sed -n 's/^ *\([0-9][0-9]*\) pass$/\1/p' "$log/bun.txt" | tail -1)
fail=$(sed -n 's/^ *\([0-9][0-9]*\) fail$/\1/p' "$log/bun.txt" | tail -1)
skip=$(sed -n 's/^ *\([0-9][0-9]*\) skip$/\1/p' "$log/bun.txt" | tail -1)
grep -E '^\(skip\)' "$log/bun.txt" | sed 's/^/  bun: /' || true
if [ "$status" -ne 0 ] || [ "${fail:-1}" != 0 ]; then
  grep -E '^\(fail\)|^error:' -A8 "$log/bun.txt" | head -60 >&2 || tail -40 "$log/bun.txt" >&2
  results+=("Bun $("$bun" --version): FAIL (${pass:-?} passed, ${fail:-?} failed)"); failed=1
else
  results+=("Bun $("$bun" --version): PASS (${pass} passed, ${skip:-0} skipped)")
fi

# Deno: --no-check runs the CommonJS test files as they are (no TypeScript checking of JS).
status=0
NO_COLOR=1 "$deno" test -A --no-check "${files[@]}" > "$log/deno.txt" 2>&1 || status=$?
summary=$(grep -E '^(ok|FAILED) \| ' "$log/deno.txt" | tail -1)
grep -E ' \.\.\. ignored' "$log/deno.txt" | sed 's/^/  deno: /' || true
if [ "$status" -ne 0 ]; then
  grep -E 'FAILED|=> ' -A6 "$log/deno.txt" | head -60 >&2 || tail -40 "$log/deno.txt" >&2
  results+=("Deno $("$deno" --version | head -1 | cut -d' ' -f2): FAIL ($summary)"); failed=1
else
  results+=("Deno $("$deno" --version | head -1 | cut -d' ' -f2): PASS ($summary)")
fi

printf 'runtime-suites: %s\n' "${results[@]}"
exit "$failed"
