#!/usr/bin/env bash
# Fuzzes the vDSO image reader for a bounded time and fails on any finding.
#
#   native/test/fuzz.sh [SECONDS]          (default 60; CI runs it as is)
#
# Builds native/test/fuzz_image.cc with clang (-fsanitize=fuzzer,address,
# undefined) through native/CMakeLists.txt, seeds libFuzzer with every
# committed fixture, this machine's live vDSO and the regression corpus
# native/test/corpus/, and runs it. Any crash, sanitizer report, broken
# invariant, slow input (>10 s), leak or memory blow-up is a finding: the
# input is printed and kept, and the script exits non-zero.
#
# Needs (Debian 12): clang libclang-rt-14-dev cmake make
# Env:
#   FUZZ_BUILD_DIR   build directory (default: build/cmake/fuzz)
#   FUZZ_ARTIFACTS   where to copy findings (default: build/cmake/fuzz-findings)
#   FUZZ_MERGE_INTO  after the run, add the inputs that cover new code to this
#                    directory (e.g. native/test/corpus to refresh the regression corpus)
#   FUZZ_FLAGS       extra libFuzzer flags (e.g. -use_value_profile=1)
#   FUZZ_LOG         keep libFuzzer's full output in this file
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build/cmake/fuzz}
findings=${FUZZ_ARTIFACTS:-$root/build/cmake/fuzz-findings}

for tool in clang clang++ cmake; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool not found (apt-get install clang libclang-rt-14-dev cmake)" >&2; exit 2; }
done

CC=clang CXX=clang++ cmake -S "$root/native" -B "$build" -DVDSO_FUZZ=ON -DVDSO_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target vdso_fuzz_image vdso_dump_live -j"$(nproc)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
log=${FUZZ_LOG:-$work/log}
cp "$root"/test/fixtures/*.so "$root"/test/fixtures/foreign/*.so "$work/seeds/"
cp "$root"/native/test/corpus/* "$work/seeds/" 2>/dev/null || true
"$build/vdso_dump_live" "$work/seeds/live-vdso-$(uname -m).so" || echo "fuzz.sh: no live vDSO to seed with"

echo "fuzz.sh: $(ls "$work/seeds" | wc -l) seeds, ${seconds}s"
set +e
# shellcheck disable=SC2086
"$build/vdso_fuzz_image" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" ${FUZZ_FLAGS:-} \
  "$work/corpus" "$work/seeds" >"$log" 2>&1
rc=$?
set -e

# Coverage and speed as libFuzzer last reported them, then its final stats.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::' "$log" || true

if [ "$rc" -ne 0 ] || [ -n "$(ls -A "$work/artifacts")" ]; then
  echo "fuzz.sh: FINDING (libFuzzer exit $rc)" >&2
  tail -n 60 "$log" >&2
  mkdir -p "$findings"
  for f in "$work"/artifacts/*; do
    [ -e "$f" ] || continue
    cp "$f" "$findings/"
    echo "--- $(basename "$f") ($(stat -c %s "$f") bytes), kept in $findings" >&2
    od -A x -t x1z "$f" | head -n 16 >&2
  done
  exit 1
fi

if [ -n "${FUZZ_MERGE_INTO:-}" ]; then
  mkdir -p "$FUZZ_MERGE_INTO"
  "$build/vdso_fuzz_image" -merge=1 -max_len=16384 "$FUZZ_MERGE_INTO" "$work/corpus" >"$work/merge.log" 2>&1
  grep -E 'MERGE-OUTER: [0-9]+ new files' "$work/merge.log" || tail -n 3 "$work/merge.log"
fi
echo "fuzz.sh: no findings"
