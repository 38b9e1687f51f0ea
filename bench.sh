#!/usr/bin/env bash
# The benchmark: portdb against floor programs, a Python baseline, getent and
# /bin/true, on the real registry portdb ships (data/). Release build in
# build-bench/. Not part of ./test.sh.   ./bench.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
xml="$here/data/iana-service-names-port-numbers-2025-12-15.xml"
"$here/scripts/install-deps.sh"
build="$here/build-bench"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPORTDB_TESTS=OFF -DPORTDB_BENCH=ON >/dev/null
cmake --build "$build" -j "$(nproc)" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tests/bench/bench_runner" --runs "${1:-11}" --work "$work" --xml "$xml" \
  --portdb "$build/query/cli/portdb" --floor-import "$build/tests/bench/floor_import" \
  --floor-lookup "$build/tests/bench/floor_lookup" --baseline "$here/tests/bench/baseline_import.py" \
  --scan "$build/tests/bench/bench_scan" --data-dir "$build/data"
