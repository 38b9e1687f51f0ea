#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets with clang, ASan and UBSan in
# build-fuzz/, then runs each for SECONDS (default 60), seeded from
# tests/fixtures. A crash leaves its input in build-fuzz/artifacts/.
#   ./fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(iana_xml port_numbers_text services iana_csv policy arguments targets site)
"$here/scripts/install-deps.sh" clang libclang-rt-14-dev
build="$here/build-fuzz"
CC=clang CXX=clang++ cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTDB_FUZZ=ON \
  -DPORTDB_SANITIZE=ON -DPORTDB_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" $(printf -- '--target fuzz_%s ' "${targets[@]}") >&2
fixtures="$here/tests/fixtures"
declare -A seeds=(
  [iana_xml]="$fixtures/iana-xml"
  [port_numbers_text]="$fixtures/port-numbers"
  [services]="$fixtures/services $fixtures/nmap"
  [iana_csv]="$fixtures/iana-csv"
  [policy]="$here/data"
  [arguments]=""
  [targets]=""
  [site]="$fixtures/services"
)
mkdir -p "$build/artifacts"
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  # shellcheck disable=SC2086
  if ! "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$build/artifacts/$target-" -print_final_stats=1 "$corpus" ${seeds[$target]} \
      > "$build/fuzz_$target.log" 2>&1; then
    echo "fuzz_$target: FAILED, see $build/fuzz_$target.log and $build/artifacts/" >&2
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz_$target.log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$build/fuzz_$target.log" | tail -n 1 | grep -o '[0-9]*' || echo '?')
  echo "fuzz_$target: ${runs} executions in ${seconds} s, coverage ${cov} edges"
done
exit $status
