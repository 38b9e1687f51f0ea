#!/usr/bin/env bash
# What a user gets who builds the portdb target alone (as ./run.sh does): a
# program that answers from its shipped registry and software defaults on
# its first use, names no path of the build tree, and can be installed.
#   test_target_only.sh SOURCE_DIR
set -euo pipefail
source=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake -S "$source" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DPORTDB_TESTS=OFF >/dev/null
cmake --build "$work/build" --target portdb -j "$(nproc)" >/dev/null
binary="$work/build/query/cli/portdb"

mkdir -p "$work/home" "$work/cwd"
cd "$work/cwd"
run() { env -i HOME="$work/home" PATH=/usr/bin:/bin PORTDB_SYSTEM_SERVICES=/nonexistent PORTDB_NMAP_SERVICES=/nonexistent "$@"; }
out=$(run "$binary" lookup tacacss 2>"$work/err")
grep -q "^300 *tcp *tacacss *IANA 2025-12-15" <<<"$out" || fail "lookup tacacss: $out $(cat "$work/err")"
grep -q "from the shipped IANA 2025-12-15 (11707 assignments, 216 software defaults)" "$work/err" ||
  fail "first-use message: $(cat "$work/err")"
check=$(run "$binary" check 9090 --all --no-local || true)  # exit 11: a conflict
grep -q prometheus <<<"$check" || fail "check 9090 --all names no Prometheus: $check"
# The data is inside the program: moved away from the build tree, it still answers.
mkdir "$work/moved" && cp "$binary" "$work/moved/portdb"
run "$work/moved/portdb" --db "$work/moved.sqlite" lookup finger 2>/dev/null | grep -q "IANA 2025-12-15" ||
  fail "a copy of the program elsewhere has no registry"
if grep -aq "$work/build" "$binary"; then fail "the program names a path of its build tree"; fi
# And the build is complete enough to install (the manual included).
cmake --install "$work/build" --prefix "$work/prefix" >/dev/null || fail "cmake --install after building portdb alone"
test -f "$work/prefix/share/man/man1/portdb.1" || fail "no manual installed"
echo "ok: the portdb target alone answers from its shipped data and installs"
