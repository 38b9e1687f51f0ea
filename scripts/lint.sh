#!/usr/bin/env bash
# The code's form: clang-format (.clang-format) on every C++ file, and
# clang-tidy (.clang-tidy: a small set of bug-finding checks) on the
# libraries and the CLI, with the compile commands of a build.
#   scripts/lint.sh [BUILD_DIR]   (default build-test/, made by ./test.sh)
#   scripts/lint.sh --fix         reformat in place instead of checking
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/install-deps.sh" clang-format clang-tidy
cd "$here"
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')

if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
clang-format --dry-run --Werror "${files[@]}"
echo "lint: clang-format: ${#files[@]} files as .clang-format says"

build=${1:-"$here/build-test"}
[ -f "$build/compile_commands.json" ] || { echo "lint: no $build/compile_commands.json: run ./test.sh first" >&2; exit 2; }
mapfile -t sources < <(git ls-files 'db/src/*.cpp' 'importer/src/*.cpp' 'query/src/*.cpp' 'query/cli/*.cpp')
# The tests are left out: Catch2's macros are a poor fit for these checks.
log="$build/clang-tidy.log"
status=0
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ] || grep -q 'error:\|warning:' "$log"; then
  grep -v '^[0-9]* warnings\? generated\.$' "$log" || true
  echo "lint: clang-tidy found problems (above)" >&2
  exit 1
fi
echo "lint: clang-tidy: ${#sources[@]} files clean"
