#!/usr/bin/env bash
# Installs what is missing, builds portdb and its tests with warnings as errors,
# and runs every test through ctest.
#   ./test.sh              Debug build in build-test/
#   ./test.sh --sanitize   the same under AddressSanitizer + UBSan, in build-asan/
# Real-data tests read ../shared/data and are skipped when it is absent.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/scripts/install-deps.sh"

build="$here/build-test"
flags=(-DCMAKE_BUILD_TYPE=Debug -DPORTDB_WERROR=ON -DPORTDB_SANITIZE=OFF)
if [ "${1:-}" = "--sanitize" ]; then
  build="$here/build-asan"
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTDB_WERROR=ON -DPORTDB_SANITIZE=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
cmake -S "$here" -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
